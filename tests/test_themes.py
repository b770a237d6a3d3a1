"""Themes: shipped files, user files, broken files, contrast of every highlight, no colour alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from textual.color import Color
from textual.pilot import Pilot
from textual.theme import BUILTIN_THEMES

from newsreader import paths
from newsreader.themes import (
    APP_VARIABLES,
    TEXT_VARIABLES,
    contrast,
    load_themes,
    parse_colour,
)
from newsreader.ui.app import NewsReader
from newsreader.ui.theming import derive_app_variables
from newsreader.ui.widgets.article_table import ArticleTable
from newsreader.ui.widgets.article_view import ArticleView

from test_ui import loaded

SHIPPED = load_themes([(paths.themes_dir(), "shipped")])


def test_shipped_themes_load_cleanly():
    assert SHIPPED.problems == []
    names = {spec.name for spec in SHIPPED.themes}
    assert {"newsreader-dark", "newsreader-light", "newsreader-high-contrast", "newsreader-okabe-ito"} <= names
    assert any(not spec.dark for spec in SHIPPED.themes)
    for spec in SHIPPED.themes:
        # Shipped themes set every app variable themselves: nothing is left to derivation.
        assert set(spec.variables) == set(APP_VARIABLES), spec.name


@pytest.mark.parametrize("spec", SHIPPED.themes, ids=lambda spec: spec.name)
def test_every_highlight_meets_wcag_contrast(spec):
    """Each highlight colour against every background it is drawn on: >= 4.5:1, >= 7:1 in high contrast."""
    required = 7.0 if spec.high_contrast else 4.5
    variables = spec.all_variables()
    grounds = {
        "background": spec.colours["background"],
        "surface": spec.colours["surface"],
        "panel": spec.colours["panel"],
        "claim-strong-background": variables["claim-strong-background"],
    }
    failures = []
    for name in TEXT_VARIABLES:
        for ground_name, ground in grounds.items():
            if ground_name == "claim-strong-background" and not name.startswith("claim-"):
                continue
            ratio = contrast(parse_colour(variables[name]), parse_colour(ground))
            if ratio < required:
                failures.append(f"{name} on {ground_name}: {ratio:.2f}")
    assert failures == []


@pytest.mark.parametrize("spec", SHIPPED.themes, ids=lambda spec: spec.name)
async def test_every_text_the_reader_and_list_draw_is_readable(spec):
    """What the Line-API widgets actually draw (component styles as resolved, "auto" colours
    included) against the background they draw it on: the light theme once drew the meta
    line, captions and read rows white on white."""
    app = NewsReader(theme_name=spec.name)
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert app.theme == spec.name and not app.startup_problems
        for widget in (app.query_one(ArticleTable), app.query_one(ArticleView)):
            background = widget.rich_style.bgcolor
            for component in sorted(widget.COMPONENT_CLASSES):
                style = widget._style(component.removeprefix(widget.STYLE_PREFIX))
                if style.color is None:
                    continue
                drawn_on = style.bgcolor or background
                ratio = contrast(tuple(style.color.triplet), tuple(drawn_on.triplet))
                assert ratio >= 4.5, f"{spec.name}: {component} {style} is {ratio:.2f}:1"
        # and the list's cursor row as drawn, with the list focused and not (a translucent cursor)
        table = app.query_one(ArticleTable)
        for focused in (table, app.query_one(ArticleView)):
            focused.focus()
            await pilot.pause()
            table.notify_style_update()
            for segment in table._render_row(table.cursor, 60, table.base_style):
                if segment.text.strip():
                    ratio = contrast(tuple(segment.style.color.triplet), tuple(segment.style.bgcolor.triplet))
                    assert ratio >= 4.5, f"{spec.name}: cursor row {segment.text!r} is {ratio:.2f}:1"


def test_high_contrast_theme_is_marked():
    assert [spec.name for spec in SHIPPED.themes if spec.high_contrast] == ["newsreader-high-contrast"]


@pytest.mark.parametrize("name", sorted(BUILTIN_THEMES))
def test_builtin_themes_get_readable_derived_claim_colours(name):
    app = NewsReader()
    app.theme = name
    variables = app.get_css_variables()
    derived = derive_app_variables(variables)
    background = parse_colour(derived["claim-strong-background"])
    for variable in TEXT_VARIABLES:
        assert contrast(parse_colour(derived[variable]), background) >= 4.5, (name, variable)


def write_theme(folder: Path, filename: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    path.write_text(text)
    return path


def good_theme_text(name: str) -> str:
    data = yaml.safe_load((paths.themes_dir() / "dark.yaml").read_text())
    data["name"] = name
    return yaml.safe_dump(data)


def test_user_themes_and_broken_files_are_reported_by_name():
    folder = paths.user_themes_dir()
    write_theme(folder, "mine.yaml", good_theme_text("my-theme"))
    write_theme(folder, "bad-yaml.yaml", "name: x\n  oops: [\n")
    write_theme(folder, "missing.yaml", "name: partial\ndark: true\nprimary: '#ffffff'\n")
    data = yaml.safe_load(good_theme_text("bad-colour"))
    data["variables"]["claim-quote"] = "not-a-colour"
    write_theme(folder, "colour.yaml", yaml.safe_dump(data))
    found = load_themes()
    assert "my-theme" in {spec.name for spec in found.themes}
    assert next(spec for spec in found.themes if spec.name == "my-theme").origin == "user"
    problems = "\n".join(found.problems)
    assert "bad-yaml.yaml: line 2" in problems
    assert "missing.yaml: missing keys: secondary" in problems
    assert "colour.yaml: claim-quote: not a colour: 'not-a-colour'" in problems
    assert len(found.themes) == len(SHIPPED.themes) + 1


def test_themes_command_lists_all_and_reports_broken_files():
    write_theme(paths.user_themes_dir(), "mine.yaml", good_theme_text("my-theme"))
    write_theme(paths.user_themes_dir(), "broken.yaml", "{{{")
    result = subprocess.run([sys.executable, "-m", "newsreader", "themes"], capture_output=True, text=True)
    assert result.returncode == 0
    listed = [line.split()[0 if not line.startswith("*") else 1] for line in result.stdout.splitlines()]
    for name in ("newsreader-dark", "newsreader-okabe-ito", "my-theme", "textual-dark", "nord"):
        assert name in listed
    assert "broken.yaml" in result.stderr


async def test_theme_option_switching_and_persistence():
    app = NewsReader(theme_name="newsreader-light")
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert app.theme == "newsreader-light"
        # the theme chosen at start-up is in the stylesheet from the first frame on
        light = app.get_theme("newsreader-light")
        assert app.screen.styles.background == Color.parse(light.background)
        assert "-light-mode" in app.classes and "-dark-mode" not in app.classes
        app.theme = "newsreader-okabe-ito"
        await pilot.pause(0.3)
        assert app.screen.styles.background == Color.parse(app.get_theme("newsreader-okabe-ito").background)
    assert yaml.safe_load(paths.config_file().read_text())["theme"] == "newsreader-okabe-ito"
    app = NewsReader()
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert app.theme == "newsreader-okabe-ito"


async def test_unknown_theme_falls_back_with_a_notice():
    app = NewsReader(theme_name="no-such-theme")
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert app.theme == "newsreader-dark"
        assert any("no-such-theme" in problem for problem in app.startup_problems)


async def test_broken_user_theme_is_a_notification_not_a_crash():
    write_theme(paths.user_themes_dir(), "broken.yaml", "name: [\n")
    app = NewsReader()
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert app.is_running
        assert any("broken.yaml" in problem for problem in app.startup_problems)


def test_snapshot_without_colour(snap_compare, monkeypatch: pytest.MonkeyPatch):
    """With NO_COLOR=1 claim kinds still read: markers, bold/underline for check-worthy, italic hedges."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def ready(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("enter", "n")

    assert snap_compare(NewsReader(), terminal_size=(100, 30), run_before=ready)


