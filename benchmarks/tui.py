"""Time a terminal program the way a person sees it: run it in a private tmux
server and poll the screen until the expected text appears."""

from __future__ import annotations

import os
import re
import shlex
import statistics
import subprocess
import time
import uuid


class Terminal:
    def __init__(
        self, command: str, *, size: str = "120x40", env: dict[str, str] | None = None, cwd: str | None = None
    ):
        self.socket = "nrb" + uuid.uuid4().hex[:8]
        self.name = "s" + uuid.uuid4().hex[:6]
        width, height = size.split("x")
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items())
        shell = (
            f"cd {shlex.quote(cwd or os.getcwd())} && env TERM=xterm-256color COLORTERM=truecolor {exports} {command}; "
            "sleep 30"
        )
        self._tmux("new-session", "-d", "-s", self.name, "-x", width, "-y", height, "sh", "-c", shell)
        # The clock starts once the terminal exists, as ../shared/tools/tui_time.py starts it (a
        # person's stopwatch does not count tmux starting its server).
        self.started = time.perf_counter()

    def _tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.socket, "-f", "/dev/null", *args]
        return subprocess.run(command, capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def screen_ansi(self) -> str:
        """The screen with its colours and attributes (a moved cursor shows here, not in the text)."""
        return self._tmux("capture-pane", "-e", "-p", "-t", self.name)

    def paste(self, text: str) -> float:
        """Paste ``text`` as one bracketed paste (as a person pasting or a fast typist's final state)."""
        self._tmux("set-buffer", "-b", "nrbench", text)
        now = time.perf_counter()
        self._tmux("paste-buffer", "-p", "-b", "nrbench", "-t", self.name)
        return now

    def wait_for(self, pattern: str, timeout: float = 30.0, since: float | None = None) -> float:
        """Seconds from ``since`` (default: launch) until ``pattern`` is on screen."""
        regex = re.compile(pattern, re.M)
        start = self.started if since is None else since
        while time.perf_counter() - start < timeout:
            if regex.search(self.screen()):
                return time.perf_counter() - start
            time.sleep(0.003)
        raise TimeoutError(f"{pattern!r} not on screen after {timeout}s:\n{self.screen()}")

    def press(self, *keys: str) -> float:
        now = time.perf_counter()
        self._tmux("send-keys", "-t", self.name, *keys)
        return now

    def processes(self) -> list[int]:
        """The pane's shell and every process under it."""
        shell = self._tmux("display", "-p", "-t", self.name, "#{pane_pid}").strip()
        if not shell.isdigit():
            return []
        found, todo = [], [int(shell)]
        while todo:
            pid = todo.pop()
            found.append(pid)
            try:
                with open(f"/proc/{pid}/task/{pid}/children") as fh:
                    todo.extend(int(child) for child in fh.read().split())
            except OSError:
                pass
        return found

    def close(self, timeout: float = 10.0) -> None:
        """Stop the program and wait until it has exited.  A program still shutting down (a
        large library closing its index, threads finishing) takes CPU from whatever is timed
        next; without this wait the next launch, often the bare reference app, was measured
        up to twice as slow as on a quiet machine, and every ratio looked better than it is."""
        pids = self.processes()
        self._tmux("kill-server")
        deadline = time.perf_counter() + timeout
        while pids and time.perf_counter() < deadline:
            pids = [pid for pid in pids if _alive(pid)]
            if pids:
                time.sleep(0.01)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def compile_package() -> None:
    """Write newsreader's bytecode, as ``pip install`` does for a regular install.  Without
    it an editable install run with PYTHONDONTWRITEBYTECODE=1 (set on some machines, this
    one included) compiles every one of our modules from source at each launch."""
    import compileall

    import newsreader

    compileall.compile_dir(os.path.dirname(newsreader.__file__), quiet=1)


def median(values: list[float]) -> float:
    return statistics.median(values)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except OSError:
        return False
