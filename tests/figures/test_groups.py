"""Groups and conflicts on the sample feeds, the CLI's JSON contract, and group rules."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from reader.figures.compare import (
    MentionRecord,
    build_groups,
    context_words,
    interval,
    same_value,
    story_words,
)
from reader.library import Library
from tests.conftest import SAMPLES
from tests.perf.corpus import write_corpus


def record(
    id: int,
    article: int,
    value: float,
    noun: str = "worker",
    bound: str = "exact",
    precision: int = 2,
    event: str = "evacuated",
    context: str = "halvard refinery",
    modality: str = "reported",
    kind: str = "count",
) -> MentionRecord:
    return MentionRecord(
        id=id,
        article_id=article,
        feed_id=article,
        date="2026-11-02T00:00:00Z",
        text=str(value),
        value=value,
        low=None,
        high=None,
        kind=kind,
        unit="",
        rate="",
        noun=noun,
        noun_text=noun + "s",
        event=event,
        qualifier="",
        bound=bound,
        modality=modality,
        precision=precision,
        context=frozenset(context.split()),
    )


def test_values_equal_at_the_less_precise_precision() -> None:
    assert same_value(record(1, 1, 4500), record(2, 2, 4512, precision=4))
    assert not same_value(record(1, 1, 4500), record(2, 2, 5000, precision=1))


def test_intervals_from_qualifiers() -> None:
    assert interval(record(1, 1, 100, bound="approx")) == (95, 105)
    assert interval(record(1, 1, 100, bound="lower"))[1] == float("inf")
    assert interval(record(1, 1, 100, bound="upper")) == (0, 100)
    assert interval(record(1, 1, 4500)) == (4450, 4550)


def test_conflict_needs_same_thing_and_no_overlap() -> None:
    groups = build_groups([record(1, 1, 4500), record(2, 2, 5000, precision=1)])
    assert [g.kind for g in groups] == ["conflict"]
    assert groups[0].label == "4,500 vs 5,000 workers evacuated"
    # "more than 4,000" overlaps 4,500: no conflict
    assert build_groups([record(1, 1, 4500), record(2, 2, 4000, bound="lower")]) == []
    # a projection does not conflict with a count
    assert build_groups([record(1, 1, 4500), record(2, 2, 5000, modality="projected")]) == []
    # more than 3x apart is another quantity
    assert build_groups([record(1, 1, 4500), record(2, 2, 50000)]) == []


def test_small_numbers_need_the_same_counted_thing() -> None:
    days = record(1, 1, 3, noun="", event="", kind="duration")
    ministers = record(2, 2, 3, noun="minister", event="")
    assert build_groups([days, ministers]) == []
    assert (
        len(build_groups([record(1, 1, 3, noun="minister"), record(2, 2, 3, noun="minister")])) == 1
    )


def test_round_figures_need_shared_words_besides_the_counted_thing() -> None:
    """'two branches' of aerospace engineering and loops 'more than 2 levels deep' in their
    branches (both seen in real feeds) are not the same figure; 4,500 workers are."""

    def branches(id: int, context: str) -> MentionRecord:
        return record(id, id, 2, noun="branch", event="", precision=1, context=context)

    aerospace = branches(1, "branche aerospace engineering")
    code = branches(2, "branche loop refactoring")
    assert build_groups([aerospace, code]) == []
    again = branches(3, "branche aerospace astronautical")
    [group] = build_groups([aerospace, code, again])
    assert group.mention_ids == (1, 3)
    distinctive = [record(4, 4, 4500, context="refinery"), record(5, 5, 4500, context="plant")]
    assert len(build_groups(distinctive)) == 1


def test_a_conflict_needs_the_same_story_not_just_the_same_kind_of_event() -> None:
    """12 and 15 killed in one bus crash conflict; 30 killed by floods elsewhere does not join
    them, though all three are "people killed" and share the word "killed"."""

    def killed(id: int, value: float, context: str) -> MentionRecord:
        return record(id, id, value, noun="person", event="killed", precision=2, context=context)

    crash = killed(1, 12, "crash kill killed peru police")
    floods = killed(2, 30, "flood killed nigeria")
    crash_again = killed(3, 15, "crash killed peru police rise toll")
    [conflict] = build_groups([crash, floods, crash_again])
    assert conflict.kind == "conflict" and conflict.mention_ids == (1, 3)
    assert build_groups([crash, floods]) == []


def test_words_echoing_the_thing_as_written_are_not_story_words() -> None:
    """'Residents' is counted as 'person': the word 'resident' in two unrelated stories'
    context is the thing again, not a sign of one story."""

    def affected(id: int, value: float, context: str) -> MentionRecord:
        return replace(
            record(id, id, value, noun="person", event="affected", context=context),
            noun_text="residents",
        )

    floods = affected(1, 1_200_000, "affected resident flood halvard review")
    tariffs = affected(2, 2_000_000, "affected resident tariff brenmouth review")
    assert build_groups([floods, tariffs]) == []
    same_story = affected(3, 2_100_000, "affected resident flood halvard review")
    [conflict] = build_groups([floods, tariffs, same_story])
    assert conflict.mention_ids == (1, 3)


def test_context_words_keep_names_written_inside_sentences() -> None:
    words = context_words(
        "Police said three people were killed at a bar in Chicago, the BBC reported.",
        '"Officers are at the scene," said Mr Alvarez on Saturday.',
        "Three Killed In Chicago Bar Shooting",
    )
    _, names = story_words(words, 24)
    # "Police" and "Officers" open sentences, "Mr" and "Saturday" name nobody, and a headline
    # in title case capitalises every word.
    assert names == {"chicago", "bbc", "alvarez"}
    _, from_title = story_words(context_words("It rose 2%.", "", "Ferries halted in Oskarsvik"), 24)
    assert from_title == {"oskarsvik"}
    shouted = context_words("FIVE KILLED AS STORM HITS", "", "")
    assert story_words(shouted, 24)[1] == frozenset()
    weekday = context_words("At least 37 people were injured in Monday's fire at Halvard.")
    assert story_words(weekday, 24)[1] == {"halvard"}
    titles = context_words(
        "In South Brenmouth, the Government said 40 were hurt, President Ruto said."
    )
    assert story_words(titles, 24)[1] == {"brenmouth", "ruto"}


def test_reports_naming_different_places_are_different_stories() -> None:
    """Two shootings a week apart share "police" and "shooting", but one is in Chicago and one
    in Denver: no conflict. Two reports naming Chicago conflict, and so does one naming no
    place at all."""

    def killed(id: int, value: float, context: str, names: str) -> MentionRecord:
        base = record(id, id, value, noun="person", event="killed", context=context)
        return replace(base, names=frozenset(names.split()))

    chicago = killed(1, 3, "police shooting chicago", "chicago")
    denver = killed(2, 5, "police shooting denver mall", "denver")
    assert build_groups([chicago, denver]) == []
    chicago_again = killed(3, 4, "police shooting chicago", "chicago illinois")
    unnamed = killed(4, 5, "police shooting bar", "")
    [conflict] = build_groups([chicago, denver, chicago_again])
    assert conflict.mention_ids == (1, 3)
    [conflict] = build_groups([chicago, unnamed])
    assert conflict.mention_ids == (1, 4)
    # "Chicago" only in a headline written in title case: not a name there, still a word.
    headline = killed(5, 5, "police shooting chicago tavern", "tavern")
    [conflict] = build_groups([chicago, headline])
    assert conflict.mention_ids == (1, 5)

    def workers(id: int, names: str) -> MentionRecord:
        base = record(id, id, 5000, noun="worker", precision=1, context="refinery fire port")
        return replace(base, names=frozenset(names.split()))

    assert build_groups([workers(5, "halvard"), workers(6, "brenmouth")]) == []

    def job_cuts(id: int, company: str) -> MentionRecord:
        base = record(id, id, 4500, noun="job", event="cut", context=f"cut job {company}")
        return replace(base, names=frozenset({company}))

    # A distinctive figure lines up on its own, but not across companies that both cut it.
    assert build_groups([job_cuts(7, "amazon"), job_cuts(8, "meta")]) == []
    assert len(build_groups([job_cuts(7, "amazon"), job_cuts(8, "amazon")])) == 1
    [same] = build_groups([workers(5, "halvard"), workers(6, "halvard")])
    assert same.kind == "same"


def test_names_tell_stories_apart_from_feed_to_groups(tmp_path: Path) -> None:
    """End to end: articles of two outlets about two shootings, in the words outlets use."""
    items = {
        "wire": [
            ("Three killed in Chicago bar shooting", "2026-11-02T10:00:00Z",
             "Police said three people were killed in a shooting at a bar in Chicago on "
             "Saturday night."),
            ("Five killed in shooting at Denver mall", "2026-11-08T10:00:00Z",
             "Five people were killed in a shooting at a shopping mall in Denver, police said."),
        ],
        "daily": [
            ("Chicago shooting leaves four dead", "2026-11-02T12:00:00Z",
             "Four people were killed when a gunman opened fire in a Chicago bar, police "
             "said, in the city's worst shooting this year."),
        ],
    }  # fmt: skip
    data = groups_json(tmp_path, *json_feeds(tmp_path, items))
    [conflict] = data["conflicts"]
    titles = {m["article"]["title"] for m in conflict["mentions"]}  # type: ignore[index, union-attr]
    assert titles == {"Three killed in Chicago bar shooting", "Chicago shooting leaves four dead"}


def json_feeds(tmp_path: Path, items: dict[str, list[tuple[str, str, str]]]) -> list[Path]:
    """A JSON Feed file per outlet of its (title, date, body) articles."""
    paths = []
    for outlet, articles in items.items():
        entries = [
            {"id": f"{outlet}-{n}", "url": f"https://{outlet}.example/{n}", "title": title,
             "date_published": date, "content_text": body}
            for n, (title, date, body) in enumerate(articles)
        ]  # fmt: skip
        path = tmp_path / f"{outlet}.json"
        feed = {"version": "https://jsonfeed.org/version/1.1", "title": outlet, "items": entries}
        path.write_text(json.dumps(feed))
        paths.append(path)
    return paths


def groups_json(tmp_path: Path, *paths: Path) -> dict[str, list[dict[str, object]]]:
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    runner.invoke(main, ["--db", db, "import", *map(str, paths)])
    result = runner.invoke(main, ["--db", db, "figures", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_sample_feeds_groups_and_conflicts(tmp_path: Path) -> None:
    data = groups_json(tmp_path, SAMPLES)
    labels = {g["label"]: g for g in data["same"]}
    workers = labels["4,500 workers evacuated"]
    texts = {m["text"] for m in workers["mentions"]}  # type: ignore[union-attr]
    assert {"4,500", "4.5k", "Four thousand five hundred"} <= texts
    assert workers["value"] == 4500.0 and workers["noun"] == "worker"
    money = next(g for g in data["same"] if str(g["label"]).startswith("$3 billion"))
    assert {m["text"] for m in money["mentions"]} >= {
        "$3 billion",
        "3 billion dollars",  # type: ignore[union-attr]
        "US$3bn",
    }
    million = next(g for g in data["same"] if str(g["label"]).startswith("1.2 million"))
    assert {m["text"] for m in million["mentions"]} >= {"1.2 million", "one point two million"}  # type: ignore[union-attr]
    assert any(str(g["label"]).startswith("2.1%") for g in data["same"])
    [conflict] = [c for c in data["conflicts"] if "workers" in str(c["label"])]
    assert conflict["label"] == "4,500 vs 5,000 workers evacuated"
    values = {m["value"] for m in conflict["mentions"]}  # type: ignore[union-attr]
    assert {4500.0, 5000.0} <= values
    # no group is made of non-figures
    every = [m["text"] for g in data["same"] + data["conflicts"] for m in g["mentions"]]  # type: ignore[union-attr]
    for junk in ("2019", "1998", "320", "19", "7", "27", "66", "0142"):
        assert junk not in every


def test_json_shape_is_the_contract(tmp_path: Path) -> None:
    data = groups_json(tmp_path, SAMPLES)
    assert set(data) == {"same", "conflicts"}
    group = data["same"][0]
    assert {"value", "unit", "noun", "label", "mentions"} <= set(group)
    mention = group["mentions"][0]  # type: ignore[index]
    assert {"article", "text", "value", "qualifier", "sentence", "start", "end"} <= set(mention)
    assert {"id", "title", "link", "feed"} <= set(mention["article"])
    assert {"label", "mentions"} <= set(data["conflicts"][0])
    for g in data["same"]:
        assert len({m["article"]["id"] for m in g["mentions"]}) >= 2  # type: ignore[union-attr]


def test_spans_point_at_the_text(sample_library: Library) -> None:
    for group in sample_library.figure_groups():
        for figure, article in sample_library.group_mentions(group):
            mention = figure.mention
            assert article.text.text[mention.start : mention.end] == mention.text
            assert mention.text in article.text.text[mention.sentence_start : mention.sentence_end]


def test_article_listing_and_min_articles(tmp_path: Path, sample_library: Library) -> None:
    runner = CliRunner()
    db = str(sample_library.path)
    first = sample_library.articles(limit=100)[-1]
    result = runner.invoke(main, ["--db", db, "figures", "--article", str(first.id), "--json"])
    rows = json.loads(result.stdout)
    assert rows and {
        "start",
        "end",
        "value",
        "kind",
        "unit",
        "rate",
        "noun",
        "qualifier",
        "modality",
        "sentence",
    } <= set(rows[0])
    result = runner.invoke(main, ["--db", db, "figures", "--json", "--min-articles", "5"])
    data = json.loads(result.stdout)
    assert all(len({m["article"]["id"] for m in g["mentions"]}) >= 5 for g in data["same"])


def test_update_keeps_groups_current(tmp_path: Path, library: Library) -> None:
    feed = tmp_path / "m.xml"
    feed.write_bytes((SAMPLES / "meridian-courier.xml").read_bytes())
    library.import_paths([feed, SAMPLES / "northwind-ledger.atom"])
    library.wait_for_analysis()
    before = {g.label for g in library.figure_groups()}
    feed.write_bytes((SAMPLES / "updates" / "meridian-courier.xml").read_bytes())
    library.import_paths([feed])
    library.wait_for_analysis()
    after = library.figure_groups()
    assert before and after
    for group in after:
        assert all(i in library.figures_by_id(group.mention_ids) for i in group.mention_ids)


def test_extractor_upgrade_reextracts(sample_library: Library) -> None:
    with sample_library.store.write() as conn:
        conn.execute("UPDATE articles SET extractor_version = 0")
        conn.execute("DELETE FROM figures")
    assert sample_library.stale_extraction_count() == 25
    seen: list[tuple[int, int]] = []
    assert sample_library.reextract_figures(lambda done, total: seen.append((done, total))) == 25
    assert seen[-1] == (25, 25)
    assert sample_library.stale_extraction_count() == 0
    assert any(g.kind == "conflict" for g in sample_library.figure_groups())


def test_reextraction_stops_between_batches_when_asked(sample_library: Library) -> None:
    """Quitting the reader stops re-extraction after the batch under way; the rest is done
    when it next starts."""
    with sample_library.store.write() as conn:
        conn.execute("UPDATE articles SET extractor_version = 0")
    done: list[int] = []

    def progress(count: int, total: int) -> None:
        done.append(count)
        sample_library.stop_background_work()  # as the reader quits, during the first batch

    assert sample_library.reextract_figures(progress, batch=10) == 10
    assert done == [10]
    assert sample_library.stale_extraction_count() == 15
    later = Library(sample_library.path)
    assert later.reextract_figures(batch=10) == 15
    assert later.stale_extraction_count() == 0


def test_reextraction_in_worker_processes_writes_what_one_process_writes(tmp_path: Path) -> None:
    """A large library is re-extracted by a pool of processes; quitting stops it early."""
    library = Library(tmp_path / "pool.sqlite")
    library.import_paths(write_corpus(tmp_path / "corpus", 300, feeds=3))
    library.wait_for_analysis()
    query = "SELECT article_id, start, value, noun, context FROM figures ORDER BY article_id, start"
    before = [tuple(row) for row in library.store.query(query)]
    assert before

    def outdate() -> None:
        with library.store.write() as conn:
            conn.execute("UPDATE articles SET extractor_version = 0")
            conn.execute("DELETE FROM figures")

    outdate()
    assert library.reextract_figures(batch=20, processes=2) == 300
    assert [tuple(row) for row in library.store.query(query)] == before

    outdate()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        library.stop_background_work()

    stopped = library.reextract_figures(progress, batch=20, processes=2)
    assert seen == [20]
    # Batches the workers had begun may still land; those not begun stay queued.
    assert 20 <= stopped < 300 and 0 < library.stale_extraction_count() <= 280
    later = Library(library.path)
    assert later.wait_for_analysis().complete
    assert [tuple(row) for row in later.store.query(query)] == before
    later.close()


def test_a_group_is_named_by_the_value_most_of_it_reports() -> None:
    first = record(1, 1, 4455, precision=4)
    others = [record(n, n, 4500) for n in range(2, 5)]
    [group] = build_groups([first, *others])
    assert group.label == "4,500 workers evacuated" and group.value == 4500
    assert group.mention_ids == (1, 2, 3, 4)


def test_a_country_and_its_people_are_one_name() -> None:
    """'Israel said 1,200 people were killed' and 'about 1,200 people were killed, Israeli
    officials said' report one figure."""

    def killed(id: int, context: str, names: str) -> MentionRecord:
        base = record(id, id, 1200, noun="person", event="killed", context=context)
        return replace(base, names=frozenset(names.split()))

    israel = killed(1, "attack hamas israel", "israel hamas")
    israeli = killed(2, "attack israeli", "israeli")
    [group] = build_groups([israel, israeli])
    assert group.kind == "same"


