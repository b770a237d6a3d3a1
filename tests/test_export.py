"""Tests for newsreader.export: every format parses back, nothing is dropped, text is escaped."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # the package may not be installed in the venv
    sys.path.insert(0, str(ROOT / "src"))

from newsreader.export import CSV_COLUMNS, FORMATS, ExportError, export, md_escape, write_output  # noqa: E402
from newsreader.notes import Anchor, NotesStore  # noqa: E402

AID = "0714c6963990ef25"
BID = "00000000deadbeef"
TEXT = (
    "Officials said that exports fell by half in the first quarter, the ministry said. "
    "Reuters reported 12 ships were stuck. 1. Nobody knows why."
)


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def record(**over) -> dict:
    c1 = span(TEXT, "exports fell by half")
    c2 = span(TEXT, "12 ships were stuck")
    c3 = span(TEXT, "1. Nobody knows why.")
    rec = {
        "id": AID, "path": "seeds/a.txt", "title": "Storm *closes* port #1 [live] <b>",
        "category": "news", "author": "A. Writer", "published": "2024-05-01", "publication": "The Daily",
        "url": "https://example.org/a?b=1", "text": TEXT, "markdown": "# Storm\n\n" + TEXT,
        "claims": [
            {"start": c1[0], "end": c1[1], "text": TEXT[c1[0]:c1[1]], "kind": "statistic", "score": 0.91,
             "hedges": [], "source": "the ministry", "source_span": [70, 82], "reasons": ["number"]},
            {"start": c2[0], "end": c2[1], "text": TEXT[c2[0]:c2[1]], "kind": "count", "score": 0.5,
             "hedges": [{"start": 0, "end": 1, "text": "x"}], "source": "Reuters", "source_span": None,
             "reasons": []},
            {"start": c3[0], "end": c3[1], "text": "1. Nobody knows why.", "kind": "other", "score": 0.1},
        ],
        "sources": [
            {"name": "Reuters", "aliases": ["Reuters news agency"], "description": "Wire service",
             "kind": "agency", "mentions": [{"start": 83, "end": 90}], "tags": ["wire", "international"]},
        ],
    }
    rec.update(over)
    return rec


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSREADER_HOME", str(tmp_path / "home"))
    return NotesStore()


@pytest.fixture
def filled(store):
    rec = record()
    c1 = rec["claims"][0]
    a1 = Anchor.from_span(TEXT, c1["start"], c1["end"])
    store.set_verdict(AID, a1, "misleading", article_meta={"title": rec["title"]})
    store.add_note(AID, "Customs says **38 %**.\n```python\nunclosed fence\n\n# not a heading", target="claim",
                   anchor=a1)
    store.add_note(AID, "Second note on claim 1", target="claim", anchor=a1)
    store.add_note(AID, "=HYPERLINK(\"http://evil\")", target="source", source="reuters")
    store.add_note(AID, "Whole article: one-sided.\n\n## not a heading either")
    store.add_note(AID, "claim was edited away", target="claim",
                   anchor=Anchor("exports rose by a third", "said that ", " in the", 20, 43))
    store.set_verdict(AID, Anchor("an old claim", start=0, end=12), "false")
    store.add_note(AID, "on a source the article no longer names", target="source", source="AP")
    return store, [rec]


# ---------------------------------------------------------------- formats parse back


def test_yaml_and_json_contain_everything(filled):
    store, records = filled
    for fmt, parse in (("yaml", yaml.safe_load), ("json", json.loads)):
        data = parse(export(records, store, fmt))
        assert data["export_version"] == 1
        [article] = data["articles"]
        assert article["id"] == AID and article["publication"] == "The Daily"
        assert "text" not in article and "markdown" not in article
        c1, c2, c3 = article["claims"]
        assert c1["verdict"] == "misleading" and c1["kind"] == "statistic" and c1["score"] == 0.91
        assert c1["reasons"] == ["number"] and c1["source_span"] == [70, 82]
        assert [n["body"].split("\n")[0] for n in c1["notes"]] == ["Customs says **38 %**.", "Second note on claim 1"]
        assert c2["verdict"] == "unchecked" and c2["notes"] == [] and c2["hedges"][0]["text"] == "x"
        assert c3["verdict"] == "unchecked"
        [source] = article["sources"]
        assert source["tags"] == ["wire", "international"]
        assert [n["body"] for n in source["notes"]] == ['=HYPERLINK("http://evil")']
        assert [n["body"].split("\n")[0] for n in article["article_notes"]] == ["Whole article: one-sided."]
        detached = {(d["type"], d.get("body") or d.get("verdict")) for d in article["detached"]}
        assert detached == {("note", "claim was edited away"), ("verdict", "false"),
                            ("note", "on a source the article no longer names")}
        assert article["notes_error"] is None


def test_include_text(filled):
    store, records = filled
    data = json.loads(export(records, store, "json", include_text=True))
    assert data["articles"][0]["text"] == TEXT


def test_csv_one_row_per_claim_plus_other_notes(filled):
    store, records = filled
    rows = list(csv.reader(io.StringIO(export(records, store, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, r)) for r in rows[1:]]
    claims = [r for r in body if r["row_type"] == "claim"]
    assert [r["claim_text"] for r in claims] == [c["text"] for c in records[0]["claims"]]
    first = claims[0]
    assert first["article_id"] == AID and first["verdict"] == "misleading" and first["kind"] == "statistic"
    assert (int(first["claim_start"]), int(first["claim_end"])) == span(TEXT, "exports fell by half")
    assert float(first["score"]) == 0.91 and first["source"] == "the ministry"
    assert first["notes"].startswith("Customs says **38 %**.\n```python") and "\n---\nSecond note" in first["notes"]
    assert claims[1]["verdict"] == "unchecked" and claims[1]["notes"] == ""
    types = sorted(r["row_type"] for r in body if r["row_type"] != "claim")
    assert types == ["article_note", "detached_note", "detached_note", "detached_verdict", "source"]
    source_row = [r for r in body if r["row_type"] == "source"][0]
    assert source_row["notes"] == "'=HYPERLINK(\"http://evil\")"  # not run as a spreadsheet formula
    assert source_row["source"] == "Reuters" and source_row["tags"] == "wire, international"
    assert {r["article_url"] for r in body} == {"https://example.org/a?b=1"}


def test_markdown_structure_and_escaping(filled):
    """The memo: title and origin, article notes, checked claims, sources, then what is detached.
    Unchecked claims and details (scores, spans, ids) only when asked for."""
    store, records = filled
    md = export(records, store, "md")
    lines = md.split("\n")
    assert lines[0] == "# Fact-check notes"
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# Fact-check notes",
        r"## Storm \*closes\* port \#1 \[live\] \<b\>",
        "### Article notes",
        "### Checked claims",
        "#### Claim 1: misleading",
        "### Sources",
        "#### Reuters",
        "### Detached notes (their quote or source is no longer in the article)",
    ]
    assert "- **From:** The Daily · A. Writer · 2024-05-01 · news" in lines
    assert "- **URL:** <https://example.org/a?b=1>" in lines
    assert "- **Tags:** wire, international" in lines
    assert "- **Attributed to:** the ministry" in lines
    assert not any(line.startswith(("- **Score:**", "- **Span:**", "- **Article ID:**", "- **File:**"))
                   for line in lines)
    assert "12 ships were stuck" not in md  # unchecked: left out, and said so
    assert "_1 claim checked of 3 claims found; the others are left out" in md
    # Note bodies (user Markdown) stay inside block quotes, so an unclosed fence or a
    # heading in a note cannot swallow or restructure the rest of the document.
    fences = [line for line in lines if "```" in line]
    assert fences and all(line.startswith("> ") for line in fences)
    assert "> # not a heading" in lines and "> ## not a heading either" in lines
    for text in ("claim was edited away", "on a source the article no longer names", "> exports rose by a third"):
        assert text in md
    assert "- **Verdict:** false" in md

    full = export(records, store, "md", details=True, all_claims=True).split("\n")
    assert [line for line in full if line.startswith("###")] == [
        "### Article notes", "### Checked claims", "#### Claim 1: misleading", "### Unchecked claims",
        "#### Claim 2: unchecked", "#### Claim 3: unchecked", "### Sources", "#### Reuters",
        "### Detached notes (their quote or source is no longer in the article)",
    ]
    assert r"> 1\. Nobody knows why." in full  # not an ordered list inside the quote
    assert "- **Score:** 0.91" in full and "- **Kind:** statistic" in full
    assert "- **Article ID:** " + AID in full and "- **File:** seeds/a.txt" in full
    start, end = span(TEXT, "exports fell by half")
    assert f"- **Span:** {start}–{end}" in full


def test_md_escape():
    assert md_escape("a*b_c`d") == r"a\*b\_c\`d"
    assert md_escape("<script>alert(1)</script>") == r"\<script\>alert(1)\</script\>"
    assert md_escape("- item", line_start=True) == r"\- item"
    assert md_escape("2. item", line_start=True) == r"2\. item"
    assert md_escape("> quote", line_start=True) == r"\> quote"
    assert md_escape("multi\nline\x1b[31m red") == "multi line red"


# ---------------------------------------------------------------- empty and odd input


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_exports_are_valid(store, fmt):
    for records in ([], [record()]):  # no articles; articles without any notes
        out = export(records, store, fmt)
        if fmt == "yaml":
            data = yaml.safe_load(out)
            assert len(data["articles"]) == len(records)
        elif fmt == "json":
            data = json.loads(out)
            assert len(data["articles"]) == len(records)
        elif fmt == "csv":
            rows = list(csv.reader(io.StringIO(out)))
            assert tuple(rows[0]) == CSV_COLUMNS
            assert len(rows) == 1 + (4 if records else 0)  # three claims and the source
            types = [r[CSV_COLUMNS.index("row_type")] for r in rows[1:]]
            assert types == (["claim"] * 3 + ["source"] if records else [])
            assert all(r[CSV_COLUMNS.index("verdict")] == "unchecked" for r in rows[1:4])
        else:
            assert out.startswith("# Fact-check notes\n")
            assert ("_No articles._" in out) == (not records)
    assert not (store.root).exists()  # exporting never creates the notes folder


def test_tolerates_missing_and_odd_fields(store):
    records = [
        {"id": AID, "title": None},  # no text, claims or sources
        {"id": BID, "text": "abc", "claims": None, "sources": [None, "junk", {"name": "X"}],
         "published": date(2024, 5, 1), "score": math.nan},
        {"id": "../../etc/passwd", "title": "bad id", "claims": [{"text": "no offsets", "score": math.inf}]},
        "not a record",
    ]
    store.add_note(AID, "note without text")
    for fmt in FORMATS:
        out = export(records, store, fmt)
        assert out
    data = json.loads(export(records, store, "json"))
    assert [a["id"] for a in data["articles"]] == [AID, BID, "../../etc/passwd"]
    assert data["articles"][0]["article_notes"][0]["body"] == "note without text"
    assert data["articles"][1]["published"] == "2024-05-01" and data["articles"][1]["score"] is None
    assert "invalid article id" in data["articles"][2]["notes_error"]
    assert data["articles"][2]["claims"][0]["score"] is None


def test_broken_notes_file_is_reported_not_fatal(store):
    path = store.root / f"{AID}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("schema_version: [\n", encoding="utf-8")
    data = json.loads(export([record()], store, "json"))
    assert str(path) in data["articles"][0]["notes_error"]
    assert "Notes problem (read-only)" in export([record()], store, "md")


def test_output_is_deterministic(filled):
    store, records = filled
    for fmt in FORMATS:
        assert export(records, store, fmt) == export(records, NotesStore(), fmt)


def test_unknown_format(store):
    with pytest.raises(ValueError, match="unknown export format"):
        export([], store, "pdf")


# ---------------------------------------------------------------- write_output


def test_write_output(tmp_path):
    target = tmp_path / "out.md"
    assert write_output("héllo\n", target) == target
    assert target.read_text(encoding="utf-8") == "héllo\n"
    os.chmod(target, 0o640)
    write_output("second\n", target)
    assert target.read_text(encoding="utf-8") == "second\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temp files left


def test_write_output_refuses_directory_and_missing_folder(tmp_path):
    folder = tmp_path / "adir"
    folder.mkdir()
    with pytest.raises(ExportError, match=re.escape(f"{folder}: is a directory")):
        write_output("x", folder)
    assert folder.is_dir() and list(folder.iterdir()) == []
    with pytest.raises(ExportError, match="does not exist"):
        write_output("x", tmp_path / "missing" / "out.csv")


def test_write_output_disk_full_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="No space left"):
        write_output("new", target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


# ---------------------------------------------------------------- registry, problems, annotated articles

REGISTRY_TEXT = """\
version: 1
sources:
- name: Reuters
  aliases: [Reuters news agency]
  kind: media outlet
  tags: [wire, reliable]
  reliability: 4
  note: |-
    Checks its corrections.
    Second line.
