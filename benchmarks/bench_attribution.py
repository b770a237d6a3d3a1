"""Attribution quality on PolNeAR and speed of claims + attribution.

    .venv/bin/python benchmarks/bench_attribution.py            # dev, train CV, speed
    .venv/bin/python benchmarks/bench_attribution.py --no-cv --no-speed
    .venv/bin/python benchmarks/bench_attribution.py --split train --errors 40   # error listing (train only)
    .venv/bin/python benchmarks/bench_attribution.py --build-lexicon              # rewrite the shipped lexicon

Data: ../shared/data/attribution/polnear/{train,dev}/ (brat standoff, read in place, never copied).

Metric (the one the independent check uses): ``find_claims`` + ``analyse_sources`` +
``attribute`` run on each article text.  A gold attribution (an ``E`` line with a
``Source`` argument; its spans may be discontinuous) is FOUND when some claim overlaps
its content and that claim's ``source_span`` overlaps its source.
Recall = found / gold attributions with a source.  Attributions without a Source
(``Attribution-no-source``, 6% of E lines) are not counted: nothing can point at a
source span for them, and the independent check's 1,876 test attributions count only
E lines with a source.  Precision = claims with a ``source_span`` that match some gold
attribution that way / claims with a ``source_span``.  Texts with two annotators' files:
the first file in sorted order is the gold (consistently, for recall and precision).

Cue lexicon: learned from train only (``--build-lexicon`` writes
src/newsreader/data/cue_lexicon.json from all of train).  The train CV rebuilds the
lexicon on the training folds of each split (5 folds grouped by article) and scores the
held-out fold; dev is scored with the shipped (all-train) lexicon and was not used to
choose anything.

Speed: ``find_claims`` + ``analyse_sources`` + ``attribute`` on one core, median of
``--runs``, on the PolNeAR dev texts concatenated and on the seed article repeated to ~1 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsreader import sources as S  # noqa: E402
from newsreader.claims import find_claims, forget_split  # noqa: E402

POLNEAR = REPO.parent / "shared" / "data" / "attribution" / "polnear"
SEED = REPO / "seeds" / "000_0714c6963990ef25.txt"
LEXICON = REPO / "src" / "newsreader" / "data" / "cue_lexicon.json"

Span = tuple[int, int]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d; ]+)\t", re.MULTILINE)
_E_LINE = re.compile(r"^(E\d+)\t(\S+)((?: \S+:\S+)*)", re.MULTILINE)


def _spans(field: str) -> list[Span]:
    out = []
    for part in field.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def load_split(split: str, root: Path = POLNEAR) -> list[dict]:
    """[{name, text, gold: [{source: [spans], cue: [spans], content: [spans]}]}], one per text."""
    folder = root / split
    anns: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        name = path.stem.rsplit("_", 1)[0]
        anns.setdefault(name, path)  # the first annotator's file in sorted order
    docs = []
    for name, ann in sorted(anns.items()):
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        raw = ann.read_text(encoding="utf-8")
        spans = {m.group(1): (m.group(2), _spans(m.group(3))) for m in _T_LINE.finditer(raw)}
        gold = []
        for m in _E_LINE.finditer(raw):
            args = dict(a.split(":", 1) for a in m.group(3).split())
            parts = {role.lower(): spans[t][1] for role, t in args.items() if t in spans}
            if "source" in parts and "content" in parts:
                gold.append({"source": parts["source"], "cue": parts.get("cue", []), "content": parts["content"]})
        docs.append({"name": name, "text": text, "gold": gold})
    return docs


def _overlaps(span: Span, spans: list[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def predict(text: str, analyzer: S.Analyzer | None = None):
    claims = find_claims(text, sources=False)  # as analysis.analyze runs it
    return S.attribute(text, claims, S.analyse_sources(text, analyzer), analyzer)


def score_doc(doc: dict, claims) -> tuple[int, int, int, int, list, list]:
    """(predicted, correct, gold, found, false positives, misses) for one text."""
    gold = doc["gold"]
    found = set()
    predicted = correct = 0
    fps = []
    for c in claims:
        if c.source_span is None:
            continue
        predicted += 1
        ok = False
        for g, a in enumerate(gold):
            if _overlaps((c.start, c.end), a["content"]) and _overlaps(c.source_span, a["source"]):
                ok = True
                found.add(g)
        correct += ok
        if not ok:
            fps.append(c)
    misses = [a for g, a in enumerate(gold) if g not in found]
    return predicted, correct, len(gold), len(found), fps, misses


def evaluate(docs: list[dict], errors: int = 0, seed: int = 0, analyzer: S.Analyzer | None = None) -> dict:
    predicted = correct = gold = found = 0
    fp_rows, fn_rows = [], []
    for doc in docs:
        claims = predict(doc["text"], analyzer)
        p, c, g, f, fps, misses = score_doc(doc, claims)
        predicted += p
        correct += c
        gold += g
        found += f
        if errors:
            text = doc["text"]
            for cl in fps:
                fp_rows.append(f"FP [{text[cl.source_span[0]:cl.source_span[1]]}] <- {cl.text[:140]!r}")
            for a in misses:
                src = " / ".join(text[s:e] for s, e in a["source"])
                cue = " / ".join(text[s:e] for s, e in a["cue"])
                s0 = min(s for s, _ in a["source"] + a["content"])
                e0 = max(e for _, e in a["source"] + a["content"])
                fn_rows.append(f"FN [{src}] cue={cue!r} :: {text[max(0, s0 - 20):min(e0, s0 + 200)]!r}")
    if errors:
        rng = random.Random(seed)
        for rows in (fp_rows, fn_rows):
            for row in rng.sample(rows, min(errors, len(rows))):
                print("  " + row.replace("\n", " "))
    p = correct / predicted if predicted else 0.0
    r = found / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": p, "R": r, "F1": f, "predicted": predicted, "correct": correct, "gold": gold, "found": found}


# --------------------------------------------------------------------------- the cue lexicon

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


def build_lexicon(docs: list[dict], min_cue: int = 2, min_rate: float = 0.3) -> dict:
    """Single-word cues learned from annotated texts.

    For every lower-cased word: how often it is (part of) an annotated Cue, and how
    often it appears at all.  A word is kept when it is a cue at least ``min_cue`` times
    and in at least ``min_rate`` of its appearances; multi-word cues ("according to")
    count for each of their words.  Returns {"words": {word: [cue, seen]}, ...}.
    """
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for doc in docs:
        text = doc["text"]
        for m in _WORD.finditer(text):
            seen[m.group().lower().replace("’", "'")] += 1
        marked: set[tuple[int, str]] = set()
        for a in doc["gold"]:
            for s, e in a["cue"]:
                for m in _WORD.finditer(text, s, e):
                    marked.add((m.start(), m.group().lower().replace("’", "'")))
        for _, w in marked:
            cue[w] += 1
    words = {w: [cue[w], seen[w]] for w in cue if cue[w] >= min_cue and cue[w] >= min_rate * seen[w]}
    return {
        "about": "Single-word attribution cues learned from PolNeAR train: word -> [times annotated as "
                 "(part of) a cue, times seen]. Built by benchmarks/bench_attribution.py --build-lexicon.",
        "min_cue": min_cue,
        "min_rate": min_rate,
        "words": dict(sorted(words.items())),
    }


# --------------------------------------------------------------------------- speed

def throughput(text: str, runs: int) -> dict[str, float]:
    """CPU-time MB/s (medians of ``runs``) of find_claims, of analyse_sources + attribute, and of
    the two together; plus the wall-clock figure of the two together."""
    claims_t, attr_t, walls = [], [], []
    for _ in range(runs):
        S.default_analyzer().clear_cache()
        forget_split()  # claims and sources share one split of a text, but every run splits anew
        w0, c0 = time.perf_counter(), time.process_time()
        claims = find_claims(text, sources=False)  # as analysis.analyze runs it
        c1 = time.process_time()
        S.attribute(text, claims, S.analyse_sources(text))
        c2 = time.process_time()
        walls.append(time.perf_counter() - w0)
        claims_t.append(c1 - c0)
        attr_t.append(c2 - c1)
    mb = len(text.encode("utf-8")) / 1e6
    together = [a + b for a, b in zip(claims_t, attr_t)]
    return {
        "claims": mb / statistics.median(claims_t),
        "attribution": mb / statistics.median(attr_t),
        "together": mb / statistics.median(together),
        "together wall": mb / statistics.median(walls),
    }


def throughput_articles(texts: list[str], runs: int) -> dict[str, float]:
    """As the app and ``analyze`` work: each article analysed on its own (claims, then sources and
    attribution, sharing one split).  CPU-time MB/s of the whole set, median of ``runs`` and the
    slowest and fastest run."""
    # A small set (the seed alone is 2 KB) is analysed several times a run, so that each run
    # lasts about a second: a few milliseconds are below what process_time measures reliably.
    repeat = max(1, round(0.5e6 / max(1, sum(len(t.encode("utf-8")) for t in texts))))
    texts = texts * repeat
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    totals = []
    for _ in range(runs):
        total = 0.0
        for text in texts:
            S.default_analyzer().clear_cache()
            forget_split()
            c0 = time.process_time()
            S.attribute(text, find_claims(text, sources=False), S.analyse_sources(text))
            total += time.process_time() - c0
        totals.append(total)
    return {"median": mb / statistics.median(totals), "slowest": mb / max(totals), "fastest": mb / min(totals),
            "mb": mb}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", help="split to score with the shipped lexicon (default dev)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--errors", type=int, default=0, help="print this many sampled false hits and misses")
    ap.add_argument("--build-lexicon", action="store_true", help="write the lexicon learned from all of train")
    args = ap.parse_args(argv)
    if not POLNEAR.exists():
        print(f"PolNeAR not found at {POLNEAR}; nothing to score")
        return 0
    if args.build_lexicon:
        lex = build_lexicon(load_split("train"))
        LEXICON.write_text(json.dumps(lex, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {len(lex['words'])} cue words to {LEXICON}")
        return 0

    docs = load_split(args.split)
    m = evaluate(docs, errors=args.errors)
    print(f"{args.split}: texts={len(docs)} gold={m['gold']} predicted={m['predicted']} "
          f"found={m['found']} P={m['P']:.3f} R={m['R']:.3f} F1={m['F1']:.3f}")

    if not args.no_cv:
        train = load_split("train")
        order = list(range(len(train)))
        random.Random(13).shuffle(order)
        folds = [order[k::args.folds] for k in range(args.folds)]
        rows = []
        for k, held in enumerate(folds):
            held_set = set(held)
            lex = build_lexicon([train[i] for i in order if i not in held_set])
            # Each fold's own lexicon, in its own analyzer: the shipped one is never touched.
            fold_analyzer = S.Analyzer(S.CueLexicon(lex["words"]))
            r = evaluate([train[i] for i in held], analyzer=fold_analyzer)
            rows.append(r)
            print(f"  train fold {k + 1}/{args.folds}: texts={len(held)} gold={r['gold']} P={r['P']:.3f} "
                  f"R={r['R']:.3f} F1={r['F1']:.3f}")
        for key in ("P", "R", "F1"):
            vals = [r[key] for r in rows]
            print(f"train {args.folds}-fold CV (grouped by article) {key}: {statistics.mean(vals):.3f} "
                  f"± {statistics.stdev(vals):.3f}")

    if not args.no_speed:
        from newsreader.articles import load_article

        dev_text = "\n\n".join(d["text"] for d in load_split("dev"))
        seed = load_article(SEED).text
        seed_mb = "\n\n".join([seed] * (1_000_000 // len(seed) + 1))[:1_000_000]
        for label, text in (("PolNeAR dev concatenated", dev_text), ("seed article repeated", seed_mb)):
            t = throughput(text, args.runs)
            print(f"speed on {len(text.encode('utf-8')) / 1e6:.2f} MB of {label} (one core, median of {args.runs}): "
                  f"claims + attribution {t['together']:.2f} MB/s CPU ({t['together wall']:.2f} wall); "
                  f"find_claims alone {t['claims']:.2f}, analyse_sources + attribute alone {t['attribution']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