def test_snapshot_light_theme(snap_compare):
    async def ready(pilot: Pilot) -> None:
        await loaded(pilot)

    assert snap_compare(NewsReader(theme_name="newsreader-light"), terminal_size=(100, 30), run_before=ready)


def test_the_shipped_theme_data_is_up_to_date_with_the_yaml():
    """data/shipped_themes.json saves a first launch from parsing YAML; it must say what the files say.
    After editing a shipped theme: python -c 'from newsreader.themes import freeze_shipped; freeze_shipped()'"""
    from newsreader.storage import _MISSING
    from newsreader.themes import SHIPPED

    files = sorted(paths.themes_dir().glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text()
        assert SHIPPED.get(path.name, text) is not _MISSING, f"{path.name}: run freeze_shipped()"
        assert SHIPPED.get(path.name, text) == yaml.safe_load(text), f"{path.name}: run freeze_shipped()"


def test_an_edited_shipped_theme_is_read_from_its_yaml(tmp_path: Path):
    from newsreader.storage import _MISSING
    from newsreader.themes import SHIPPED, load_themes

    folder = tmp_path / "themes"
    folder.mkdir()
    text = (paths.themes_dir() / "dark.yaml").read_text().replace("name: newsreader-dark", "name: edited-dark")
    (folder / "dark.yaml").write_text(text)
    assert SHIPPED.get("dark.yaml", text) is _MISSING  # not the shipped text
    assert [spec.name for spec in load_themes([(folder, "shipped")]).themes] == ["edited-dark"]


def test_a_first_launch_imports_no_yaml_parser(newsreader_home: Path):
    code = "import sys\nfrom newsreader.ui.app import NewsReader\nNewsReader()\nprint('yaml' in sys.modules)\n"
    env = {**os.environ, "NEWSREADER_HOME": str(newsreader_home)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout == "False\n"
