"""The fact-check matcher (newsreader.factchecks): ranking behaviour, hostile input, the TSV loader."""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import pytest

from newsreader.factchecks import FactCheck, FactCheckFormatError, FactCheckIndex, load_tsv
from newsreader.factchecks.factcheck import read_records

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "factchecks"

FACTCHECKS = [
    FactCheck("mc", "Minecraft is being shut down in 2020.", "Is Minecraft Shutting Down in 2020?"),
    FactCheck(
        "wak", "The USDA listed the fictional country of Wakanda as a free trade partner.", "Wakanda on USDA List"
    ),
    FactCheck("army", "The U.S. Army is sending text messages about a military draft.", "Army Draft Text Messages"),
    FactCheck(
        "bill", "Bill Gates said vaccines will reduce the world population by 15 percent.", "Gates Vaccine Quote"
    ),
    FactCheck("moon", "NASA faked the 1969 Moon landing in a film studio.", "Was the Moon Landing Faked?"),
    FactCheck(
        "shark", "A photograph shows a shark swimming on a flooded highway after a hurricane.", "Hurricane Shark"
    ),
    FactCheck("mc2", "Mojang announced the end of Minecraft servers.", None),
]


@pytest.fixture(scope="module")
def index() -> FactCheckIndex:
    return FactCheckIndex(FACTCHECKS)


def test_exact_claim_ranks_first(index: FactCheckIndex) -> None:
    for fc in FACTCHECKS:
        assert index.search(fc.claim, k=1)[0][0] == fc.id


def test_tweet_paraphrase_ranks_first(index: FactCheckIndex) -> None:
    tweet = (
        "im screaming. google featured a hoax article that claims #Minecraft is being shut down in 2020 "
        "pic.twitter.com/ECRqyfc8mI — Makena Kelly (@kellymakena) January 2, 2020"
    )
    results = index.search(tweet, k=3)
    assert results[0][0] == "mc"
    hashtag = index.search("#WakandaForever is on the #USDA list of free-trade partners!! https://t.co/x", k=1)
    assert hashtag[0][0] == "wak"
    assert index.search("Did @BillGates really say VACCINES reduce population by 15%?", k=1)[0][0] == "bill"


def test_scores_best_first_and_k_respected(index: FactCheckIndex) -> None:
    results = index.search("Minecraft shut down 2020 Mojang servers", k=2)
    assert len(results) == 2
    assert {r[0] for r in results} == {"mc", "mc2"}
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert len(index.search("Minecraft", k=100)) <= len(FACTCHECKS)
    assert index.search("Minecraft", k=0) == []
    assert index.search("Minecraft", k=-1) == []


def test_unrelated_text_ranks_low(index: FactCheckIndex) -> None:
    assert index.search("a recipe for lemon cake with butter and sugar", k=5) == []
    # Sharing one word with a fact-check: returned, but below a real repeat of its claim.
    weak = index.search("my cat in a photograph this morning", k=5)
    strong = index.search("Photo: a SHARK swimming down a flooded highway after the hurricane!", k=1)
    assert strong[0][0] == "shark"
    assert [doc for doc, _ in weak] == ["shark"]
    assert weak[0][1] < strong[0][1]


def test_empty_index_and_empty_queries(index: FactCheckIndex) -> None:
    assert FactCheckIndex([]).search("Minecraft is being shut down") == []
    assert index.search("") == []
    assert index.search("   \n\t ") == []
    assert index.search("the and of a") == []  # stop words only
    assert index.search("https://example.com/x @someone") == []


def test_control_characters_are_harmless(index: FactCheckIndex) -> None:
    hostile = "\x1b]0;pwned\x07Minecraft\x00 is\x1b[31m being shut\u202e down\x85 in 2020\x9b"
    assert index.search(hostile, k=1)[0][0] == "mc"
    odd = FactCheckIndex([FactCheck("x", "\x1b[2J\x00\x07\u202e\ufeff"), *FACTCHECKS])
    assert [doc for doc, _ in odd.search("\x1b[2J\x00")] == ["x"]  # matched as the text "2 J", inertly
    assert odd.search("\x00\x01\x02\x1b\x7f\x9b") == []


def test_huge_query_is_quick(index: FactCheckIndex) -> None:
    huge = ("Minecraft is being shut down in 2020 " + "word " * 20) * 20_000  # ~1.2 MB
    start = time.perf_counter()
    results = index.search(huge, k=1)
    assert time.perf_counter() - start < 0.5
    assert results[0][0] == "mc"
    assert index.search("x" * 1_000_000) == []


def test_bm25_only_without_weights() -> None:
    plain = FactCheckIndex(FACTCHECKS, weights=None)
    assert plain.search("Wakanda free trade partner", k=1)[0][0] == "wak"


