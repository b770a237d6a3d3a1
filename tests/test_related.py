"""Related claims across the library and the figures they give differently (newsreader.library.related,
newsreader.library.figures).  The articles in tests/data/related are two pairs of stories on the same
events whose figures differ (3,000 / 3,500 soldiers; 11,000 / 12,000 jobs) and one unrelated story."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from newsreader.analysis import Analysis, analyze
from newsreader.articles import Article, load_article
from newsreader.library import LibraryIndex
from newsreader.library.figures import Figure, differing_figures, extract_figures
from newsreader.library.related import (
    MIN_SIMILARITY,
    ClaimRecord,
    Related,
    RelatedIndex,
    records_from_dict,
    terms,
)
from newsreader.notes import Anchor, NotesStore

DATA = Path(__file__).resolve().parent / "data" / "related"


# -- figures -------------------------------------------------------------------------------------------
def one(text: str) -> Figure:
    figures = extract_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "measure"),
    [
        ("North Korea sent 3,000 soldiers to Russia.", 3000, "", "soldier"),
        ("The plant will cut 11,000 jobs.", 11000, "", "job"),
        ("It pledged $20 billion in aid.", 20e9, "USD", "aid"),
        ("Turnout reached 40 percent of voters.", 40, "%", "voter"),
        ("Some 2.5 million people fled.", 2.5e6, "", "people"),
        ("Three thousand troops crossed the river.", 3000, "", "soldier"),
        ("The fund holds €1.5m.", 1.5e6, "EUR", ""),
        ("It pledged $20bn", 20e9, "USD", ""),
        ("Inflation fell to 4.5% in May.", 4.5, "%", ""),
        ("3,000 more North Korean soldiers arrived.", 3000, "", "soldier"),
        ("Twenty-five people were hurt.", 25, "", "people"),
    ],
)
def test_figures_are_read_with_what_they_measure(text: str, value: float, unit: str, measure: str) -> None:
    figure = one(text)
    assert (figure.value, figure.unit, figure.measure) == (pytest.approx(value), unit, measure)
    assert text[figure.start : figure.end] == figure.text


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2022 and ended in 2024.",
        "In 2023 elections were held on March 3.",
        "The meeting is on 12 March at 10:30.",
        "COVID-19 spread in the 1990s, a 45-year-old man said for the 3rd time.",
        "The index rose to 11,000 on Monday.",  # a bare number: what it counts is not said
        "One of them left.",
    ],
)
def test_years_dates_codes_and_bare_numbers_are_not_figures(text: str) -> None:
    assert extract_figures(text) == []


def test_a_hedge_widens_the_range() -> None:
    assert one("at least 3,000 soldiers").hedge == "at least"
    assert one("at least 3,000 soldiers").high == float("inf")
    about = one("about 3,000 soldiers")
    assert about.low < 3000 < about.high and about.hedge == "about"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("North Korea sent 3,000 soldiers.", "North Korea sent 3,500 soldiers."),
        ("The closure cuts 11,000 jobs.", "The closure cuts 12,000 jobs."),
        ("It cost $20 billion in aid.", "It cost $25 billion in aid."),
        ("About 3,000 soldiers were sent.", "3,500 soldiers were sent."),
        ("Three thousand troops were sent.", "4,000 soldiers were sent."),
        ("3,000 of the soldiers were hurt.", "3,500 of the soldiers were hurt."),  # parts compare with parts
    ],
)
def test_different_values_for_one_measure_differ(a: str, b: str) -> None:
    pairs = differing_figures(a, b)
    assert len(pairs) == 1
    mine, theirs = pairs[0]
    assert mine.key == theirs.key and mine.value != theirs.value
    assert [(y, x) for x, y in differing_figures(b, a)] == pairs


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("North Korea sent 3,000 soldiers.", "North Korea sent 3,000 soldiers to Russia."),
        ("About 3,000 soldiers were sent.", "3,000 soldiers were sent."),  # rounding
        ("More than 3,000 soldiers were sent.", "3,400 soldiers were sent."),
        ("Some 2.5 million people fled.", "2,512,000 people fled."),
        ("The closure cuts 11,000 jobs.", "The closure cuts 12,000 soldiers."),  # another measure
        ("Turnout was 40 percent.", "Turnout was 40 percent of voters, 3,000 soldiers said."),
        ("It rose from 3,000 to 3,500 soldiers.", "It has 3,500 soldiers."),  # they agree once
        ("The war began in 2022.", "The war began in 2023."),
        # a part of the soldiers is not how many soldiers there are (the seed's JCS sentence)
        ("Of the approximately 11,000 North Korean soldiers sent to Russia, around 4,000 were injured.",
         "About 4,000 of the North Korean soldiers deployed so far had been injured or killed."),
    ],
)
def test_agreeing_figures_and_other_measures_do_not_differ(a: str, b: str) -> None:
    assert differing_figures(a, b) == []
    assert differing_figures(b, a) == []


def test_figures_are_bounded() -> None:
    assert len(extract_figures("1,000 soldiers, " * 10_000)) == 40


# -- the index -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def analysed() -> dict[str, tuple[Article, Analysis]]:
    found = {}
    for path in sorted(DATA.glob("*.md")):
        article = load_article(path)
        found[path.stem] = (article, analyze(article))
    return found


@pytest.fixture(scope="module")
def index(analysed: dict[str, tuple[Article, Analysis]]) -> RelatedIndex:
    return RelatedIndex.from_analyses(analysed.values())


def claim_with(analysed: dict[str, tuple[Article, Analysis]], name: str, words: str) -> tuple[Article, str]:
    article, analysis = analysed[name]
    texts = [claim.text for claim in analysis.claims if words in claim.text]
    assert len(texts) == 1, [claim.text for claim in analysis.claims]
    return article, texts[0]


@pytest.mark.parametrize(
    ("mine", "theirs", "figure", "other"),
    [
        ("troops_wire", "troops_daily", "3,000 additional soldiers", "3,500 additional soldiers"),
        ("troops_daily", "troops_wire", "3,500 additional soldiers", "3,000 additional soldiers"),
        ("plant_times", "plant_herald", "11,000 jobs", "12,000 jobs"),
        ("plant_herald", "plant_times", "12,000 jobs", "11,000 jobs"),
    ],
)
def test_the_other_account_is_found_with_its_differing_figure(
    analysed: dict[str, tuple[Article, Analysis]], index: RelatedIndex, mine: str, theirs: str, figure: str,
    other: str,
) -> None:
    article, text = claim_with(analysed, mine, figure)
    hits = index.related(text, k=5, exclude_article=article.id)
    assert hits, text
    best = hits[0]
    assert isinstance(best, Related) and best.similarity >= MIN_SIMILARITY
    assert best.claim.article_id == analysed[theirs][0].id
    assert best.claim.title == analysed[theirs][0].title and best.claim.path == analysed[theirs][0].path
    assert other in best.claim.text
    assert analysed[theirs][0].text[best.claim.start : best.claim.end] == best.claim.text
    assert [(x.text, y.text) for x, y in best.differences] == [(figure, other)]


def test_the_same_figure_or_its_rounding_is_not_flagged(
    analysed: dict[str, tuple[Article, Analysis]], index: RelatedIndex
) -> None:
    article, text = claim_with(analysed, "troops_wire", "about 4,000")
    best = index.related(text, exclude_article=article.id)[0]
    assert best.claim.article_id == analysed["troops_daily"][0].id and "4,000" in best.claim.text
    assert best.differences == ()
    article, text = claim_with(analysed, "plant_times", "$2 billion")
    best = index.related(text, exclude_article=article.id)[0]
    assert best.claim.article_id == analysed["plant_herald"][0].id and best.differences == ()


def test_unrelated_claims_are_not_shown(analysed: dict[str, tuple[Article, Analysis]], index: RelatedIndex) -> None:
    article, analysis = analysed["harvest"]
    for claim in analysis.claims:
        assert index.related(claim.text, exclude_article=article.id) == []
    others = {analysed[name][0].id for name in ("troops_wire", "troops_daily", "harvest")}
    article, text = claim_with(analysed, "plant_times", "11,000 jobs")
    assert all(hit.claim.article_id not in others for hit in index.related(text, k=10))


def test_exclude_k_and_empty_queries(analysed: dict[str, tuple[Article, Analysis]], index: RelatedIndex) -> None:
    article, text = claim_with(analysed, "troops_wire", "3,000 additional")
    with_own = index.related(text, k=5)
    assert with_own[0].claim.article_id == article.id and with_own[0].similarity == pytest.approx(1.0)
    assert len(index.related(text, k=1)) == 1
    assert index.related(text, k=0) == [] and index.related("   ") == [] and index.related("zzz qqq") == []
    scores = [hit.similarity for hit in index.related(text, k=10, min_similarity=0.0)]
    assert scores == sorted(scores, reverse=True)


def test_claims_repeated_in_one_article_are_kept_once() -> None:
    claim = ClaimRecord("ab12", "T", "/a.md", "North Korea sent 3,000 soldiers.", 0, 32)
    again = ClaimRecord("ab12", "T", "/a.md", "North Korea sent 3,000 soldiers.", 100, 132)
    elsewhere = ClaimRecord("cd34", "U", "/b.md", "North Korea sent 3,000 soldiers.", 0, 32)
    index = RelatedIndex([claim, again, elsewhere])
    assert len(index) == 2
    assert [hit.claim for hit in index.related(claim.text, exclude_article="ab12")] == [elsewhere]


def test_terms_join_digit_groups_and_drop_stop_words() -> None:
    assert terms("The 3,000 soldiers were in Kursk") == ["3000", "soldier", "kursk"]


def test_verdicts_come_from_the_notes(analysed: dict[str, tuple[Article, Analysis]], tmp_path: Path) -> None:
    store = NotesStore(tmp_path / "notes")
    article, analysis = analysed["troops_daily"]
    claim = next(claim for claim in analysis.claims if "3,500" in claim.text)
    store.set_verdict(article.id, Anchor.from_span(article.text, claim.start, claim.end), "disputed")
    index = RelatedIndex.from_analyses(analysed.values(), notes=store)
    wire, text = claim_with(analysed, "troops_wire", "3,000 additional")
    best = index.related(text, exclude_article=wire.id)[0]
    assert best.claim.verdict == "disputed"
    assert {record.verdict for record in index.claims} == {None, "disputed"}


def test_records_from_an_analysed_record(analysed: dict[str, tuple[Article, Analysis]]) -> None:
    from newsreader.analysis import analyze_article

    article, _ = analysed["plant_herald"]
    records = records_from_dict(analyze_article(article))
    assert records and all(r.article_id == article.id and r.title == article.title for r in records)
    assert records_from_dict({"id": "x", "claims": [{"text": "no offsets"}]}) == []


def test_from_library_reads_the_cached_analyses(tmp_path: Path) -> None:
    paths = sorted(DATA.glob("*.md"))
    with LibraryIndex(tmp_path / "index.sqlite3") as library:
        for path in paths:
            library.index_file(path)
        unindexed = tmp_path / "new.md"
        unindexed.write_text((DATA / "troops_daily.md").read_text(encoding="utf-8"), encoding="utf-8")
        index = RelatedIndex.from_library(library, [*paths, paths[0], unindexed])
        assert {record.path for record in index.claims} == {str(path) for path in paths}
        stop = threading.Event()
        stop.set()
        assert len(RelatedIndex.from_library(library, paths, stop=stop)) == 0
        assert len(RelatedIndex.from_library(library, paths, max_claims=3)) == 3  # memory is bounded
    hits = index.related("North Korea has sent 3,000 additional soldiers to Russia")
    assert any(hit.differences for hit in hits)
