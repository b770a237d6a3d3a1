"""Turn an article (and its analysis) into the units the reader pane draws."""

from __future__ import annotations

from collections.abc import Sequence

from newsreader.articles import Article
from newsreader.ui.widgets.article_view import Unit

# A marker before every claim names its kind without colour (NO_COLOR, monochrome terminals).
KIND_MARKERS = {
    "statistic": "#",
    "quote": "❝",
    "attributed": "@",
    "comparison": "≶",
    "prediction": "→",
    "factual": "*",
}


def meta_line(article: Article) -> str:
    parts = [article.category, article.author and f"by {article.author}", article.source, article.published[:16]]
    if article.language and article.language != "en":
        parts.append(language_note(article.language))
    return " · ".join(part for part in parts if part)


def language_note(language: str) -> str:
    """What the meta line says of an article not in English: said once, for the whole article."""
    from newsreader.language import is_scored

    if is_scored(language):
        return f"language: {language}"
    return f"language: {language} — claims not scored or attributed (the models know English only)"


def article_units(
    article: Article,
    decorations: Sequence[tuple[int, int, str]] = (),
    markers: Sequence[tuple[int, str, str]] = (),
) -> list[Unit]:
    """The page for ``article``.

    ``decorations`` are ``(start, end, role)`` over ``article.text``; ``markers`` are
    ``(offset, text, role)``: display-only text put before that offset (claim kind markers).
    """
    units = [Unit(article.title, "title", gap=0)]
    meta = meta_line(article)
    if meta:
        units.append(Unit(meta, "meta", gap=0))
    if article.url:
        units.append(Unit(article.url, "meta", gap=0))
    if article.error:
        units.append(Unit(f"Cannot show this file: {article.error}", "error"))
        units.append(Unit(article.path, "meta", gap=0))
        return units
    for warning in article.warnings:
        units.append(Unit(f"Note: {warning}", "meta", gap=0))

    text = article.text
    previous_role = ""
    for segment in article.segments:
        role = segment.role
        line = text[segment.start : segment.end].replace("\t", " ")
        if role == "key_point" and previous_role not in ("key_point", "heading"):
            units.append(Unit("Key points", "label"))  # a label where the article has no heading of its own
        if role in ("key_point", "item"):
            block = article.blocks[segment.block] if segment.block >= 0 else None
            bullet = f"{segment.index + 1}. " if block is not None and block.ordered else "• "
            gap = 0 if previous_role == role or units[-1].role == "label" else 1
            unit = Unit(line, role, bullet, " " * len(bullet), gap=gap)
        elif role == "quote":
            unit = Unit(line, role, "│ ", "│ ")
        elif role == "credit":
            unit = Unit(line, role, gap=0)
        else:
            unit = Unit(line, role)
        unit.anchor = segment.start
        units.append(unit)
        previous_role = role

    if decorations:
        _decorate(units, decorations)
    if markers:
        _insert_markers(units, markers)
    return units


def _insert_markers(units: list[Unit], markers: Sequence[tuple[int, str, str]]) -> None:
    """Put each marker's text into the unit it falls in; shift that unit's spans to match."""
    ordered = sorted(markers)
    position = 0
    for unit in units:
        if unit.anchor is None:
            continue
        start, end = unit.anchor, unit.anchor + len(unit.text)
        while position < len(ordered) and ordered[position][0] < start:
            position += 1
        local: list[tuple[int, str, str]] = []
        while position < len(ordered) and ordered[position][0] <= end:
            offset, text, role = ordered[position]
            local.append((offset - start, text, role))
            position += 1
        if not local:
            continue
        unit.inserts = [(offset, len(text)) for offset, text, _ in local]
        spans = [
            (unit.to_display(span_start), unit.to_display(span_end, end=True), role)
            for span_start, span_end, role in unit.spans
        ]
        pieces: list[str] = []
        previous = 0
        for offset, text, role in local:
            pieces.append(unit.text[previous:offset])
            pieces.append(text)
            previous = offset
            marker_end = unit.to_display(offset)
            spans.append((marker_end - len(text), marker_end, role))
        pieces.append(unit.text[previous:])
        unit.text = "".join(pieces)
        unit.spans = spans


def _decorate(units: list[Unit], decorations: Sequence[tuple[int, int, str]]) -> None:
    """Attach each decoration to the units it overlaps, in unit-local offsets."""
    anchored = [(unit.anchor, unit.anchor + len(unit.text), unit) for unit in units if unit.anchor is not None]
    ordered = sorted(decorations)
    position = 0
    for unit_start, unit_end, unit in anchored:
        while position < len(ordered) and ordered[position][1] <= unit_start:
            position += 1
        scan = position
        while scan < len(ordered) and ordered[scan][0] < unit_end:
            start, end, role = ordered[scan]
            if end > unit_start:
                unit.spans.append((max(start, unit_start) - unit_start, min(end, unit_end) - unit_start, role))
            scan += 1
