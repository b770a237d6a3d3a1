"""Make untrusted text safe to keep and to show.

Article text comes from files we did not write.  Before it reaches a model or
the screen we remove terminal escape sequences (CSI, OSC, DCS ... with their
payloads), every other C0/C1 control character except newline and tab,
bidirectional overrides, and we normalise the many Unicode spaces to plain ones.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/APC/PM/SOS (ESC ] ... BEL or ST),
# and two-character escapes.  Also their 8-bit C1 forms (0x9b CSI, 0x9d OSC, ...).
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]             # CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])      # OSC, DCS, SOS, PM, APC
      [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?        #   ... up to BEL or ST
    | \x1b[ -/]*[0-~]?                             # other ESC sequences
    """,
    re.VERBOSE,
)
# C0 (but \t and \n), DEL, C1, bidi embeddings/overrides/isolates, BOM, zero-width joiners etc.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Lone surrogates cannot be encoded to UTF-8 and crash a terminal writer.
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Return ``text`` without escape sequences, control characters or odd spaces.

    Newlines (``\\r\\n`` and ``\\r`` become ``\\n``) and tabs survive.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    text = _SPACES.sub(" ", text)
    return text


def clean_line(text: str) -> str:
    """Like :func:`clean_text` but folds all whitespace to single spaces (for one-line fields)."""
    return " ".join(clean_text(text).split())
