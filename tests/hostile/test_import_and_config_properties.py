"""Property-based tests over annotation import and the config file (issue 22, items 10 and 11):
whatever the input, no exception but the project's own, nothing unusable stored, settings in
their working range, at most one problem line."""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.annotations import COLORS
from reader.config import load_settings
from reader.errors import FeedlensError
from reader.library import Library
from tests.conftest import SAMPLES

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = (
    "uid",
    "article",
    "quote",
    "prefix",
    "suffix",
    "start",
    "end",
    "text_hash",
    "note",
    "tags",
    "color",
    "status",
    "created_at",
    "updated_at",
)


@pytest.fixture(scope="module")
def library(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Library, dict[str, object]]]:
    path = tmp_path_factory.mktemp("props") / "library.sqlite"
    lib = Library(path)
    lib.import_paths([SAMPLES / "meridian-courier.xml"])
    article = lib.articles(limit=1)[0]
    lib.annotate_quote(article.id, lib.article(article.id).text.text.split()[0], "n", occurrence=1)
    record = json.loads(lib.export_annotations("json"))["annotations"][0]
    yield lib, record
    lib.close()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    overrides=st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=4),
    dropped=st.sets(st.sampled_from(FIELDS), max_size=3),
    fresh_uid=st.booleans(),
)
def test_any_record_imports_or_is_skipped_and_nothing_unusable_is_stored(
    library: tuple[Library, dict[str, object]],
    overrides: dict[str, object],
    dropped: set[str],
    fresh_uid: bool,
) -> None:
    lib, valid = library
    record = {**valid, **({"uid": "hypothesis"} if fresh_uid else {}), **overrides}
    for field in dropped:
        record.pop(field, None)
    data = json.dumps({"annotations": [record]}).encode()
    with contextlib.suppress(FeedlensError):
        lib.import_annotations(data)
    for annotation, _ in lib.all_annotations():
        assert all(isinstance(tag, str) for tag in annotation.tags)
        assert isinstance(annotation.note, str) and annotation.color in COLORS
        assert 0 <= annotation.start < annotation.end
    lib.export_annotations("md")
    lib.export_annotations("w3c")


@given(document=JSON)
@settings(max_examples=100, deadline=None)
def test_any_json_document_is_an_export_or_one_error(document: object) -> None:
    from reader.annotation_import import parse_export

    try:
        parse_export(json.dumps(document).encode())
    except FeedlensError as error:
        assert "\n" not in str(error)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)


SCALARS = (
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=10)
)
KEYS = st.sampled_from(
    ["refresh_interval_minutes", "max_concurrent", "max_per_host", "deadline_seconds", "other"]
)


@given(fetch=st.dictionaries(KEYS, SCALARS, max_size=5), theme=st.none() | SCALARS)
@settings(max_examples=200, deadline=None)
def test_any_config_gives_working_settings_and_at_most_one_line(
    tmp_path_factory: pytest.TempPathFactory, fetch: dict[str, object], theme: object
) -> None:
    path: Path = tmp_path_factory.mktemp("config") / "config.toml"
    lines = ["[fetch]", *(f"{key} = {_toml_value(value)}" for key, value in fetch.items())]
    if theme is not None:
        lines += ["[reader]", f"theme = {_toml_value(theme)}"]
    path.write_text("\n".join(lines) + "\n")
    loaded = load_settings(path)
    assert 1 <= loaded.max_concurrent_fetches <= 64
    assert 1 <= loaded.max_fetches_per_host <= 16
    assert 1 <= loaded.fetch_deadline_seconds <= 3600
    assert loaded.refresh_interval_minutes == 0 or 1 <= loaded.refresh_interval_minutes <= 10080
    assert len(loaded.problems) <= 1
    assert all("\n" not in problem for problem in loaded.problems)
