"""Errors raised by the notes store.  Catch :class:`NotesError` for all of them."""

from __future__ import annotations

from pathlib import Path


class NotesError(Exception):
    """Something is wrong with a notes file or with saving it.

    ``str(error)`` is a complete, user-facing message that names the file
    (and the line, when the problem is inside the file).
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line  # 1-based, or None
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class NotesFileError(NotesError):
    """A notes file cannot be read: broken YAML, unsafe content, wrong schema, too big.

    The article's notes are then read-only and the file is never overwritten.
    """


class NotesReadOnlyError(NotesError):
    """A change was refused because the article's notes file could not be read safely."""


class NotesWriteError(NotesError):
    """Saving failed (disk full, read-only folder, lock timeout...).  The old file is intact."""


class NoteNotFoundError(NotesError, KeyError):
    """The note does not exist (any more): perhaps another window deleted it."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return NotesError.__str__(self)


class InvalidInputError(NotesError, ValueError):
    """Bad arguments: unknown verdict or target, empty body, unsafe article id..."""
