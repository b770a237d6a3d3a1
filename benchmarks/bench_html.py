"""How well do we import real web pages?  Body text, title, byline, date and speed.

    python benchmarks/bench_html.py [--data DIR] [--compare] [--pages N]

Data: Mozilla Readability's test pages (``source.html`` + ``expected.html`` +
``expected-metadata.json`` per folder), by default ``../shared/data/html-dev``
next to the repository.  ``expected.html`` is Readability.js's reviewed output:
a strong reference, not a human gold standard.

Rules (stated here so the figures mean something):

* body: the reference is the text of ``expected.html``; ours is ``Article.text``
  (body blocks, key points and image captions/credits; the title is NOT included).
  Both are split into lowercase word tokens (``\\w+``); precision/recall/F1 are
  over 3-word shingles counted as multisets.  "overall" is the mean over pages
  (a page with no article scores 0).
* title: exact match after Unicode NFKC, case folding, collapsing whitespace and
  straightening curly quotes.
* byline: over pages whose reference byline is not null; after the same
  normalisation and dropping a leading "by", correct when one contains the other
  and ours is not empty.
* date found: over pages whose reference ``publishedTime`` is not null, we found a
  date; date correct: same calendar day (as written, before any time-zone shift).
* speed: pages per second on one core, the median of --speed-runs (7) runs over all pages,
  timing ``read_html(path, text)`` only (no file reading or decoding).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "html-dev"
sys.path.insert(0, str(REPO / "src"))

from newsreader.articles import Article, decode  # noqa: E402  (after the path is set)

_WORD = re.compile(r"\w+")
_BLOCK_TAGS = [
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "td", "th", "br", "figcaption",
    "section", "article", "ul", "ol", "dt", "dd", "table",
]


# -- references -----------------------------------------------------------------------
def html_text(markup: str) -> str:
    """Visible text of an HTML fragment, with a break at every block element."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(markup or "<div></div>")
    for element in root.iter("script", "style", "noscript"):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    return root.text_content()


def load_pages(data: Path) -> list[dict]:
    pages = []
    for folder in sorted(p for p in data.iterdir() if (p / "source.html").is_file()):
        source = (folder / "source.html").read_bytes()
        text, _ = decode(source, "html")
        expected = (folder / "expected.html").read_text(encoding="utf-8", errors="replace")
        meta_file = folder / "expected-metadata.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        pages.append({"name": folder.name, "path": str(folder / "source.html"), "text": text,
                      "expected": html_text(expected), "meta": meta})
    return pages


# -- scores ---------------------------------------------------------------------------
def shingles(text: str, n: int = 3) -> Counter:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def prf(ours: str, reference: str) -> tuple[float, float, float]:
    a, b = shingles(ours), shingles(reference)
    common = sum((a & b).values())
    p = common / sum(a.values()) if a else 0.0
    r = common / sum(b.values()) if b else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans("‘’‚‛“”„‟", "''''\"\"\"\""))
    return " ".join(text.split()).casefold()


def byline_ok(ours: str, expected: str) -> bool:
    a = re.sub(r"^by\s+", "", norm(ours))
    b = re.sub(r"^by\s+", "", norm(expected))
    return bool(a) and (a in b or b in a)


def same_day(ours: str, expected: str) -> bool:
    return bool(ours) and ours[:10] == (expected or "")[:10]


# -- candidates -----------------------------------------------------------------------
def ours(path: str, text: str) -> Article:
    from newsreader.articles.html import read_html

    return read_html(path, text)


def baseline(path: str, raw: str) -> Article:
    """The previous reader: markdownify the whole page (scripts, nav, footer removed by regex)."""
    from html import unescape

    from markdownify import markdownify

    from newsreader.articles.markdown import read_markdown

    drop = re.compile(
        r"<(script|style|noscript|iframe|template|svg|nav|footer|header|form)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
    )
    page = drop.sub(" ", raw)
    title = re.search(r"<title[^>]*>(.*?)</title>", page, re.IGNORECASE | re.DOTALL)
    meta = {"title": unescape(title.group(1)).strip()} if title else {}
    return read_markdown(path, markdownify(page, heading_style="ATX", strip=["a", "img"]), fmt="html", meta=meta)


def with_readability(path: str, raw: str) -> Article:
    """readability-lxml for the body, with our metadata and Markdown steps."""
    from readability import Document

    from newsreader.articles.html import build_article, parse_page, shrink_page
    from newsreader.articles.htmlmeta import extract_meta

    page = shrink_page(raw)
    tree = parse_page(page)
    meta = extract_meta(tree)
    summary = Document(page, url=meta.url or None).summary(html_partial=True)
    return build_article(path, summary, meta)


def trafilatura_variant(**options) -> Callable[[str, str], Article]:
    def run(path: str, raw: str) -> Article:
        import trafilatura

        from newsreader.articles.html import (
            build_article,
            parse_page,
            prune_furniture,
            shrink_page,
            strip_non_text,
        )
        from newsreader.articles.htmlmeta import extract_meta

        tree = parse_page(shrink_page(raw))
        meta = extract_meta(tree)
        strip_non_text(tree)
        prune_furniture(tree)
        settings = dict(output_format="html", include_formatting=True, include_links=True, include_images=True,
                        include_tables=True, include_comments=False)
        settings.update(options)
        body = trafilatura.extract(tree, url=meta.url or None, **settings)
        return build_article(path, body or "", meta)

    return run


