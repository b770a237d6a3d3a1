"""What the reader draws over an article's text: claim and source highlights (decorations),
display-only markers (kind, "unattributed", verdicts, note counts, tags), and the article's
notes sorted onto its claims and sources.  Plain functions of their inputs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from newsreader.ui.document import KIND_MARKERS

if TYPE_CHECKING:
    from newsreader.analysis import Analysis
    from newsreader.articles import Article
    from newsreader.notes import ArticleNotes
    from newsreader.ui.checks import ClaimChecks


class Attached:
    """An article's notes sorted onto its claims and sources (``notes.attach``), with a lookup
    from a claim to what is attached to it."""

    def __init__(self, article: Article, analysis: Analysis, notes: ArticleNotes) -> None:
        self.key = (id(article), id(analysis), id(notes))
        self.attachment = notes.attach(
            article.text,
            [(claim.start, claim.end) for claim in analysis.claims],
            [source.name for source in analysis.sources],
        )
        self._positions = {(claim.start, claim.end): number for number, claim in enumerate(analysis.claims)}

    def claim(self, claim: Any) -> Any:
        index = self._positions.get((claim.start, claim.end))
        return self.attachment.claims[index] if index is not None else None


def decorations(analysis: Analysis | None, claims: Sequence[Any], current: int | None) -> list[tuple[int, int, str]]:
    """Styled spans: sources, claims by kind, check-worthy, hedges, the current claim."""
    spans: list[tuple[int, int, str]] = []
    if analysis is not None:
        for source in analysis.sources:
            spans.extend((start, end, "source") for start, end in source.mentions)
    for number, claim in enumerate(claims):
        spans.append((claim.start, claim.end, f"claim-{claim.kind}"))
        if claim.check_worthy:
            spans.append((claim.start, claim.end, "claim-strong"))
        for hedge in claim.hedges:
            spans.append((hedge.start, hedge.end, "hedge"))
        if claim.source_span:
            spans.append((claim.source_span[0], claim.source_span[1], "source"))
        if number == current:
            spans.append((claim.start, claim.end, "claim-current"))
    return spans


def markers(analysis: Analysis | None, claims: Sequence[Any], attached: Attached | None,
            source_tags: Callable[[Any], list[str]]) -> list[tuple[int, str, str]]:
    """Display-only text: a kind marker before each claim (kinds read without colour too),
    "unattributed" after claims with no source, verdicts and note counts after claims, a
    source's tags after each mention."""
    found = []
    for claim in claims:
        found.append((claim.start, KIND_MARKERS.get(claim.kind, "*") + " ", f"claim-{claim.kind} claim-marker"))
        if claim.source is None and claim.score is not None:
            # (not scored: a language the models do not know, so no attribution was possible)
            found.append((claim.end, " ⟨unattributed⟩", "unattributed"))
        on_claim = attached.claim(claim) if attached is not None else None
        if on_claim is not None and on_claim.verdict is not None:
            name = on_claim.verdict.verdict
            found.append((claim.end, f" ⟦{name}⟧", f"verdict-{name.replace(' ', '-')}"))
        if on_claim is not None and on_claim.notes:
            found.append((claim.end, f" ✎{len(on_claim.notes)}", "note-marker"))
    if analysis is not None:
        for source in analysis.sources:
            tags = source_tags(source)
            if tags:
                label = " ⟨" + ", ".join(tags) + "⟩"
                found.extend((end, label, "tag") for _, end in source.mentions)
    return found


def check_markers(claims: Sequence[Any], checks: Callable[[Any], ClaimChecks]) -> list[tuple[int, str, str]]:
    """Display-only text after a claim that repeats a fact-check (`` ⚑ false · Snopes``, its best
    match) and after one whose figure another article gives differently (`` ≠ 3,500 soldiers``).
    ``checks(claim)`` says what is known of a claim.  The fields are cleaned: they are drawn as
    they are, never as markup."""
    from newsreader.ui.checks import factcheck_label, figure_label

    found = []
    for claim in claims:
        checked = checks(claim)
        if checked.matches:
            more = len(checked.matches) - 1
            label = " ⚑ " + factcheck_label(checked.matches[0].factcheck) + (f" +{more}" if more else "")
            found.append((claim.end, label, "factcheck-marker"))
        differing = checked.differing
        if differing:
            more = len(differing) - 1
            found.append((claim.end, f" ≠ {figure_label(differing[0])}" + (f" +{more}" if more else ""),
                          "figure-marker"))
    return found


def claim_extras(claims: Sequence[Any], attached: Attached | None,
                 checks: Callable[[Any], ClaimChecks] | None = None) -> list[str]:
    """The claims panel's verdict and note count for each claim (and with ``checks``, ⚑ when it
    repeats a fact-check, ≠ when another article gives one of its figures differently)."""
    extras = []
    for claim in claims:
        on_claim = attached.claim(claim) if attached is not None else None
        extra = on_claim.verdict_name if on_claim and on_claim.verdict else ""
        if on_claim and on_claim.notes:
            extra = f"{extra} ✎{len(on_claim.notes)}".strip()
        if checks is not None:
            checked = checks(claim)
            marks = ("⚑" if checked.matches else "") + ("≠" if checked.differing else "")
            extra = f"{extra} {marks}".strip()
        extras.append(extra)
    return extras


def claim_at(claims: list[Any], start: int, end: int) -> int | None:
    """The number of the claim of ``claims`` over ``start``-``end``, if one is."""
    for number, claim in enumerate(claims):
        if claim.start <= start < claim.end or start <= claim.start < end:
            return number
    return None
