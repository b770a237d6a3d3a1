"""Concurrency test: several writers of one user file at once lose nothing.

* notes: 4 processes add 200 notes each to one article (NotesStore, as the app saves them);
* tags: 4 processes add 50 tags each to one source registry (Registry.tag, loaded once per
  process as the app loads it: each tag is merged into the file as it is on disk then);
* the same as a baseline done the old way (load once, tag in memory, rewrite the whole file),
  to show what the count looks like when updates are lost;
* two apps: two NewsReader instances, run headless with Pilot in two processes, each tag 50
  sources through the tag screen's code path (``_apply_tags``) and mark 50 articles read
  (``_set_read``'s save), at once.

All processes start at the same instant (after their imports).  NEWSREADER_HOME is a fresh
temporary folder for each part.

    python benchmarks/safety_concurrent.py

Prints figures; exit status 1 if anything was lost.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ARTICLE_ID = "c0ffee00c0ffee00"
PROCESSES = 4
NOTES_EACH = 200
TAGS_EACH = 50
APP_CHANGES_EACH = 50


def wait_until(start: float) -> None:
    time.sleep(max(0.0, start - time.time()))


def child_notes(k: int, start: float) -> None:
    from newsreader.notes import NotesStore

    store = NotesStore(lock_timeout=120)
    wait_until(start)
    for i in range(NOTES_EACH):
        store.add_note(ARTICLE_ID, f"process {k} note {i}", article_meta={"title": "Concurrency test"})


def child_tags(k: int, start: float) -> None:
    from newsreader.registry import Registry

    registry = Registry.load()
    registry.lock_timeout = 120
    wait_until(start)
    for i in range(TAGS_EACH):
        registry.tag(f"Shared Source {i % 10}", [f"p{k}-tag{i}"])


def child_tags_old(k: int, start: float) -> None:
    """The way sources.yaml was saved before: the app's copy, changed and written whole."""
    from newsreader.registry import Registry

    registry = Registry.load()
    wait_until(start)
    for i in range(TAGS_EACH):
        registry._tag(f"Shared Source {i % 10}", [f"p{k}-tag{i}"], None, None)
        handle, temp = tempfile.mkstemp(dir=registry.path.parent, prefix=".old-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(registry.dumps())
        os.replace(temp, registry.path)


def child_app(k: int, start: float) -> None:
    """A headless app that tags sources and marks articles read, as a user would, at ``start``."""
    from newsreader.ui.app import NewsReader
    from newsreader.ui.sources_ui import TagResult

    async def run() -> None:
        app = NewsReader()
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(500):
                await pilot.pause(0.02)
                if app.synced and app.current is not None:
                    break
            if time.time() > start:
                print(f"late {time.time() - start:.1f}", flush=True)  # the apps may not overlap
            wait_until(start)
            for i in range(APP_CHANGES_EACH):
                app._apply_tags(f"App {k} Source {i}", TagResult([f"app{k}-tag{i}"], i % 5 + 1))
                app.read_state.set_read(f"app{k}-article{i}", True)
                app.save_read_state()
                await pilot.pause(0.005)
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(run())


CHILDREN = {"notes": child_notes, "tags": child_tags, "tags-old": child_tags_old, "app": child_app}


def run_part(part: str, processes: int) -> tuple[Path, float]:
    """Run ``processes`` children of ``part`` in a fresh home; (home, seconds from the common start)."""
    home = Path(tempfile.mkdtemp(prefix=f"newsreader-{part}-"))
    (home / "data").mkdir(parents=True)
    env = {**os.environ, "NEWSREADER_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    start = time.time() + (6.0 if part == "app" else 2.0)  # after every child's imports (and the app's start)
    procs = [subprocess.Popen([sys.executable, __file__, part, str(k), repr(start)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(processes)]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise SystemExit(f"a {part} process failed:\n{err}")
        if out.startswith("late"):
            print(f"  (a {part} process started {out.split()[1]} s late: the runs may not have overlapped)")
    return home, time.time() - start


def main() -> int:
    if len(sys.argv) == 4:
        CHILDREN[sys.argv[1]](int(sys.argv[2]), float(sys.argv[3]))
        return 0
    from newsreader import storage

    lost = 0

    def report(what: str, kept: int, expected: int, seconds: float, count_lost: bool = True) -> None:
        nonlocal lost
        if count_lost:
            lost += expected - kept
        print(f"{what:<58} {kept:>4}/{expected} kept  ({seconds:.1f} s)", flush=True)

    def environ(home: Path) -> None:
        os.environ["NEWSREADER_HOME"] = str(home)
        storage._MEMO.clear()

    home, seconds = run_part("notes", PROCESSES)
    environ(home)
    from newsreader.notes import NotesStore

    notes = NotesStore().load(ARTICLE_ID)
    assert notes.error is None, notes.error
    report(f"notes: {PROCESSES} processes x {NOTES_EACH} notes, one article", len(notes.notes),
           PROCESSES * NOTES_EACH, seconds)

    from newsreader.registry import Registry

    for part, label, counts in (("tags", "tags: {n} processes x {each} tags, one registry", True),
                                ("tags-old", "  baseline, the old way (whole-file rewrite, no lock)", False)):
        home, seconds = run_part(part, PROCESSES)
        environ(home)
        registry = Registry.load()
        assert registry.problem is None, registry.problem
        tags = sum(len(entry.tags) for entry in registry.entries)
        report(label.format(n=PROCESSES, each=TAGS_EACH), tags, PROCESSES * TAGS_EACH, seconds, counts)

    home, seconds = run_part("app", 2)
    environ(home)
    from newsreader.library import ReadState

    registry = Registry.load()
    assert registry.problem is None, registry.problem
    tagged = sum(1 for k in range(2) for i in range(APP_CHANGES_EACH)
                 if (entry := registry.lookup(f"App {k} Source {i}")) is not None
                 and entry.tags == [f"app{k}-tag{i}"] and entry.reliability == i % 5 + 1)
    report(f"two apps (Pilot, 2 processes): {APP_CHANGES_EACH} tag changes each", tagged, 2 * APP_CHANGES_EACH,
           seconds)
    state = ReadState.load()
    marked = sum(1 for k in range(2) for i in range(APP_CHANGES_EACH) if state.is_read(f"app{k}-article{i}"))
    report(f"two apps (Pilot, 2 processes): {APP_CHANGES_EACH} read marks each", marked, 2 * APP_CHANGES_EACH,
           seconds)
    print(f"\nlost: {lost}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
