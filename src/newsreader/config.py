"""The user's config file: extra folders to read, the chosen theme and list order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsreader import paths
from newsreader.storage import StorageError, UserFile, dump_yaml, parse_yaml, read_yaml

SETTINGS = ("folders", "theme", "sort")
"""The settings the app changes; any other key in the file is kept as it is."""


@dataclass
class Config:
    folders: list[str] = field(default_factory=list)
    theme: str = ""
    sort: str = ""  # the list's order (see newsreader.ui.article_table.SORTS); "" = library order
    problem: str = ""  # why the file was not used, if it was not
    keys: dict[str, str] = field(default_factory=dict)  # command id -> key string ("ctrl+n" or "n,down")
    keys_problems: list[str] = field(default_factory=list)  # entries of ``keys:`` that were left out, by name

    @classmethod
    def load(cls, path: Path | None = None) -> Config:
        path = path or paths.config_file()
        try:
            data = read_yaml(path, memo=True)
        except StorageError as error:
            return cls(problem=str(error))
        return cls.from_data(data, path)

    @classmethod
    def from_data(cls, data: object, path: Path) -> Config:
        """The config held by ``data`` (parsed from ``path``); ``problem`` says why it cannot be used."""
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
        keys, keys_problems = _keys(data.get("keys"), path)
        return cls(folders=[str(folder) for folder in folders], theme=str(theme), sort=str(sort), keys=keys,
                   keys_problems=keys_problems)

    def folder_paths(self) -> list[Path]:
        return [Path(folder).expanduser() for folder in self.folders]


def _keys(data: object, path: Path) -> tuple[dict[str, str], list[str]]:
    """The ``keys:`` section (command id -> key string), and a problem for each entry left out."""
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{path}: 'keys' must be a mapping of command id to key, e.g. 'quit: ctrl+q'"]
    keys: dict[str, str] = {}
    problems = []
    for name, value in data.items():
        if isinstance(value, str) and value.strip():
            keys[str(name)] = value.strip()
        else:
            problems.append(f"{path}: keys: {name}: {value!r} is not a key (e.g. 'x', 'ctrl+x', 'f5')")
    return keys, problems


@contextmanager
def editing_config(path: Path | None = None) -> Iterator[Config]:
    """Load, let the caller change, then save what the caller changed (:func:`save_settings`):
    a changed theme or sort, the folders added and removed (merged into the folders on disk).

    A config file we could not read is never overwritten.
    """
    path = path or paths.config_file()
    before = Config.load(path)
    config = replace(before, folders=list(before.folders))
    yield config
    if before.problem:
        raise StorageError(before.problem)
    changed: dict[str, object] = {
        name: getattr(config, name) for name in ("theme", "sort") if getattr(config, name) != getattr(before, name)}
    added = [folder for folder in config.folders if folder not in before.folders]
    removed = [folder for folder in before.folders if folder not in config.folders]
    if added or removed:
        changed["folders"] = lambda on_disk: [f for f in on_disk if f not in removed] + [
            f for f in added if f not in on_disk]
    elif config.folders != before.folders:  # only the order changed
        changed["folders"] = config.folders
    if changed:
        save_settings(changed, path)


def save_settings(changed: dict[str, object], path: Path | None = None) -> None:
    """Merge ``changed`` settings into the config file as it is on disk now, under its lock:
    settings another app or a hand edit changed meanwhile, unknown keys, comments and layout
    are kept.  A callable value is given the setting as on disk (as :class:`Config` reads it)
    and returns the new one.  Raises StorageError (and writes nothing) when the file cannot be read."""
    from newsreader import yamledit

    path = path or paths.config_file()

    def change(text: str | None) -> str | None:
        data = parse_yaml(text, path) if text is not None else None
        current = Config.from_data(data, path)
        if current.problem:
            raise StorageError(current.problem)
        settings = data if isinstance(data, dict) else {}  # (None: no file yet)
        new = {name: value(getattr(current, name)) if callable(value) else value for name, value in changed.items()}
        if all(name in settings and getattr(current, name) == value for name, value in new.items()):
            return None
        expected = {**settings, **new}
        document = yamledit.Document(text)
        for name, value in new.items():
            yamledit.set_key(document.data, name, value)
        new_text = document.dump()
        try:
            kept = parse_yaml(new_text, path) == expected
        except StorageError:
            kept = False
        return new_text if kept else dump_yaml(expected)  # comments lost, never settings

    UserFile(path).update(change)
