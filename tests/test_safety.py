"""Hostile files cost nothing: YAML bombs in every place YAML is read, and folders of things that
are not articles.  Small cases only; the big ones (50 MB, depth 100,000, 16 MB of tiny lists,
under a 1 GB address-space limit) are in benchmarks/safety_hostile.py and safety_folder.py."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from newsreader import paths
from newsreader.storage import MAX_YAML_EVENTS, StorageError, parse_yaml, yaml_line

ARTICLE_ID = "0123456789abcdef"

HOSTILE = {
    "python tag": '!!python/object/apply:os.system ["echo pwned > PWNED"]\n',
    "python tag in a map": "title: x\nfolders: !!python/name:os.system\nsources: !!python/name:os.system\n",
    "alias bomb": "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"a{i}: &a{i} [{', '.join(['*a' if i == 1 else f'*a{i - 1}'] * 9)}]\n" for i in range(1, 8)),
    "depth 10,000 (flow)": "[" * 10_000 + "]" * 10_000 + "\n",
    "depth 10,000 (block)": "- " * 10_000 + "x\n",
    "tiny lists over the bound": "- []\n" * (MAX_YAML_EVENTS // 2 + 10),
}


def load_in(place: str, home: Path, text: str) -> tuple[str, Path]:
    """Put ``text`` where ``place`` reads YAML and load it the way the app does: (message, file)."""
    if place == "notes":
        from newsreader.notes import NotesStore

        store = NotesStore()
        path = store.path_for(ARTICLE_ID)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        notes = store.load(ARTICLE_ID)
        assert notes.read_only
        return str(notes.error), path
    if place == "registry":
        from newsreader.registry import Registry

        path = paths.data_dir() / "sources.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return Registry.load().problem or "", path
    if place == "config":
        from newsreader.config import Config

        path = paths.config_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return Config.load().problem, path
    from newsreader.articles import load_article

    path = home / "article.md"
    path.write_text(f"---\n{text}---\n\n# Title\n\nThe body stays readable.\n", encoding="utf-8")
    article = load_article(path)
    assert article.ok and article.title == "Title"
    return "; ".join(f"{article.path}: {warning}" for warning in article.warnings), path


@pytest.mark.timeout(30)
@pytest.mark.parametrize("case", HOSTILE)
@pytest.mark.parametrize("place", ["notes", "registry", "config", "front matter"])
def test_hostile_yaml_is_refused_quickly_naming_the_file(newsreader_home: Path, tmp_path: Path, place, case):
    newsreader_home.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    message, path = load_in(place, newsreader_home, HOSTILE[case])
    assert time.perf_counter() - started < 5
    assert str(path) in message, message
    assert not (Path.cwd() / "PWNED").exists()


def test_analyze_names_a_file_whose_front_matter_is_refused(tmp_path: Path, capsys):
    from newsreader.cli import main

    path = tmp_path / "bomb.md"
    path.write_text("---\na: &x [1]\nb: *x\n---\n\n# Title\n\nBody.\n", encoding="utf-8")
    assert main(["analyze", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"newsreader: {path}: front matter refused at line 3: YAML aliases are not allowed" in err


def test_a_notes_file_with_too_many_items_is_refused_before_parsing_them(newsreader_home: Path, monkeypatch):
    from newsreader.notes import NotesStore, fileformat

    store = NotesStore()
    for number in range(4):
        store.add_note(ARTICLE_ID, f"note {number}")
    monkeypatch.setattr(fileformat, "MAX_ITEMS", 3)
    notes = NotesStore().load(ARTICLE_ID)
    assert notes.read_only and "more than 3 notes and verdicts" in str(notes.error)
    assert str(store.path_for(ARTICLE_ID)) in str(notes.error)


def test_running_out_of_memory_on_a_yaml_file_is_a_problem_not_a_crash(newsreader_home: Path, monkeypatch):
    from newsreader import storage
    from newsreader.config import Config
    from newsreader.notes import NotesStore
    from newsreader.notes import store as store_module

    store = NotesStore()
    store.add_note(ARTICLE_ID, "a note")
    config = paths.config_file()
    config.parent.mkdir(parents=True)
    config.write_text("theme: x\n", encoding="utf-8")

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(storage, "safe_load", no_memory)
    monkeypatch.setattr(store_module, "parse_article", no_memory)
    assert Config.load().problem == f"{config}: too much data to load"
    notes = NotesStore().load(ARTICLE_ID)  # load() never raises
    assert notes.read_only and str(store.path_for(ARTICLE_ID)) in str(notes.error)
    with pytest.raises(StorageError, match="too much data"):
        parse_yaml("a: 1\n", "x.yaml")


def test_yaml_line_walks_to_a_value_without_building_the_document():
    text = ("# comment\nversion: 1\nother: {a: [1, 2, {b: c}]}\nsources:\n- name: A\n  tags: [x]\n"
            "- {name: B}\n- name: C\n  aliases:\n    - one\n  tags:\n    - t1\n")
    assert yaml_line(text, ()) == 2
    assert yaml_line(text, ("sources",)) == 4
    assert yaml_line(text, ("sources", 1, "name")) == 7
    assert yaml_line(text, ("sources", 2, "aliases", 0)) == 10
    assert yaml_line(text, ("sources", 2, "tags")) == 11
    assert yaml_line(text, ("sources", 9)) == 4  # as deep as the path exists
    assert yaml_line(text, ("missing",)) == 2
    assert yaml_line("a: [unclosed\n", ("a", 3)) is None


# --------------------------------------------------------------------------- folders


@pytest.mark.timeout(20)
def test_links_back_to_the_folder_do_not_make_the_walk_endless(tmp_path: Path):
    """``a -> .`` and ``b -> .`` followed blindly are 2^40 folders (the kernel stops at 40 links)."""
    from newsreader.library import discover

    folder = tmp_path / "lib"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Good\n\nBody.\n")
    (folder / "sub" / "deep.md").write_text("# Deep\n\nBody.\n")
    (folder / "a").symlink_to(".")
    (folder / "b").symlink_to(".")
    (folder / "sub" / "back").symlink_to("..")
    (folder / "sub-again").symlink_to(folder / "sub")
    found = [path.relative_to(folder).as_posix() for path in discover([folder])]
    assert found == ["good.txt", "sub/deep.md"]  # each folder walked once


@pytest.mark.timeout(30)
def test_a_fifo_in_a_folder_does_not_hang_analyze(tmp_path: Path, capsys):
    from newsreader.cli import main

    folder = tmp_path / "lib"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Fine\n\nThe ministry said 3,000 soldiers were sent.\n")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "sub" / "pipe.md")
    (folder / "to-pipe.html").symlink_to(folder / "sub" / "pipe.md")
    assert main(["analyze", "--format", "text", str(folder)]) == 0
    captured = capsys.readouterr()
    assert "# Fine" in captured.out
    assert f"{folder / 'pipe.txt'}: a named pipe (FIFO), not a file" in captured.err
    assert f"{folder / 'to-pipe.html'}: a named pipe (FIFO), not a file" in captured.err  # the same file as sub/pipe.md