def test_agencies_disagreeing_on_a_quake_magnitude_conflict(tmp_path: Path) -> None:
    items = {
        "wire": [("Strong quake hits western Japan", "2026-11-02T09:00:00Z",
                  "A 7.8-magnitude earthquake struck Ishikawa in western Japan on Monday, "
                  "the Japan Meteorological Agency said.")],
        "daily": [("Japan earthquake: what we know", "2026-11-02T11:00:00Z",
                   "The magnitude 7.5 quake hit Ishikawa on Monday afternoon, according to "
                   "the US Geological Survey.")],
        "herald": [("Ishikawa shaken", "2026-11-02T12:00:00Z",
                    "Residents of Ishikawa said the 7.5 magnitude tremor shook buildings.")],
    }  # fmt: skip
    data = groups_json(tmp_path, *json_feeds(tmp_path, items))
    [conflict] = data["conflicts"]
    assert {m["value"] for m in conflict["mentions"]} == {7.8, 7.5}  # type: ignore[union-attr]
    assert {m["unit"] for m in conflict["mentions"]} == {"magnitude"}  # type: ignore[union-attr]
    assert conflict["label"] == "magnitude 7.5 vs magnitude 7.8 earthquake"  # as people say it
    [same] = [g for g in data["same"] if g["unit"] == "magnitude"]
    assert same["value"] == 7.5 and len(same["mentions"]) == 2  # type: ignore[arg-type]


