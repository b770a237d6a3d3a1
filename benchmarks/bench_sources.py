"""Attribution quality and speed of newsreader.sources.

    .venv/bin/python benchmarks/bench_sources.py [--data benchmarks/data/attributions.yaml] [--verbose]

Quality: every passage of the hand-written set is run through
``find_claims`` + ``analyse_sources`` + ``attribute``.  A predicted attribution
is a claim with a ``source_span``; it is a hit when the claim overlaps an
annotated content span and its ``source_span`` overlaps that attribution's
annotated source span.  Precision = hits / predicted attributions, recall =
annotated attributions hit / annotated attributions.  Figures are printed for
the "dev" split (looked at while writing the rules), the "test" split (not used
for tuning) and both.

Speed: ``analyse_sources`` + ``attribute`` (claims found beforehand, not timed)
on ~1 MB of the passages repeated (nearly every sentence attributed: the worst
case) and ~1 MB of the seed article repeated; median of 5, wall clock and CPU
time (the CPU figure is steadier on a shared machine).
A smoke test: the headline figures (PolNeAR dev, train CV, speed of claims + attribution) are
printed by benchmarks/bench_attribution.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import yaml  # noqa: E402

from newsreader import sources as S  # noqa: E402
from newsreader.claims import find_claims  # noqa: E402

DATA = REPO / "benchmarks" / "data" / "attributions.yaml"
SEED = REPO / "seeds" / "000_0714c6963990ef25.txt"


def _span(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.find(needle, start + 1)
        if start < 0:
            raise ValueError(f"{needle!r} (occurrence {occurrence}) is not in {text!r}")
    return start, start + len(needle)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(items: list[dict], verbose: bool = False) -> dict:
    predicted = hits = gold_total = gold_hit = 0
    for item in items:
        text = item["text"]
        gold = [(_span(text, a["source"], a.get("source_occurrence", 1)), _span(text, a["content"]))
                for a in item["attributions"]]
        srcs = S.analyse_sources(text)
        claims = S.attribute(text, find_claims(text), srcs)
        found = [(c, c.source_span) for c in claims if c.source_span is not None]
        predicted += len(found)
        matched = set()
        for claim, span in found:
            ok = False
            for g, (src, content) in enumerate(gold):
                if _overlap((claim.start, claim.end), content) and _overlap(span, src):
                    ok = True
                    matched.add(g)
            hits += ok
            if verbose and not ok:
                print(f"  FP {item['id']}: {text[span[0]:span[1]]!r} -> {claim.text[:70]!r}")
        gold_total += len(gold)
        gold_hit += len(matched)
        if verbose:
            for g, (src, content) in enumerate(gold):
                if g not in matched:
                    print(f"  FN {item['id']}: {text[src[0]:src[1]]!r} -> {text[content[0]:content[1]][:60]!r}")
    p = hits / predicted if predicted else 0.0
    r = gold_hit / gold_total if gold_total else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": p, "R": r, "F1": f, "predicted": predicted, "gold": gold_total}


def speed_texts(items: list[dict], size: int = 1_000_000) -> dict[str, str]:
    """~``size`` bytes of (a) the passages, where nearly every sentence is attributed (worst case),
    and (b) the seed article, repeated."""
    from newsreader.articles import load_article

    seed = load_article(SEED).text
    passages = "\n\n".join(item["text"] for item in items)
    return {
        "passages": "\n\n".join([passages] * (size // len(passages) + 1))[:size],
        "seed article": "\n\n".join([seed] * (size // len(seed) + 1))[:size],
    }


def throughput(text: str, runs: int = 5) -> tuple[float, float]:
    """(wall-clock MB/s, CPU-time MB/s), medians of ``runs``; claims are found beforehand."""
    claims = find_claims(text)
    walls, cpus = [], []
    for _ in range(runs):
        S.default_analyzer().clear_cache()
        t0, c0 = time.perf_counter(), time.process_time()
        srcs = S.analyse_sources(text)
        S.attribute(text, claims, srcs)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    mb = len(text.encode("utf-8")) / 1e6
    return mb / statistics.median(walls), mb / statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--verbose", action="store_true", help="list misses and false hits")
    ap.add_argument("--size", type=int, default=1_000_000, help="bytes of text for the speed run")
    args = ap.parse_args(argv)
    items = yaml.safe_load(args.data.read_text(encoding="utf-8"))["items"]
    for split in ("dev", "test", "fresh", "all"):
        chosen = [i for i in items if split == "all" or i["split"] == split]
        if args.verbose and split != "all":
            print(f"[{split}]")
        m = evaluate(chosen, verbose=args.verbose and split != "all")
        print(f"{split:5s} passages={len(chosen):3d} gold={m['gold']:3d} predicted={m['predicted']:3d} "
              f"P={m['P']:.2f} R={m['R']:.2f} F1={m['F1']:.2f}")
    for label, text in speed_texts(items, args.size).items():
        wall, cpu = throughput(text)
        print(f"speed on {len(text.encode('utf-8')) / 1e6:.1f} MB of {label}: {wall:.2f} MB/s wall, "
              f"{cpu:.2f} MB/s CPU (median of 5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
