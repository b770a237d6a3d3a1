"""Theme specs (core, plain data) -> Textual themes, and colours derived for built-in themes."""

from __future__ import annotations

from typing import Any, cast

from textual.color import Color
from textual.theme import Theme

from newsreader.themes import APP_VARIABLES, BASE_KEYS, ThemeSpec, complete_variables

DEFAULT_THEME = "newsreader-dark"


def textual_theme(spec: ThemeSpec) -> Theme:
    colours = cast("dict[str, Any]", spec.colours)  # (Theme's keyword arguments are not all strings)
    return Theme(name=spec.name, dark=spec.dark, variables=spec.all_variables(), **colours)


def derive_app_variables(variables: dict[str, str]) -> dict[str, str]:
    """The app's variables for a theme that does not set them (Textual's built-ins)."""
    given = {name: variables[name] for name in APP_VARIABLES if name in variables}
    if len(given) == len(APP_VARIABLES):
        return given
    base = {}
    for key in (*BASE_KEYS, "foreground"):
        if key in variables:
            try:
                base[key] = Color.parse(variables[key]).hex6
            except Exception:  # a variable Textual itself could not parse: leave it to the fallback
                continue
    return complete_variables(base, given)
