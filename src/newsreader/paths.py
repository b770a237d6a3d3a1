"""Every place newsreader reads or writes, in one module.

Nothing is created at import time: callers ask for a directory and create it
when they are about to write.  ``NEWSREADER_HOME=DIR`` moves all user files
under ``DIR/config``, ``DIR/data`` and ``DIR/cache`` (the tests always set it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "newsreader"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _home() -> Path | None:
    home = os.environ.get("NEWSREADER_HOME")
    return Path(home).expanduser() if home else None


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME))


def config_file() -> Path:
    return config_dir() / "config.yaml"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def _bundled(name: str) -> Path:
    """A folder shipped with the package (wheel) or, in a checkout, at the repo root."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / name


def seeds_dir() -> Path:
    return _bundled("seeds")


def themes_dir() -> Path:
    return _bundled("themes")
