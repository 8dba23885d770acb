"""Stories ranked by their voices (feeds whose texts differ): placeholder entries copied by many
feeds, and stories of one feed, go below the stories outlets report in their own words; the
``feedlens stories`` listing marks where they start and its JSON says each story's voices."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from reader.stories.voices import VoiceText, distinct_voices

PLACEHOLDER_FEEDS = 6


def placeholder_feeds(folder: Path) -> list[Path]:
    """Feeds as a test suite writes them: each its own feed, with the same placeholder entry,
    its words varied by a word or two, and a second entry of the same."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(PLACEHOLDER_FEEDS):
        extra = " test description" if n % 2 else ""
        entries = "".join(
            f"<entry><id>urn:test:{n}:{k}</id><title>Example Atom</title>"
            f"<updated>2026-11-0{k + 2}T10:00:00Z</updated>"
            f"<summary>Example Atom{extra}</summary></entry>"
            for k in range(2)
        )
        path = folder / f"placeholder-{n}.atom"
        path.write_text(
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Test feed {n}</title><id>urn:test:{n}</id>"
            f"<updated>2026-11-03T10:00:00Z</updated>{entries}</feed>",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_voices_count_feeds_with_texts_of_their_own() -> None:
    wire = "Fire crews evacuated 4,500 workers from the Halvard refinery on Monday night"
    own = "The Halvard blaze forced thousands from their homes, officials said"
    assert distinct_voices([VoiceText(n, "Example Atom", "") for n in range(27)]) == 1
    assert distinct_voices([VoiceText(1, "", "Example Atom test description")] * 2) == 1
    # Three reprints of one wire report and one outlet's own: two voices.
    assert (
        distinct_voices([VoiceText(n, "Fire", wire) for n in range(3)] + [VoiceText(9, "", own)])
        == 2
    )
    # A feed holding the wire copy and its own report counts once; the wire's other printer too.
    assert (
        distinct_voices([VoiceText(1, "", wire), VoiceText(1, "", own), VoiceText(2, "", wire)])
        == 2
    )
    assert distinct_voices([]) == 0


def test_placeholder_stories_rank_below_stories_in_outlets_own_words(
    sample_library: Library, tmp_path: Path
) -> None:
    sample_library.import_paths(placeholder_feeds(tmp_path / "placeholders"))
    assert sample_library.wait_for_analysis().complete
    db = sample_library.path
    result = CliRunner().invoke(main, ["--db", str(db), "stories", "--json"])
    assert result.exit_code == 0, result.output
    stories = json.loads(result.stdout)
    placeholder = next(s for s in stories if s["title"] == "Example Atom")
    assert placeholder["feeds"] == PLACEHOLDER_FEEDS and placeholder["voices"] == 1
    voices = [s["voices"] for s in stories]
    assert voices == sorted(voices, reverse=True)
    assert stories[0]["voices"] == 3 and stories[0]["feeds"] == 3  # the samples' three outlets
    assert {"id", "title", "articles", "feeds", "first", "last", "thread"} <= set(stories[0])
    # The listing says where the stories of one outlet start.
    text = CliRunner().invoke(main, ["--db", str(db), "stories"]).stdout.splitlines()
    divider = next(i for i, line in enumerate(text) if "heard from one outlet only" in line)
    assert "Example Atom" in "".join(text[divider:])
    assert divider > 0 and not any(" 1 feed " in line for line in text[:divider])
