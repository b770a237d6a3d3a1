"""Colour themes as data: YAML files -> checked theme specs (no Textual here).

A theme file gives Textual's base colours and the app's own variables (one
colour per claim kind, hedges, sources, verdicts, tags).  Shipped themes live
in the package's ``themes/`` folder; users drop more into
``<config dir>/themes/``.  A broken file is reported by name and skipped.

The shipped files' parsed data also ships, in ``data/shipped_themes.json``, with the exact
text each was parsed from: a first launch (nothing cached yet) then needs no YAML parser
before its first frame.  A shipped file whose text differs from it is parsed as usual;
:func:`freeze_shipped` rewrites it, and a test fails when it is out of date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsreader import paths
from newsreader.storage import Memo, StorageError, read_yaml

BASE_KEYS = (
    "primary", "secondary", "accent", "background", "surface", "panel", "foreground", "warning", "error", "success",
)
REQUIRED_KEYS = ("name", *BASE_KEYS, "dark")

CLAIM_KINDS = ("statistic", "quote", "attributed", "comparison", "prediction", "factual")
VERDICT_NAMES = ("unchecked", "verified", "false", "misleading", "disputed", "unproven", "needs-context")

# The app's own variables, and the base colour each is derived from when a theme leaves it out.
APP_VARIABLES: dict[str, str] = {
    **{
        f"claim-{kind}": base
        for kind, base in zip(CLAIM_KINDS, ("warning", "success", "primary", "secondary", "accent", "foreground"))
    },
    "claim-hedge": "error",
    "claim-source": "accent",
    "claim-strong-background": "background",
    "tag": "secondary",
    "note-marker": "warning",
    **{
        f"verdict-{name}": base
        for name, base in zip(
            VERDICT_NAMES, ("foreground", "success", "error", "warning", "warning", "secondary", "primary")
        )
    },
}
# Variables drawn as text; each must stand out from the background it is drawn on.
TEXT_VARIABLES = tuple(name for name in APP_VARIABLES if name != "claim-strong-background")

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_RGB = re.compile(r"^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$")


class ThemeError(ValueError):
    pass


def parse_colour(value: object) -> tuple[int, int, int]:
    """``#rgb``, ``#rrggbb`` or ``rgb(r, g, b)`` -> an RGB triple."""
    if not isinstance(value, str):
        raise ThemeError(f"not a colour: {value!r}")
    text = value.strip()
    if _HEX.match(text):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(ch * 2 for ch in digits)
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    match = _RGB.match(text)
    if match and all(0 <= int(part) <= 255 for part in match.groups()):
        return tuple(int(part) for part in match.groups())  # type: ignore[return-value]
    raise ThemeError(f"not a colour: {value!r} (use #rrggbb or rgb(r, g, b))")


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2.x relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value) for value in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ensure_contrast(
    colour: tuple[int, int, int], background: tuple[int, int, int], ratio: float
) -> tuple[int, int, int]:
    """Move ``colour`` toward white or black (whichever the background allows) until it meets ``ratio``."""
    if contrast(colour, background) >= ratio:
        return colour
    target = (255, 255, 255) if luminance(background) < 0.18 else (0, 0, 0)
    for step in range(1, 21):
        mix = step / 20
        candidate = tuple(round(c + (t - c) * mix) for c, t in zip(colour, target))
        if contrast(candidate, background) >= ratio:  # type: ignore[arg-type]
            return candidate  # type: ignore[return-value]
    return target


@dataclass
class ThemeSpec:
    """A checked theme: base colours for Textual plus the app's variables."""

    name: str
    colours: dict[str, str]
    dark: bool
    variables: dict[str, str] = field(default_factory=dict)
    origin: str = "shipped"  # shipped | user
    path: str = ""
    high_contrast: bool = False

    def all_variables(self) -> dict[str, str]:
        """The app's variables, derived from the base colours where the file leaves them out."""
        return complete_variables({**self.colours}, self.variables, 7.0 if self.high_contrast else 4.5)


