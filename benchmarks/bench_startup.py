"""Launch to list visible: newsreader on its bundled seeds against a bare Textual app.

Both are started in a real terminal (tmux), alternately, several times; the figure is
the time until the expected text is on screen.  Each round: the bare app; newsreader's
first launch in a new NEWSREADER_HOME (nothing cached: the index and the YAML memo are
built); its next launch there (the figure the target is about, as every later start).  Run from a checkout with the
package installed:  python benchmarks/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tui import Terminal, compile_package, median

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--newsreader", default=shutil.which("newsreader") or f"{sys.executable} -m newsreader")
    args = parser.parse_args()
    if not shutil.which("tmux"):
        print("tmux is needed for this benchmark (apt-get install tmux)")
        return 1
    compile_package()
    bare, warm, first = [], [], []
    for run in range(args.runs + 1):  # the first round warms the disk cache and is not counted
        home = tempfile.mkdtemp(prefix="nr-bench-")
        try:
            with Terminal(f"{sys.executable} {HERE / 'bare_app.py'}") as term:
                bare_time = term.wait_for("READY bare")
            with Terminal(args.newsreader, env={"NEWSREADER_HOME": home}) as term:
                first_time = term.wait_for("North Korea boosts")  # nothing cached yet
                time.sleep(2)  # the worker indexes the seeds
            with Terminal(args.newsreader, env={"NEWSREADER_HOME": home}) as term:
                warm_time = term.wait_for("North Korea boosts")
        finally:
            shutil.rmtree(home, ignore_errors=True)
        if run:
            bare.append(bare_time)
            first.append(first_time)
            warm.append(warm_time)
    b, w, f = median(bare), median(warm), median(first)
    print(f"runs: {args.runs} rounds of bare app, first launch, next launch; median (min-max)")
    print(f"bare Textual app, one Static          {b * 1000:7.0f} ms  ({min(bare) * 1000:.0f}-{max(bare) * 1000:.0f})")
    print(f"newsreader, seeds, list visible       {w * 1000:7.0f} ms  ({min(warm) * 1000:.0f}-{max(warm) * 1000:.0f})")
    print(f"ratio                                {w / b:7.2f}x  (target <= 1.3x)")
    print(f"first launch ever (nothing cached)    {f * 1000:7.0f} ms  ({min(first) * 1000:.0f}-{max(first) * 1000:.0f})"
          f"  {f / b:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
