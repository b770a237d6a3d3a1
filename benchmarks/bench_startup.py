"""Launch to list visible: newsreader on its bundled seeds against a bare Textual app.

Both are started in a real terminal (tmux), alternately, several times; the figure is
the time until the expected text is on screen.  Run from a checkout with the
package installed:  python benchmarks/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import time
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tui import Terminal, compile_package, median  # noqa: E402

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
    home = tempfile.mkdtemp(prefix="nr-bench-")
    bare, ours = [], []
    try:
        for run in range(args.runs + 1):
            with Terminal(f"{sys.executable} {HERE / 'bare_app.py'}") as term:
                bare_time = term.wait_for("READY bare")
            with Terminal(args.newsreader, env={"NEWSREADER_HOME": home}) as term:
                our_time = term.wait_for("North Korea boosts")
                if not run:
                    time.sleep(3)  # the first run builds the library index: later runs are warm starts
            if run:  # the first pair warms the disk cache and the index
                bare.append(bare_time)
                ours.append(our_time)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    b, o = median(bare), median(ours)
    print(f"runs: {args.runs} each, alternating, median (min-max)")
    print(f"bare Textual app, one Static      {b * 1000:7.0f} ms  ({min(bare) * 1000:.0f}-{max(bare) * 1000:.0f})")
    print(f"newsreader, seeds, list visible   {o * 1000:7.0f} ms  ({min(ours) * 1000:.0f}-{max(ours) * 1000:.0f})")
    print(f"ratio                             {o / b:7.2f}x  (target <= 1.3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
