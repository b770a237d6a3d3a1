"""Kill test: user files survive SIGKILL at any moment of a save.

Child processes save notes, verdicts, source tags, source ratings, config changes and read
marks in a loop, each through the code path the app uses, printing ``TRY <kind> <key> <value>``
before a save and ``ACK <kind> <key> <value>`` after it returns.  The parent kills them with
SIGKILL at random moments (12 children a round, 25 rounds: 300 kills) and after every round
checks that every file parses and holds every acknowledged save: an acknowledged addition is
there, an acknowledged removal is gone, an acknowledged value is the value on disk unless a
later save of the same key was under way when the child died.  At the end it counts the
temporary files left, then starts the app (headless) once and counts them again.

    python benchmarks/safety_kill.py [--rounds 25] [--seed 1]

Prints figures, not a pass/fail; exit status 1 if anything was lost or unparseable.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ARTICLE_ID = "5afe5afe5afe5afe"
TEXT = " ".join(f"Claim number {i} says {i * 7} people were hurt." for i in range(40))
KINDS = ("note", "verdict", "tag", "rating", "config", "state")
VERDICTS = ("verified", "false", "misleading", "disputed", "unproven")


def say(*words: object) -> None:
    print(*words, flush=True)


def child(kind: str, name: str) -> None:
    """Save ``kind`` in a loop until killed; ``name`` keeps this child's keys its own."""
    from newsreader.config import editing_config
    from newsreader.library import ReadState
    from newsreader.notes import Anchor, NotesStore
    from newsreader.registry import Registry

    store = NotesStore()
    registry = Registry.load()  # loaded once, as the app does
    state = ReadState.load()
    mine: list[str] = []
    for i in range(1, 1_000_000):
        if kind == "note":
            note = store.add_note(ARTICLE_ID, f"{name} note {i}\nsecond line", article_meta={"title": "Kill test"})
            say("ACK note", note.id, "add")
            mine.append(note.id)
            if i % 3 == 0:
                victim = mine.pop(0)
                say("TRY note", victim, "del")
                store.delete_note(ARTICLE_ID, victim)
                say("ACK note", victim, "del")
        elif kind == "verdict":
            claim = int(name.rsplit("-", 1)[1]) * 5 + i % 5  # this child's claims
            start = TEXT.index(f"Claim number {claim} ")
            anchor = Anchor.from_span(TEXT, start, start + len(f"Claim number {claim}"))
            verdict = VERDICTS[i % len(VERDICTS)]
            say("TRY verdict", claim, verdict)
            store.set_verdict(ARTICLE_ID, anchor, verdict)
            say("ACK verdict", claim, verdict)
        elif kind == "tag":
            source, tag = f"Source {name} {i % 7}", f"{name}-t{i}"
            say("TRY tag", source.replace(" ", "_"), tag)
            registry.tag(source, [tag])
            say("ACK tag", source.replace(" ", "_"), tag)
        elif kind == "rating":
            source, rating = f"Rated {name} {i % 3}", i % 5 + 1
            say("TRY rating", source.replace(" ", "_"), rating)
            registry.tag(source, [], reliability=rating)
            say("ACK rating", source.replace(" ", "_"), rating)
        elif kind == "config":
            folder = f"~/bench/{name}-{i}"
            say("TRY config", folder, "add")
            with editing_config() as config:
                config.folders.append(folder)
            say("ACK config", folder, "add")
            mine.append(folder)
            if i % 3 == 0:
                victim = mine.pop(0)
                say("TRY config", victim, "del")
                with editing_config() as config:
                    config.folders.remove(victim)
                say("ACK config", victim, "del")
        elif kind == "state":
            article = f"{name}-{i}"
            say("TRY state", article, "add")
            state.set_read(article, True)
            state.save()
            say("ACK state", article, "add")
            mine.append(article)
            if i % 3 == 0:
                victim = mine.pop(0)
                say("TRY state", victim, "del")
                state.set_read(victim, False)
                state.save()
                say("ACK state", victim, "del")


def start_app() -> None:
    """Start the app headless, as a user would after the kills, until its start-up work is done."""
    from newsreader.ui.app import NewsReader

    async def run() -> None:
        app = NewsReader()
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(300):
                await pilot.pause(0.02)
                if app.synced and not any(w.group == "sweep" and not w.is_finished for w in app.workers):
                    break

    asyncio.run(run())


def check(home: Path, acks: dict, tries: dict) -> tuple[int, int, list[str], dict]:
    """(acknowledged saves lost, unparseable files, what was lost, what is on disk) for ``home``."""
    os.environ["NEWSREADER_HOME"] = str(home)
    from newsreader import storage
    from newsreader.config import Config
    from newsreader.library import ReadState
    from newsreader.notes import NotesStore
    from newsreader.registry import Registry

    storage._MEMO.clear()
    lost: list[str] = []
    broken = 0
    notes = NotesStore().load(ARTICLE_ID)
    registry = Registry.load()
    config = Config.load()
    state = ReadState.load()
    for problem in (notes.error, registry.problem, config.problem, state.problem):
        if problem:
            broken += 1
            lost.append(f"unparseable: {problem}")
    on_disk: dict = {
        "note": {note.id for note in notes.notes},
        "config": set(config.folders),
        "state": set(state.read),
        "verdict": {int(v.anchor.exact.rsplit(" ", 1)[1]): v.verdict for v in notes.verdicts},
        "rating": {entry.name.replace(" ", "_"): str(entry.reliability) for entry in registry.entries},
    }
    for kind in ("note", "config", "state"):  # additions and removals
        for key, history in acks[kind].items():
            last = history[-1]
            in_flight = tries[kind].get(key)  # started after the last ack, maybe done, maybe not
            expected = last == "add"
            if (key in on_disk[kind]) != expected and in_flight is None:
                lost.append(f"{kind} {key}: acknowledged {last}")
    for key, history in acks["verdict"].items():
        found = on_disk["verdict"].get(key)
        if found not in (history[-1], tries["verdict"].get(key)):
            lost.append(f"verdict on claim {key}: acknowledged {history[-1]}, found {found}")
    for key, history in acks["tag"].items():
        entry = registry.lookup(key.replace("_", " "))
        missing = [tag for tag in history if entry is None or tag not in entry.tags]
        lost.extend(f"tag {tag} on {key}" for tag in missing)
    for key, history in acks["rating"].items():
        entry = registry.lookup(key.replace("_", " "))
        found = entry.reliability if entry else None
        if str(found) not in (history[-1], tries["rating"].get(key)):
            lost.append(f"rating of {key}: acknowledged {history[-1]}, found {found}")
    return len(lost) - broken, broken, lost, on_disk


