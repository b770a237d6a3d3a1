"""Find in the open article (newsreader.find) and searching the text of notes (newsreader.notes.search)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from newsreader.find import MAX_HITS, find_all
from newsreader.notes import Anchor, NotesError, NotesStore
from newsreader.notes.search import NoteHit, excerpt, search_notes

TEXT = "North Korea’s army sent\n3,000   soldiers. NORTH korea's leader said “no”; from 1990–1995."


# -- find in the article -------------------------------------------------------------------------------
def spans(query: str, text: str = TEXT) -> list[str]:
    return [text[start:end] for start, end in find_all(text, query)]


def test_case_insensitive_in_order() -> None:
    assert spans("north korea") == ["North Korea", "NORTH korea"]
    assert find_all(TEXT, "north korea") == sorted(find_all(TEXT, "north korea"))


def test_white_space_runs_and_line_breaks_match_any_white_space() -> None:
    assert spans("sent 3,000 soldiers") == ["sent\n3,000   soldiers"]
    assert spans("  army   sent  ") == ["army sent"]


def test_typographic_quotes_apostrophes_and_dashes() -> None:
    assert spans("korea's") == ["Korea’s", "korea's"]
    assert spans("korea’s") == ["Korea’s", "korea's"]
    assert spans('said "no"') == ["said “no”"]
    assert spans("1990-1995") == ["1990–1995"]


def test_the_query_is_literal() -> None:
    assert spans("3.000") == []
    assert spans("(a|b)*") == []
    assert spans("[") == []
    assert spans("soldiers.") == ["soldiers."]


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_an_empty_query_finds_nothing(query: str) -> None:
    assert find_all(TEXT, query) == []


def test_hits_do_not_overlap_and_are_bounded() -> None:
    assert find_all("aaaa", "aa") == [(0, 2), (2, 4)]
    text = "ab " * (MAX_HITS * 3)
    started = time.perf_counter()
    found = find_all(text, "AB")
    assert len(found) == MAX_HITS and found[0] == (0, 2)
    assert len(find_all(text, "ab", limit=5)) == 5
    assert find_all(text, "ab", limit=0) == []
    assert find_all("a" * 100_000, "a " * 600) == []  # a long query on hostile text stays linear
    assert time.perf_counter() - started < 2


# -- searching notes -----------------------------------------------------------------------------------
ARTICLE = "Tariffs rose by half. The minister’s office said exports fell."
A, B, BAD = "aaaa1111", "bbbb2222", "cccc3333"


@pytest.fixture
def store(tmp_path: Path) -> NotesStore:
    store = NotesStore(tmp_path / "notes")
    meta = {"title": "Tariffs up"}
    store.add_note(A, "Customs data says tariffs rose by a **third**, not half.", article_meta=meta)
    store.add_note(A, "Check the customs figures again.", target="claim",
                   anchor=Anchor.from_span(ARTICLE, 0, 21), article_meta=meta)
    store.add_note(B, "Usually reliable on customs; the minister’s numbers are not.", target="source",
                   source="Reuters")
    return store


def test_every_word_must_match_case_insensitively(store: NotesStore) -> None:
    hits = search_notes(store, "CUSTOMS tariffs")
    assert [(hit.article_id, hit.target) for hit in hits] == [(A, "article")]
    hit = hits[0]
    assert isinstance(hit, NoteHit) and hit.title == "Tariffs up" and "tariffs rose" in hit.excerpt
    assert hit.note_id == store.load(A).notes[0].id and hit.created


def test_article_claim_and_source_notes(store: NotesStore) -> None:
    hits = search_notes(store, "customs")
    assert [(hit.article_id, hit.target) for hit in hits] == [(A, "article"), (A, "claim"), (B, "source")]
    assert hits[1].quote == "Tariffs rose by half."
    assert hits[2].source == "Reuters" and hits[2].title == ""
    assert [hit.target for hit in search_notes(store, "minister's")] == ["source"]  # ’ and ' alike
    assert search_notes(store, "custom figur") == [hits[1]]  # substrings


def test_no_words_no_hits_and_the_limit(store: NotesStore) -> None:
    assert search_notes(store, "  ") == []
    assert search_notes(store, "customs nowhere") == []
    assert len(search_notes(store, "customs", limit=2)) == 2


def test_unreadable_files_are_skipped_and_reported(
    store: NotesStore, caplog: pytest.LogCaptureFixture
) -> None:
    (store.root / f"{BAD}.yaml").write_text("notes: [unclosed\n", encoding="utf-8")
    skipped: list[NotesError] = []
    with caplog.at_level(logging.WARNING):
        hits = search_notes(store, "customs", skipped=skipped)
    assert len(hits) == 3
    assert len(skipped) == 1 and skipped[0].path == store.root / f"{BAD}.yaml"
    assert BAD in caplog.text


def test_a_missing_notes_folder_has_no_hits(tmp_path: Path) -> None:
    skipped: list[NotesError] = []
    assert search_notes(NotesStore(tmp_path / "none"), "anything", skipped=skipped) == []
    assert skipped == []


def test_excerpts_are_one_line_around_the_match() -> None:
    body = "word " * 100 + "needle\x1b[31m in\nthe haystack " + "word " * 100
    text = excerpt(body, body.index("needle"))
    assert "needle in the haystack" in text and "\n" not in text and "\x1b" not in text
    assert text.startswith("…") and text.endswith("…") and len(text) <= 130
    assert excerpt("short note", 0) == "short note"