def complete_variables(base: dict[str, str], given: dict[str, str], ratio: float = 4.5) -> dict[str, str]:
    """Fill in missing app variables from ``base`` colours, readable on the background."""
    background = parse_colour(base.get("background", "#000000"))
    out = dict(given)
    for name, source in APP_VARIABLES.items():
        if name in out:
            continue
        colour = parse_colour(base.get(source) or base.get("foreground") or "#808080")
        if name == "claim-strong-background":
            out[name] = to_hex(background)
        else:
            out[name] = to_hex(ensure_contrast(colour, background, ratio))
    return out


def parse_theme(data: object, *, origin: str, path: str) -> ThemeSpec:
    if not isinstance(data, dict):
        raise ThemeError("a theme file must be a mapping of keys to colours")
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise ThemeError("missing keys: " + ", ".join(missing))
    name = data["name"]
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,63}", name):
        raise ThemeError(f"bad name {name!r}: letters, digits, - and _ only")
    if not isinstance(data["dark"], bool):
        raise ThemeError("'dark' must be true or false")
    colours = {}
    for key in BASE_KEYS:
        try:
            colours[key] = to_hex(parse_colour(data[key]))
        except ThemeError as error:
            raise ThemeError(f"{key}: {error}") from None
    variables_in = data.get("variables") or {}
    if not isinstance(variables_in, dict):
        raise ThemeError("'variables' must be a mapping")
    variables = {}
    for key, value in variables_in.items():
        if key not in APP_VARIABLES:
            raise ThemeError(f"unknown variable {key!r}")
        try:
            variables[key] = to_hex(parse_colour(value))
        except ThemeError as error:
            raise ThemeError(f"{key}: {error}") from None
    return ThemeSpec(
        name=name,
        colours=colours,
        dark=data["dark"],
        variables=variables,
        origin=origin,
        path=path,
        high_contrast=bool(data.get("high_contrast", False)),
    )


@dataclass
class ThemeSet:
    themes: list[ThemeSpec] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


SHIPPED_DATA = Path(__file__).resolve().parent / "data" / "shipped_themes.json"
SHIPPED = Memo(lambda: SHIPPED_DATA)  # read-only at run time: a storage memo keyed by file name


def freeze_shipped(folder: Path | None = None) -> None:
    """Rewrite ``SHIPPED_DATA`` from the shipped theme files (after editing one)."""
    folder = folder or paths.themes_dir()
    SHIPPED.clear()
    for path in sorted(folder.glob("*.yaml")):
        SHIPPED.put(path.name, path.read_text(encoding="utf-8"), read_yaml(path))


def load_theme_file(path: Path, origin: str) -> ThemeSpec:
    try:
        data = read_yaml(path, memo=True, shipped=SHIPPED if origin == "shipped" else None)
    except StorageError as error:
        raise ThemeError(str(error)) from None
    try:
        return parse_theme(data, origin=origin, path=str(path))
    except ThemeError as error:
        raise ThemeError(f"{path}: {error}") from None


def load_themes(folders: Iterable[tuple[Path, str]] | None = None) -> ThemeSet:
    """Every theme in the shipped and user folders; broken files become problems, not errors."""
    if folders is None:
        folders = ((paths.themes_dir(), "shipped"), (paths.user_themes_dir(), "user"))
    result = ThemeSet()
    names: dict[str, ThemeSpec] = {}
    for folder, origin in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            if path.suffix not in (".yaml", ".yml"):
                continue
            try:
                spec = load_theme_file(path, origin)
            except ThemeError as error:
                result.problems.append(str(error))
                continue
            if spec.name in names and names[spec.name].origin == "shipped" and origin == "user":
                # A user theme of the same name replaces the shipped one.
                result.themes.remove(names[spec.name])
            elif spec.name in names:
                result.problems.append(f"{path}: theme name {spec.name!r} already used by {names[spec.name].path}")
                continue
            names[spec.name] = spec
            result.themes.append(spec)
    return result
