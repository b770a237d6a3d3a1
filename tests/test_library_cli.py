"""Library discovery, user paths, read state, config and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from newsreader import paths
from newsreader.cli import main
from newsreader.config import Config, editing_config
from newsreader.library import ReadState, default_roots, discover, load_library
from newsreader.storage import StorageError

from conftest import SEED


def test_newsreader_home_moves_every_user_path(newsreader_home: Path):
    assert paths.config_dir() == newsreader_home / "config"
    assert paths.data_dir() == newsreader_home / "data"
    assert paths.cache_dir() == newsreader_home / "cache"
    assert not newsreader_home.exists()  # nothing is created by asking


def test_seeds_are_found():
    assert (paths.seeds_dir() / SEED.name).is_file()


def test_discover_recurses_sorted_skips_hidden_and_other_suffixes(tmp_path: Path):
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ("b/deep/z.md", "b/a.html", "c.txt", "notes.pdf", ".hidden/x.txt", ".dot.txt", "d.HTM"):
        (tmp_path / name).write_text("x")
    found = [path.relative_to(tmp_path).as_posix() for path in discover([tmp_path])]
    assert found == ["c.txt", "d.HTM", "b/a.html", "b/deep/z.md"]
    # The same file reached twice is listed once; a missing path is kept so it can be reported.
    again = list(discover([tmp_path / "c.txt", tmp_path, tmp_path / "missing.txt"]))
    assert again.count(tmp_path / "c.txt") == 1 and again[-1] == tmp_path / "missing.txt"


def test_library_includes_config_folders_and_reports_missing(tmp_path: Path, newsreader_home: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "story.txt").write_text("My story\n\nIt happened.\n")
    with editing_config() as config:
        config.folders = [str(folder)]
    assert yaml.safe_load(paths.config_file().read_text())["folders"] == [str(folder)]
    articles = load_library(default_roots([str(tmp_path / "gone.txt")]))
    titles = [article.title for article in articles]
    assert titles[0].startswith("North Korea boosts")
    assert "My story" in titles
    gone = next(article for article in articles if article.path.endswith("gone.txt"))
    assert gone.error == "no such file or folder"


def test_broken_config_is_reported_and_never_overwritten(newsreader_home: Path):
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("folders: [unclosed\n")
    config = Config.load()
    assert str(path) in config.problem and "line" in config.problem
    with pytest.raises(StorageError):
        with editing_config() as config:
            config.theme = "x"
    assert path.read_text() == "folders: [unclosed\n"


def test_read_state_persists_and_bad_state_is_kept(newsreader_home: Path):
    state = ReadState.load()
    state.set_read("abc", True)
    state.save()
    assert ReadState.load().is_read("abc")
    state_file = paths.data_dir() / "state.yaml"
    state_file.write_text("read: !!python/object:os.system [echo]\n")
    broken = ReadState.load()
    assert str(state_file) in broken.problem
    with pytest.raises(StorageError):
        broken.save()
    assert "python/object" in state_file.read_text()


def test_analyze_json_on_default_library(capsys: pytest.CaptureFixture[str]):
    assert main(["analyze"]) == 0
    data = json.loads(capsys.readouterr().out)
    (article,) = data["articles"]
    assert article["title"] == "North Korea boosts Russian invasion efforts with 3,000 troops"
    assert article["category"] == "News"
    assert article["path"].endswith(SEED.name)
    # as published: the lead paragraph, then the picture's caption and credit
    assert article["text"].startswith("North Korea has dispatched at least 3,000")
    assert "Kursk\nImages source" in article["text"]
    assert "## The impact of North Korea sending soldiers" in article["markdown"]
    assert article["images"][0]["credit"] == "Images source: © X, @polymarketintel"


def test_analyze_yaml_and_text(capsys: pytest.CaptureFixture[str]):
    assert main(["analyze", str(SEED), "--format", "yaml"]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert data["articles"][0]["key_points"][0].startswith("North Korea sent at least")
    assert main(["analyze", str(SEED), "--format", "text"]) == 0
    assert capsys.readouterr().out.startswith("# North Korea boosts Russian invasion efforts")


def test_analyze_errors_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["analyze", str(tmp_path / "missing.txt")]) == 1
    assert "no such file or folder" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    good = tmp_path / "good.txt"
    good.write_text("Fine\n\nBody.\n")
    assert main(["analyze", str(tmp_path)]) == 0  # one bad file among good ones is not fatal
    captured = capsys.readouterr()
    assert "empty.txt: empty file" in captured.err
    assert len(json.loads(captured.out)["articles"]) == 2
    assert main(["analyze", str(empty)]) == 1


def test_a_folder_of_things_that_are_not_articles_costs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """A FIFO (opening it would block forever), a link to /dev/zero, a symlink loop, a socket,
    a binary file and a UTF-16 file: analyze finishes, names each problem, reads the good ones."""
    import os
    import socket

    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "good.txt").write_text("Fine\n\nThe ministry said 3,000 soldiers were sent.\n")
    (folder / "utf16.txt").write_bytes("Wide\n\nThe ministry said 4,000 soldiers were sent.\n".encode("utf-16"))
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 100)
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.md").symlink_to("/dev/zero")
    (folder / "loop.html").symlink_to(folder / "loop.html")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.txt"))
    try:
        result = subprocess.run([sys.executable, "-m", "newsreader", "analyze", str(folder)],
                                capture_output=True, text=True, timeout=60)
    finally:
        server.close()
    assert result.returncode == 0, result.stderr
    articles = json.loads(result.stdout)["articles"]
    assert sorted(article["title"] for article in articles if not article["error"]) == ["Fine", "Wide"]
    assert len(articles) == 7
    for line in ("pipe.txt: a named pipe (FIFO), not a file", "zero.md: a device, not a file",
                 "sock.txt: a socket, not a file", "binary.txt: binary file, not text",
                 "loop.html: cannot read: Too many levels of symbolic links"):
        assert line in result.stderr


def test_version_and_help():
    result = subprocess.run([sys.executable, "-m", "newsreader", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("newsreader 0.")
    result = subprocess.run([sys.executable, "-m", "newsreader", "analyze", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "--format" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "newsreader", "analyze", "--format", "xml"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "invalid choice" in result.stderr


CORE_MODULES = ["newsreader.articles", "newsreader.library", "newsreader.config", "newsreader.analysis",
                "newsreader.cli", "newsreader.storage", "newsreader.paths", "newsreader.sanitize"]


def test_core_never_imports_textual():
    """The headless core runs with Textual blocked; the UI is a layer on top."""
    probe = (
        "import sys, importlib, pathlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'textual' or name.startswith('textual.'):\n"
        "            raise ImportError('textual is blocked in the core')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import pkgutil, newsreader\n"
        f"mods = {CORE_MODULES!r}\n"
        "mods += ['newsreader.' + m.name for m in pkgutil.iter_modules(newsreader.__path__)"
        " if m.name not in ('ui', '__main__')]\n"
        "for name in mods: importlib.import_module(name)\n"
        "from newsreader.cli import main\n"
        f"main(['analyze', {str(SEED)!r}])\n"
    )
    env = {**os.environ}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "North Korea boosts" in result.stdout


def test_analyze_adds_claims_and_sources_with_registry_tags(capsys: pytest.CaptureFixture[str]):
    from newsreader.registry import Registry

    registry = Registry.load()
    registry.tag("JCS", ["military", "official"], reliability=4)
    registry.save()
    assert main(["analyze", str(SEED)]) == 0
    (article,) = json.loads(capsys.readouterr().out)["articles"]
    names = {source["name"]: source for source in article["sources"]}
    assert set(names) == {
        "South Korea's Joint Chiefs of Staff", "South Korean intelligence services", "Ju Hong Won",
        "X/@polymarketintel",
    }
    assert names["South Korea's Joint Chiefs of Staff"]["tags"] == ["military", "official"]
    assert "JCS" in names["South Korea's Joint Chiefs of Staff"]["aliases"]
    text = article["text"]
    quote = next(claim for claim in article["claims"] if claim["text"].startswith("North Korea appears"))
    assert article["language"] == "en"
    assert quote["kind"] == "quote" and quote["source"] == "South Korea's Joint Chiefs of Staff"
    start, end = quote["source_span"]
    assert text[start:end] == "the report"
    for claim in article["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]
    assert not any(claim["source"] in ("Kim Jong Un", "Sergei Shoigu") for claim in article["claims"])


def test_discover_follows_links_once(tmp_path: Path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("A\n\nBody.\n")
    (tmp_path / "real" / "link.txt").symlink_to(tmp_path / "real" / "a.txt")
    found = list(discover([tmp_path / "real", tmp_path / "real" / "a.txt"]))
    assert len(found) == 1


def test_yaml_memo_serves_unchanged_files_and_reparses_changed_ones(newsreader_home: Path, monkeypatch):
    from newsreader import storage

    path = newsreader_home / "settings.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("theme: dark\nfolders: [a, b]\n")
    assert storage.read_yaml(path, memo=True) == {"theme": "dark", "folders": ["a", "b"]}
    assert (paths.cache_dir() / storage.MEMO_NAME).is_file()

    parsed = []
    real_parse = storage.parse_yaml
    monkeypatch.setattr(storage, "parse_yaml", lambda text, where: parsed.append(where) or real_parse(text, where))
    first = storage.read_yaml(path, memo=True)
    assert first == {"theme": "dark", "folders": ["a", "b"]} and parsed == []  # from the memo
    first["folders"].append("changed by the caller")
    assert storage.read_yaml(path, memo=True)["folders"] == ["a", "b"]  # every read gets its own copy

    path.write_text("theme: light\nfolders: [a, b]\n")  # same size, new text
    assert storage.read_yaml(path, memo=True) == {"theme": "light", "folders": ["a", "b"]}
    assert parsed == [path]

    path.write_text("theme: [unclosed\n")  # a broken file is an error every time, memo or not
    for _ in range(2):
        with pytest.raises(storage.StorageError, match="invalid YAML"):
            storage.read_yaml(path, memo=True)


def test_yaml_memo_never_changes_what_yaml_means(newsreader_home: Path):
    from newsreader import storage

    path = newsreader_home / "state.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("when: 2024-05-01\n1: one\nratio: 0.5\nok: yes\n")
    expected = yaml.safe_load(path.read_text())
    for _ in range(3):  # dates and integer keys are not JSON: such files are parsed every time
        data = storage.read_yaml(path, memo=True)
        assert data == expected and type(data["when"]) is type(expected["when"]) and 1 in data


def test_broken_or_foreign_yaml_memo_is_ignored(newsreader_home: Path):
    from newsreader import storage

    path = newsreader_home / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("theme: dark\n")
    memo = paths.cache_dir() / storage.MEMO_NAME
    memo.parent.mkdir(parents=True, exist_ok=True)
    for junk in ("{not json", "[1, 2]", '{"version": 99, "entries": {}}', '{"version": 1, "entries": {"x": 5}}'):
        memo.write_text(junk)
        storage._MEMO._entries = None  # as a new process would find it
        assert storage.read_yaml(path, memo=True) == {"theme": "dark"}
    entries = json.loads(memo.read_text())["entries"]  # and the memo is whole again
    assert entries[str(path)][1] == '{"theme": "dark"}'


def test_app_start_does_not_import_pyyaml_when_memo_is_warm(newsreader_home: Path):
    state = ReadState.load()
    state.set_read("abc", True)
    state.save()
    code = (
        "import sys\n"
        "from newsreader.ui.app import NewsReader\n"
        "NewsReader()\n"
        "print('yaml' in sys.modules)\n"
    )
    env = {**os.environ, "NEWSREADER_HOME": str(newsreader_home)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
            for _ in range(2)]
    assert runs == ["True\n", "False\n"]  # the first start fills the memo; the next needs no YAML parser
