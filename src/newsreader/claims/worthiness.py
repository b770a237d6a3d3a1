"""The check-worthiness model: a linear model over word, character-gram, bigram and hand features
(``data/claim_model.json.gz``, trained by ``benchmarks/train_claims.py``), loaded on first use;
a few dictionary look-ups per word at inference."""

from __future__ import annotations

import base64
import gzip
import json
import math
import re
import sys
import threading
from array import array
from functools import reduce
from itertools import islice, repeat
from operator import add
from pathlib import Path
from typing import Any

from newsreader.claims.claim import MAX_SENTENCE
from newsreader.claims.scan import (
    F_DIGIT,
    F_EXCLAIM,
    F_FIRST,
    F_MODAL,
    F_MONEY,
    F_NEGATION,
    F_OPINION,
    F_PERCENT,
    F_QUESTION,
    F_YEAR,
    F_YOU,
    FIRST_PERSON,
    Scan,
    tokens,
)

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "claim_model.json.gz"


CAPITALISED = re.compile(r"\s[^\W\d_a-z]")  # a word that starts with a capital (after the first)


def _char_grams(word: str) -> list[str]:
    w = "<" + word + ">"
    n = len(w)
    return ["c:" + w[i:i + k] for k in (3, 4, 5) for i in range(n - k + 1)]


_CAPS_FEATURES = ("h:caps0", "h:caps1", "h:caps2", "h:caps3")
_FIRST_FEATURES = ("h:first0", "h:first1", "h:first2")


def hand_features(sentence: str, sc: Scan) -> list[str]:
    """Hand-written indicator features (names start with 'h:')."""
    toks = sc.toks
    flags = sc.flags  # which word lists the sentence has words of (see ``Scan``)
    f = ["h:bias"]
    n = len(toks)
    f.append("h:len1" if n <= 4 else "h:len2" if n <= 8 else "h:len3" if n <= 15 else "h:len4" if n <= 25 else "h:len5")
    if flags & F_DIGIT:  # "#num" or "#year"
        f.append("h:digit")
    if flags & F_YEAR:
        f.append("h:year")
    if flags & F_PERCENT:  # "%" or "percent"
        f.append("h:percent")
    if flags & F_MONEY:
        f.append("h:money")
    if sc.numbers:
        f.append("h:number")
    # (Names from tuples of constants rather than built: the model's look-up needs no new hash.)
    caps = len(CAPITALISED.findall(sentence, 1))
    f.append(_CAPS_FEATURES[min(caps, 3)])
    fp = sum(map(FIRST_PERSON.__contains__, toks)) if flags & F_FIRST else 0
    f.append(_FIRST_FEATURES[min(fp, 2)])
    if toks:
        f.append("h:start=" + toks[0])
    if flags & F_YOU:  # "you" or "your"
        f.append("h:you")
    if flags & F_OPINION:
        f.append("h:opinion" if not fp else "h:opinion+first")
    if flags & F_MODAL:
        f.append("h:modal" if not fp else "h:modal+first")
    if sc.comparison:
        f.append("h:comparison")
    if sc.prediction:
        f.append("h:prediction")
    if flags & F_QUESTION:
        f.append("h:question")
    if flags & F_EXCLAIM:
        f.append("h:exclaim")
    if sc.attribution:
        f.append("h:attribution")
    if flags & F_NEGATION:
        f.append("h:negation")
    return f


def text_scale(n_tokens: int) -> float:
    return 1.0 / math.sqrt(n_tokens + 1.0)


def features(sentence: str) -> dict[str, float]:
    """The model's feature vector of ``sentence`` (used for training and tests).

    Word unigrams ('u:'), char 3-5-grams of each word ('c:') and word bigrams
    ('b:') are counted and scaled by 1/sqrt(tokens+1); a word's char grams share
    one unit (each counts 1/len(grams)), so that a long or unseen word weighs no
    more than a short one.  Unigram + char-gram contributions depend on the word
    alone and are cached.  Hand features ('h:', including the first word) are 0/1.
    """
    toks = tokens(sentence)
    scale = text_scale(len(toks))
    out: dict[str, float] = {}
    for t in toks:
        g = "u:" + t
        out[g] = out.get(g, 0.0) + scale
        if t[0] != "#":
            grams = _char_grams(t)
            share = scale / len(grams)
            for g in grams:
                out[g] = out.get(g, 0.0) + share
    for a, b in zip(toks, toks[1:]):
        g = "b:" + a + " " + b
        out[g] = out.get(g, 0.0) + scale
    for h in hand_features(sentence, Scan(sentence, toks)):
        out[h] = 1.0
    return out


