"""Tests for the headless notes store (newsreader.notes)."""

from __future__ import annotations

import dataclasses
import errno
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # the package may not be installed in the venv
    sys.path.insert(0, str(ROOT / "src"))

from newsreader.notes import (  # noqa: E402
    VERDICTS,
    Anchor,
    InvalidInputError,
    Note,
    NoteNotFoundError,
    NotesError,
    NotesFileError,
    NotesReadOnlyError,
    NotesStore,
    NotesWriteError,
    fileformat,
    resolve_anchor,
)
from newsreader.notes import store as store_module  # noqa: E402

AID = "0714c6963990ef25"
TEXT = (
    "Officials said that exports fell by half in the first quarter, the ministry said.\n\n"
    "Critics said exports fell by half only in one port. Reuters reported the figures."
)
META = {"title": "Storm closes port", "path": "seeds/000_0714c6963990ef25.txt", "url": "https://example.org/a"}


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSREADER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def store(home):
    return NotesStore()


def notes_file(home: Path, aid: str = AID) -> Path:
    return home / "data" / "notes" / f"{aid}.yaml"


def claim_anchor(text: str = TEXT, quote: str = "exports fell by half", nth: int = 0) -> Anchor:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return Anchor.from_span(text, start, start + len(quote))


# ---------------------------------------------------------------- basics


def test_verdict_constants():
    assert VERDICTS == ("unchecked", "verified", "false", "misleading", "disputed", "unproven", "needs context")


def test_headless_import_does_not_load_textual():
    code = ("import sys, newsreader.notes, newsreader.export; "
            "sys.exit(1 if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 0)")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 0


def test_nothing_created_until_first_save(home, store):
    assert store.root == home / "data" / "notes"
    notes = store.load(AID)
    assert notes.notes == () and not notes.exists and not notes.read_only
    assert store.all_article_ids() == []
    assert not (home / "data").exists()
    store.add_note(AID, "first", article_meta=META)
    assert notes_file(home).is_file()
    assert store.all_article_ids() == [AID]


def test_notes_on_article_claim_and_source(store):
    anchor = claim_anchor()
    body = "Customs data says **38 %**, not half.\n\n- see table 3\n- ask the ministry"
    claim = store.add_note(AID, body, target="claim", anchor=anchor, article_meta=META)
    art = store.add_note(AID, "Overall one-sided.", article_meta=META)
    src = store.add_note(AID, "Usually reliable.", target="source", source="  Reuters ")

    fresh = NotesStore().load(AID)  # a second instance reads the file
    assert {n.id for n in fresh.notes} == {claim.id, art.id, src.id}
    assert fresh.note(claim.id).body == body
    assert fresh.note(claim.id).anchor == anchor
    assert [n.id for n in fresh.article_notes()] == [art.id]
    assert [n.id for n in fresh.source_notes("REUTERS")] == [src.id]
    assert fresh.source_notes("AP") == []
    assert fresh.meta == META


def test_bad_arguments_are_refused(store, home):
    with pytest.raises(InvalidInputError):
        store.add_note(AID, "x", target="claim")  # no anchor
    with pytest.raises(InvalidInputError):
        store.add_note(AID, "x", target="source")  # no source
    with pytest.raises(InvalidInputError):
        store.add_note(AID, "x", target="article", anchor=claim_anchor())
    with pytest.raises(InvalidInputError):
        store.add_note(AID, "x", target="person")
    with pytest.raises(InvalidInputError):
        store.add_note(AID, "  \n\t ")
    with pytest.raises(InvalidInputError):
        store.set_verdict(AID, claim_anchor(), "probably")
    for bad in ("../../etc/passwd", "0714C6963990EF25", "a/b", "", "abc.yaml", "..", "x" * 10):
        with pytest.raises(InvalidInputError):
            store.load(bad)
        with pytest.raises(InvalidInputError):
            store.add_note(bad, "x")
    assert not (home / "data").exists()


