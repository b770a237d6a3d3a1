"""A folder of files that are not files: `analyze` finishes and the app lists the good articles.

    .venv/bin/python benchmarks/safety_folder.py [--keep DIR] [--timeout 60]

The folder holds three good articles (.txt, .md, .html), two good UTF-16 files (with a
byte-order mark), and things that are not articles: a FIFO (opening it blocks forever), a link
to /dev/zero (endless), a link to the FIFO (the same file: listed once), a symlink loop, a
dangling link, a Unix socket, a binary file, UTF-16 without a byte-order mark, a 40 MB sparse
file, a folder named like an article, a FIFO in a subfolder, and links back to the folder itself
(``a -> .``, ``b -> .``, ``sub/back -> ..``: followed blindly, 2^40 folders).  Both runs use a
fresh NEWSREADER_HOME.

1. ``newsreader analyze FOLDER`` in a child process with a timeout: it must exit 0, return
   every good article and name each bad file with a reason on stderr;
2. the app on the folder (``NewsReader(paths=[FOLDER]).run_test()`` in a child process, the
   Pilot a test uses): it must finish syncing, list every good article, and list every bad file
   with ✗ and its reason.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GOOD = {  # file name -> title
    "good.txt": "Port closes after storm",
    "good.md": "Ministry revises export figures",
    "good.html": "Ships stuck outside the harbour",
    "wide-le.txt": "Wide story little-endian",
    "wide-be.txt": "Wide story big-endian",
}
BODY = ("Officials said on Monday that exports fell by half in the first quarter, the ministry said. "
        "Reuters reported that 12 ships were stuck outside the port.")
# file name -> words the reason must contain (lower case)
BAD = {
    "pipe.txt": "named pipe",
    "sub/pipe.md": "named pipe",
    "zero.md": "device",
    "loop.html": "symbolic links",
    "dangling.txt": "no such file",
    "sock.txt": "socket",
    "binary.txt": "binary",
    "wide-nobom.txt": "binary",
    "sparse.txt": "too large",
}


def build(folder: Path) -> socket.socket:
    """Make the folder; returns the bound socket (the socket file exists while it is open)."""
    folder.mkdir(parents=True)
    (folder / "sub").mkdir()
    (folder / "good.txt").write_text(f"{GOOD['good.txt']}\n\n{BODY}\n", encoding="utf-8")
    (folder / "good.md").write_text(f"---\ntitle: {GOOD['good.md']}\nsource: The Daily\n---\n\n{BODY}\n",
                                    encoding="utf-8")
    (folder / "good.html").write_text(
        f"<html><head><title>{GOOD['good.html']}</title></head><body><article><h1>{GOOD['good.html']}</h1>"
        f"<p>{BODY}</p><p>{BODY}</p></article></body></html>", encoding="utf-8")
    (folder / "wide-le.txt").write_bytes(f"{GOOD['wide-le.txt']}\n\n{BODY}\n".encode("utf-16"))  # BOM + LE
    (folder / "wide-be.txt").write_bytes(b"\xfe\xff" + f"{GOOD['wide-be.txt']}\n\n{BODY}\n".encode("utf-16-be"))
    (folder / "wide-nobom.txt").write_bytes(f"No mark\n\n{BODY}\n".encode("utf-16-le"))
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "sub" / "pipe.md")
    (folder / "zero.md").symlink_to("/dev/zero")
    (folder / "to-pipe.txt").symlink_to(folder / "pipe.txt")
    (folder / "a").symlink_to(".")
    (folder / "b").symlink_to(".")
    (folder / "sub" / "back").symlink_to("..")
    (folder / "loop.html").symlink_to(folder / "loop.html")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "folder.txt").mkdir()  # a folder named like an article: walked into, nothing in it
    with open(folder / "sparse.txt", "wb") as sparse:
        sparse.truncate(40 * 1024 * 1024)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.txt"))
    return server


APP_CHILD = r"""
import asyncio, json, sys, time
sys.path.insert(0, sys.argv[2])
from newsreader.ui.app import NewsReader
from newsreader.ui.article_table import ArticleTable
from newsreader.ui.article_view import ArticleView

def lines(widget):
    return [widget.render_line(y).text.rstrip() for y in range(widget.scrollable_content_region.height)]