def trafilatura_own_meta(path: str, raw: str) -> Article:
    """trafilatura's own metadata (bare_extraction) instead of ours, body as ours."""
    import trafilatura

    from newsreader.articles.dates import normalise_date
    from newsreader.articles.html import (
        build_article,
        parse_page,
        prune_furniture,
        shrink_page,
        strip_non_text,
    )
    from newsreader.articles.htmlmeta import PageMeta

    page = shrink_page(raw)
    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, fast=True)
    tree = parse_page(page)
    strip_non_text(tree)
    prune_furniture(tree)
    body = trafilatura.extract(tree, output_format="html", include_formatting=True, include_links=True,
                               include_images=True, include_comments=False, fast=True)
    meta = PageMeta(title=(doc.title if doc else "") or "", author=(doc.author if doc else "") or "",
                    published=normalise_date(doc.date if doc else ""), publication=(doc.sitename if doc else "") or "",
                    url=(doc.url if doc else "") or "")
    return build_article(path, body or "", meta)


CANDIDATES: dict[str, Callable[[str, str], Article]] = {"ours": ours}
COMPARE: dict[str, Callable[[str, str], Article]] = {
    "baseline (whole-page markdownify)": baseline,
    "readability-lxml": with_readability,
    "trafilatura (with fallbacks)": trafilatura_variant(fast=False),
    "trafilatura favor_precision": trafilatura_variant(fast=True, favor_precision=True),
    "trafilatura favor_recall": trafilatura_variant(fast=True, favor_recall=True),
    "trafilatura own metadata": trafilatura_own_meta,
}


# -- runs -----------------------------------------------------------------------------
SPEED_RUNS = 7
def evaluate(name: str, reader: Callable[[str, str], Article], pages: list[dict], *, verbose: bool) -> dict:
    rows = []
    for page in pages:
        try:
            article = reader(page["path"], page["text"])
        except Exception as error:  # a crash is a result too
            article = Article(path=page["path"], format="html", error=f"crash: {type(error).__name__}: {error}")
        p, r, f = prf(article.text if article.ok else "", page["expected"])
        meta = page["meta"]
        rows.append({
            "name": page["name"], "p": p, "r": r, "f": f,
            "title": norm(article.title) == norm(meta.get("title")),
            "byline": byline_ok(article.author, meta["byline"]) if meta.get("byline") else None,
            "found": bool(article.published) if meta.get("publishedTime") else None,
            "day": same_day(article.published, meta["publishedTime"]) if meta.get("publishedTime") else None,
            "article": article,
        })
    timings = []
    for _ in range(SPEED_RUNS):
        start = time.process_time()
        for page in pages:
            try:
                reader(page["path"], page["text"])
            except Exception:
                pass
        timings.append(time.process_time() - start)
    speed = len(pages) / statistics.median(timings)
    speed_range = (len(pages) / max(timings), len(pages) / min(timings))

    def mark(value: object) -> str:
        return "-" if value is None else ("ok" if value else "NO")

    if verbose:
        print(f"\n== {name}")
        print(f"{'page':28} {'P':>5} {'R':>5} {'F1':>5}  title byline date")
        for row in rows:
            date = "-" if row["found"] is None else ("ok" if row["day"] else ("wrong" if row["found"] else "NO"))
            print(f"{row['name']:28} {row['p']:5.2f} {row['r']:5.2f} {row['f']:5.2f}  {mark(row['title']):5} "
                  f"{mark(row['byline']):6} {date}")
            article = row["article"]
            if not row["title"] or row["byline"] is False or row["day"] is False:
                print(f"{'':30}title={article.title!r} author={article.author!r} date={article.published!r}")
    summary = summarise(rows)
    summary["speed"] = speed
    summary["speed_range"] = speed_range
    return summary


def summarise(rows: list[dict]) -> dict:
    def share(key: str) -> tuple[int, int]:
        values = [row[key] for row in rows if row[key] is not None]
        return sum(values), len(values)

    return {
        "p": statistics.mean(row["p"] for row in rows),
        "r": statistics.mean(row["r"] for row in rows),
        "f": statistics.mean(row["f"] for row in rows),
        "title": share("title"), "byline": share("byline"), "found": share("found"), "day": share("day"),
    }


def line(name: str, s: dict) -> str:
    def pct(pair: tuple[int, int]) -> str:
        return f"{pair[0]}/{pair[1]} ({100 * pair[0] / pair[1]:.0f}%)" if pair[1] else "-"

    return (f"{name:36} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f']:.3f} | title {pct(s['title'])} | "
            f"byline {pct(s['byline'])} | date found {pct(s['found'])} correct {pct(s['day'])} | "
            f"{s['speed']:.1f} pages/s"
              f" ({s['speed_range'][0]:.1f}-{s['speed_range'][1]:.1f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of test pages (default: %(default)s)")
    parser.add_argument("--compare", action="store_true", help="also run the baseline and the other libraries")
    parser.add_argument("--quiet", action="store_true", help="overall figures only, no per-page table")
    parser.add_argument("--speed-runs", type=int, default=7, help="timed runs over all pages (median)")
    args = parser.parse_args(argv)
    global SPEED_RUNS
    SPEED_RUNS = max(1, args.speed_runs)
    if not args.data.is_dir() or not any(args.data.glob("*/source.html")):
        print(f"skipped: no test pages in {args.data} (pass --data DIR)")
        return 0
    try:  # one core: figures comparable between machines and with the target
        import os

        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    pages = load_pages(args.data)
    candidates = dict(CANDIDATES)
    if args.compare:
        candidates.update(COMPARE)
    results = {}
    for name, reader in candidates.items():
        try:
            results[name] = evaluate(name, reader, pages, verbose=not args.quiet and name == "ours")
        except ImportError as error:
            print(f"{name}: not installed ({error.name})")
    print(f"\n{len(pages)} pages from {args.data}")
    for name, summary in results.items():
        print(line(name, summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
