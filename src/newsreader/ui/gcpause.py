"""Pause Python's cyclic garbage collector while a worker builds a lot of short-lived data.

A worker that reads a large library (hundreds of thousands of claims as dicts and tuples) makes
the collector run full collections over everything the app holds, each stopping every thread,
the UI's included, for up to most of a second (measured: a keystroke waited 750 ms while the
related-claims index and the fact-check pass read a 10,000-article library; 63 ms with the
collector paused).  That data is freed by reference counting when the worker ends; the collector
resumes when the last paused worker finishes, and collects then.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the collector off for the ``with`` block (nested and concurrent uses count)."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