def test_a_fraction_lines_up_with_the_percentage(tmp_path: Path) -> None:
    items = {
        "wire": [("Energy poverty in Wales", "2026-11-02T09:00:00Z",
                  "A third of households in Wales cannot afford to heat their homes, a Cardiff "
                  "University survey found.")],
        "daily": [("Welsh households struggle with bills", "2026-11-03T11:00:00Z",
                   "The Cardiff University survey found 33% of households in Wales cannot "
                   "afford heating.")],
    }  # fmt: skip
    [same] = groups_json(tmp_path, *json_feeds(tmp_path, items))["same"]
    assert {m["text"] for m in same["mentions"]} == {"A third", "33%"}  # type: ignore[union-attr]


def test_deaths_and_people_killed_are_one_thing(tmp_path: Path) -> None:
    items = {
        "wire": [("Odisha train crash", "2026-11-02T09:00:00Z",
                  "Officials in Odisha confirmed 288 deaths after the derailment on Friday.")],
        "daily": [("Odisha derailment toll", "2026-11-02T15:00:00Z",
                   "The derailment in Odisha killed 275 people, state officials said.")],
    }  # fmt: skip
    [conflict] = groups_json(tmp_path, *json_feeds(tmp_path, items))["conflicts"]
    assert {m["value"] for m in conflict["mentions"]} == {288, 275}  # type: ignore[union-attr]


def test_an_ordinal_compound_is_not_followed_by_its_thing_again() -> None:
    # the Figures screen read "second-round round" for "a second-round draft choice"
    def drafted(id: int, text: str) -> MentionRecord:
        base = record(id, id, 2, noun="round", event="", kind="ordinal", precision=1)
        return replace(base, text=text, noun_text="round")

    [group] = build_groups([drafted(1, "second-round"), drafted(2, "second-Round")])
    assert group.label == "second-round"
    [group] = build_groups([drafted(1, "second"), drafted(2, "second")])
    assert group.label == "second round"
