"""Importing fact-checks (ClaimReview, CSV, CheckThat! TSV), your verdicts as fact-checks, matching,
``checked`` in ``analyze`` output, and hostile files (newsreader.factchecks.importing/store/matching)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from newsreader.analysis import analyze, analyze_article
from newsreader.articles import load_article
from newsreader.factchecks import FactCheck, FactCheckFormatError, importing
from newsreader.factchecks import store as fc_store
from newsreader.factchecks.commands import main
from newsreader.factchecks.importing import read_factchecks
from newsreader.factchecks.matching import ClaimMatcher, Match, default_matcher, load_factchecks
from newsreader.factchecks.own import OWN_PUBLISHER, own_factchecks
from newsreader.notes import Anchor, NotesStore

from conftest import SEED, SHARED_DATA

CLAIM = "North Korea sent at least 3,000 additional soldiers to Russia at the beginning of the year"
REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/nk-troops",
    "claimReviewed": CLAIM,
    "author": {"@type": "Organization", "name": "Example Checks"},
    "datePublished": "2025-03-01",
    "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5, "alternateName": "Mostly true"},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Organization", "name": "JCS"}},
    "name": "Did North Korea send more troops?",
}
OTHER = {**REVIEW, "url": "https://factcheck.example/moon", "claimReviewed": "NASA faked the 1969 Moon landing.",
         "reviewRating": {"ratingValue": 1, "bestRating": 5}}


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def imported() -> dict[str, FactCheck]:
    return {fc.id: fc for fc in load_factchecks(own=False)}


# ---------------------------------------------------------------- formats round-trip


@pytest.mark.parametrize("shape", ["object", "list", "graph", "feed"])
def test_claimreview_json_round_trips(tmp_path: Path, shape: str, capsys: pytest.CaptureFixture[str]) -> None:
    data: object = {
        "object": REVIEW,
        "list": [REVIEW, OTHER],
        "graph": {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, REVIEW, OTHER]},
        "feed": {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": [REVIEW]}]},
    }[shape]
    path = write(tmp_path / "reviews.json", json.dumps(data))
    assert main(["import", str(path)]) == 0
    assert "reviews.json" in capsys.readouterr().out
    fc = imported()["reviews:https://factcheck.example/nk-troops"]
    assert fc == FactCheck(
        id="reviews:https://factcheck.example/nk-troops", claim=CLAIM, title="Did North Korea send more troops?",
        rating="Mostly true", url="https://factcheck.example/nk-troops", publisher="Example Checks",
        date="2025-03-01", claimant="JCS",
    )
    if shape in ("list", "graph"):
        assert imported()["reviews:https://factcheck.example/moon"].rating == "1/5"


def test_claimreview_in_a_web_page(tmp_path: Path) -> None:
    page = (
        "<html><head><script type=\"application/ld+json\">{broken</script>"
        f"<script type='application/ld+json'>{json.dumps(REVIEW)}</script></head>"
        "<body><p>A fact-check</p></body></html>"
    )
    result = read_factchecks(write(tmp_path / "page.html", page))
    assert result.format == "html" and [fc.claim for fc in result.factchecks] == [CLAIM]


def test_csv_round_trips(tmp_path: Path) -> None:
    path = write(tmp_path / "checks.csv", (
        "Claim,Rating,URL,Publisher,Date,id,title\n"
        f'"{CLAIM}",False,https://a.example/1,A Checker,2024-01-02,c1,"Troops, again"\n'
        '"A second, quoted ""claim""",Misleading,javascript:alert(1),,,,\n'
        "too,few\n"
    ))
    assert main(["import", str(path)]) == 0
    got = imported()
    assert got["checks:c1"] == FactCheck("checks:c1", CLAIM, "Troops, again", "False", "https://a.example/1",
                                         "A Checker", "2024-01-02")
    second = got["checks:2"]
    assert second.claim == 'A second, quoted "claim"' and second.url is None  # not an http(s) url
    assert read_factchecks(path).skipped == 1


def test_checkthat_tsv_round_trips(tmp_path: Path) -> None:
    path = write(tmp_path / "vclaims.tsv", "id\tvclaim\ttitle\nvc1\tMinecraft is shutting down.\tMinecraft?\n")
    assert main(["import", str(path)]) == 0
    assert imported() == {"vclaims:vc1": FactCheck("vclaims:vc1", "Minecraft is shutting down.", "Minecraft?")}


