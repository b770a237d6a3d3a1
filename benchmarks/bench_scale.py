"""A 10,000-article library, measured as a person experiences it, beside a bare Textual app.

Builds (or reuses) a deterministic corpus with benchmarks/corpus.py, then runs the real
app in tmux with a fresh NEWSREADER_HOME and measures:

  cold start   first launch: list visible; and until every article is analysed
  warm start   next launch: list visible (median of --runs, alternating with the bare app)
  open         Enter on an article until its text is on screen
  keystroke    100 j presses: each until the screen has changed (median, p90)
  search       '/' + a word until the filtered count shows
  note save    ctrl+s in the note editor until the list shows the article's note marker
  peak RSS     of the newsreader process (VmHWM) at the end

    python benchmarks/bench_scale.py [--count 10000] [--corpus DIR] [--runs 5] [--skip-cold-wait]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
from tui import Terminal, compile_package  # noqa: E402


def newsreader_command() -> str:
    return shutil.which("newsreader") or f"{sys.executable} -m newsreader"


def pane_pid(term: Terminal) -> int | None:
    shell = term._tmux("display", "-p", "-t", term.name, "#{pane_pid}").strip()
    if not shell:
        return None
    children = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
    return int(children[0]) if children else None


def peak_rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def wait_change(term: Terminal, before: str, timeout: float = 10.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if term.screen_ansi() != before:
            return time.perf_counter() - start
        time.sleep(0.002)
    raise TimeoutError("screen did not change")


def cold_start(command: str, env: dict[str, str], wait_for_analysis: bool) -> dict[str, str]:
    """First launch on an empty cache: list visible, then (optionally) until all is analysed."""
    results = {}
    with Terminal(command, env=env) as term:
        cold_list = term.wait_for(r"Articles\s+\d+", timeout=60)
        results["cold start: list visible"] = f"{cold_list * 1000:.0f} ms"
        if wait_for_analysis:
            start = time.perf_counter()
            term.wait_for(r"indexing \d+/\d+", timeout=120)
            while "indexing" in term.screen():
                time.sleep(0.5)
            results["cold start: everything analysed"] = f"{cold_list + time.perf_counter() - start:.0f} s"
        results["peak RSS, cold indexing"] = f"{peak_rss_mb(pane_pid(term)) or float('nan'):.0f} MB"
    return results


def keys_while_matching(command: str, env: dict[str, str], factchecks: Path) -> dict[str, str]:
    """Import ``factchecks``, start the app and press j while the library pass matches every
    claim against them (in its child process) and the other workers run."""
    subprocess.run(f"{newsreader_command()} factchecks import {factchecks}", shell=True, check=True,
                   env={**os.environ, **env}, capture_output=True)
    results = {}
    with Terminal(command, env=env, size="200x40") as term:  # wide: the list title shows the progress
        term.wait_for(r"Articles\s+\d+")
        term.wait_for(r"Checking claims", timeout=120)
        presses = []
        for _ in range(100):
            before = term.screen_ansi()
            term.press("j")
            presses.append(wait_change(term, before))
            time.sleep(0.05)
        presses.sort()
        results["keystroke while matching the library"] = (
            f"median {statistics.median(presses) * 1000:.1f} ms, p90 {presses[89] * 1000:.1f} ms, "
            f"max {presses[-1] * 1000:.0f} ms (target <= 30 ms)"
        )
        done = [(time.perf_counter(), _checked(term.screen()))]
        time.sleep(20)
        done.append((time.perf_counter(), _checked(term.screen())))
        (t0, (n0, total)), (t1, (n1, _)) = done
        if total and n1 > n0:
            rate = (n1 - n0) / (t1 - t0)
            results["library pass (fact-check matching)"] = (
                f"{rate:.0f} claims/s: {total:,} claims in about {total / rate / 60:.0f} min, in the background"
            )
    return results


def _checked(screen: str) -> tuple[int, int]:
    found = re.search(r"Checking claims against fact-checks ([\d,]+)/([\d,]+)", screen)
    return (int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))) if found else (0, 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, help="reuse (or create) the corpus here")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-cold-wait", action="store_true", help="do not wait for the full cold analysis")
    parser.add_argument("--home", type=Path, help="reuse this NEWSREADER_HOME (already indexed: skips the cold run)")
    parser.add_argument("--factchecks", type=Path, metavar="FILE",
                        help="then import these fact-checks and time keystrokes while the library is matched")
    args = parser.parse_args()
    if not shutil.which("tmux"):
        print("tmux is needed (apt-get install tmux)")
        return 1
    corpus = args.corpus or Path(tempfile.gettempdir()) / f"nr-corpus-{args.count}"
    if not corpus.is_dir() or sum(1 for _ in corpus.rglob("*.txt")) < args.count:
        print(f"building {args.count} articles in {corpus} ...", flush=True)
        write_corpus(corpus, args.count)
    compile_package()
    home = str(args.home) if args.home else tempfile.mkdtemp(prefix="nr-scale-")
    env = {"NEWSREADER_HOME": home}
    command = f"{newsreader_command()} {corpus}"
    results: dict[str, str] = {}
    try:
        if not args.home:
            results.update(cold_start(command, env, wait_for_analysis=not args.skip_cold_wait))
        # -- warm start, alternating with the bare app ----------------------------------------
        bare, warm = [], []
        for run in range(args.runs + 1):
            with Terminal(f"{sys.executable} {HERE / 'bare_app.py'}") as term:
                bare_time = term.wait_for("READY bare")
            with Terminal(command, env=env) as term:
                warm_time = term.wait_for(r"Articles\s+\d+")
            if run:
                bare.append(bare_time)
                warm.append(warm_time)
        b, w = statistics.median(bare), statistics.median(warm)
        results["bare Textual app start"] = f"{b * 1000:.0f} ms"
        results["warm start: list visible"] = f"{w * 1000:.0f} ms  ({w / b:.2f}x bare; target <= 1.5x)"
        # -- interaction -----------------------------------------------------------------
        with Terminal(command, env=env) as term:
            term.wait_for(r"Articles\s+\d+")
            time.sleep(1.0)
            term.press("g")  # the top of the list, whatever order the config keeps
            time.sleep(0.3)
            presses = []
            for _ in range(100):
                before = term.screen_ansi()
                term.press("j")
                presses.append(wait_change(term, before))
            presses.sort()
            results["keystroke to repaint (100 j)"] = (
                f"median {statistics.median(presses) * 1000:.1f} ms, p90 {presses[89] * 1000:.1f} ms (target <= 30 ms)"
            )
            time.sleep(0.5)
            before = term.screen_ansi()
            start = term.press("Enter")
            opened = wait_change(term, before)
            results["open article (Enter to text on screen)"] = f"{opened * 1000:.0f} ms"
            term.press("Escape")
            time.sleep(0.3)
            searches = []
            for word in ("refugees", "council", "Lagos", "spokeswoman ministry"):
                term.press("/")
                time.sleep(0.3)
                start = term.paste(word)
                term.wait_for(r"Articles\s+\d+/\d+", since=start)
                searches.append(time.perf_counter() - start)
                term.press("Escape")
                term.press("Escape")
                time.sleep(0.3)
            results["search (query pasted to filtered list)"] = (
                f"median {statistics.median(searches) * 1000:.0f} ms (target <= 100 ms)"
            )
            saves = []
            for number in range(3):  # notes on the open article: its list row shows the count
                counts = [int(found) for found in re.findall(r"✎(\d+)", term.screen())]
                term.press("a")
                term.wait_for(r"Save \(ctrl\+s\)")
                term.paste(f"bench note {number + 1}")
                time.sleep(0.2)
                start = term.press("C-s")
                term.wait_for(f"✎{max(counts, default=0) + 1}\\b", since=start)
                saves.append(time.perf_counter() - start)
                time.sleep(0.3)
            results["note save (ctrl+s to marker on screen)"] = f"median {statistics.median(saves) * 1000:.0f} ms"
            results["peak RSS, browsing"] = f"{peak_rss_mb(pane_pid(term)) or float('nan'):.0f} MB (target <= 250 MB)"
        if args.factchecks:
            results.update(keys_while_matching(command, env, args.factchecks))
    finally:
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)
    print(f"newsreader with {args.count:,} articles ({corpus}), {os.cpu_count()} cores")
    for key, value in results.items():
        print(f"  {key:<42} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
