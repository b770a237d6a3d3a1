"""Tests for the claims engine (newsreader.claims)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsreader import claims as C
from newsreader.claims import Claim, find_claims, score_sentence, split_sentences
from newsreader.claims import worthiness as W

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_0714c6963990ef25.txt"
DATA = REPO.parent / "shared" / "data" / "claims"


def seed_text() -> str:
    """The seed article as the article model gives it: one line per line, title dropped."""
    raw = SEED.read_text(encoding="utf-8").replace("\u00a0", " ")
    lines = [line.strip() for line in raw.split("\n")]
    return "\n".join(lines[1:]).strip()


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def claim_with(cs: list[Claim], needle: str) -> Claim:
    found = [c for c in cs if needle in c.text]
    assert len(found) == 1, (needle, [c.text for c in cs])
    return found[0]


# ---------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed_claims():
    text = seed_text()
    return text, find_claims(text)


def test_seed_claims_are_well_formed(seed_claims):
    text, cs = seed_claims
    assert len(cs) >= 9
    last_end = -1
    for c in cs:
        assert text[c.start:c.end] == c.text
        assert c.start >= last_end, "claims overlap or are unsorted"
        last_end = c.end
        assert c.kind in C.KINDS
        assert 0.0 <= c.score <= 1.0
        assert c.reasons
        for h in c.hedges:
            assert text[h.start:h.end] == h.text
            assert c.start <= h.start < h.end <= c.end
        if c.source_span is not None:
            assert text[c.source_span[0]:c.source_span[1]] == c.source
        json.dumps(c.to_dict())


def test_seed_expected_claims(seed_claims):
    text, cs = seed_claims
    c = claim_with(cs, "dispatched at least 3,000 additional soldiers")
    assert c.kind == "statistic"
    assert "at least" in [h.text for h in c.hedges]
    assert c.source == "South Korea's Joint Chiefs of Staff"  # from the next sentence
    assert c.score >= 0.5

    c = claim_with(cs, "missiles, ammunition, and artillery")
    assert c.source == "South Korean intelligence services"
    assert "attribution: verified by" in c.reasons

    c = claim_with(cs, "Kim Jong Un expressed support for Russia")
    assert c.kind in ("factual", "attributed")

    c = claim_with(cs, "approximately 11,000")
    assert c.kind == "statistic"
    assert [h.text for h in c.hedges] == ["approximately", "around"]
    assert c.source == "The latest JCS report"
    assert "number: 11,000" in c.reasons and "number: 4,000" in c.reasons

    c = claim_with(cs, "appears to have sent 3,000 more soldiers")
    assert c.kind == "quote"
    # '"...," the report stated.': the quoted statement is the claim, the report its source.
    assert c.text.startswith("North Korea appears") and c.text.endswith("war against Ukraine")
    assert c.source == "the report"
    assert "the report stated" not in c.text
    assert "appears" in [h.text for h in c.hedges]

    c = claim_with(cs, '"over a thousand"')
    assert c.source == "South Korean intelligence services"
    assert c.kind == "statistic"
    assert "over" in [h.text.lower() for h in c.hedges]

    c = claim_with(cs, "3,500 additional North Korean soldiers")
    assert c.source == "Ju Hong Won"
    assert c.kind == "statistic"
    assert c.score >= 0.5

    c = claim_with(cs, "bargaining power")
    assert c.source == "the JCS"
    assert c.kind == "attributed"

    c = claim_with(cs, "South Korea's Joint Chiefs of Staff (JCS) reported")
    assert c.source == "South Korea's Joint Chiefs of Staff (JCS)"

    hedges = {h.text.lower() for c in cs for h in c.hedges}
    assert {"at least", "approximately", "around", "appears", "over"} <= hedges


def test_seed_non_claims(seed_claims):
    _, cs = seed_claims
    texts = [c.text for c in cs]
    for bad in (
        "North Korea boosts Russian invasion efforts with 3,000 troops",  # heading
        "Soldiers from North Korea near Kursk",  # caption
        "Images source",
        "What do you need to know?",
        "Is North Korea increasing its involvement in the conflict?",
        "The impact of North Korea sending soldiers",
        "Related content",
    ):
        assert not any(t.startswith(bad) for t in texts), bad
    # "appeared after a meeting" is not a hedge.
    c = claim_with(cs, "report appeared after a meeting")
    assert c.hedges == ()


def test_check_worthy_ranks_above_opinion():
    stat = score_sentence("Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years.")
    opinion = score_sentence("I think we should all be kind to each other.")
    greeting = score_sentence("Thank you very much, it is great to be here tonight.")
    assert stat >= 0.5
    assert opinion < 0.5 and greeting < 0.5
    assert stat > opinion


# ---------------------------------------------------------------- splitting


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He met Mr. Smith in the U.S. on Jan. 5. The talks failed.",
         ["He met Mr. Smith in the U.S. on Jan. 5.", "The talks failed."]),
        ("J. K. Rowling wrote it. It sold 3.5 million copies, i.e. a lot.",
         ["J. K. Rowling wrote it.", "It sold 3.5 million copies, i.e. a lot."]),
        ('"We won. They lost." the report stated. Next one.',
         ['"We won. They lost." the report stated.', "Next one."]),
        ("He moved to the U.S. The move cost 3,000 dollars.",
         ["He moved to the U.S.", "The move cost 3,000 dollars."]),
        ("Dr. Jones and Gen. Smith met Sen. Brown, Rep. Lee and Mrs. Gray at No. 10 St. James vs. Co. Inc. staff.",
         ["Dr. Jones and Gen. Smith met Sen. Brown, Rep. Lee and Mrs. Gray at No. 10 St. James vs. Co. Inc. staff."]),
        ("Wait... What happened? Nothing... and then more!",
         ["Wait...", "What happened?", "Nothing... and then more!"]),
        ("• First item without a stop\n• Second item. Two sentences.\n\nHeading\nBody text, e.g. this.",
         ["First item without a stop", "Second item.", "Two sentences.", "Heading", "Body text, e.g. this."]),
        ("“First sentence. Second one,” she said. Then she left.",
         ["“First sentence. Second one,” she said.", "Then she left."]),
        ("北京是中国的首都。上海很大！", ["北京是中国的首都。", "上海很大！"]),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_long_runs_are_capped():
    text = "word " * 3000
    spans = split_sentences(text)
    assert len(spans) >= 7
    assert all(e - s <= C.MAX_SENTENCE for s, e in spans)
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)


# ---------------------------------------------------------------- claim details


def test_kinds_and_hedges():
    text = (
        "The new bridge is longer than the old one.\n"
        "The company is expected to hire staff next year.\n"
        "Officials said the road was closed.\n"
        "The rebels took over the city in a day.\n"
        "More than 200 people were reportedly evacuated.\n"
        "The mayor may resign after the vote.\n"
    )
    cs = find_claims(text)
    by = {c.text.split()[1]: c for c in cs}
    assert by["new"].kind == "comparison"
    assert by["company"].kind == "prediction"
    assert by["said"].kind == "attributed" and by["said"].source == "Officials"
    assert by["rebels"].hedges == ()  # "took over the city" is not a hedge
    assert [h.text for h in by["than"].hedges] == ["More than", "reportedly"]
    assert [h.text for h in by["mayor"].hedges] == ["may"]


def test_according_to_and_inverted_speaker():
    text = (
        'Prices rose 4% in May, according to the Office for National Statistics. "It was a hard year," said Jane Doe.'
    )
    cs = find_claims(text)
    assert cs[0].source == "the Office for National Statistics"
    assert cs[0].kind == "statistic"
    assert "hedge: may" not in " ".join(cs[0].reasons).lower() or cs[0].hedges == ()
    assert cs[1].kind == "quote" and cs[1].source == "Jane Doe"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  \n",
        "\ud800",
        "Text with a lone surrogate \ud800 in it. And 3,000 more \udfff here.",
        "北京是中国的首都。上海有两千四百万人。",
        "هذا نص عربي. قال المسؤولون إن 300 شخص أصيبوا.",
        "no punctuation at all just words " * 200,
        '"' * 5000,
        "." * 5000,
        "Mr. " * 2000,
        "“" + "a. " * 3000,
        "." * 20000 + "x",
        "lorem ipsum dolor sit amet " * 200_000,  # one 5 MB paragraph, no punctuation
    ],
    ids=lambda t: repr(t[:20]) + f"..{len(t)}",
)
def test_bad_input_does_not_crash(text):
    cs = find_claims(text)
    for c in cs:
        assert text[c.start:c.end] == c.text
        assert c.end - c.start <= C.MAX_SENTENCE
        assert any(ch.isalpha() for ch in c.text)
        json.dumps(c.to_dict())


def test_linear_time():
    unit = seed_text() + "\n\n" + ("unpunctuated words keep going here " * 40) + "\n"

    def timed(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            find_claims(text)
            best = min(best, time.perf_counter() - t0)
        return best

    find_claims(unit)  # load the model and warm caches
    small = timed(unit * 5)
    big = timed(unit * 50)
    assert big / small < 30

    para = "lorem ipsum dolor sit amet " * 4000  # one paragraph, no punctuation
    small = timed(para)
    big = timed(para * 10)
    assert big / small < 30


@pytest.mark.parametrize(
    "unit, tail",
    [
        (".", "x"),  # a run of dots not followed by a space
        ('."', "x"),
        ("!?", "x"),
        ('"', "x"),
        ("“a. ", ""),  # a quote that never closes
        ("Mr. ", ""),
        ("word, ", ""),
        ("北京 هذا a. \ud800 ", ""),
    ],
)
def test_linear_time_on_adversarial_input(unit, tail):
    def timed(n: int) -> float:
        text = unit * n + tail
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            find_claims(text)
            best = min(best, time.perf_counter() - t0)
        return best

    small = timed(2000)
    big = timed(20000)
    assert big / max(small, 1e-4) < 30, (small, big)


def test_does_not_import_textual():
    code = "import sys, newsreader.claims as c; c.find_claims('A 3% rise.'); print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- the model


def test_model_ships_and_matches_features():
    assert C.MODEL_PATH.exists()
    assert C.MODEL_PATH.stat().st_size <= 10 * 1024 * 1024  # budget: 10 MB
    model = W.get_model()
    assert model is not None and len(model.w) > 1000
    for s in ("The deficit grew by $1.2 trillion last year.", "I love you all!", "We’ll see. 2020 was tough."):
        fast, _ = model.logit(s)
        slow = model.bias + sum(model.w.get(k, 0.0) * v for k, v in C.features(s).items())
        assert fast == pytest.approx(slow, abs=1e-6)


def test_model_loads_fast():
    t0 = time.perf_counter()
    W.load_model()
    assert time.perf_counter() - t0 < 1.0  # generous; the benchmark reports the real figure


def test_model_is_calibrated_shape():
    """Scores are probabilities: in [0, 1], a monotone (Platt, positive slope) map of the logit."""
    model = W.get_model()
    platt = model.meta.get("platt")
    assert platt and platt[0] > 0, platt
    sentences = [
        "The deficit grew by $1.2 trillion last year.", "I love you all!", "It was unscheduled.",
        "Unemployment fell to 3.5 percent in 2019.", "Thank you.", "", "x" * 3000, "42 % $ € 1999",
    ]
    pairs = []
    for s in sentences:
        p = score_sentence(s)
        assert 0.0 <= p <= 1.0
        if s:
            pairs.append((model.logit(s[: C.MAX_SENTENCE])[0], p))
    pairs.sort()
    assert all(a[1] <= b[1] for a, b in zip(pairs, pairs[1:]))  # higher logit, higher score


def test_credits_and_fragments_are_not_check_worthy():
    # On real news pages the old model scored these 0.85 and 0.90.
    assert score_sentence("Keith Bradsher contributed reporting from Hong Kong.") < 0.5
    assert score_sentence("It was unscheduled.") < 0.5


def test_concrete_statistical_claims_are_check_worthy():
    for s in (
        "The deficit grew by $1.2 trillion last year.",
        "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years.",
        "Crime in the city rose by 12 percent between 2015 and 2020.",
    ):
        assert score_sentence(s) >= 0.5, s


def test_seed_not_every_claim_is_check_worthy(seed_claims):
    _, cs = seed_claims
    scored = [c for c in cs if c.score is not None]
    assert any(c.score < 0.5 for c in scored)
    # the concrete, numeric ones are
    stats = [c for c in scored if c.kind == "statistic"]
    assert stats and all(c.score >= 0.5 for c in stats)


def _average_precision(labels: list[int], scores: list[float]) -> float:
    ranked = sorted(zip(scores, labels), key=lambda t: -t[0])
    hits, total = 0, 0.0
    for i, (_, y) in enumerate(ranked, 1):
        if y:
            hits += 1
            total += hits / i
    return total / hits if hits else 0.0


def test_ranks_held_out_2019_debates():
    """The CheckThat! 2019 training debates are NOT in the model's training data (mixing them
    in was measured to hurt), so they are a held-out check: rank each debate's lines by score;
    grouped cross-validation gives MAP about 0.24 (train_claims.py --report-only)."""
    folder = DATA / "clef2019-train"
    files = sorted(folder.glob("*.tsv"))
    if not files:
        pytest.skip(f"{folder} not found (shared data is absent)")
    aps = []
    for path in files:
        labels, scores = [], []
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 4:
                    labels.append(1 if row[3].strip() == "1" else 0)
                    scores.append(score_sentence(row[2].strip()))
        aps.append(_average_precision(labels, scores))
    assert sum(aps) / len(aps) >= 0.18, aps


def test_source_after_conjunction_and_appositive():
    text = (
        "He vowed to keep trying, but the BBC's editor Jon Sopel said the plan had failed.\n"
        "Jane Roe, a spokeswoman for the ministry, confirmed that 40 people were arrested."
    )
    cs = find_claims(text)
    assert [c.source for c in cs] == ["the BBC's editor Jon Sopel", "Jane Roe"]
    for c in cs:
        assert text[c.source_span[0]:c.source_span[1]] == c.source
