"""What the claim finder returns: :class:`Claim` and its :class:`Hedge` s, the kinds of claim and the
longest sentence read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("statistic", "quote", "attributed", "comparison", "prediction", "factual")
MAX_SENTENCE = 2000


@dataclass(frozen=True)
class Hedge:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    text: str
    kind: str
    score: float | None
    """Check-worthiness 0..1 (>= 0.5: check-worthy); None when the claim's language is one
    the model was not trained on (see ``newsreader.language``)."""
    hedges: tuple[Hedge, ...] = ()
    source: str | None = None
    source_span: tuple[int, int] | None = None
    reasons: tuple[str, ...] = ()

    @property
    def check_worthy(self) -> bool:
        return self.score is not None and self.score >= 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "score": self.score,
            "hedges": [h.to_dict() for h in self.hedges],
            "source": self.source,
            "source_span": list(self.source_span) if self.source_span else None,
            "reasons": list(self.reasons),
        }