def settle(tries: dict, acks: dict, on_disk: dict) -> None:
    """A save under way when its child died either happened or did not: take what the disk says."""
    for kind, pending in tries.items():
        for key in pending:
            if kind in ("note", "config", "state"):
                acks[kind][key].append("add" if key in on_disk[kind] else "del")
            elif kind in ("verdict", "rating") and key in on_disk[kind]:
                acks[kind][key].append(on_disk[kind][key])
        pending.clear()


def temporaries(home: Path) -> list[Path]:
    return sorted(path for path in home.rglob(".*.tmp"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--per-kind", type=int, default=2, help="children of each kind in a round")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "NAME"), help=argparse.SUPPRESS)
    parser.add_argument("--start-app", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    if args.start_app:
        start_app()
        return 0

    rng = random.Random(args.seed)
    home = Path(tempfile.mkdtemp(prefix="newsreader-kill-"))
    env = {**os.environ, "NEWSREADER_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    acks: dict[str, dict] = {kind: defaultdict(list) for kind in KINDS}
    total_acks = kills = mid_save = left_by_kills = 0
    per_kind_acks: dict[str, int] = defaultdict(int)
    lost_total = broken_total = 0
    started = time.perf_counter()
    tries: dict[str, dict] = {kind: {} for kind in KINDS}  # saves started, not acknowledged
    for round_ in range(args.rounds):
        procs = []
        for kind in KINDS:
            for k in range(args.per_kind):
                name = f"r{round_}-{k}" if kind != "verdict" else f"r{round_}-{(round_ * args.per_kind + k) % 8}"
                procs.append((kind, subprocess.Popen(
                    [sys.executable, __file__, "--child", kind, name], env=env,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
        early: dict[int, list[str]] = {}
        for kind, proc in procs:  # wait until every child is up and has saved once
            lines = early[proc.pid] = []
            while not lines or not lines[-1].startswith("ACK"):
                line = proc.stdout.readline()
                if not line:
                    raise SystemExit(f"a {kind} child died: {proc.stderr.read()}")
                lines.append(line)
        order = list(procs)
        rng.shuffle(order)
        for _kind, proc in order:  # then kill them one by one, at random moments
            time.sleep(rng.uniform(0.0, 0.15))
            proc.send_signal(signal.SIGKILL)
        for kind, proc in procs:
            out = "".join(early[proc.pid]) + proc.stdout.read()
            err = proc.stderr.read()
            proc.wait()
            if proc.returncode != -signal.SIGKILL:
                raise SystemExit(f"a {kind} child ended by itself ({proc.returncode}): {err}")
            kills += 1
            pending = False
            for line in out.split("\n")[:-1]:  # an unterminated last line is no acknowledgement
                verb, what, key, value = line.split()
                key = _key(what, key)
                if verb == "ACK":
                    acks[what][key].append(value)
                    tries[what].pop(key, None)
                    total_acks += 1
                    per_kind_acks[what] += 1
                    pending = False
                else:
                    tries[what][key] = value
                    pending = True
            mid_save += pending
        left_by_kills += len(temporaries(home))  # the next round's first saves sweep them
        lost, broken, what, on_disk = check(home, acks, tries)
        lost_total += lost
        broken_total += broken
        for item in what[:5]:
            print("  LOST:", item)
        settle(tries, acks, on_disk)
        print(f"round {round_ + 1:2}: {kills} kills so far, {total_acks} acknowledged saves, "
              f"lost {lost_total}, unparseable {broken_total}", flush=True)
    stray_before = temporaries(home)
    subprocess.run([sys.executable, __file__, "--start-app"], env=env, check=True, capture_output=True)
    stray_after = temporaries(home)
    seconds = time.perf_counter() - started
    print()
    print(f"SIGKILLs: {kills} ({mid_save} with a save started and not acknowledged)")
    print("acknowledged saves: " + ", ".join(f"{kind} {per_kind_acks[kind]}" for kind in KINDS)
          + f" (total {total_acks})")
    print(f"acknowledged saves lost: {lost_total}")
    print(f"unparseable files: {broken_total}")
    print(f"temporary files found after a round of kills: {left_by_kills} over {args.rounds} rounds "
          "(fixed names: at most one per file)")
    print(f"stray temporary files before the next start: {len(stray_before)}, after it: {len(stray_after)}")
    print(f"time: {seconds:.0f} s; files in {home}")
    return 1 if lost_total or broken_total or stray_after else 0


def _key(kind: str, key: str) -> object:
    return int(key) if kind == "verdict" else key


if __name__ == "__main__":
    sys.exit(main())
