"""Hostile YAML in every place newsreader reads YAML: refused, quickly, in bounded memory, naming the file.

    .venv/bin/python benchmarks/safety_hostile.py [--case NAME ...] [--place NAME ...] [--keep DIR]

Target: every case below, in each of the four places (notes file, source registry, config
file, Markdown front matter), is refused with a message that names the file, within 10 s
and in less than 1 GB of address space.

Each case runs the real loader (``NotesStore.load``, ``Registry.load``, ``Config.load``,
``load_article``) in a child process under ``RLIMIT_AS`` = 1 GiB with a 10 s timeout; the
child reports the loader's own time, its peak RSS and the message.  A child that dies,
raises or times out is a failure, and so is a message that does not name the file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_BYTES = 1 << 30
TIMEOUT = 10.0
MiB = 1024 * 1024
ARTICLE_ID = "0123456789abcdef"


# --------------------------------------------------------------------------- the hostile texts


def python_tag() -> str:
    return '!!python/object/apply:os.system ["echo pwned > PWNED"]\n'


def python_tag_nested() -> str:
    return ('schema_version: 1\nsources:\n- name: x\n  note: !!python/object/apply:os.system ["echo pwned > PWNED"]\n'
            'folders: !!python/name:os.system\n')


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def fifty_mb() -> str:
    line = "- " + "x" * 70 + "\n"
    return line * (50 * MiB // len(line) + 1)


def deep() -> str:
    return "[" * 100_000 + "]" * 100_000 + "\n"


def deep_block() -> str:
    return "- " * 100_000 + "x\n"


def tiny_lists() -> str:
    """16 MB (just under the 16 MiB cap) of tiny lists: millions of events."""
    line = "- []\n"
    return line * ((16 * MiB - 4096) // len(line))


def flat_list() -> str:
    """A list of short scalars just under the event bound: the biggest tree the bounds let through."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsreader.storage import MAX_YAML_EVENTS

    return "- abcdefghij\n" * (MAX_YAML_EVENTS - 8)


def many_notes() -> str:
    """16 MB of tiny but valid notes, in the layout the app writes (parsed item by item)."""
    head = f"schema_version: 1\narticle:\n  id: {ARTICLE_ID}\nverdicts: []\nnotes:\n"
    item = '- id: n{:012d}\n  target: article\n  created: "2024-01-01T00:00:00.000000Z"\n  body: x\n'
    return head + "".join(item.format(i) for i in range((16 * MiB - 4096) // len(item.format(0))))


def bad_last_source() -> str:
    """A registry of sources up to the event bound whose last entry is wrong (its line is looked up)."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsreader.storage import MAX_YAML_EVENTS

    count = (MAX_YAML_EVENTS - 20) // 4
    return "version: 1\nsources:\n" + "".join(f"- name: s{i}\n" for i in range(count)) + "- name: [x]\n"


CASES = {
    "python-tag": python_tag,
    "python-tag-in-map": python_tag_nested,
    "alias-bomb": alias_bomb,
    "50MB": fifty_mb,
    "depth-100k-flow": deep,
    "depth-100k-block": deep_block,
    "16MB-tiny-lists": tiny_lists,
    "flat-list-at-bound": flat_list,
    "16MB-many-notes": many_notes,
    "bad-last-source": bad_last_source,
}
ONLY_IN = {"bad-last-source": ("registry",)}  # valid YAML of another file's shape elsewhere


# --------------------------------------------------------------------------- the places


def place_file(place: str, home: Path, text: str) -> Path:
    """Write ``text`` where ``place`` reads YAML under NEWSREADER_HOME=home; the file's path."""
    if place == "notes":
        path = home / "data" / "notes" / f"{ARTICLE_ID}.yaml"
    elif place == "registry":
        path = home / "data" / "sources.yaml"
    elif place == "config":
        path = home / "config" / "config.yaml"
    else:
        path = home / "article.md"
        text = "---\n" + text + ("" if text.endswith("\n") else "\n") + "---\n\n# Title\n\nA paragraph of body text.\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    return path


PLACES = ("notes", "registry", "config", "front-matter")


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss it does not carry the parent's over exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(place: str, path: str) -> None:
    """Run in the child: load ``path`` the way the app does, print JSON {seconds, rss_mb, message}."""
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))
    sys.path.insert(0, str(ROOT / "src"))
    sys.setrecursionlimit(10_000)
    if place == "notes":
        from newsreader.notes import NotesStore

        store = NotesStore()
        start = time.perf_counter()
        notes = store.load(ARTICLE_ID)
        seconds = time.perf_counter() - start
        message = str(notes.error) if notes.error else ""
        refused = notes.read_only
    elif place == "registry":
        from newsreader.registry import Registry

        start = time.perf_counter()
        registry = Registry.load()
        seconds = time.perf_counter() - start
        message = registry.problem or ""
        refused = registry.read_only
    elif place == "config":
        from newsreader.config import Config

        start = time.perf_counter()
        config = Config.load()
        seconds = time.perf_counter() - start
        message = config.problem
        refused = bool(config.problem)
    else:
        from newsreader.articles import load_article

        start = time.perf_counter()
        article = load_article(path)
        seconds = time.perf_counter() - start
        # The front matter's refusal is a warning on the article (shown on its page, and printed by
        # `newsreader analyze` as "newsreader: PATH: ..."), or the file's error.
        problems = ([article.error] if article.error else []) + [
            w for w in article.warnings if "front matter" in w]
        message = f"{article.path}: {'; '.join(problems)}" if problems else ""
        refused = bool(problems)
    rss_mb = peak_rss_mb()
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb, "message": message, "refused": refused}))