def test_verdicts_set_replace_and_clear(store):
    anchor = claim_anchor()
    first = store.set_verdict(AID, anchor, "misleading")
    second = store.set_verdict(AID, anchor, "false")
    assert second.id == first.id  # same claim: replaced, not duplicated
    other = store.set_verdict(AID, claim_anchor(nth=1), "verified")  # same words, other place
    notes = store.load(AID)
    assert sorted(v.verdict for v in notes.verdicts) == ["false", "verified"]
    assert notes.for_span(TEXT, anchor.start, anchor.end).verdict_name == "false"
    assert store.set_verdict(AID, anchor, "unchecked") is None
    notes = store.load(AID)
    assert [v.id for v in notes.verdicts] == [other.id]
    assert notes.for_span(TEXT, anchor.start, anchor.end).verdict_name == "unchecked"


def test_update_and_delete(store):
    note = store.add_note(AID, "draft")
    updated = store.update_note(AID, note.id, "final\ntext")
    assert updated.id == note.id and updated.body == "final\ntext" and updated.updated
    assert store.load(AID).note(note.id).body == "final\ntext"
    assert store.delete_note(AID, note.id) is True
    assert store.delete_note(AID, note.id) is False
    with pytest.raises(NoteNotFoundError) as info:
        store.update_note(AID, note.id, "again")
    assert isinstance(info.value, NotesError) and str(notes_file(store.root.parent.parent)) in str(info.value)
    assert store.load(AID).notes == ()


def test_stale_instance_does_not_resurrect_deleted_note(store):
    keep = store.add_note(AID, "keep")
    gone = store.add_note(AID, "gone")
    other = NotesStore()
    assert {n.id for n in other.load(AID).notes} == {keep.id, gone.id}  # other has a stale view
    store.delete_note(AID, gone.id)
    added = other.add_note(AID, "from the other window")
    ids = {n.id for n in NotesStore().load(AID).notes}
    assert ids == {keep.id, added.id}


# ---------------------------------------------------------------- file format


def test_file_format_is_readable_and_ordered(store, home):
    anchor = claim_anchor()
    store.add_note(AID, "line one\nline two", target="claim", anchor=anchor, article_meta=META)
    store.set_verdict(AID, anchor, "needs context")
    store.add_note(AID, "second", target="source", source="Reuters")
    text = notes_file(home).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert list(data) == ["schema_version", "article", "verdicts", "notes"]
    assert data["schema_version"] == 1
    assert data["article"] == {"id": AID, **META}
    assert data["verdicts"][0]["verdict"] == "needs context"
    assert list(data["notes"][0]) == ["id", "target", "created", "anchor", "body"]
    assert list(data["notes"][0]["anchor"]) == ["exact", "prefix", "suffix", "start", "end"]
    assert "  body: |-\n    line one\n    line two\n" in text  # literal block, one line per line
    assert "{" not in text  # block style only
    created = [n["created"] for n in data["notes"]]
    assert created == sorted(created)


def test_saving_unchanged_data_gives_identical_bytes(store, home):
    anchor = claim_anchor()
    note = store.add_note(AID, "  indented\n\ttab and trailing   \n\nend\n", target="claim", anchor=anchor,
                          article_meta=META)
    store.set_verdict(AID, anchor, "disputed")
    store.add_note(AID, 'quotes " and \' and : colon # hash', target="source", source="Dr. O'Neil: x")
    store.add_note(AID, "yes")  # a word YAML 1.1 would read as a boolean
    path = notes_file(home)
    before = path.read_bytes()
    stat_before = path.stat()

    # Operations that change nothing do not rewrite the file.
    store.update_note(AID, note.id, store.load(AID).note(note.id).body)
    store.set_verdict(AID, anchor, "disputed")
    store.delete_note(AID, "n000000000000")
    assert path.read_bytes() == before
    assert path.stat().st_ino == stat_before.st_ino

    # Parsing and rendering again (also by a fresh process-like instance) is byte-identical,
    # and the fast per-item rendering means exactly the document's data.
    notes = NotesStore().load(AID)
    fileformat._RENDERED.clear()
    fileformat._SECTIONS.clear()
    rendered = fileformat.render(notes)
    assert rendered.encode() == before
    assert yaml.safe_load(rendered) == fileformat.document(notes)
    reparsed, _ = fileformat.parse_article(rendered, path, AID)
    assert fileformat.render(reparsed) == rendered
    assert reparsed.notes == notes.notes and reparsed.verdicts == notes.verdicts


