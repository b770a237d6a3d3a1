"""Attribution of claims: every claim gets the source of its own sentence or, conservatively, of a
neighbouring one."""

from __future__ import annotations

import bisect
from dataclasses import replace

from newsreader.claims import Claim
from newsreader.sources.analyser import Analyzer, Cue, Result, default_analyzer
from newsreader.sources.model import Source


def _quote_start(text: str, start: int) -> bool:
    return text[start:start + 1] in ('"', "“")


def attribute(text: str, claims: list[Claim], sources: list[Source], analyzer: Analyzer | None = None) -> list[Claim]:
    """``claims`` with ``source`` (a source's name) and ``source_span`` (its mention) set.

    The mention is the one in the claim's own sentence when there is one.  Otherwise,
    conservatively: a following "This was confirmed by X" sentence, or, for a quotation
    that goes on from the previous sentence, that sentence's speaker.  Claims with no
    attribution get ``source=None`` (unattributed), whatever they carried before.
    ``analyzer``: the one with the shipped lexicon unless given.
    """
    if not claims:
        return []
    result = (analyzer or default_analyzer()).analyse(text) if text else Result([], [], [])
    by_span: dict[tuple[int, int], str] = {}
    for src in sources:
        for span in src.mentions:
            by_span.setdefault((span[0], span[1]), src.name)
    internal = result.sources

    def name_of(cue: Cue) -> str:
        return by_span.get(cue.mention) or internal[cue.source].name

    cues = result.cues
    starts = [c.sentence[0] for c in cues]
    out: list[Claim] = []
    for claim in claims:
        lo = bisect.bisect_left(starts, claim.start)
        own = []
        k = lo
        while k < len(cues) and cues[k].sentence[0] < claim.end:
            if cues[k].sentence[1] > claim.start:
                own.append(cues[k])
            k += 1
        # Sentences that began before the claim but overlap it (claims are sentences; be safe).
        j = lo - 1
        while j >= 0 and cues[j].sentence[1] > claim.start:
            own.append(cues[j])
            j -= 1
        chosen: Cue | None = None
        how = ""
        if own:
            chosen = min(own, key=lambda c: (c.priority, c.mention[0]))
            how = chosen.cue
        else:
            # "X happened. This has been confirmed by Y."
            if k < len(cues):
                nxt = cues[k]
                gap = text[claim.end:nxt.sentence[0]]
                if nxt.back_ref and gap.strip() == "" and "\n" not in gap:
                    chosen, how = nxt, nxt.cue + ", next sentence"
            # 'Breitbart News responded:\n\n"If there are people ..."': what follows the colon.
            if chosen is None and lo > 0:
                prev = cues[lo - 1]
                end = prev.sentence[1]
                if text[end - 1:end] == ":" and end <= claim.start and text[end:claim.start].strip() == "":
                    chosen, how = prev, prev.cue + ", after a colon"
            # '"...," she said. "More quotation."'
            if chosen is None and _quote_start(text, claim.start) and lo > 0:
                prev = cues[lo - 1]
                gap = text[prev.sentence[1]:claim.start]
                if gap.strip() == "" and "\n" not in gap and ('"' in text[prev.sentence[0]:prev.sentence[1]]
                                                               or "“" in text[prev.sentence[0]:prev.sentence[1]]):
                    chosen, how = prev, prev.cue + ", quotation continued"
        if chosen is None:
            # Claims are frozen: one that carries no source already is returned as it is.
            out.append(claim if claim.source is None and claim.source_span is None
                       else replace(claim, source=None, source_span=None))
            continue
        name = name_of(chosen)
        # (Built directly: dataclasses.replace looks the fields up anew on every call.)
        out.append(Claim(claim.start, claim.end, claim.text, claim.kind, claim.score, claim.hedges, name,
                         chosen.mention, tuple(claim.reasons) + (f"source: {name} ({how})",)))
    return out
