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
    assert types == ["article_note", "detached_note", "detached_note", "detached_verdict", "source_note"]
    source_row = [r for r in body if r["row_type"] == "source_note"][0]
    assert source_row["notes"] == "'=HYPERLINK(\"http://evil\")"  # not run as a spreadsheet formula


def test_markdown_structure_and_escaping(filled):
    store, records = filled
    md = export(records, store, "md")
    lines = md.split("\n")
    assert lines[0] == "# Fact-check notes"
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# Fact-check notes",
        r"## Storm \*closes\* port \#1 \[live\] \<b\>",
        "### Claims",
        "#### Claim 1: misleading",
        "#### Claim 2: unchecked",
        "#### Claim 3: unchecked",
        "### Sources",
        "#### Reuters",
        "### Article notes",
        "### Detached notes (their quote or source is no longer in the article)",
    ]
    assert "- **Publication:** The Daily" in lines
    assert "- **URL:** <https://example.org/a?b=1>" in lines
    assert "- **Tags:** wire, international" in lines
    assert r"> 1\. Nobody knows why." in lines  # not an ordered list inside the quote
    # Note bodies (user Markdown) stay inside block quotes, so an unclosed fence or a
    # heading in a note cannot swallow or restructure the rest of the document.
    fences = [line for line in lines if "```" in line]
    assert fences and all(line.startswith("> ") for line in fences)
    assert "> # not a heading" in lines and "> ## not a heading either" in lines
    for text in ("claim was edited away", "on a source the article no longer names", "> exports rose by a third"):
        assert text in md
    assert "- **Verdict:** false" in md


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
            assert len(rows) == 1 + (3 if records else 0)
            assert all(r[CSV_COLUMNS.index("verdict")] == "unchecked" for r in rows[1:])
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