def run_case(case: str, place: str, work: Path) -> dict:
    home = work / f"{case}-{place}"
    path = place_file(place, home, CASES[case]())
    size = path.stat().st_size
    env = dict(os.environ, NEWSREADER_HOME=str(home))
    started = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", place, str(path)], env=env, cwd=home,
                              capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"case": case, "place": place, "ok": False, "wall": time.perf_counter() - started, "size": size,
                "why": f"timed out after {TIMEOUT:.0f} s"}
    wall = time.perf_counter() - started
    result = {"case": case, "place": place, "wall": wall, "size": size}
    try:
        result.update(json.loads(proc.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        tail = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        result.update(ok=False, why=f"child failed (exit {proc.returncode}): {tail[:200]}")
        return result
    pwned = (home / "PWNED").exists()
    named = str(path) in result["message"]
    result["ok"] = result["refused"] and named and not pwned and wall < TIMEOUT
    result["why"] = "" if result["ok"] else ("code ran!" if pwned else "not refused" if not result["refused"]
                                            else "message does not name the file")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only these cases")
    parser.add_argument("--place", action="append", choices=PLACES, help="only these places")
    parser.add_argument("--keep", metavar="DIR", help="build the files here and keep them")
    parser.add_argument("--child", nargs=2, metavar=("PLACE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    cases = args.case or list(CASES)
    places = args.place or list(PLACES)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="newsreader-hostile-") as scratch:
        work = Path(args.keep) if args.keep else Path(scratch)
        print(f"limit {LIMIT_BYTES / MiB:.0f} MiB address space, {TIMEOUT:.0f} s; python {sys.version.split()[0]}")
        print(f"{'case':<18} {'place':<13} {'size':>9} {'load s':>7} {'wall s':>7} {'RSS MB':>7}  result / message")
        for case in cases:
            for place in places:
                if place not in ONLY_IN.get(case, PLACES):
                    continue
                r = run_case(case, place, work)
                failures += not r["ok"]
                size = f"{r['size'] / MiB:.1f} MiB" if r["size"] >= MiB else f"{r['size']} B"
                load = f"{r['seconds']:.3f}" if "seconds" in r else "-"
                rss = f"{r['rss_mb']:.0f}" if "rss_mb" in r else "-"
                verdict = "ok  " if r["ok"] else f"FAIL ({r['why']})"
                message = r.get("message", "").replace(str(work), "…")
                print(f"{case:<18} {place:<13} {size:>9} {load:>7} {r['wall']:>7.2f} {rss:>7}  "
                      f"{verdict} {message[:150]}")
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
