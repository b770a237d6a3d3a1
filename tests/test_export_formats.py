"""Tests for the fact-checkers' exports: schema.org ClaimReview and W3C Web Annotation (JSON-LD),
the Markdown memo's ``details``/``all_claims`` options, and the export command's flags."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from newsreader.export import (
    ALL_FORMATS,
    FORMAT_SUFFIXES,
    RATING_SCALE,
    Reviewer,
    collect,
    configured_reviewer,
    export,
    format_name,
    render,
)
from newsreader.notes import VERDICTS, Anchor, NotesStore

AID = "0714c6963990ef25"
TEXT = (
    "Officials said that exports fell by half in the first quarter, the ministry said. "
    "Reuters reported 12 ships were stuck. Senator Jane Roe said taxes doubled."
)
URL = "https://example.org/a?b=1"


def span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def claim(quote: str, source: str | None, kind: str = "statistic") -> dict:
    start, end = span(quote)
    return {"start": start, "end": end, "text": quote, "kind": kind, "score": 0.8, "source": source}


def record(**over) -> dict:
    rec = {
        "id": AID, "path": "seeds/a.txt", "title": "Storm closes port", "url": URL, "published": "2024-05-01",
        "publication": "The Daily", "text": TEXT,
        "claims": [claim("exports fell by half", "the ministry"), claim("12 ships were stuck", "Reuters", "count"),
                   claim("taxes doubled", "Jane Roe")],
        "sources": [
            {"name": "Reuters", "aliases": [], "kind": "media outlet", "mentions": [{"start": 82, "end": 89}]},
            {"name": "Jane Roe", "aliases": ["Senator Jane Roe"], "kind": "politician", "mentions": []},
        ],
    }
    rec.update(over)
    return rec


@pytest.fixture
def store() -> NotesStore:
    return NotesStore()  # under the test's own NEWSREADER_HOME (conftest)


@pytest.fixture
def checked(store: NotesStore) -> NotesStore:
    meta = {"title": "Storm closes port"}
    store.set_verdict(AID, Anchor.from_span(TEXT, *span("exports fell by half")), "misleading", article_meta=meta)
    store.set_verdict(AID, Anchor.from_span(TEXT, *span("taxes doubled")), "false")
    store.add_note(AID, "Customs says **38 %**.", target="claim", anchor=Anchor.from_span(TEXT, *span("fell by half")))
    store.add_note(AID, "One-sided piece.")
    store.add_note(AID, "Usually careful.", target="source", source="Reuters")
    return store


# ---------------------------------------------------------------- ClaimReview


def test_claimreview_one_review_per_claim_with_a_verdict(checked):
    reviews = json.loads(export([record()], checked, "claimreview"))
    assert isinstance(reviews, list) and len(reviews) == 2  # the unchecked claim is not reviewed
    by_claim = {review["claimReviewed"]: review for review in reviews}
    assert set(by_claim) == {"exports fell by half", "taxes doubled"}
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["url"] == URL
        assert review["author"] == {"@type": "Person", "name": "newsreader user"}
        assert review["datePublished"].endswith("Z")
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert rating["ratingValue"] == RATING_SCALE[rating["alternateName"]]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["appearance"]["url"] == URL
        assert item["appearance"]["headline"] == "Storm closes port"
        assert review["@id"].startswith("urn:uuid:")
    misleading = by_claim["exports fell by half"]
    assert misleading["reviewRating"]["alternateName"] == "misleading"
    assert misleading["reviewRating"]["ratingValue"] == 2
    assert misleading["itemReviewed"]["author"] == {"@type": "Organization", "name": "the ministry"}
    assert misleading["reviewBody"] == "Customs says **38 %**."
    false = by_claim["taxes doubled"]
    assert false["reviewRating"]["ratingValue"] == 1
    assert false["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Roe"}  # a politician
    assert "reviewBody" not in false


def test_rating_scale_covers_every_verdict():
    assert set(RATING_SCALE) == set(VERDICTS) - {"unchecked"}
    assert min(RATING_SCALE.values()) == RATING_SCALE["false"] == 1
    assert max(RATING_SCALE.values()) == RATING_SCALE["verified"] == 5


def test_claimreview_of_a_file_without_url_and_without_source(checked):
    rec = record(url=None, path="/tmp/news/a story.txt")
    rec["claims"][0]["source"] = None
    [review, _] = json.loads(export([rec], checked, "claimreview"))
    assert review["itemReviewed"]["appearance"]["url"] == Path("/tmp/news/a story.txt").as_uri()
    assert "author" not in review["itemReviewed"]
    assert json.loads(export([record(id="00000000deadbeef")], checked, "claimreview")) == []  # no verdicts


def test_reviewer_given_or_from_config(checked):
    org = Reviewer("Example Checks", "Organization", "https://checks.example")
    [review, _] = json.loads(export([record()], checked, "claimreview", reviewer=org))
    assert review["author"] == {"@type": "Organization", "name": "Example Checks", "url": "https://checks.example"}
    assert configured_reviewer() == Reviewer()  # no config file
    from newsreader import paths

    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('reviewer:\n  name: "Desk \\e[31mA"\n  type: organization\n', encoding="utf-8")
    assert configured_reviewer() == Reviewer("Desk A", "Organization")
    config.write_text("reviewer: Jo Checker\n", encoding="utf-8")
    assert configured_reviewer() == Reviewer("Jo Checker")
    config.write_text("reviewer: [unclosed\n", encoding="utf-8")
    assert configured_reviewer() == Reviewer()  # a broken config is the config's own problem


# ---------------------------------------------------------------- Web Annotation


def test_webannotation_one_annotation_per_note_and_verdict(checked):
    collection = json.loads(export([record()], checked, "webannotation"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["first"]["type"] == "AnnotationPage" and collection["total"] == len(items) == 5
    for item in items:
        assert item["type"] == "Annotation"
        assert uuid.UUID(item["id"].removeprefix("urn:uuid:")).version == 5
        assert item["target"]["source"] == URL
        assert item["created"] and item["modified"]
        assert item["creator"] == {"type": "Person", "name": "newsreader user"}
    bodies = [item["body"] if isinstance(item["body"], list) else [item["body"]] for item in items]
    assert all(body[0]["type"] == "TextualBody" and body[0]["format"] == "text/plain" for body in bodies)
    purposes = sorted(body[0]["purpose"] for body in bodies)
    assert purposes == ["assessing", "assessing", "commenting", "commenting", "commenting"]

    def on(value: str) -> dict:
        return next(item for item, body in zip(items, bodies) if body[0]["value"] == value)

    whole = on("One-sided piece.")
    assert "selector" not in whole["target"]  # on the whole article
    note = on("Customs says **38 %**.")
    quote, position = note["target"]["selector"]
    start, end = span("fell by half")
    assert quote == {"type": "TextQuoteSelector", "exact": "fell by half", "prefix": TEXT[max(0, start - 32):start],
                     "suffix": TEXT[end:end + 32]}
    assert quote["prefix"].endswith("exports ") and quote["suffix"].startswith(" in the first")
    assert position == {"type": "TextPositionSelector", "start": start, "end": end}
    verdict = on("misleading")
    assert verdict["motivation"] == "assessing"
    assert verdict["target"]["selector"][0]["exact"] == "exports fell by half"
    assert TEXT[verdict["target"]["selector"][1]["start"]:verdict["target"]["selector"][1]["end"]] == (
        "exports fell by half")
    source_note = next(item for item in items if isinstance(item["body"], list))
    assert source_note["body"][1] == {"type": "TextualBody", "value": "Reuters", "purpose": "identifying"}
    # stable ids: exporting again gives the same document
    assert export([record()], checked, "webannotation") == export([record()], checked, "annotation")


def test_webannotation_keeps_detached_notes(checked):
    checked.add_note(AID, "quote gone", target="claim", anchor=Anchor("no longer here", "", "", 0, 14))
    items = json.loads(export([record()], checked, "webannotation"))["first"]["items"]
    [gone] = [item for item in items if not isinstance(item["body"], list) and item["body"]["value"] == "quote gone"]
    assert gone["target"]["selector"][0] == {"type": "TextQuoteSelector", "exact": "no longer here"}


def test_linked_formats_parse_back_with_nothing_to_export(store):
    for fmt in ("claimreview", "webannotation"):
        for records in ([], [record()]):
            assert json.loads(export(records, store, fmt)) is not None
    assert not store.root.exists()


def test_formats_and_aliases():
    assert format_name("annotation") == "webannotation" and format_name("markdown") == "md"
    assert set(FORMAT_SUFFIXES) == set(ALL_FORMATS)
    with pytest.raises(ValueError, match="unknown export format"):
        format_name("pdf")


def test_untrusted_text_stays_literal_in_json_ld(store):
    rec = record(title="Evil \x1b]8;;http://x\x07title")
    rec["claims"][0]["text"] = "exports fell by half"
    store.set_verdict(AID, Anchor.from_span(TEXT, *span("exports fell by half")), "false")
    for fmt in ("claimreview", "webannotation"):
        out = export([rec], store, fmt)
        assert "\x1b" not in out and "\x07" not in out  # JSON escapes control characters
    assert json.loads(export([rec], store, "claimreview"))[0]["itemReviewed"]["appearance"]["headline"] == rec["title"]


# ---------------------------------------------------------------- Markdown memo options


def test_render_takes_details_and_all_claims(checked):
    data = collect([record()], checked)
    memo = render(data, "md")
    assert "12 ships were stuck" not in memo and "- **Score:**" not in memo
    assert "### Article notes" in memo and memo.index("### Article notes") < memo.index("### Checked claims")
    assert memo.index("### Checked claims") < memo.index("### Sources")
    full = render(data, "md", details=True, all_claims=True)
    assert "12 ships were stuck" in full and "- **Score:** 0.8" in full and "### Unchecked claims" in full


def test_claim_with_notes_but_no_verdict_is_in_the_memo(store):
    store.add_note(AID, "Ask the port authority.", target="claim", anchor=Anchor.from_span(TEXT, *span("12 ships")))
    memo = export([record()], store, "md")
    assert "#### Claim 2: unchecked" in memo and "> Ask the port authority." in memo
    assert "exports fell by half" not in memo


# ---------------------------------------------------------------- the export command


def test_export_command_formats_and_flags(capsys):
    from newsreader.articles import load_article
    from newsreader.cli import main

    from conftest import SEED

    seed = load_article(SEED)
    store = NotesStore()
    first_sentence = seed.text.split(".")[0]
    anchor = Anchor.from_span(seed.text, 0, len(first_sentence))
    store.set_verdict(seed.id, anchor, "verified", article_meta={"title": seed.title, "path": seed.path})
    assert main(["export", "--format", "claimreview", "--reviewer", "Desk"]) == 0
    reviews = json.loads(capsys.readouterr().out)
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["verified"]
    assert reviews[0]["author"]["name"] == "Desk"
    assert main(["export", "--format", "annotation", str(SEED)]) == 0
    items = json.loads(capsys.readouterr().out)["first"]["items"]
    assert [item["body"]["purpose"] for item in items] == ["assessing"]
    assert main(["export"]) == 0
    memo = capsys.readouterr().out
    assert "#### Claim 1: verified" in memo and "### Unchecked claims" not in memo and "- **Score:**" not in memo
    assert main(["export", "--all-claims", "--details"]) == 0
    memo = capsys.readouterr().out
    assert "### Unchecked claims" in memo and "- **Score:**" in memo
    with pytest.raises(SystemExit):
        main(["export", "--format", "pdf"])
