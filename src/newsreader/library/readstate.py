"""Which articles have been read (``state.yaml`` in the data dir)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from newsreader import paths
from newsreader.storage import StorageError, UserFile, dump_yaml, parse_yaml, read_yaml


@dataclass
class ReadState:
    """Which articles have been read, by article id; kept in ``state.yaml`` in the data dir.

    :meth:`set_read` changes this copy; :meth:`save` merges the changes made since the last
    load or save into the file as it is on disk then (under its lock), so two running apps
    never undo each other's marks, and takes the merged set."""

    read: set[str] = field(default_factory=set)
    problem: str = ""
    path: Path = field(default_factory=lambda: paths.data_dir() / "state.yaml")
    _saved: set[str] = field(default_factory=set, repr=False, compare=False)  # as last on disk
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path | None = None) -> ReadState:
        path = path or paths.data_dir() / "state.yaml"
        try:
            data = read_yaml(path, memo=True)
        except StorageError as error:
            return cls(problem=str(error), path=path)
        read, problem = _read_ids(data, path)
        return cls(read=read, problem=problem, path=path, _saved=set(read))

    def is_read(self, article_id: str) -> bool:
        return article_id in self.read

    def set_read(self, article_id: str, read: bool) -> None:
        with self._lock:
            (self.read.add if read else self.read.discard)(article_id)

    def save(self) -> None:
        """Merge this copy's changes into the file; a file we could not read is never overwritten."""
        if self.problem:
            raise StorageError(self.problem)
        with self._lock:
            mine = set(self.read)
            added, removed = mine - self._saved, self._saved - mine
        merged: set[str] = set()

        def change(text: str | None) -> str | None:
            data = parse_yaml(text, self.path) if text is not None else None
            on_disk, problem = _read_ids(data, self.path)
            if problem:
                raise StorageError(problem)
            merged.update((on_disk | added) - removed)
            if merged == on_disk and text is not None:
                return None
            kept = ({key: value for key, value in data.items() if key not in ("schema_version", "read")}
                    if isinstance(data, dict) else {})
            return dump_yaml({"schema_version": 1, "read": sorted(merged), **kept})

        UserFile(self.path).update(change)
        with self._lock:  # marks made while saving are kept for the next save
            now = set(self.read)
            self._saved = set(merged)
            self.read = (merged | (now - mine)) - (mine - now)


def _read_ids(data: object, path: Path) -> tuple[set[str], str]:
    if data is None:
        return set(), ""
    if not isinstance(data, dict) or not isinstance(data.get("read", []), list):
        return set(), f"{path}: not a newsreader state file"
    return {str(item) for item in data.get("read") or []}, ""
