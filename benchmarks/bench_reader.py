"""Open a 100 KB article highlighted: newsreader's reader pane against Textual widgets.

Each figure is the median of several runs, in one process, of: analyse the article
(claims), build the page, and let the app paint it (Pilot, 120x40). References,
measured in the same run: Textual's Markdown widget and one styled Static showing
the same text.   python benchmarks/bench_reader.py [--kb 100] [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NEWSREADER_HOME", tempfile.mkdtemp(prefix="nr-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from textual.app import App, ComposeResult
from textual.widgets import Markdown, Static

from newsreader.analysis import analyze
from newsreader.articles import load_article
from newsreader.ui.app import NewsReader

from corpus import article_text


def make_article(kb: int) -> Path:
    path = Path(tempfile.mkdtemp(prefix="nr-big-")) / "big.txt"
    path.write_text(article_text(seed=7, size=kb * 1024), encoding="utf-8")
    return path


async def time_newsreader(path: Path, runs: int) -> tuple[list[float], list[float]]:
    """Per run: (open from the library index + page + paint), and the claims+sources analysis
    that a file not indexed yet adds on top."""
    opens, analysis_times = [], []
    app = NewsReader(paths=[str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3000):
            await pilot.pause(0.01)
            if app.synced:
                break
        other = next(p for p in app.entries if p != str(path))
        for _ in range(runs):
            app._opened.clear()
            app._preview(other)
            await pilot.pause()
            start = time.perf_counter()
            app._preview(str(path))
            await pilot.pause()
            opens.append(time.perf_counter() - start)
            article = app.current
            start = time.perf_counter()
            analyze(article)
            analysis_times.append(time.perf_counter() - start)
    return opens, analysis_times


class OneWidget(App[None]):
    def __init__(self, widget_factory) -> None:
        super().__init__()
        self.factory = widget_factory

    def compose(self) -> ComposeResult:
        yield self.factory()


async def time_widget(factory, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        app = OneWidget(factory)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            start = time.perf_counter()
            await app.mount(factory())
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kb", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = make_article(args.kb)
    article = load_article(path)
    text = article.text
    ours, analysis = asyncio.run(time_newsreader(path, args.runs))
    markdown = asyncio.run(time_widget(lambda: Markdown(article.markdown), max(3, args.runs // 2)))
    static = asyncio.run(
        time_widget(lambda: Static(text, markup=False, classes="styled"), max(3, args.runs // 2))
    )
    claims = len(analyze(article).claims)
    median = statistics.median
    print(f"article: {len(text) / 1024:.0f} KB of text, {claims} claims; medians of {args.runs} runs")
    print(f"newsreader: open highlighted (indexed)   {median(ours) * 1000:7.1f} ms   (target <= 150 ms)")
    print(f"  + analysis if never indexed            {median(analysis) * 1000:7.1f} ms   (claims and sources)")
    print(f"Textual Markdown widget              {median(markdown) * 1000:7.1f} ms")
    print(f"one Static with the text             {median(static) * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