TRICKY = [
    "", " ", "yes", "No", "null", "~", "1", "0x1F", "1_000", "1e5", ".inf", "2024-05-01", "12:30",
    "a: b", "a #b", "#x", "- x", "-", "? x", "!tag", "&a", "*a", "|", ">", "@x", "%x", "`x", "'q'", '"q"',
    "[a]", "{a: 1}", "a,b", "tab\there", "back\\slash", "\x00nul", "\x1b[31mred", "\x85", "\u2028ls",
    "\ufeffbom", "\ud800", "\U0001f642", "é", "trailing ", " leading", "a\n", "a\n\n", "\na", "a \nb",
    "line\n  indented\n\n\nend", "--- doc", "...", "a\r\nb", "\u00a0nbsp", "x" * 300,
]


def test_fast_emitter_round_trips_any_text():
    rng = random.Random(99)
    alphabet = "ab Z9_.:#-'\"\\\n\t\r\x00\x07\x1b\x7f\x85\xa0\u2028\ufeff\ud83d\U0001f642é—“[]{},&*!|>%@`?~"
    samples = TRICKY + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(1500)]
    for i, text in enumerate(samples):
        item = fileformat.emit_mapping(
            {"id": text, "anchor": {"exact": text, "start": i}, "body": fileformat.Literal(text)}, "- ", "  ")
        assert item is not None
        doc = "notes:\n" + item
        try:
            loaded = yaml.load(doc, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:  # lone surrogates cannot be loaded by any YAML parser
            assert any("\ud800" <= c <= "\udfff" for c in text), repr(text)
            continue
        assert loaded == {"notes": [{"id": text, "anchor": {"exact": text, "start": i}, "body": text}]}, repr(text)
        assert yaml.safe_load(doc) == loaded  # the pure-Python loader agrees


def test_incremental_render_equals_full_render(store):
    for i in range(4):
        store.add_note(AID, f"note {i}")
    notes = store.load(AID)
    rendered = fileformat.render(notes)  # remembered for the appending fast path
    past = Note(id="nearly", target="article", body="from the past", created="2000-01-01T00:00:00.000000Z")
    future = Note(id="nlater", target="article", body="from the future", created="2999-01-01T00:00:00.000000Z")
    for extra in ((future,), (past,), (past, future)):
        grown = dataclasses.replace(notes, notes=notes.notes + extra)
        fast = fileformat.render(grown)
        fileformat._SECTIONS.clear()
        fileformat._RENDERED.clear()
        assert fast == fileformat.render(grown)
        fileformat.render(notes)
    assert fast.index("nearly") < fast.index(notes.notes[0].id) < fast.index("nlater")
    shrunk = dataclasses.replace(notes, notes=notes.notes[1:])
    assert notes.notes[0].id not in fileformat.render(shrunk)
    assert fileformat.render(notes) == rendered


def test_unicode_and_emoji_stay_readable(store, home):
    body = "ünïcødé — “quotes” 🙂\nnull\n- dash"
    store.add_note(AID, body, target="source", source="Le Monde", article_meta={"title": "Café 🙂"})
    text = notes_file(home).read_text(encoding="utf-8")
    assert "  body: |-\n    ünïcødé — “quotes” 🙂\n    null\n    - dash\n" in text
    assert 'title: "Café 🙂"\n' in text
    assert store.load(AID).notes[0].body == body


def test_incremental_parse_matches_full_parse(store, home):
    anchor = claim_anchor()
    store.set_verdict(AID, anchor, "false", article_meta=META)
    for i in range(5):
        store.add_note(AID, f"note {i}\nline two", target="claim", anchor=anchor)
    path = notes_file(home)
    text = path.read_text(encoding="utf-8")
    assert fileformat._split_canonical(text) is not None  # what render writes is canonical
    # Another person edits one note by hand and adds one: only those blocks are new.
    edited = text.replace("note 2\n    line two", "note 2, edited\n    line two") + (
        "- id: nfromgit\n  target: article\n  created: '2030-01-01T00:00:00.000000Z'\n  body: merged in\n")
    full, _ = fileformat.parse_article(edited, path, AID)
    fast, _ = fileformat.parse_article(edited, path, AID, fileformat.known_blocks())
    assert fast == full
    assert [n.body.split("\n")[0] for n in fast.notes][2] == "note 2, edited"
    assert fast.note("nfromgit").body == "merged in"
    # Problems inside a block are reported with the file's line number, as in a full parse.
    bad_lines = edited.split("\n")
    target = next(i for i, line in enumerate(bad_lines) if line == '  verdict: "false"')
    bad_lines[target] = "  verdict: maybe"
    alias = edited.replace("  body: merged in\n", "  body: &x merged in\n  extra: *x\n")
    tagged = edited.replace("  body: merged in\n", "  body: !!python/name:os.system ''\n")
    for broken in ("\n".join(bad_lines), alias, tagged):
        with pytest.raises(NotesFileError) as slow_error:
            fileformat.parse_article(broken, path, AID)
        with pytest.raises(NotesFileError) as fast_error:
            fileformat.parse_article(broken, path, AID, fileformat.known_blocks())
        assert (fast_error.value.line, fast_error.value.message) == (slow_error.value.line, slow_error.value.message)
    assert slow_error.value.line == len(edited.split("\n")) - 1
    # Layouts the splitter does not know are parsed whole.
    original, _ = fileformat.parse_article(text, path, AID)
    for other in (text.replace("notes:\n", "# a comment\nnotes:\n"), text + "reviewer: bob\n",
                  text.replace("verdicts:", "verdicts:  ")):
        assert fileformat._split_canonical(other) is None
        assert fileformat.parse_article(other, path, AID, fileformat.known_blocks())[0].notes == original.notes


def test_hand_edited_file_is_accepted_and_unknown_keys_kept(store, home):
    path = notes_file(home)
    path.parent.mkdir(parents=True)
    path.write_text(
        "schema_version: 1\n"
        f"article: {{id: {AID}, title: Hand made}}\n"
        "reviewer: alice\n"
        "notes:\n"
        "- id: nhand1\n"
        "  target: article\n"
        "  created: 2024-05-01T10:00:00Z\n"  # unquoted: YAML reads a timestamp
        "  tag: keep-me\n"
        "  body: |\n"
        "    written by hand\n",
        encoding="utf-8",
    )
    notes = store.load(AID)
    assert notes.error is None
    assert notes.note("nhand1").created == "2024-05-01T10:00:00.000000Z"
    store.add_note(AID, "added by the app")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["reviewer"] == "alice"
    hand = [n for n in data["notes"] if n["id"] == "nhand1"][0]
    assert hand["tag"] == "keep-me" and hand["body"] == "written by hand\n"
    assert len(data["notes"]) == 2


def test_backup_keeps_previous_version(store, home):
    store.add_note(AID, "one")
    first = notes_file(home).read_bytes()
    store.add_note(AID, "two")
    assert (notes_file(home).parent / f"{AID}.yaml.bak").read_bytes() == first
    leftovers = [p.name for p in notes_file(home).parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


# ---------------------------------------------------------------- anchors


def test_anchor_from_span_and_offsets():
    anchor = claim_anchor()
    assert anchor.exact == "exports fell by half"
    assert anchor.prefix == TEXT[: anchor.start][-32:]
    assert anchor.suffix == TEXT[anchor.end: anchor.end + 32]
    assert resolve_anchor(anchor, TEXT) == (anchor.start, anchor.end)
    with pytest.raises(InvalidInputError):
        Anchor.from_span(TEXT, 5, 5)
    with pytest.raises(InvalidInputError):
        Anchor.from_span(TEXT, 0, len(TEXT) + 1)


def test_anchor_survives_edits_and_picks_the_right_occurrence():
    second = claim_anchor(nth=1)
    first = claim_anchor(nth=0)
    edited = "UPDATE: new paragraph at the top.\n\n" + TEXT
    shift = len(edited) - len(TEXT)
    assert resolve_anchor(second, edited) == (second.start + shift, second.end + shift)
    assert resolve_anchor(first, edited) == (first.start + shift, first.end + shift)
    # Context decides even when the old offset is nearer to the other occurrence.
    far = Anchor(second.exact, second.prefix, second.suffix, start=0, end=len(second.exact))
    assert resolve_anchor(far, TEXT) == (second.start, second.end)


def test_anchor_whitespace_and_case_tolerant_then_detached():
    anchor = claim_anchor()
    reflowed = TEXT.replace("exports fell by half in", "Exports  fell\nby half in")
    span = resolve_anchor(anchor, reflowed)
    assert span is not None and reflowed[span[0]:span[1]] == "Exports  fell\nby half"
    curly = Anchor("the \"figures\"", start=0, end=10)
    assert resolve_anchor(curly, "he saw the \u201cfigures\u201d.") == (7, 20)
    changed = TEXT.replace("exports fell by half", "exports fell by a third")
    assert resolve_anchor(anchor, changed) is None  # the claim changed: detached, not moved


def test_detached_notes_are_kept_and_reported(store):
    anchor = claim_anchor(nth=0)
    note = store.add_note(AID, "on the first claim", target="claim", anchor=anchor)
    store.set_verdict(AID, anchor, "false")
    changed = TEXT.replace("exports fell by half", "imports rose")
    notes = store.load(AID)
    detached = notes.detached(changed)
    assert {d.id for d in detached} == {note.id, notes.verdicts[0].id}
    store.add_note(AID, "another note")  # later saves keep the detached ones
    store.add_note(AID, "and another")
    assert store.load(AID).note(note.id) is not None
    assert len(store.load(AID).verdicts) == 1


def test_attach_sorts_everything_and_drops_nothing(store):
    first, second = claim_anchor(nth=0), claim_anchor(nth=1)
    n1 = store.add_note(AID, "n1", target="claim", anchor=first)
    n2 = store.add_note(AID, "n2", target="claim", anchor=second)
    stray = store.add_note(AID, "not a claim", target="claim", anchor=claim_anchor(quote="Reuters reported"))
    gone = store.add_note(AID, "gone", target="claim", anchor=Anchor("no such words", start=1, end=5))
    src = store.add_note(AID, "src", target="source", source="reuters")
    lost_src = store.add_note(AID, "src2", target="source", source="AP")
    art = store.add_note(AID, "art")
    store.set_verdict(AID, second, "verified")
    claims = [(first.start, first.end + 10), (second.start, second.end)]
    att = store.load(AID).attach(TEXT, claims, ["Reuters"])
    assert [n.id for n in att.claims[0].notes] == [n1.id]
    assert [n.id for n in att.claims[1].notes] == [n2.id]
    assert att.claims[0].verdict_name == "unchecked" and att.claims[1].verdict_name == "verified"
    assert [n.id for n in att.sources[0]] == [src.id]
    assert [n.id for n in att.article] == [art.id]
    assert [n.id for n in att.unmatched] == [stray.id]
    assert {n.id for n in att.detached} == {gone.id, lost_src.id}


# ---------------------------------------------------------------- bad files


def write_raw(home: Path, content: bytes | str, aid: str = AID) -> Path:
    path = notes_file(home, aid)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def assert_read_only_and_untouched(store, path: Path, *fragments: str) -> NotesFileError:
    before = path.read_bytes()
    notes = store.load(AID)
    assert notes.read_only and isinstance(notes.error, NotesFileError)
    message = str(notes.error)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message
    with pytest.raises(NotesReadOnlyError) as info:
        store.add_note(AID, "must not be written")
    assert str(path) in str(info.value) and "read-only" in str(info.value)
    with pytest.raises(NotesReadOnlyError):
        store.set_verdict(AID, claim_anchor(), "false")
    assert path.read_bytes() == before
    assert not path.with_name(path.name + ".bak").exists()
    return notes.error


def test_broken_yaml_names_file_and_line(store, home):
    path = write_raw(home, "schema_version: 1\nnotes:\n- id: n1\n  body: [unclosed\n  target: article\n")
    error = assert_read_only_and_untouched(store, path, "invalid YAML")
    assert error.line is not None and 4 <= error.line <= 6
    assert f"{path}:{error.line}:" in str(error)


def test_schema_error_names_line(store, home):
    path = write_raw(home, "schema_version: 1\nverdicts:\n- id: v1\n  verdict: maybe\n  updated: x\n"
                           "  anchor: {exact: a, start: 0, end: 1}\n")
    error = assert_read_only_and_untouched(store, path, "verdict must be one of")
    assert error.line == 4


def test_python_object_tag_is_refused(store, home, tmp_path):
    marker = tmp_path / "pwned"
    path = write_raw(home, "schema_version: 1\nnotes:\n- id: n1\n  target: article\n  created: x\n"
                           f"  body: !!python/object/apply:os.system ['touch {marker}']\n")
    error = assert_read_only_and_untouched(store, path, "python/object")
    assert error.line == 6
    assert not marker.exists()


def test_billion_laughs_is_refused_before_expansion(store, home):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    path = write_raw(home, "schema_version: 1\n" + "\n".join(lines) + "\nnotes: *a9\n")
    assert_read_only_and_untouched(store, path, "aliases")


def test_millions_of_tiny_lists_are_refused_before_a_tree_is_built(store, home):
    """16 MB of small nested lists once took 1.9 GB and 26 s, then a MemoryError."""
    import resource

    path = write_raw(home, "schema_version: 1\nnotes:\n" + "- [[], [], [], [], []]\n" * 700_000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert_read_only_and_untouched(store, path, "too much data")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 300, grown_mb


def test_huge_file_is_refused_without_reading_it(store, home, monkeypatch):
    path = notes_file(home)
    path.parent.mkdir(parents=True)
    with open(path, "wb") as handle:  # 100 MB, sparse: cheap to create
        handle.write(b"schema_version: 1\n")
        handle.truncate(100 * 1024 * 1024)
    read_bytes = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read_bytes.append(n) or real_read(fd, n))
    notes = store.load(AID)
    assert notes.read_only and "too big" in str(notes.error) and str(path) in str(notes.error)
    assert sum(read_bytes) == 0
    with pytest.raises(NotesReadOnlyError):
        store.add_note(AID, "x")
    assert path.stat().st_size == 100 * 1024 * 1024


def test_newer_schema_is_read_only_but_readable(store, home):
    path = write_raw(home, "schema_version: 2\nnotes:\n- id: nfuture\n  target: article\n"
                           "  created: '2030-01-01T00:00:00.000000Z'\n  body: from the future\n"
                           "  mood: new field\n")
    assert_read_only_and_untouched(store, path, "newer", "schema_version 2")
    assert store.load(AID).note("nfuture").body == "from the future"


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b"", "empty"),
        (b"schema_version: 1\nnotes: []\n\xff\xfe\n", "UTF-8"),
        (b"- just\n- a list\n", "mapping"),
        (b"notes: []\n", "schema_version"),
        (b"schema_version: 1\narticle: {id: ffffffff}\n", "does not match"),
        (b"schema_version: 1\nnotes:\n- {id: n1, target: article, created: x, body: a}\n"
         b"- {id: n1, target: article, created: x, body: b}\n", "duplicate"),
        (b"schema_version: 1\nnotes:\n- {id: n1, target: claim, created: x, body: a}\n", "anchor"),
    ],
)
def test_other_broken_files(store, home, content, fragment):
    path = write_raw(home, content)
    assert_read_only_and_untouched(store, path, fragment)


