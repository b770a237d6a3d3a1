"""OPML: the file every feed reader imports and exports subscriptions with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from newsreader.sanitize import clean_line

MAX_OPML_BYTES = 5 * 1024 * 1024
_ENTITY_DECL = re.compile(rb"<!ENTITY|<!DOCTYPE", re.IGNORECASE)


class OPMLError(Exception):
    """A file that is not an OPML list of feeds; the message names it."""


@dataclass(frozen=True)
class Outline:
    url: str
    title: str = ""


def read_opml(data: bytes, name: str) -> list[Outline]:
    """Every feed (``xmlUrl``) in the OPML document ``data`` (the file ``name``), nested outlines included."""
    import xml.etree.ElementTree as ET

    if len(data) > MAX_OPML_BYTES:
        raise OPMLError(f"{name}: too large to be a list of feeds ({len(data) / 1e6:.1f} MB)")
    if _ENTITY_DECL.search(data):
        raise OPMLError(f"{name}: declares a DOCTYPE or entities (refused: OPML never needs them)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise OPMLError(f"{name}: not well-formed XML ({error})") from None
    if root.tag.lower() != "opml":
        raise OPMLError(f"{name}: not an OPML file (its root is <{clean_line(root.tag)[:40]}>)")
    out: list[Outline] = []
    seen: set[str] = set()
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if not url.lower().startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        out.append(Outline(url=url, title=clean_line(node.get("title") or node.get("text") or "")[:300]))
    return out


def write_opml(outlines: list[Outline], title: str = "newsreader subscriptions") -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_text(title)}</title></head>", "  <body>"]
    for o in outlines:
        name = o.title or o.url
        lines.append(f"    <outline type=\"rss\" text={quoteattr(name)} title={quoteattr(name)} "
                     f"xmlUrl={quoteattr(o.url)}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