def test_search_from_threads(index: FactCheckIndex) -> None:
    expected = {fc.id: index.search(fc.claim, k=3) for fc in FACTCHECKS}
    errors: list[str] = []

    def worker() -> None:
        for _ in range(20):
            for fc in FACTCHECKS:
                if index.search(fc.claim, k=3) != expected[fc.id]:
                    errors.append(fc.id)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_refuses_too_many() -> None:
    with pytest.raises(ValueError, match="more than 3"):
        FactCheckIndex((FactCheck(str(i), f"claim {i}") for i in range(10)), max_factchecks=3)
    with pytest.raises(ValueError, match="more than 3"):
        FactCheckIndex([FactCheck(str(i), f"claim {i}") for i in range(10)], max_factchecks=3)


def test_factcheck_is_frozen() -> None:
    fc = FactCheck("1", "claim", rating="False", url="https://x", publisher="Snopes", date="2020-01-01")
    with pytest.raises(AttributeError):
        fc.claim = "other"  # type: ignore[misc]


# --- the TSV loader -------------------------------------------------------------------------------


def test_load_tsv_quotes_and_multiline(tmp_path: Path) -> None:
    path = tmp_path / "claims.tsv"
    path.write_text(
        "\tvclaim\ttitle\n"
        "0\tA plain claim.\tA Title\n"
        '1\t"A ""quoted"" claim."\tQuoted\n'
        '2\t"A claim running over\na line break."\tMulti\n'
        "3\tNo title here.\t\n",
        encoding="utf-8",
    )
    fcs = load_tsv(path)
    assert [f.id for f in fcs] == ["0", "1", "2", "3"]
    assert fcs[1].claim == 'A "quoted" claim.'
    assert fcs[2].claim == "A claim running over\na line break."
    assert fcs[3].title is None


def test_load_tsv_skips_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "claims.tsv"
    path.write_text(
        "id\tvclaim\ttitle\n"
        "0\tGood.\tT\n"
        "too\tmany\tfields\there\n"
        "only-one-field\n"
        "\tno id\tT\n"
        '5\t"never closed\tT\n'
        "6\tAlso good.\tT\n"
        "\x00\x01\x02\n",
        encoding="utf-8",
    )
    assert [f.id for f in load_tsv(path)] == ["0", "6"]
    assert read_records(path, fields=3).skipped_lines == [3, 4, 5, 6, 8]


def test_load_tsv_not_this_format(tmp_path: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    with pytest.raises(FactCheckFormatError, match=r"image\.png:1"):
        load_tsv(binary)
    prose = tmp_path / "notes.tsv"
    prose.write_text("a\tb\tc\n" + "just some prose without tabs\n" * 30, encoding="utf-8")
    with pytest.raises(FactCheckFormatError, match=r"notes\.tsv:2"):
        load_tsv(prose)


def test_load_tsv_refuses_too_many(tmp_path: Path) -> None:
    path = tmp_path / "claims.tsv"
    path.write_text("\tvclaim\ttitle\n" + "".join(f"{i}\tClaim {i}.\tT\n" for i in range(20)), encoding="utf-8")
    with pytest.raises(FactCheckFormatError, match="more than 10"):
        load_tsv(path, max_factchecks=10)


def test_load_tsv_huge_line_skipped(tmp_path: Path) -> None:
    path = tmp_path / "claims.tsv"
    path.write_text("\tvclaim\ttitle\n0\t" + "x" * 100_000 + "\tT\n1\tFine.\tT\n", encoding="utf-8")
    assert [f.id for f in load_tsv(path)] == ["1"]


# --- the real data (skipped without it) -----------------------------------------------------------


needs_data = pytest.mark.skipif(not (DATA / "dev").is_dir(), reason="../shared/data/factchecks not present")


@pytest.fixture(scope="module")
def snopes() -> FactCheckIndex:
    return FactCheckIndex(load_tsv(DATA / "verified_claims.docs.tsv"))


@needs_data
def test_probabilities_on_the_real_index(snopes: FactCheckIndex) -> None:
    exact = snopes.search("Pope Francis endorsed Donald Trump for president.", k=1)
    assert snopes.factcheck(int(exact[0][0])).claim == "Pope Francis endorsed Donald Trump for president."
    assert exact[0][1] > 0.5
    for unrelated in (
        "The central bank kept interest rates unchanged, citing persistent inflation in services.",
        "a recipe for lemon cake with butter and sugar",
        "my cat photograph this morning",
    ):
        assert all(score < 0.3 for _, score in snopes.search(unrelated, k=5)), unrelated


@needs_data
def test_dev_map_at_5(snopes: FactCheckIndex) -> None:
    index = snopes
    relevant: dict[str, set[str]] = {}
    for line in (DATA / "dev" / "tweet-vclaim-pairs.qrels").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        relevant.setdefault(parts[0], set()).add(parts[2])
    aps = []
    for _, (tweet_id, tweet) in read_records(DATA / "dev" / "tweets.queries.tsv", fields=2).records:
        ranked = [doc for doc, _ in index.search(tweet, k=5)]
        hits, total = 0, 0.0
        for i, doc in enumerate(ranked):
            if doc in relevant[tweet_id]:
                hits += 1
                total += hits / (i + 1)
        aps.append(total / min(len(relevant[tweet_id]), 5))
    assert len(aps) == 197
    assert statistics.fmean(aps) > 0.78  # measured 0.82; plain BM25 0.77, this BM25 alone 0.81
