"""Safe files on disk: atomic writes and size-capped, safe YAML reads."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

MAX_YAML_BYTES = 16 * 1024 * 1024
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StorageError(Exception):
    """A user file that could not be read or written; the message names the file."""


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


def read_yaml(path: Path) -> object:
    """``safe_load`` a user YAML file; a missing file is None.  Errors name the file and line."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(f"{path}: cannot read ({error.strerror})") from error
    if size > MAX_YAML_BYTES:
        raise StorageError(f"{path}: too large to be ours ({size / 1e6:.1f} MB)")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StorageError(f"{path}: cannot read ({error})") from error
    try:
        if "*" in text:  # only a file with an asterisk can hold an alias: check it before building anything
            for event in yaml.parse(text, Loader=_SafeLoader):
                if isinstance(event, yaml.AliasEvent):
                    raise StorageError(f"{path}: line {event.start_mark.line + 1}: YAML aliases are not allowed")
        return _safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise StorageError(f"{path}: {where}invalid YAML ({problem})") from error


def _safe_load(text: str) -> object:
    """``yaml.safe_load``, with the C-accelerated safe loader when PyYAML has it."""
    loader = _SafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def dump_yaml(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
