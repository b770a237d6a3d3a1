"""Writing an export to a file atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class ExportError(Exception):
    """The export could not be written; the message names the path."""


def write_output(text: str, path: str | os.PathLike[str]) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically: a temp file in the same folder,
    fsynced, then renamed over the target.  Refuses a directory; keeps an existing
    file's permissions; writes through a symlink to its target.  Returns the path written.
    """
    target = Path(path).expanduser()
    if target.is_symlink():
        target = target.resolve()
    if target.is_dir():
        raise ExportError(f"{target}: is a directory; give a file name to export to")
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"{target}: the folder {folder} does not exist")
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise ExportError(f"{target}: {exc.strerror or exc}") from exc
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise ExportError(f"{target}: could not write the export: {exc.strerror or exc}") from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
    return target
