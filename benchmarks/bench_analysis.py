"""Every figure of the analysis in one run: check-worthiness, calibration, attribution, news, speed.

    python benchmarks/bench_analysis.py [--runs 5] [--quick]

Prints, in order (each part explained in the script it comes from):

1. Check-worthiness by grouped cross-validation on all the labelled data in
   ../shared/data/claims (``train_claims.cv_report``): F1 / P / R of ``score >= 0.5``
   on CheckThat! 2024 (mean ± std over 5 folds grouped by debate; the decision
   threshold of each fold chosen on the other folds only), MAP per CheckThat! 2019
   debate (mean ± std), the reliability table and ECE.
2. Attribution on PolNeAR (``bench_attribution``): P / R / F1 on dev with the shipped
   lexicon (learned from train only), and 5-fold CV on train grouped by article (the
   lexicon rebuilt on the training folds each time).
3. News (``bench_claims.news_share``): the share of claims scored check-worthy on the 30
   real pages in ../shared/data/html-dev and on the seed.
4. Throughput on one core: ``find_claims`` + ``analyse_sources`` + ``attribute`` (the
   whole analysis) on PolNeAR dev text and on the seed repeated to 1 MB, CPU time,
   median of ``--runs``; and the check-worthiness scorer alone on news text.

``--quick`` skips both cross-validations (about two minutes together).
Nothing here is a test: figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import bench_attribution  # noqa: E402
import bench_claims  # noqa: E402
import train_claims  # noqa: E402


def find_claims_warm(texts: list[str]) -> None:
    """One untimed pass: the model is loaded and its per-word cache filled, as in a running app."""
    from newsreader.claims import find_claims

    for text in texts:
        find_claims(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="skip the cross-validations")
    ap.add_argument("--throughput", action="store_true", help="only section 4, in a process holding nothing else")
    args = ap.parse_args(argv)
    if args.throughput:
        return throughput(args)

    print("### 1. Check-worthiness (CheckThat! 2024 + 2019), grouped cross-validation")
    if args.quick:
        print("(skipped: --quick)")
    else:
        train_claims.cv_report()
    print()
    print("### 2. Attribution (PolNeAR)")
    attribution_args = ["--no-speed"] + (["--no-cv"] if args.quick else [])
    bench_attribution.main(attribution_args)
    print()
    print("### 3. Share of claims scored check-worthy on real news")
    bench_claims.news_share()
    print()
    return throughput(args)


def throughput(args: argparse.Namespace) -> int:
    print("### 4. Throughput, one core")
    import gc

    from newsreader.articles import load_article

    # Sections 1-3 leave this process holding every training and test set; the collector would
    # walk them again and again while the analysis below allocates (0.8 MB/s measured that way,
    # 1.2-1.3 in a fresh process).  The app keeps its start-up objects out of collections the
    # same way (gc.freeze after the first frame).
    gc.collect()
    gc.freeze()

    articles = []
    if bench_attribution.POLNEAR.exists():
        articles.append(("PolNeAR dev, 84 articles", [d["text"] for d in bench_attribution.load_split("dev")]))
    pages = sorted((bench_claims.SHARED / "html-dev").glob("*/source.html"))
    if pages:
        articles.append((f"{len(pages)} real pages (html-dev)", [load_article(p).text for p in pages]))
    seed = load_article(bench_attribution.SEED).text
    articles.append(("the seed article", [seed]))
    print(f"each article analysed on its own, as the app does; CPU time, median of {args.runs} runs (slowest-fastest):")
    for label, group in articles:
        find_claims_warm(group)
        t = bench_attribution.throughput_articles(group, args.runs)
        print(f"  {label} ({t['mb']:.2f} MB analysed a run): claims + attribution {t['median']:.2f} MB/s "
              f"({t['slowest']:.2f}-{t['fastest']:.2f})")
    if bench_attribution.POLNEAR.exists():
        text = "\n\n".join(d["text"] for d in bench_attribution.load_split("dev"))
        t = bench_attribution.throughput(text, args.runs)
        print(f"the 84 PolNeAR dev articles as one text ({len(text.encode('utf-8')) / 1e6:.2f} MB), median of "
              f"{args.runs}: claims + attribution {t['together']:.2f} MB/s CPU ({t['together wall']:.2f} wall); "
              f"find_claims alone {t['claims']:.2f}, analyse_sources + attribute alone {t['attribution']:.2f}")
    bench_claims.throughput(args.runs, 2.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
