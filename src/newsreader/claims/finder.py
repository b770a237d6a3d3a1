"""Claims in an article's text: each sentence that is a claim, with its kind, score, hedges, reasons
and (unless the sources engine will do it) its simple attribution."""

from __future__ import annotations

import re
from dataclasses import replace

from newsreader.claims.claim import Claim, Hedge
from newsreader.claims.filters import _skip_reason
from newsreader.claims.scan import Scan, _hedges
from newsreader.claims.speech import _QUOTED, _attribution, _quote_core
from newsreader.claims.split import _sentences
from newsreader.claims.worthiness import score_and_features
from newsreader.language import is_scored, mostly_latin

_HAND_REASONS = {
    "h:first1": "first person", "h:first2": "first person", "h:opinion": "opinion marker",
    "h:opinion+first": "opinion marker", "h:modal+first": "modal verb",
    "h:caps2": "named entities", "h:caps3": "named entities", "h:year": "date/year",
    "h:modal": "modal verb", "h:negation": "negation",
}
_ANAPHORIC = re.compile(
    r"^(?:this|that|these|those|it|the (?:information|figures?|numbers?|data|report|claim|estimate))\b",
    re.IGNORECASE,
)
_PRECEDENCE = ("quote", "statistic", "prediction", "comparison", "attributed", "factual")


def _analyse(
    text: str, start: int, end: int, bulleted: bool, scored: bool = True, language: str = "", spans: bool = True,
) -> tuple[Claim, bool] | None:
    sentence = text[start:end]
    if _skip_reason(sentence, bulleted):
        return None
    sc = Scan(sentence)
    kinds: set[str] = set()
    reasons: list[str] = []

    quote_spans = []
    long_quote = False
    if '"' in sentence or "“" in sentence:
        for m in _QUOTED.finditer(sentence):
            quote_spans.append(m.span())
            inner = m.group(1) or m.group(2) or ""
            if len(inner.split()) >= 5 or inner.rstrip()[-1:] in ".,!?…":
                long_quote = True
    if long_quote:
        kinds.add("quote")
        reasons.append("direct quote")
    elif quote_spans:
        reasons.append("quoted phrase")

    if sc.numbers:
        kinds.add("statistic")
        reasons.extend("number: " + n for n in sc.numbers[:3])
    if sc.prediction:
        kinds.add("prediction")
        reasons.append("prediction: " + sc.prediction)
    if sc.comparison:
        kinds.add("comparison")
        reasons.append("comparison: " + sc.comparison)

    source = None
    source_span = None
    attr = _attribution(sentence, quote_spans if long_quote else [], sc.tokset, spans) if sc.attribution else None
    if attr:
        verb, span = attr
        kinds.add("attributed")
        reasons.append("attribution: " + verb)
        if span:
            source = sentence[span[0]:span[1]]
            source_span = (start + span[0], start + span[1])

    hedges: tuple[Hedge, ...] = ()
    hedge_spans = _hedges(sentence, sc)
    if hedge_spans:  # (most sentences have none)
        hedges = tuple(Hedge(start + s, start + e, sentence[s:e]) for s, e in hedge_spans)
        reasons.extend("hedge: " + h.text for h in hedges)

    model_scan: Scan | None = sc
    core = _quote_core(sentence) if long_quote else None
    if core is not None:
        # '“...,” X said.': the quoted statement is the claim, scored on its own words.
        cs, ce = core
        hedges = tuple(h for h in hedges if start + cs <= h.start and h.end <= start + ce)
        start, end, sentence = start + cs, start + ce, sentence[cs:ce]
        model_scan = None  # the model scans the statement itself

    score: float | None = None
    if scored and (sentence.isascii() or mostly_latin(sentence)):
        score, hand = score_and_features(sentence, model_scan)
        reasons.append(("model: check-worthy %.2f" if score >= 0.5 else "model: low check-worthiness %.2f") % score)
        for r in filter(None, map(_HAND_REASONS.get, hand)):  # (most hand features give no reason)
            if r not in reasons:
                reasons.append(r)
    else:
        reasons.append("model: not scored (%s)" % (
            "language: " + language if language and not is_scored(language) else "not in Latin script"))

    kind = next((k for k in _PRECEDENCE if k in kinds), "factual") if kinds else "factual"
    claim = Claim(
        start=start, end=end, text=sentence, kind=kind, score=None if score is None else round(score, 4),
        hedges=hedges, source=source, source_span=source_span, reasons=tuple(reasons),
    )
    # "This information has been confirmed by X." backs up the previous sentence.
    back_ref = bool(source and not long_quote and _ANAPHORIC.match(sentence) and not sc.numbers)
    return claim, back_ref


def find_claims(text: str, language: str = "", *, sources: bool = True) -> list[Claim]:
    """Claims in ``text`` (plain article text), sorted by start, non-overlapping.

    ``language`` (ISO 639-1, "" unknown) picks the sentence splitter; claims in a
    language the model was not trained on get ``score=None``, as do sentences
    not in Latin script whatever the article's language.  ``sources=False``: leave
    ``source``/``source_span`` empty (``newsreader.sources.attribute`` fills them; the
    simple look for them here would be work thrown away).
    """
    if not text:
        return []
    claims: list[Claim] = []
    scored = is_scored(language)
    prev_end = -1  # end of the previous sentence, claim or not
    for start, end, bulleted in _sentences(text, language):
        result = _analyse(text, start, end, bulleted, scored, language, sources)
        last_end, prev_end = prev_end, end
        if result is None:
            continue
        claim, back_ref = result
        if (
            back_ref
            and claims
            and claims[-1].source is None
            and claims[-1].end == last_end
            and "\n" not in text[last_end:start]
        ):
            prev = claims[-1]
            claims[-1] = replace(
                prev, source=claim.source, source_span=claim.source_span,
                reasons=prev.reasons + ("attribution (next sentence): " + (claim.source or ""),),
            )
        claims.append(claim)
    return claims
