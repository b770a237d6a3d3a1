"""Find checkable claims in article text.

Pure Python, no UI imports.  ``find_claims(text)`` splits plain article text
into sentences, drops what is not a claim (headings, captions and credits,
questions, page furniture, greetings), and for every remaining sentence says
what kind of claim it is, how check-worthy it is (``score``, 0..1, >= 0.5 means
check-worthy), which qualifiers hedge it and whom it is attributed to.

The check-worthiness score comes from a small linear model
(``data/claim_model.json.gz``, trained by ``benchmarks/train_claims.py`` on the
CheckThat! 2024 English check-worthiness data).  It is loaded lazily on first
use; inference is a few dictionary look-ups per word, so it stays linear in the
input.  Every regular expression here is written to run in linear time: no
nested unbounded quantifiers, and sentences are capped at ``MAX_SENTENCE``
characters.

Modules: ``claim`` (Claim, Hedge, kinds), ``split`` (sentences), ``filters``
(what is not a claim), ``speech`` (quotations and attributions), ``scan``
(numbers, comparisons, predictions, hedges), ``worthiness`` (the model) and
``finder`` (:func:`find_claims`).
"""

from __future__ import annotations

from newsreader.claims.claim import KINDS, MAX_SENTENCE, Claim, Hedge
from newsreader.claims.finder import find_claims
from newsreader.claims.split import forget_split, split_sentences
from newsreader.claims.worthiness import MODEL_PATH, decision_scale, features, score_sentence
from newsreader.language import is_scored

__all__ = [
    "KINDS",
    "MAX_SENTENCE",
    "MODEL_PATH",
    "Claim",
    "Hedge",
    "decision_scale",
    "features",
    "find_claims",
    "forget_split",
    "is_scored",
    "score_sentence",
    "split_sentences",
]
