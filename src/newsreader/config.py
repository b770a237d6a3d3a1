"""The user's config file: extra folders to read, the chosen theme and list order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from newsreader import paths
from newsreader.storage import StorageError, atomic_write, dump_yaml, read_yaml


@dataclass
class Config:
    folders: list[str] = field(default_factory=list)
    theme: str = ""
    sort: str = ""  # the list's order (see newsreader.ui.article_table.SORTS); "" = library order
    problem: str = ""  # why the file was not used, if it was not

    @classmethod
    def load(cls, path: Path | None = None) -> Config:
        path = path or paths.config_file()
        try:
            data = read_yaml(path, memo=True)
        except StorageError as error:
            return cls(problem=str(error))
        if data is None:
            return cls()
        if not isinstance(data, dict):
            return cls(problem=f"{path}: expected a mapping of settings")
        folders = data.get("folders") or []
        if isinstance(folders, str):
            folders = [folders]
        if not isinstance(folders, list):
            return cls(problem=f"{path}: 'folders' must be a list of paths")
        theme = data.get("theme") or ""
        sort = data.get("sort") or ""
        return cls(folders=[str(folder) for folder in folders], theme=str(theme), sort=str(sort))

    def folder_paths(self) -> list[Path]:
        return [Path(folder).expanduser() for folder in self.folders]


@contextmanager
def editing_config(path: Path | None = None) -> Iterator[Config]:
    """Load, let the caller change, then save, keeping keys we do not know about.

    A config file we could not read is never overwritten.
    """
    path = path or paths.config_file()
    config = Config.load(path)
    yield config
    if config.problem:
        raise StorageError(config.problem)
    data = read_yaml(path) or {}
    data["folders"] = config.folders
    data["theme"] = config.theme
    if config.sort or "sort" in data:
        data["sort"] = config.sort
    atomic_write(path, dump_yaml(data))