async def main():
    app = NewsReader(paths=[sys.argv[1]])
    start = time.perf_counter()
    async with app.run_test(size=(160, 60)) as pilot:
        while not app.synced and time.perf_counter() - start < float(sys.argv[3]):
            await pilot.pause(0.05)
        await pilot.pause(0.2)
        synced = time.perf_counter() - start if app.synced else None
        table = app.query_one(ArticleTable)
        rows = [{"path": row.id, "title": row.title, "error": row.error} for row in table.rows]  # id: the path
        screen = lines(table)
        pages = {}  # what the reader shows for each file that could not be read
        for row in rows:
            if row["error"]:
                table.move_to(row["path"])
                await pilot.pause(0.4)
                pages[row["path"]] = " ".join(" ".join(lines(app.query_one(ArticleView))).split())
    print(json.dumps({"synced": synced, "rows": rows, "screen": screen, "pages": pages}))

asyncio.run(main())
"""


def check_analyze(folder: Path, env: dict, timeout: float) -> list[str]:
    failures = []
    start = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-m", "newsreader", "analyze", str(folder)], env=env,
                                capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"analyze: TIMED OUT after {timeout:.0f} s")
        return ["analyze timed out"]
    seconds = time.perf_counter() - start
    try:
        articles = json.loads(result.stdout)["articles"]
    except (ValueError, KeyError):
        print(f"analyze: exit {result.returncode}, no JSON; stderr: {result.stderr[-500:]}")
        return ["analyze printed no JSON"]
    good = sorted(a["title"] for a in articles if not a["error"])
    print(f"analyze: exit {result.returncode} in {seconds:.2f} s; {len(articles)} files, {len(good)} good: {good}")
    if result.returncode != 0:
        failures.append(f"analyze exit {result.returncode}")
    if good != sorted(GOOD.values()):
        failures.append(f"analyze good articles {good}")
    stderr = result.stderr.lower()
    for name, reason in BAD.items():
        line = next((line for line in result.stderr.splitlines() if line.endswith(name) or f"/{name}:" in line), "")
        print(f"  {name:<16} {line.split(name + ':', 1)[-1].strip() or 'NOT REPORTED'}")
        if reason not in line.lower():
            failures.append(f"analyze: {name} not reported with '{reason}'")
    if "traceback" in stderr:
        failures.append("analyze printed a traceback")
    return failures


def check_app(folder: Path, env: dict, timeout: float) -> list[str]:
    failures = []
    start = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-c", APP_CHILD, str(folder), str(ROOT / "src"), str(timeout)],
                                env=env, capture_output=True, text=True, timeout=timeout + 30)
    except subprocess.TimeoutExpired:
        print(f"app: TIMED OUT after {timeout + 30:.0f} s")
        return ["app timed out"]
    seconds = time.perf_counter() - start
    try:
        data = json.loads(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        print(f"app: exit {result.returncode}, no result; stderr: {result.stderr[-800:]}")
        return ["app failed"]
    rows = [row for row in data["rows"] if str(folder) in row["path"]]
    good = sorted(row["title"] for row in rows if not row["error"])
    synced = f"synced in {data['synced']:.2f} s" if data["synced"] is not None else "NEVER SYNCED"
    print(f"app: {synced} (process {seconds:.2f} s); {len(rows)} rows from the folder, {len(good)} good: {good}")
    if data["synced"] is None:
        failures.append("the app never finished syncing")
    if good != sorted(GOOD.values()):
        failures.append(f"app good articles {good}")
    for name, reason in BAD.items():
        row = next((row for row in rows if row["path"].endswith(name)), None)
        # In the list: "✗ name  (reason…" (cut to the column); in the reader: the whole reason.
        listed = row is not None and any(line.startswith(f"✗ {Path(name).name}  ({row['error'][:8]}")
                                         for line in data["screen"])
        page = data["pages"].get(row["path"], "") if row else ""
        shown = row is not None and f"Cannot show this file: {row['error']}" in page
        print(f"  {name:<16} {'✗ ' + row['error'] if row else 'NOT LISTED'}"
              f"{'' if listed or not row else '  (not in the list on screen)'}"
              f"{'' if shown or not row else '  (not in the reader)'}")
        if row is None or reason not in row["error"].lower():
            failures.append(f"app: {name} not listed with '{reason}'")
        elif not (listed and shown):
            failures.append(f"app: {name}'s reason not on screen")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", metavar="DIR", help="build the folder here and keep it")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds each run may take")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsreader-folder-") as scratch:
        base = Path(args.keep) if args.keep else Path(scratch)
        folder = base / "folder"
        server = build(folder)
        try:
            env = dict(os.environ, NEWSREADER_HOME=str(base / "home"), PYTHONPATH=str(ROOT / "src"))
            failures = check_analyze(folder, env, args.timeout)
            env["NEWSREADER_HOME"] = str(base / "home-app")
            failures += check_app(folder, env, args.timeout)
        finally:
            server.close()
    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
