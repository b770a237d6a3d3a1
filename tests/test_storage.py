"""Every file the user owns is written one way (storage.UserFile): locked, re-read, merged,
atomic, with a .bak, through symlinks, keeping modes and hand-written comments."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from newsreader import paths, storage
from newsreader.config import Config, editing_config
from newsreader.library import ReadState
from newsreader.notes import NotesStore
from newsreader.registry import Registry, RegistryError
from newsreader.storage import FILE_MODE, FileLockedError, UserFile, sweep_temporaries, sweep_user_folders

ROOT = Path(__file__).resolve().parents[1]
AID = "0123456789abcdef"

HAND_REGISTRY = """\
# My sources, kept by hand
version: 1
sources:
  - name: Reuters   # the wire
    kind: media outlet
    tags: [media]
    colour: blue    # a key newsreader does not know
  - name: Zeta Post
"""

HAND_CONFIG = """\
# my settings
folders:
  - ~/news   # saved pages
theme: nord  # easy on the eyes
keymap: {q: quit}
"""


def registry_file() -> Path:
    path = paths.data_dir() / "sources.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def config_file() -> Path:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- the write path


def test_update_rereads_under_the_lock_and_keeps_a_backup(tmp_path: Path):
    path = tmp_path / "f.txt"
    file = UserFile(path)
    assert file.update(lambda text: (text or "") + "a") == "a"
    assert oct(path.stat().st_mode & 0o777) == oct(FILE_MODE)  # one stated mode for new files
    path.write_text("a, then edited by hand")
    file.update(lambda text: text + "!")
    assert path.read_text() == "a, then edited by hand!"
    assert (tmp_path / "f.txt.bak").read_text() == "a, then edited by hand"
    assert file.update(lambda text: None) == "a, then edited by hand!"  # None: nothing written
    assert sorted(p.name for p in tmp_path.iterdir()) == [".f.txt.lock", "f.txt", "f.txt.bak"]


def test_threads_never_lose_updates(tmp_path: Path):
    path = tmp_path / "count.txt"

    def work() -> None:
        for _ in range(50):
            UserFile(path).update(lambda text: str(int(text or "0") + 1))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert path.read_text() == "200"


def test_existing_mode_is_kept(tmp_path: Path):
    path = tmp_path / "shared.yaml"
    path.write_text("a: 1\n")
    os.chmod(path, 0o640)
    UserFile(path).update(lambda text: "a: 2\n")
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.read_text() == "a: 2\n"


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "newsreader.yaml"
    target.write_text(HAND_CONFIG)
    os.chmod(target, 0o644)
    link = config_file()
    link.symlink_to(target)
    with editing_config() as config:
        config.sort = "date"
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert yaml.safe_load(target.read_text())["sort"] == "date"
    assert "# easy on the eyes" in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o644
    assert (dotfiles / "newsreader.yaml.bak").read_text() == HAND_CONFIG
    assert not link.with_name("config.yaml.bak").exists()


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "f.txt"
    UserFile(path).update(lambda text: "old")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        UserFile(path).update(lambda text: "new")
    monkeypatch.undo()
    assert path.read_text() == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_lock_timeout(tmp_path: Path):
    path = tmp_path / "f.txt"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time\n"
         f"fd = os.open({str(tmp_path / '.f.txt.lock')!r}, os.O_RDWR | os.O_CREAT)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(30)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(FileLockedError) as info:
            UserFile(path, lock_timeout=0.2).update(lambda text: "x")
        assert not info.value.here and "another newsreader process" in str(info.value)
    finally:
        holder.kill()
        holder.wait()
    assert not path.exists()
    UserFile(path).update(lambda text: "x")  # the lock is free again
    assert path.read_text() == "x"


def test_stale_temporaries_are_removed_on_start_but_not_a_save_under_way():
    data = paths.data_dir()
    (data / "notes").mkdir(parents=True)
    config_file()
    stale = [data / ".sources.yaml.tmp", data / ".sources.yaml.bak.tmp", data / "notes" / f".{AID}.yaml.tmp",
             paths.config_dir() / ".config.yaml.tmp", data / ".state.yaml.x8f3k2.tmp"]  # the last: older random name
    for path in stale:
        path.write_text("half a fil")
    keep = data / "notes.tmp"  # not hidden: not ours to remove
    keep.write_text("mine")
    busy = data / ".state.yaml.tmp"
    with UserFile(data / "state.yaml").locked():  # a save under way (this first use sweeps data/ too)
        busy.write_text("being written")
        sweep_user_folders()  # what the app does at start
    assert busy.exists() and keep.exists()
    assert not [path for path in stale if path.exists()]


def test_first_write_in_a_folder_sweeps_it(tmp_path: Path):
    stale = tmp_path / ".other.yaml.tmp"
    stale.write_text("left by a killed run")
    UserFile(tmp_path / "mine.yaml").update(lambda text: "a: 1\n")
    assert not stale.exists()
    stale.write_text("again")
    assert sweep_temporaries(tmp_path, once=True) == 0  # once per folder and process
    assert sweep_temporaries(tmp_path) == 1


# ---------------------------------------------------------------- the source registry


def test_a_hand_edit_made_while_the_app_holds_the_registry_is_kept():
    registry = Registry.load()  # the app loads it once
    registry.tag("Reuters", ["media"])
    path = registry.path
    text = path.read_text()
    path.write_text(text + "- name: Hand Made\n  tags: [by-hand]\n")  # edited while the app runs
    registry.tag("JCS", ["military"])
    on_disk = Registry.load()
    assert on_disk.lookup("Hand Made").tags == ["by-hand"]
    assert on_disk.lookup("JCS").tags == ["military"] and on_disk.lookup("Reuters").tags == ["media"]
    assert registry.lookup("Hand Made") is not None  # and the app's copy is refreshed


def test_two_registries_in_one_process_never_lose_a_tag():
    first, second = Registry.load(), Registry.load()
    first.tag("Reuters", ["media"])
    second.tag("Reuters", ["reliable"], reliability=5)
    second.untag("Nobody")
    entry = Registry.load().lookup("Reuters")
    assert entry.tags == ["media", "reliable"] and entry.reliability == 5


def test_concurrent_processes_tagging_keep_every_tag(newsreader_home: Path):
    code = (
        "import sys\n"
        "from newsreader.registry import Registry\n"
        "registry = Registry.load()\n"
        "for i in range(25):\n"
        "    registry.tag('Source ' + sys.argv[1] + '-' + str(i % 5), ['tag-' + sys.argv[1] + '-' + str(i)])\n"
    )
    env = {**os.environ, "NEWSREADER_HOME": str(newsreader_home), "PYTHONPATH": str(ROOT / "src")}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(k)], env=env, stderr=subprocess.PIPE, text=True)
             for k in range(4)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    registry = Registry.load()
    assert registry.problem is None
    assert len(registry) == 20
    assert sum(len(entry.tags) for entry in registry.entries) == 100


def test_comments_order_and_unknown_keys_survive_a_change():
    path = registry_file()
    path.write_text(HAND_REGISTRY)
    registry = Registry.load()
    registry.tag("Reuters", ["reliable"], reliability=5)
    registry.tag("Associated Press", ["media", "yes"])  # "yes" would read back as true unquoted
    text = path.read_text()
    assert text.startswith("# My sources, kept by hand\n")
    assert "  - name: Reuters   # the wire\n" in text and "colour: blue    # a key newsreader does not know" in text
    assert "    tags: [media, reliable]\n" in text
    names = [entry.name for entry in Registry.load().entries]
    assert names == ["Associated Press", "Reuters", "Zeta Post"]  # a new entry goes in name order
    assert Registry.load().lookup("AP") is None and Registry.load().lookup("Associated Press").tags == ["media", "yes"]
    assert (path.parent / "sources.yaml.bak").exists()


def test_a_new_registry_file_gets_the_header():
    Registry.load().tag("Reuters", ["media"])
    text = registry_file().read_text()
    assert text.startswith("# newsreader source registry")
    assert yaml.safe_load(text)["sources"][0]["tags"] == ["media"]


@pytest.mark.parametrize("content", ["sources: [unclosed\n", "sources:\n- name: A\n  reliability: 9\n"])
def test_a_registry_broken_after_loading_is_never_overwritten(content: str):
    registry = Registry.load()
    registry.tag("Reuters", ["media"])
    path = registry.path
    path.write_bytes(content.encode())
    with pytest.raises(RegistryError):
        registry.tag("JCS", ["military"])
    assert path.read_bytes() == content.encode()
    assert registry.read_only


# ---------------------------------------------------------------- config and read state


def test_config_keeps_comments_and_another_apps_setting():
    path = config_file()
    path.write_text(HAND_CONFIG)
    with editing_config() as one_app:
        with editing_config() as other_app:  # loaded before the first one saved
            other_app.sort = "date"
        one_app.theme = "gruvbox"
    text = path.read_text()
    assert "# my settings\n" in text and "~/news   # saved pages" in text and "keymap: {q: quit}" in text
    data = yaml.safe_load(text)
    assert data["theme"] == "gruvbox" and data["sort"] == "date" and data["folders"] == ["~/news"]
    assert (path.parent / "config.yaml.bak").exists()


def test_config_words_pyyaml_would_misread_are_quoted():
    with editing_config() as config:
        config.theme = "on"
        config.folders = ["no", "~/x"]
    assert Config.load().theme == "on" and Config.load().folders == ["no", "~/x"]


@pytest.mark.parametrize("content", ["folders: [unclosed\n", "folders: 3\n", "- a list\n"])
def test_a_broken_config_is_byte_identical_after_a_change(content: str):
    path = config_file()
    with pytest.raises(storage.StorageError):
        with editing_config() as config:
            config.theme = "nord"
            path.write_text(content)  # broken by hand while the app changed a setting
    assert path.read_text() == content  # never saved over: the change is refused


def test_a_broken_config_refuses_the_change():
    path = config_file()
    path.write_text("folders: [unclosed\n")
    with pytest.raises(storage.StorageError):
        with editing_config() as config:
            config.theme = "nord"
    assert path.read_text() == "folders: [unclosed\n"


def test_read_marks_from_two_apps_are_merged():
    one, other = ReadState.load(), ReadState.load()
    one.set_read("aaa", True)
    one.set_read("bbb", True)
    one.save()
    other.set_read("ccc", True)
    other.save()  # a whole-set overwrite would drop aaa and bbb
    assert ReadState.load().read == {"aaa", "bbb", "ccc"}
    assert other.read == {"aaa", "bbb", "ccc"}  # and the other app now sees them
    one.set_read("aaa", False)
    one.save()
    other.set_read("ddd", True)
    other.save()  # must not bring aaa back
    assert ReadState.load().read == {"bbb", "ccc", "ddd"}
    assert (paths.data_dir() / "state.yaml.bak").exists()


def test_a_state_file_broken_while_running_is_kept():
    state = ReadState.load()
    state.set_read("aaa", True)
    state.save()
    path = paths.data_dir() / "state.yaml"
    path.write_text("read: !!python/object:os.system [echo]\n")
    state.set_read("bbb", True)
    with pytest.raises(storage.StorageError):
        state.save()
    assert path.read_text() == "read: !!python/object:os.system [echo]\n"


def test_notes_use_the_same_write_path():
    store = NotesStore()
    store.add_note(AID, "first")
    path = store.path_for(AID)
    first = path.read_bytes()
    store.add_note(AID, "second")
    assert path.stat().st_mode & 0o777 == FILE_MODE
    assert path.with_name(path.name + ".bak").read_bytes() == first
    assert path.with_name(f".{path.name}.lock").exists()


# ---------------------------------------------------------------- through the app


async def test_app_tagging_merges_with_a_hand_edit_and_another_app():
    from newsreader.ui.app import NewsReader
    from newsreader.ui.screens.tags import TagResult

    from test_ui import loaded

    path = registry_file()
    path.write_text(HAND_REGISTRY)
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.registry.lookup("Reuters") is not None
        path.write_text(HAND_REGISTRY.replace("  - name: Zeta Post\n", "  - name: Zeta Post\n    tags: [by-hand]\n"))
        Registry.load().tag("Other App Source", ["other-app"])  # as another running app would
        app.reader.apply_tags("JCS", TagResult(["official"], 4))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.registry.lookup("Other App Source") is not None  # the app's copy is refreshed
    registry = Registry.load()
    assert registry.lookup("Zeta Post").tags == ["by-hand"]
    assert registry.lookup("Other App Source").tags == ["other-app"]
    assert (registry.lookup("JCS").tags, registry.lookup("JCS").reliability) == (["official"], 4)
    assert "# the wire" in path.read_text()