@pytest.mark.skipif(not (SHARED_DATA / "factchecks").is_dir(), reason="../shared/data/factchecks not present")
def test_the_checkthat_file_imports_and_matches() -> None:
    path = SHARED_DATA / "factchecks" / "verified_claims.docs.tsv"
    assert main(["import", str(path)]) == 0
    factchecks = load_factchecks()
    assert len(factchecks) > 10_000
    matcher = ClaimMatcher(factchecks)
    fc = factchecks[123]
    best = matcher.matches(fc.claim)[0]
    assert best.factcheck.id == fc.id and best.score >= 0.6


# ---------------------------------------------------------------- the store


def test_reimport_replaces_and_remove_forgets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "reviews.json", json.dumps([REVIEW, OTHER]))
    assert main(["import", str(path)]) == 0
    write(path, json.dumps([REVIEW]))
    assert main(["import", str(path)]) == 0
    assert list(imported()) == ["reviews:https://factcheck.example/nk-troops"]
    sets = fc_store.list_sets()
    assert [(s.name, s.count) for s in sets] == [("reviews", 1)]
    # the same name from another folder is another set
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert main(["import", str(write(other / "reviews.json", json.dumps(OTHER)))]) == 0
    assert [s.name for s in fc_store.list_sets()] == ["reviews", "reviews-2"]
    capsys.readouterr()
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "reviews: 1 fact-checks (claimreview)" in out and "reviews-2" in out and "your verdicts: 0" in out
    assert main(["remove", "reviews-2"]) == 0
    assert main(["remove", "reviews-2"]) == 1
    assert "no fact-check set named" in capsys.readouterr().err
    assert main(["remove", "../../etc/passwd"]) == 1
    assert [s.name for s in fc_store.list_sets()] == ["reviews"]


def test_duplicate_ids_in_a_file_stay_apart(tmp_path: Path) -> None:
    twice = [REVIEW, {**REVIEW, "claimReviewed": "Another claim on the same page."}]
    assert main(["import", str(write(tmp_path / "page.json", json.dumps(twice)))]) == 0
    assert len(imported()) == 2


def test_a_hand_edited_store_file_is_reported_not_raised(tmp_path: Path) -> None:
    assert main(["import", str(write(tmp_path / "r.json", json.dumps(REVIEW)))]) == 0
    stored = fc_store.store_dir() / "r.jsonl"
    with stored.open("a", encoding="utf-8") as fh:
        fh.write("not json\n[1, 2]\n" + json.dumps({"id": "x", "claim": "\x1b]8;;evil\x07Bad\x1b[2J claim"}) + "\n")
    write(fc_store.store_dir() / "broken.jsonl", "\x00\x01garbage")
    problems: list[str] = []
    factchecks = load_factchecks(problems)
    assert [fc.claim for fc in factchecks] == [CLAIM, "Bad claim"]
    assert any("r.jsonl: 2 malformed" in p for p in problems) and any("broken.jsonl" in p for p in problems)


# ---------------------------------------------------------------- your verdicts, matching, analyze


def seed_claim() -> tuple[str, str, int, int]:
    article = load_article(SEED)
    claim = next(c for c in analyze(article).claims if c.text.startswith("North Korea sent at least 3,000"))
    return article.id, article.text, claim.start, claim.end


def test_own_verdicts_become_factchecks_and_match() -> None:
    article_id, text, start, end = seed_claim()
    store = NotesStore()
    verdict = store.set_verdict(article_id, Anchor.from_span(text, start, end), "misleading",
                                article_meta={"title": "Troops", "url": "https://news.example/troops"})
    assert verdict is not None
    [fc] = own_factchecks(store)
    assert fc == FactCheck(f"own:{article_id}:{verdict.id}", text[start:end], "Troops", "misleading",
                           "https://news.example/troops", OWN_PUBLISHER, verdict.updated)
    elsewhere = "At the beginning of the year North Korea sent at least 3,000 additional soldiers to Russia."
    matches = ClaimMatcher(load_factchecks()).matches(elsewhere)
    assert [m.factcheck.id for m in matches] == [fc.id]
    data = analyze_article(load_article(SEED))
    checked = {c["text"]: c["checked"] for c in data["claims"]}
    assert checked[text[start:end]][0]["rating"] == "misleading"


