"""Markdown: a fact-check memo.

Per article: its title, where it comes from (publication, author, date, URL), your notes on
the article, the claims you checked (a verdict, or notes) with their verdicts and notes, then
its sources with their tags, reliability and your notes on them; last, notes whose quote is
not a detected claim or is no longer in the article (nothing is dropped).  Scores, offsets,
file and article id only with ``details``; claims nobody checked only with ``all_claims``.

All untrusted text is escaped (:func:`md_escape`); note bodies (your Markdown) stay inside
block quotes so they cannot restructure the document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsreader.notes import UNCHECKED
from newsreader.sanitize import clean_line, clean_text

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~#&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")
_SAFE_URL = re.compile(r"https?://[^\s<>`\\]+", re.IGNORECASE)


def md_escape(text: Any, *, line_start: bool = False) -> str:
    """One line of literal text that cannot start an inline construct in Markdown (nor a
    block construct, with ``line_start=True`` for text that begins a line or quote line)."""
    line = clean_line("" if text is None else str(text))
    line = _MD_INLINE.sub(r"\\\1", line)
    match = _MD_LINE_START.match(line) if line_start else None
    if match:
        if match.group(2)[0].isdigit():  # "1." -> "1\."
            end = match.end()
            line = line[:end] + "\\" + line[end:]
        else:
            line = line[: match.start(2)] + "\\" + line[match.start(2):]
    return line


def _quote(body: str) -> list[str]:
    """A note body (user Markdown) kept inside a block quote, so it cannot break the document."""
    lines = clean_text(body).split("\n") or [""]
    return [("> " + line).rstrip() for line in lines]


def _url(value: Any) -> str:
    url = clean_line(str(value or ""))
    return f"<{url}>" if _SAFE_URL.fullmatch(url) else md_escape(url)


def _stamp(stamp: str | None) -> str:
    return md_escape((stamp or "").replace("T", " ").split(".")[0].rstrip("Z") + " UTC") if stamp else ""


def _md_notes(out: list[str], notes: list[Mapping[str, Any]], label: str = "Note") -> None:
    for note in notes:
        when = _stamp(note.get("created"))
        if note.get("updated"):
            when += f", edited {_stamp(note['updated'])}"
        out += [f"**{label}** ({when}):", ""]
        out += _quote(note["body"])
        out.append("")


def _checked(claim: Mapping[str, Any]) -> bool:
    """A claim someone looked at: it has a verdict or notes (notes are never left out)."""
    return claim.get("verdict") not in (None, "", UNCHECKED) or bool(claim.get("notes"))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _article_header(out: list[str], article: Mapping[str, Any], details: bool) -> None:
    out += [f"## {md_escape(article.get('title') or article.get('id') or 'Untitled')}", ""]
    origin = [article.get(key) for key in ("publication", "author", "published", "category")]
    if any(origin):
        out.append("- **From:** " + " · ".join(md_escape(value) for value in origin if value))
    if article.get("url"):
        out.append(f"- **URL:** {_url(article['url'])}")
    if article.get("path") and (details or not article.get("url")):
        out.append(f"- **File:** {md_escape(article['path'])}")
    if details:
        out.append(f"- **Article ID:** {md_escape(article.get('id'))}")
    if article.get("error"):
        out.append(f"- **Article problem:** {md_escape(article['error'])}")
    if article.get("notes_error"):
        out.append(f"- **Notes problem (read-only):** {md_escape(article['notes_error'])}")
    out.append("")


def _claim(out: list[str], number: int, claim: Mapping[str, Any], details: bool) -> None:
    verdict = md_escape(claim.get("verdict") or UNCHECKED)
    out += [f"#### Claim {number}: {verdict}", "", f"> {md_escape(claim.get('text'), line_start=True)}", ""]
    if claim.get("verdict_updated"):
        verdict += f" (set {_stamp(claim['verdict_updated'])})"
    lines = [f"- **Verdict:** {verdict}"]
    if claim.get("source"):
        lines.append(f"- **Attributed to:** {md_escape(claim['source'])}")
    if details:
        extra = [("Kind", claim.get("kind")), ("Score", claim.get("score")),
                 ("Span", f"{claim.get('start')}–{claim.get('end')}")]
        lines += [f"- **{k}:** {md_escape(v)}" for k, v in extra if v not in (None, "")]
    out += lines + [""]
    _md_notes(out, claim.get("notes") or [])


def _source(out: list[str], source: Mapping[str, Any], details: bool) -> None:
    out += [f"#### {md_escape(source.get('name') or 'Unnamed source')}", ""]
    tags = source.get("tags")
    tags = ", ".join(str(t) for t in tags) if isinstance(tags, list) else tags
    aliases = source.get("aliases")
    aliases = ", ".join(str(a) for a in aliases) if isinstance(aliases, list) else aliases
    mentions = source.get("mentions")
    reliability = source.get("reliability")
    facts = [("Kind", source.get("kind")), ("Tags", tags),
             ("Reliability", f"{reliability}/5" if reliability is not None else None),
             ("Also called", aliases),
             ("Mentions", len(mentions) if details and isinstance(mentions, list) else None),
             ("Description", source.get("description"))]
    lines = [f"- **{k}:** {md_escape(v)}" for k, v in facts if v not in (None, "", [])]
    out += lines + ([""] if lines else [])
    if source.get("registry_note"):
        out += ["**Registry note:**", ""] + _quote(str(source["registry_note"])) + [""]
    _md_notes(out, source.get("notes") or [])


def _loose_items(out: list[str], article: Mapping[str, Any], details: bool) -> None:
    for key, title in (("unmatched", "Notes on text that is not a detected claim"),
                       ("detached", "Detached notes (their quote or source is no longer in the article)")):
        if not article.get(key):
            continue
        out += [f"### {title}", ""]
        for item in article[key]:
            if item.get("quote") is not None:
                out += [f"> {md_escape(item['quote'], line_start=True)}", ""]
            if details and item.get("start") is not None:
                out += [f"- **Span:** {md_escape(item.get('start'))}–{md_escape(item.get('end'))}", ""]
            if item["type"] == "verdict":
                out += [f"- **Verdict:** {md_escape(item['verdict'])} (set {_stamp(item['updated'])})", ""]
            else:
                if item.get("source"):
                    out += [f"- **Source:** {md_escape(item['source'])}", ""]
                _md_notes(out, [item])


def to_markdown(data: Mapping[str, Any], *, details: bool = False, all_claims: bool = False) -> str:
    """The memo for ``data`` (from :func:`~newsreader.export.collect`)."""
    out = ["# Fact-check notes", ""]
    if data.get("problems"):
        out += ["## Problems", "", "Files that could not be read (their content is missing below):", ""]
        out += [f"- {md_escape(problem)}" for problem in data["problems"]]
        out.append("")
    articles = data["articles"]
    if not articles:
        return "\n".join(out + ["_No articles._", ""])
    for article in articles:
        _article_header(out, article, details)
        if article.get("article_notes"):
            out += ["### Article notes", ""]
            _md_notes(out, article["article_notes"])

        claims = list(enumerate(article.get("claims") or [], 1))
        checked = [(number, claim) for number, claim in claims if _checked(claim)]
        unchecked = [(number, claim) for number, claim in claims if not _checked(claim)]
        out += ["### Checked claims", ""]
        summary = f"_{_plural(len(checked), 'claim')} checked of {_plural(len(claims), 'claim')} found"
        if unchecked and not all_claims:
            summary += "; the others are left out (export with all claims to list them)"
        out += [summary + "._", ""]
        for number, claim in checked:
            _claim(out, number, claim, details)
        if all_claims and unchecked:
            out += ["### Unchecked claims", ""]
            for number, claim in unchecked:
                _claim(out, number, claim, details)

        out += ["### Sources", ""]
        if not article.get("sources"):
            out += ["_No sources._", ""]
        for source in article.get("sources") or []:
            _source(out, source, details)
        _loose_items(out, article, details)
    return "\n".join(out).rstrip("\n") + "\n"