class Model:
    """Linear model over ``features``; per-word contributions are cached."""

    def __init__(self, weights: dict[str, float], bias: float, meta: dict[str, Any]) -> None:
        self.w = weights
        self.bias = bias
        self.meta = meta
        self._word: dict[str, float] = {}
        # Bigram weights by first word, then second word: no string or tuple to build or hash.
        self._bigram: dict[str, dict[str, float]] = {}
        self._no_bigrams: dict[str, float] = {}  # (the table of a word without any; never written to)
        # The hand features' weights apart too: a small dict, quick to look up in.
        self._hand: dict[str, float] = {}
        for k, v in weights.items():
            if k.startswith("b:"):
                a, _, b = k[2:].partition(" ")
                self._bigram.setdefault(a, {})[b] = v
            elif k.startswith("h:"):
                self._hand[k] = v
        self._lock = threading.Lock()
        decision = meta.get("decision") or {}
        self.threshold = float(decision.get("threshold", 0.5))
        self.identity_from = float(decision.get("identity_from", 0.5))

    def scale(self, p: float) -> float:
        return decision_scale(p, self.threshold, self.identity_from)

    def word_value(self, tok: str) -> float:
        v = self._word.get(tok)
        if v is None:
            w = self.w
            v = w.get("u:" + tok, 0.0)
            if tok[0] != "#":
                grams = _char_grams(tok)
                v += sum(w.get(g, 0.0) for g in grams) / len(grams)
            self._word[tok] = v
        return v

    def logit(self, sentence: str, sc: Scan | None = None) -> tuple[float, list[str]]:
        if sc is None:
            sc = Scan(sentence)
        toks = sc.toks
        cache = self._word
        if len(cache) > 200_000:  # bound memory on adversarial input
            cache.clear()
        try:
            s = sum(map(cache.__getitem__, toks))
        except KeyError:  # words not seen before: their values are worked out once
            for t in sc.tokset.difference(cache):
                self.word_value(t)
            s = sum(map(cache.__getitem__, toks))
        # Each bigram's weight added in turn, as a loop would (the same float), but in C: the
        # weights of the words that follow each word (an empty table for most), looked up with
        # the next word; a pair without a weight (None, or a weight of 0.0) adds nothing.
        following = map(self._bigram.get, toks, repeat(self._no_bigrams))
        s = reduce(add, filter(None, map(dict.get, following, islice(toks, 1, None))), s)
        s *= text_scale(len(toks))
        hand = hand_features(sentence, sc)
        # (Likewise each hand feature's weight in turn.)
        return reduce(add, map(self._hand.get, hand, repeat(0.0)), s) + self.bias, hand


_model: Model | None = None
_model_lock = threading.Lock()


def decision_scale(p: float, threshold: float, identity_from: float) -> float:
    """The score shown for a calibrated probability ``p``: the same number from
    ``identity_from`` up (so 0.7 still means 70%), while the cross-validated F1-best
    ``threshold`` becomes 0.5 (linear in between, and below).  Monotone: ranking
    (MAP) is unchanged."""
    if p >= identity_from or not 0.0 < threshold < identity_from:
        return p
    if p >= threshold:
        return 0.5 + (p - threshold) * (identity_from - 0.5) / (identity_from - threshold)
    return 0.5 * p / threshold


def load_model(path: Path = MODEL_PATH) -> Model:
    """Load the gzip'd JSON model: keys joined by newlines, float32 weights in base64."""
    with gzip.open(path, "rb") as fh:
        data = json.loads(fh.read().decode("utf-8"))
    keys = data["keys"].split("\n") if data["keys"] else []
    weights = array("f")
    weights.frombytes(base64.b64decode(data["weights"]))
    if weights.itemsize == 4 and data.get("byteorder", "little") != sys.byteorder:
        weights.byteswap()
    if len(keys) != len(weights):
        raise ValueError("claim model is corrupt: keys and weights differ in length")
    if data.get("format") != 2:  # format 1 summed char grams; its weights mean something else here
        raise ValueError(f"claim model format {data.get('format')} is not supported")
    return Model(dict(zip(keys, weights)), float(data["bias"]), data.get("meta", {}))


def get_model() -> Model | None:
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                try:
                    _model = load_model()
                except (OSError, ValueError, KeyError):
                    _model = Model({}, 0.0, {"fallback": True})
    return _model if not _model.meta.get("fallback") else None


_HAND_FALLBACK = {
    "h:digit": 1.2, "h:number": 0.6, "h:percent": 0.8, "h:money": 0.6, "h:year": 0.3,
    "h:comparison": 0.5, "h:attribution": 0.4, "h:caps1": 0.2,
    "h:caps2": 0.4, "h:caps3": 0.6, "h:first1": -0.6, "h:first2": -1.0, "h:opinion": -0.8,
    "h:question": -1.5, "h:you": -0.4, "h:len1": -1.5, "h:len2": -0.7, "h:len4": 0.3,
    "h:len5": 0.3, "h:exclaim": -0.5, "h:bias": -0.9,
}


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def score_and_features(sentence: str, sc: Scan | None = None) -> tuple[float, list[str]]:
    if sc is None:
        sc = Scan(sentence)
    model = get_model()
    if model is None:
        hand = hand_features(sentence, sc)
        return _sigmoid(sum(_HAND_FALLBACK.get(h, 0.0) for h in hand)), hand
    logit, hand = model.logit(sentence, sc)
    return model.scale(_sigmoid(logit)), hand


def score_sentence(sentence: str) -> float:
    """Check-worthiness of one sentence, 0..1 (>= 0.5: check-worthy)."""
    if len(sentence) > MAX_SENTENCE:
        sentence = sentence[:MAX_SENTENCE]
    return score_and_features(sentence)[0]
