"""Sources across the library: merged by name and alias, with registry tags and ratings, and the
claims attributed to them with their verdicts; ``newsreader sources`` prints them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from newsreader.cli import main
from newsreader.library.sources_across import SourceClaim, SourceSummary, sources_across
from newsreader.notes import Anchor, NotesStore
from newsreader.registry import Registry

from conftest import SEED

SEED_SOURCES = {
    "South Korea's Joint Chiefs of Staff", "South Korean intelligence services", "Ju Hong Won", "X/@polymarketintel",
}


def article(article_id: str, text: str, sources: list[dict], claims: list[tuple[str, str | None]]) -> dict:
    found = []
    for quote, source in claims:
        start = text.index(quote)
        found.append({"start": start, "end": start + len(quote), "text": quote, "kind": "statistic",
                      "source": source})
    return {"id": article_id, "title": f"Article {article_id[-1]}", "path": f"/news/{article_id}.txt",
            "text": text, "error": "", "claims": found, "sources": sources}


A = "000000000000000a"
B = "000000000000000b"
TEXT_A = "The Ministry of Health said cases doubled. The ministry added 40 beds. Reuters counted 12 ships."
TEXT_B = "The MoH says cases fell by a third. Dr. Ann Lee said the data is incomplete."


def records() -> list[dict]:
    return [
        article(A, TEXT_A, [
            {"name": "Ministry of Health", "aliases": [], "kind": "official body", "mentions": [{}, {}]},
            {"name": "Reuters", "aliases": [], "kind": "media outlet", "mentions": [{}], "tags": ["wire"]},
        ], [("cases doubled", "Ministry of Health"), ("40 beds", "the Ministry of Health"),
            ("12 ships", "Reuters")]),
        article(B, TEXT_B, [
            {"name": "the ministry of health", "aliases": ["MoH"], "kind": "other", "mentions": [{}]},
            {"name": "Ann Lee", "aliases": ["Dr. Ann Lee"], "kind": "expert", "mentions": [{}]},
        ], [("cases fell by a third", "MoH"), ("the data is incomplete", "Ann Lee"), ("Dr. Ann Lee", None)]),
    ]


def by_name(summaries: list[SourceSummary]) -> dict[str, SourceSummary]:
    return {summary.name: summary for summary in summaries}


def test_the_same_source_is_merged_across_articles_by_normalised_name_and_alias():
    summaries = sources_across(records())
    assert [s.name for s in summaries] == ["Ministry of Health", "Ann Lee", "Reuters"]  # most claims first
    ministry = summaries[0]
    assert (ministry.claim_count, ministry.article_count, ministry.mentions) == (3, 2, 3)
    assert ministry.article_ids == [A, B]
    assert "MoH" in ministry.aliases and ministry.kind == "official body"
    assert [(c.article_id, c.text) for c in ministry.claims] == [
        (A, "cases doubled"), (A, "40 beds"), (B, "cases fell by a third")]
    start = TEXT_B.index("cases fell by a third")
    assert ministry.claims[2] == SourceClaim(B, "Article b", f"/news/{B}.txt", "cases fell by a third", start,
                                             start + len("cases fell by a third"), "unchecked", "statistic")
    assert by_name(summaries)["Reuters"].tags == ["wire"] and by_name(summaries)["Reuters"].rating is None


def test_registry_gives_name_kind_tags_rating_and_merges_its_aliases(tmp_path: Path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "- name: Health Ministry\n  aliases: [Ministry of Health, MoH]\n  kind: official body\n"
        "  tags: [official, government]\n  reliability: 4\n  note: Slow to correct.\n"
        "- name: Dr. Ann Lee\n  aliases: [Ann Lee]\n  kind: expert\n  tags: [expert]\n  reliability: 5\n",
        encoding="utf-8",
    )
    registry = Registry.load(path)
    assert registry.problem is None
    found = by_name(sources_across(records(), registry))
    ministry = found["Health Ministry"]
    assert (ministry.tags, ministry.rating, ministry.note, ministry.in_registry) == (
        ["official", "government"], 4, "Slow to correct.", True)
    assert ministry.claim_count == 3 and ministry.article_count == 2
    assert found["Dr. Ann Lee"].rating == 5 and found["Dr. Ann Lee"].kind == "expert"
    data = ministry.to_dict()
    assert data["rating"] == 4 and data["claim_count"] == 3 and data["article_count"] == 2
    assert data["claims"][0]["verdict"] == "unchecked"


def test_verdicts_come_from_the_notes_store():
    store = NotesStore()
    start = TEXT_A.index("cases doubled")
    store.set_verdict(A, Anchor.from_span(TEXT_A, start, start + len("cases doubled")), "false")
    ministry = sources_across(records(), store=store)[0]
    assert [c.verdict for c in ministry.claims] == ["false", "unchecked", "unchecked"]
    assert ministry.verdicts == {"false": 1, "unchecked": 2}


def test_odd_records_are_tolerated():
    odd = [None, "junk", {"id": "x", "error": "unreadable"}, {"id": "y", "claims": [{"source": "..."}],
                                                             "sources": [{"name": ""}, None, {"aliases": []}]},
           {"id": "z", "claims": [{"source": "Someone Else", "text": "t", "start": "?"}], "sources": []}]
    [only] = sources_across(odd)  # type: ignore[arg-type]
    assert only.name == "Someone Else" and only.claim_count == 1 and only.claims[0].start == -1
    assert sources_across([]) == []


def test_two_sources_joined_by_a_later_alias_become_one():
    recs = [
        article(A, TEXT_A, [{"name": "Reuters", "mentions": []}], []),
        article(B, TEXT_B, [{"name": "Ministry of Health", "mentions": []}], []),
        article("000000000000000c", "x", [{"name": "Reuters", "aliases": ["Ministry of Health"]}], []),
    ]
    [merged] = sources_across(recs)
    assert merged.article_count == 3


# ---------------------------------------------------------------- the command


def sources_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["sources", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_seed_articles_list_their_four_sources(capsys: pytest.CaptureFixture[str]):
    code, out, err = sources_cli(capsys, "--format", "json")  # the library: the seeds
    assert code == 0, err
    sources = json.loads(out)["sources"]
    assert {source["name"] for source in sources} == SEED_SOURCES
    jcs = next(source for source in sources if source["name"] == "South Korea's Joint Chiefs of Staff")
    assert "JCS" in jcs["aliases"] and jcs["kind"] == "official body"
    assert jcs["claim_count"] == len(jcs["claims"]) > 0 and jcs["article_count"] == 1
    for key in ("name", "kind", "tags", "rating", "claim_count", "article_count", "claims"):
        assert all(key in source for source in sources)
    claim = jcs["claims"][0]
    assert set(claim) >= {"article_id", "title", "path", "text", "start", "end", "verdict"}
    text = Path(claim["path"]).read_text(encoding="utf-8")
    assert claim["text"] and claim["end"] > claim["start"] >= 0 and text


def test_sources_yaml_and_text(capsys: pytest.CaptureFixture[str]):
    code, out, _ = sources_cli(capsys, str(SEED), "--format", "yaml")
    assert code == 0 and {s["name"] for s in yaml.safe_load(out)["sources"]} == SEED_SOURCES
    code, out, _ = sources_cli(capsys, str(SEED))
    assert code == 0
    heads = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert {head.split(" (")[0] for head in heads} == SEED_SOURCES
    assert "unrated" in out and "[unchecked]" in out


def test_sources_show_registry_ratings(capsys: pytest.CaptureFixture[str], newsreader_home: Path):
    from newsreader.registry import registry_path

    path = registry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("sources:\n- name: Joint Chiefs of Staff\n  aliases: [JCS]\n  tags: [military]\n"
                    "  reliability: 3\n", encoding="utf-8")
    code, out, _ = sources_cli(capsys, str(SEED), "--format", "json")
    assert code == 0
    jcs = next(s for s in json.loads(out)["sources"] if s["rating"] is not None)
    assert (jcs["name"], jcs["tags"], jcs["rating"]) == ("Joint Chiefs of Staff", ["military"], 3)
    code, out, _ = sources_cli(capsys, str(SEED))
    assert "Joint Chiefs of Staff (official body; also: JCS, " in out and "tags: military; reliability: 3/5)" in out


def test_sources_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code, out, err = sources_cli(capsys, str(tmp_path / "missing"))
    assert code == 1 and out == "" and "no such file or folder" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = sources_cli(capsys, str(empty))
    assert code == 1 and "no .txt, .md or .html files" in err
    (empty / "a.txt").write_text("Quiet day\n\nNothing happened in the town today.\n", encoding="utf-8")
    code, out, err = sources_cli(capsys, str(empty))
    assert code == 0 and out == "No sources.\n"


def test_usage_lists_the_new_commands(capsys: pytest.CaptureFixture[str]):
    from newsreader.cli import COMMANDS

    assert "sources" in COMMANDS and "factchecks" in COMMANDS
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "newsreader sources" in out and "newsreader factchecks" in out and "claimreview" in out
