"""CSV: one row per claim, source, problem and note that belongs to no claim (a spreadsheet)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

CSV_COLUMNS = (
    "article_id", "article_title", "row_type", "claim_start", "claim_end", "claim_text", "kind", "score",
    "source", "verdict", "verdict_updated", "notes", "article_url", "tags", "reliability", "registry_note",
)
"""Row types: ``problem`` (a file that could not be read, named in ``notes``), ``claim``,
``unmatched_*``/``detached_*``, ``source`` (one per source: its tags, reliability and registry
note, and your notes on it), ``article_note``."""
NOTE_SEPARATOR = "\n---\n"


def _cell(value: Any) -> Any:
    """CSV cell; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_csv(data: Mapping[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)

    def row(article: Mapping[str, Any], row_type: str, **cells: Any) -> None:
        values = {"article_id": article.get("id"), "article_title": article.get("title"), "row_type": row_type,
                  "article_url": article.get("url")}
        values.update(cells)
        writer.writerow([_cell(values.get(col)) for col in CSV_COLUMNS])

    def joined(notes: Iterable[Mapping[str, Any]]) -> str:
        return NOTE_SEPARATOR.join(n["body"] for n in notes)

    def tags(source: Mapping[str, Any]) -> str:
        return ", ".join(str(tag) for tag in source.get("tags") or [])

    article_problems = {article["notes_error"] for article in data["articles"]}
    for problem in data.get("problems", []):
        if problem not in article_problems:  # those go with their article
            row({}, "problem", notes=problem)
    for article in data["articles"]:
        for problem in (article.get("error"), article["notes_error"]):
            if problem:
                row(article, "problem", notes=problem)
        by_name = {source.get("name"): source for source in article["sources"]}
        for claim in article["claims"]:
            source = by_name.get(claim.get("source")) or {}
            row(article, "claim", claim_start=claim.get("start"), claim_end=claim.get("end"),
                claim_text=claim.get("text"), kind=claim.get("kind"), score=claim.get("score"),
                source=claim.get("source"), verdict=claim["verdict"], verdict_updated=claim["verdict_updated"],
                notes=joined(claim["notes"]), tags=tags(source), reliability=source.get("reliability"),
                registry_note=source.get("registry_note"))
        for kind in ("unmatched", "detached"):
            for item in article[kind]:
                row(article, f"{kind}_{item['type']}", claim_start=item.get("start"), claim_end=item.get("end"),
                    claim_text=item.get("quote"), source=item.get("source"), verdict=item.get("verdict"),
                    verdict_updated=item.get("updated") if item["type"] == "verdict" else None,
                    notes=item.get("body"))
        for source in article["sources"]:
            row(article, "source", source=source.get("name"), kind=source.get("kind"), notes=joined(source["notes"]),
                tags=tags(source), reliability=source.get("reliability"), registry_note=source.get("registry_note"))
        if article["article_notes"]:
            row(article, "article_note", notes=joined(article["article_notes"]))
    return out.getvalue()