def test_analyze_lists_checked_claims_after_an_import(tmp_path: Path) -> None:
    data = analyze_article(load_article(SEED))
    assert data["claims"] and all(claim["checked"] == [] for claim in data["claims"])
    assert len(default_matcher()) == 0  # nothing imported, no verdict: nothing built
    assert main(["import", str(write(tmp_path / "troops.json", json.dumps([REVIEW, OTHER])))]) == 0
    data = analyze_article(load_article(SEED))
    hits = [claim for claim in data["claims"] if claim["checked"]]
    assert any(claim["text"].startswith("North Korea sent at least 3,000") for claim in hits)
    first = hits[0]["checked"][0]
    assert first == {"id": "troops:https://factcheck.example/nk-troops", "claim": CLAIM, "rating": "Mostly true",
                     "url": "https://factcheck.example/nk-troops", "publisher": "Example Checks",
                     "score": first["score"]}
    assert 0.6 <= first["score"] <= 1.0
    assert all(not claim["checked"] for claim in data["claims"] if "Moon" in claim["text"])


def test_match_all_reports_progress_and_can_stop() -> None:
    matcher = ClaimMatcher([FactCheck("m", "Minecraft is shutting down in 2020.")])
    texts = ["Minecraft is shutting down in 2020", {"text": "Nothing to see"}, FactCheck("x", "y")] * 40
    seen: list[tuple[int, int]] = []
    results = matcher.match_all(texts, progress=lambda done, total: seen.append((done, total)))
    assert len(results) == 120 and seen[-1] == (120, 120) and len(seen) == 3
    assert isinstance(results[0][0], Match) and results[1] == [] and results[2] == []
    assert len(matcher.match_all(texts, cancelled=lambda: True)) == 0
    empty = ClaimMatcher([])
    assert empty.match_all(["a", "b"]) == [[], []] and empty.index() is None


def test_the_library_pass_matches_in_a_child_process(tmp_path: Path) -> None:
    from newsreader.factchecks.background import match_in_child

    assert main(["import", str(write(tmp_path / "troops.json", json.dumps([REVIEW, OTHER])))]) == 0
    matcher = default_matcher()
    claim = "North Korea sent at least 3,000 additional soldiers to Russia at the beginning of the year."
    articles = [(f"a{n}", [(0, len(claim), claim), (200, 220, "The weather was mild.")]) for n in range(45)]
    results = list(match_in_child(articles, matcher, lambda: False, chunk_articles=20))
    assert [article_id for article_id, _ in results] == [f"a{n}" for n in range(45)]  # in order, 3 chunks
    for _, found in results:
        assert list(found) == [(0, len(claim))]  # the weather matched nothing
        [match] = found[(0, len(claim))]
        assert match.factcheck.id == "troops:https://factcheck.example/nk-troops" and match.score >= 0.6
        assert match.factcheck.rating == "Mostly true"  # the parent's own fact-check, by id
    # Asked to stop: no answer is waited for, and the child is gone.
    assert list(match_in_child(articles, matcher, lambda: True)) == []


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("name", ["empty.json", "empty.csv", "empty.tsv", "empty.html", "empty"])
def test_empty_file_is_refused_by_name(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / name, "")
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "empty" in err and "Traceback" not in err
    assert fc_store.list_sets() == []


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("bad.json", '{"@type": "ClaimReview", "claimReviewed": "x",', "malformed JSON"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "JSON"),
        ("none.json", '{"@type": "Article", "headline": "x"}', "no ClaimReview"),
        ("noclaim.json", '{"@type": "ClaimReview", "url": "https://a.example"}', "none with a claimReviewed"),
        ("bad.csv", 'claim,rating\n"unterminated,False\n', "malformed CSV"),
        ("noheader.csv", "foo,bar\n1,2\n", "'claim' column"),
        ("page.html", "<html><body>no JSON-LD</body></html>", "without ClaimReview"),
        ("bad.tsv", "just one column\nand another\n", "not a CheckThat! TSV"),
        ("prose.txt", "It was a dark and stormy night.\n", "not a file of fact-checks"),
        ("binary.json", b"\x00\x01\x02PK", "binary"),
        ("latin1.csv", "claim,rating\ncaf\xe9,ok\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_give_a_clear_message(
    tmp_path: Path, name: str, text: str | bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / name, text)
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and message in err, err
    assert "Traceback" not in err and fc_store.list_sets() == []