"""


def registry_at(home: Path, text: str):
    from newsreader.registry import Registry

    path = home / "data" / "sources.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Registry.load(path), path


def csv_rows(text: str) -> list[dict]:
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    return [dict(zip(CSV_COLUMNS, row)) for row in rows[1:]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_broken_registry_is_named_in_every_format(store, tmp_path, fmt):
    registry, path = registry_at(tmp_path / "home", "sources: [unclosed\n")
    assert registry.problem
    store.add_note(AID, "Usually reliable.", target="source", source="Reuters")
    out = export([record(sources=[{"name": "Reuters", "tags": []}])], store, fmt, registry=registry)
    assert (md_escape(str(path)) if fmt == "md" else str(path)) in out  # Markdown escapes the _ in it
    if fmt in ("json", "yaml"):
        data = json.loads(out) if fmt == "json" else yaml.safe_load(out)
        assert data["problems"] == [registry.problem]
    elif fmt == "csv":
        first = csv_rows(out)[0]
        assert first["row_type"] == "problem" and first["notes"] == registry.problem
    else:
        assert "## Problems" in out
    assert path.read_text(encoding="utf-8") == "sources: [unclosed\n"  # never rewritten


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_broken_notes_file_is_named_in_every_format(store, fmt):
    path = store.root / f"{AID}.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"schema_version: [\n")
    out = export([record()], store, fmt)
    assert (md_escape(str(path)) if fmt == "md" else str(path)) in out
    if fmt == "csv":  # the article's rows begin with the problem, not silently without notes
        rows = csv_rows(out)
        assert rows[0]["row_type"] == "problem" and rows[0]["article_id"] == AID and str(path) in rows[0]["notes"]
        assert [row["row_type"] for row in rows].count("problem") == 1
    assert path.read_bytes() == b"schema_version: [\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_ratings_tags_url_and_source_notes_in_every_format(store, tmp_path, fmt):
    registry, _ = registry_at(tmp_path / "home", REGISTRY_TEXT)
    assert registry.problem is None
    store.add_note(AID, "Asked them for the data.", target="source", source="Reuters")
    rec = record()
    rec["sources"][0]["tags"] = []  # the registry is the truth for tags
    out = export([rec], store, fmt, registry=registry)
    if fmt in ("json", "yaml"):
        data = json.loads(out) if fmt == "json" else yaml.safe_load(out)
        [article] = data["articles"]
        [source] = article["sources"]
        assert article["url"] == "https://example.org/a?b=1"
        assert (source["tags"], source["reliability"]) == (["wire", "reliable"], 4)
        assert source["registry_note"] == "Checks its corrections.\nSecond line."
        assert [note["body"] for note in source["notes"]] == ["Asked them for the data."]
        assert data["problems"] == []
    elif fmt == "csv":
        rows = csv_rows(out)
        assert {row["article_url"] for row in rows} == {"https://example.org/a?b=1"}
        [source] = [row for row in rows if row["row_type"] == "source"]
        assert (source["source"], source["tags"], source["reliability"]) == ("Reuters", "wire, reliable", "4")
        assert source["registry_note"] == "Checks its corrections.\nSecond line."
        assert source["notes"] == "Asked them for the data."
        reuters_claim = [row for row in rows if row["row_type"] == "claim" and row["source"] == "Reuters"]
        assert reuters_claim[0]["reliability"] == "4" and reuters_claim[0]["tags"] == "wire, reliable"
    else:
        assert "- **URL:** <https://example.org/a?b=1>" in out
        assert "- **Tags:** wire, reliable" in out and "- **Reliability:** 4/5" in out
        assert "**Registry note:**\n\n> Checks its corrections.\n> Second line." in out
        assert "> Asked them for the data." in out


def test_annotated_records_find_articles_wherever_they_were_opened(store, tmp_path):
    from newsreader.export import annotated_records

    elsewhere = str(tmp_path / "elsewhere.txt")
    gone = str(tmp_path / "gone.txt")
    store.add_note(AID, "in the library")
    store.add_note(BID, "opened by path", article_meta={"title": "Elsewhere", "path": elsewhere})
    cid = "00000000cafef00d"
    store.add_note(cid, "its file was moved", article_meta={"title": "Moved", "path": gone, "url": "https://x.org/m"})
    did = "00000000deadf00d"
    store.add_note(did, "its file now holds another story", article_meta={"path": elsewhere})
    eid = "00000000000000ee"
    store.add_note(eid, "no idea where")
    files = {"lib.txt": AID, elsewhere: BID}

    def record_for(path):
        if path in files:
            return {"id": files[path], "path": path, "title": path}
        return {"id": "ffffffffffffffff", "path": path, "error": "no such file or folder"}

    records = annotated_records(store, {AID: "lib.txt"}, record_for)
    assert [r["id"] for r in records] == [AID, cid, did, eid, BID][:1] + sorted([BID, cid, did, eid])
    by_id = {r["id"]: r for r in records}
    assert by_id[BID]["path"] == elsewhere and "error" not in by_id[BID]
    assert by_id[cid]["error"] == f"{gone}: no such file or folder" and by_id[cid]["url"] == "https://x.org/m"
    assert by_id[cid]["title"] == "Moved"
    assert by_id[did]["error"] == f"{elsewhere} now holds another article"
    assert "not known" in by_id[eid]["error"]
    data = json.loads(export(records, store, "json"))
    moved = next(a for a in data["articles"] if a["id"] == cid)
    assert [n["body"] for n in moved["article_notes"]] == ["its file was moved"]  # exported, not dropped
    assert annotated_records(store, {AID: "lib.txt"}, record_for, [BID])[0]["id"] == BID


# ---------------------------------------------------------------- the export command


def cli_export(capsys, *args: str) -> tuple[int, str, str]:
    from newsreader.cli import main

    code = main(["export", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_command_names_every_unreadable_file(newsreader_home, capsys, fmt):
    """A broken registry and a broken notes file: named on stderr and in the document, in every
    format, with no traceback, and both files left byte for byte as they were."""
    from newsreader.articles import load_article

    from conftest import SEED

    seed = load_article(SEED)
    store = NotesStore()
    store.add_note(seed.id, "Checked with the JCS.", article_meta={"title": seed.title, "path": seed.path})
    broken_notes = store.path_for(BID)
    broken_notes.write_bytes(b"schema_version: 1\nnotes: [unclosed\n")
    _, broken_registry = registry_at(newsreader_home, "sources:\n- name: [unclosed\n")
    before = {path: path.read_bytes() for path in (broken_notes, broken_registry)}
    code, out, err = cli_export(capsys, "--format", fmt)
    assert code == 0
    assert "Traceback" not in err
    for path in before:
        assert f"newsreader: {path}" in err
        assert (md_escape(str(path)) if fmt == "md" else str(path)) in out
        assert path.read_bytes() == before[path]
    assert "Checked with the JCS." in out  # the good notes are still exported
    target = newsreader_home / f"out.{fmt}"
    code, out, err = cli_export(capsys, "--format", fmt, "-o", str(target))
    assert code == 0 and out == "" and str(broken_registry) in err
    assert str(broken_registry) in target.read_text(encoding="utf-8").replace("\\_", "_")
    assert all(path.read_bytes() == before[path] for path in before)


def test_export_command_without_arguments_finds_articles_opened_by_path(tmp_path, capsys):
    from newsreader.articles import load_article

    folder = tmp_path / "elsewhere"
    folder.mkdir()
    story = folder / "story.txt"
    story.write_text("Port closes after storm\n\nThe ministry said exports fell by half.\n", encoding="utf-8")
    article = load_article(story)
    store = NotesStore()
    store.add_note(article.id, "Opened with `newsreader DIR`.",
                   article_meta={"title": article.title, "path": str(story.resolve()), "url": None})
    code, out, err = cli_export(capsys, "--format", "json")
    assert code == 0, err
    [found] = json.loads(out)["articles"]  # not in the library (seeds + config folders)
    assert (found["id"], found["title"], found["error"]) == (article.id, "Port closes after storm", "")
    assert [note["body"] for note in found["article_notes"]] == ["Opened with `newsreader DIR`."]
    # by id, too
    code, out, err = cli_export(capsys, "--format", "json", article.id)
    assert code == 0 and json.loads(out)["articles"][0]["id"] == article.id
    # moved away: its notes are still exported, with the reason on stderr
    story.rename(folder / "moved.txt")
    code, out, err = cli_export(capsys, "--format", "csv")
    assert code == 0 and f"{story}: no such file or folder" in err
    rows = csv_rows(out)
    assert [row["row_type"] for row in rows] == ["problem", "article_note"]
    assert rows[1]["notes"] == "Opened with `newsreader DIR`." and rows[1]["article_title"] == "Port closes after storm"