def test_one_broken_file_does_not_affect_other_articles(store, home):
    write_raw(home, "schema_version: [\n")
    other = "aaaaaaaaaaaaaaaa"
    store.add_note(other, "fine")
    assert store.load(other).notes[0].body == "fine"
    assert store.load(AID).read_only
    assert store.all_article_ids() == [AID, other]  # sorted


# ---------------------------------------------------------------- failing writes


def test_read_only_data_dir(store, home, monkeypatch):
    kept = store.add_note(AID, "saved before")
    path = notes_file(home)
    before = path.read_bytes()
    folder = path.parent
    os.chmod(folder, 0o555)
    if os.geteuid() == 0:  # root ignores permissions: make writes in the folder fail the same way
        real_open = os.open

        def guarded_open(file, flags, *args, **kwargs):
            if str(file).startswith(str(folder)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return real_open(file, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", guarded_open)
    try:
        with pytest.raises(NotesWriteError) as info:
            store.add_note(AID, "cannot be saved")
        assert "not writable" in str(info.value) and str(path) in str(info.value)
        notes = store.load(AID)  # in-memory / on-disk data still there and readable
        assert [n.id for n in notes.notes] == [kept.id] and not notes.read_only
        assert path.read_bytes() == before
    finally:
        os.chmod(folder, 0o755)


def test_disk_full_keeps_old_file(store, home, monkeypatch):
    kept = store.add_note(AID, "saved before")
    path = notes_file(home)
    before = path.read_bytes()
    real_write = os.write
    calls = []

    def full_disk(fd, data):
        calls.append(len(data))
        real_write(fd, bytes(data[:10]))  # a partial write, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(NotesWriteError) as info:
        store.add_note(AID, "x" * 5000)
    monkeypatch.setattr(os, "write", real_write)
    assert calls, "the write path was not exercised"
    assert "disk is full" in str(info.value) and str(path) in str(info.value)
    assert path.read_bytes() == before
    assert [n.id for n in store.load(AID).notes] == [kept.id]
    assert not any(p.name.endswith(".tmp") for p in path.parent.iterdir())
    store.add_note(AID, "after the disk was freed")  # and the store still works
    assert len(store.load(AID).notes) == 2


def test_too_many_notes_for_one_file_is_refused(store, home, monkeypatch):
    store.add_note(AID, "small")
    monkeypatch.setattr(store_module, "MAX_FILE_BYTES", 600)
    with pytest.raises(NotesWriteError) as info:
        store.add_note(AID, "y" * 1000)
    assert "exceed" in str(info.value)
    assert len(store.load(AID).notes) == 1


# ---------------------------------------------------------------- concurrency


def test_threads_and_instances_do_not_lose_updates(home):
    stores = [NotesStore(), NotesStore()]
    errors = []

    def work(k):
        try:
            for i in range(15):
                stores[k % 2].add_note(AID, f"thread {k} note {i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(NotesStore().load(AID).notes) == 60


def test_sigkilled_writers_never_corrupt_or_lose_acknowledged_notes(home):
    """Two writer processes save concurrently; we SIGKILL them at random moments.

    After every round the file must parse, hold every acknowledged note and none
    of the acknowledged deletions."""
    env = dict(os.environ, NEWSREADER_HOME=str(home), PYTHONPATH=str(ROOT / "src"))
    script = Path(__file__).with_name("notes_writer.py")
    rng = random.Random(1234)
    added: set[str] = set()
    deleted: set[str] = set()
    trying: set[str] = set()  # deletion started, maybe not acknowledged
    acked_rounds = 0
    for round_ in range(10):
        procs = [subprocess.Popen([sys.executable, str(script), AID, f"r{round_}w{k}"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for k in range(2)]
        firsts = [proc.stdout.readline() for proc in procs]  # both are up and saving
        for proc in rng.sample(procs, len(procs)):
            time.sleep(rng.uniform(0.0, 0.25))  # then kill at a random moment
            proc.send_signal(signal.SIGKILL)
        for proc, first in zip(procs, firsts):
            out = first + proc.stdout.read()  # not communicate(): it would skip readline's buffer
            err = proc.stderr.read()
            proc.wait(timeout=30)
            proc.stdout.close()
            proc.stderr.close()
            assert proc.returncode == -signal.SIGKILL, err.decode()
            lines = out.decode().split("\n")[:-1]  # an unterminated last line is no ack
            for line in lines:
                verb, note_id = line.split()
                {"ADD": added, "DEL": deleted, "TRY": trying}[verb].add(note_id)
            acked_rounds += bool(lines)
        notes = NotesStore().load(AID)
        assert notes.error is None, str(notes.error)
        ids = {n.id for n in notes.notes}
        assert added - trying <= ids  # a started, unacknowledged deletion may or may not be done
        assert not ids & deleted
        yaml.safe_load(notes_file(home).read_text(encoding="utf-8"))
    assert acked_rounds == 20 and len(added) > 40 and deleted, "writers did not get to save enough"