def test_missing_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nope.json"), str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "nope.json: no such file" in err and "a folder" in err


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", json.dumps(REVIEW))
    assert main(["import", str(write(tmp_path / "bad.json", "{")), str(good)]) == 1
    assert [s.name for s in fc_store.list_sets()] == ["good"]


def test_markup_scripts_and_control_characters_are_stripped(tmp_path: Path) -> None:
    hostile = {
        **REVIEW,
        "claimReviewed": "<p>Troops <b>were</b> sent</p><script>alert('x')</script><style>p{}</style>"
                         "\x1b]52;c;ZXZpbA==\x07 &lt;script&gt;evil()&lt;/script&gt; to\u202e Russia\x00.",
        "author": {"name": "<img src=x onerror=alert(1)>Checker\x1b[31m"},
        "reviewRating": {"alternateName": "[bold red]False[/]\r\nreally"},
        "url": "javascript:alert(1)",
    }
    assert main(["import", str(write(tmp_path / "hostile.json", json.dumps(hostile)))]) == 0
    [fc] = load_factchecks(own=False)
    assert fc.claim == "Troops were sent to Russia."
    assert fc.publisher == "Checker" and fc.url is None
    assert fc.rating == "[bold red]False[/] really"  # literal text: the UI shows it with markup off
    stored = (fc_store.store_dir() / "hostile.jsonl").read_text(encoding="utf-8")
    assert "<" not in stored and "\\u001b" not in stored and "alert" not in stored


def test_too_many_factchecks_are_refused_without_reading_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(f"claim number {i},False\n" for i in range(1000))
    path = write(tmp_path / "many.csv", "claim,rating\n" + rows)
    with pytest.raises(FactCheckFormatError, match=r"many\.csv: more than 10 rows"):
        read_factchecks(path, max_factchecks=10)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:  # a sparse 2 GB file: refused from its size, never read
        fh.write(b"claim,rating\n")
        fh.truncate(2 * 1024**3)
    start = time.perf_counter()
    with pytest.raises(FactCheckFormatError, match=r"huge\.csv: too large"):
        read_factchecks(huge)
    assert time.perf_counter() - start < 0.5
    monkeypatch.setattr(importing, "MAX_JSON_BYTES", 1000)  # JSON is parsed whole: its own, lower bound
    big_json = write(tmp_path / "big.json", json.dumps([REVIEW] * 10))
    with pytest.raises(FactCheckFormatError, match=r"big\.json: too large for JSON"):
        read_factchecks(big_json)


def test_the_store_cap_counts_every_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fc_store, "MAX_FACTCHECKS", 3)
    assert main(["import", str(write(tmp_path / "a.json", json.dumps([REVIEW, OTHER])))]) == 0
    with pytest.raises(FactCheckFormatError, match="more than 3"):
        fc_store.save_set(tmp_path / "b.json", "claimreview", [FactCheck("1", "x"), FactCheck("2", "y")])
    assert [s.name for s in fc_store.list_sets()] == ["a"]


def test_a_fifo_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert main(["import", str(fifo)]) == 1
    assert "not a regular file" in capsys.readouterr().err


def test_a_small_index_keeps_calibrated_scores() -> None:
    fc = FactCheck("nk", CLAIM)
    matcher = ClaimMatcher([fc], threshold=0.0)
    assert matcher.matches(CLAIM)[0].score >= 0.9  # without idf_docs: about 0.2
    unrelated = ["The meeting ran late into the evening.", "Russia and Ukraine held talks.", "3,000 people came."]
    assert all(m.score < 0.6 for text in unrelated for m in matcher.matches(text))


def test_the_cli_dispatches_to_factchecks(capsys: pytest.CaptureFixture[str]) -> None:
    from newsreader.cli import main as cli_main

    assert cli_main(["factchecks"]) == 0
    assert "no fact-checks imported" in capsys.readouterr().out
