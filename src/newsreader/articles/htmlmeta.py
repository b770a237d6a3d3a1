"""Metadata of a web page: title, byline, date, site name, url and lead image.

Read from what publishers declare for search engines and link previews, in this
order of trust: JSON-LD (schema.org ``NewsArticle`` and friends), Open Graph and
other ``<meta>`` tags, then the visible page (``<h1>``, ``<time>``, ``rel=author``)
and last ``<title>``.  Nothing here knows a particular site.

Imported lazily by :func:`newsreader.articles.html.read_html` (it needs lxml).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newsreader.articles.dates import normalise_date
from newsreader.sanitize import clean_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

JSONObject = dict[str, object]

# schema.org types that describe the article itself (not the site, a person or a breadcrumb).
_ARTICLE_TYPES = frozenset(
    t.casefold()
    for t in [
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicQuestionArticle", "SatiricalArticle", "BlogPosting",
        "LiveBlogPosting", "DiscussionForumPosting", "SocialMediaPosting", "TechArticle", "ScholarlyArticle", "Report",
    ]
)
# ... and, when there is none, the page that carries it.
_PAGE_TYPES = frozenset(("webpage", "itempage", "medicalwebpage", "aboutpage", "profilepage", "qapage"))
_SITE_TYPES = frozenset(("website", "organization", "newsmediaorganization", "corporation"))

_TITLE_KEYS = (
    "og:title", "twitter:title", "dc.title", "dcterms.title", "parsely-title", "sailthru.title", "headline", "title",
)
_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "published_time", "publishdate", "publish-date", "publish_date", "pubdate", "date", "dc.date",
    "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date", "article.published",
    "article_date_original", "originalpublicationdate", "cxenseparse:recs:publishtime", "displaydate",
    "timestamp", "dc.date.created", "rnews:datepublished", "article:published", "datecreated",
)
_AUTHOR_KEYS = (
    "author", "article:author", "og:article:author", "dc.creator", "dcterms.creator", "parsely-author",
    "sailthru.author", "byl", "byline",
)
# Visible bylines: rel/itemprop first, then class or id names.
_BYLINE_XPATH = (
    '//*[@rel="author" or @itemprop="author"][not(ancestor::*[@itemprop="author"])]',
    (
        '//*[contains(translate(@class, "BYLINE", "byline"), "byline")'
        ' or contains(translate(@id, "BYLINE", "byline"), "byline")'
        ' or contains(@class, "author-name") or contains(@class, "author__name") or contains(@class, "writtenby")]'
    ),
)
# Where a byline runs into its date or other furniture.
_BYLINE_END = re.compile(
    r"\s*(?:[|•·]|\bupdated\b|\bpublished\b|\bposted\b|\b(?:on\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b\d{4}-\d\d-\d\d|\b\d{1,2}/\d{1,2}/\d{2,4}).*$",
    re.IGNORECASE | re.DOTALL,
)
_SITE_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|·•»]\s*")
# "By", "Written by", "Analysis by", "Opinion by" ... in front of a byline's names.
_BY = re.compile(
    r"^\s*(?:(?:written|analysis|opinion|commentary|review|reviewed|story|words|text|reporting|interview|essay|"
    r"column|perspective|photos?)\s+)?by[:\s]+",
    re.IGNORECASE,
)
_JSON_WRAPPER = re.compile(r"\A\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*\Z")
_UNSAFE_SCHEMES = ("javascript", "data", "vbscript", "file")


@dataclass
class PageMeta:
    title: str = ""
    author: str = ""
    published: str = ""
    publication: str = ""
    url: str = ""
    base: str = ""
    image_url: str = ""
    image_caption: str = ""
    image_credit: str = ""
    language: str = ""


def safe_url(href: str | None, base: str = "") -> str:
    """``href`` resolved against ``base``; '' for script/data URLs and anything not http(s)/mailto."""
    if not href:
        return ""
    href = "".join(ch for ch in href.strip() if ch >= " " and ch != "\x7f")
    if not href or href.startswith("#"):
        return ""
    scheme = href.split(":", 1)[0].strip().casefold() if ":" in href.split("/", 1)[0] else ""
    if scheme in _UNSAFE_SCHEMES:
        return ""
    if base:
        try:
            href = urljoin(base, href)
        except ValueError:
            return ""
    try:
        parts = urlsplit(href)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https", "mailto") and (base or parts.scheme):
        return ""
    if parts.scheme in ("http", "https") and not parts.netloc:
        return ""
    return href


def _absolute(href: str | None) -> str:
    url = safe_url(href)
    return url if url.startswith(("http://", "https://")) else ""


_LEFTOVER_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def _unescape_leftover(value: str) -> str:
    """A field escaped twice by its site (``doesn&amp;#8217;t`` in the page, so ``doesn&#8217;t``
    once parsed) is unescaped once more; the result is cleaned like any other line."""
    if "&" not in value or not _LEFTOVER_ENTITY.search(value):
        return value
    import html

    return clean_line(html.unescape(value))


def _declared_language(tree: HtmlElement, meta: dict[str, str], article: JSONObject) -> str:
    """The language the page declares: ``<html lang>``, JSON-LD ``inLanguage``, ``og:locale``,
    ``Content-Language``; ISO 639-1 or ``""``."""
    from newsreader.language import normalise_code

    root = tree.getroot() if hasattr(tree, "getroot") else tree
    candidates = [
        root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        _text(article.get("inLanguage") or ""), meta.get("og:locale"), meta.get("language"),
    ]
    for element in tree.iter("meta"):
        if (element.get("http-equiv") or "").casefold() == "content-language":
            candidates.append(element.get("content"))
    for value in candidates:
        code = normalise_code(value)
        if code:
            return code
    return ""


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop"):
            key = meta.get(attribute)
            if key:
                found.setdefault(key.strip().casefold(), content.strip())
    return found


def _json_ld(tree: HtmlElement) -> list[JSONObject]:
    """Every JSON-LD object on the page, flattened out of lists and ``@graph``."""
    objects: list[JSONObject] = []

    def walk(node: object, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(node, list):
            for item in node[:200]:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            objects.append(node)
            if "@graph" in node:
                walk(node["@graph"], depth + 1)
            entity = node.get("mainEntity")
            if isinstance(entity, dict):
                walk(entity, depth + 1)

    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").casefold():
            continue
        text = (script.text or "").strip()
        if not text or len(text) > 2_000_000:
            continue
        # Wrappers seen in the wild: <![CDATA[ ... ]]>, <!-- ... -->, a trailing semicolon.
        text = _JSON_WRAPPER.sub("", text).strip().rstrip(";")
        try:
            walk(json.loads(text, strict=False))
        except (ValueError, RecursionError):
            continue
    return objects


def _types(node: JSONObject) -> set[str]:
    kind = node.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].casefold() for k in kinds}


def _text(value: object) -> str:
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("text") or value.get("@value") or "")
    if isinstance(value, list):
        names = [name for name in (_text(item) for item in value[:10]) if name]
        return ", ".join(dict.fromkeys(names))
    return ""


def _image(value: object) -> tuple[str, str, str]:
    """(url, caption, credit) of a schema.org image value."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, str):
        return value, "", ""
    if isinstance(value, dict):
        credit = _text(value.get("creditText") or value.get("copyrightHolder") or value.get("author") or "")
        return str(value.get("url") or value.get("contentUrl") or ""), _text(value.get("caption") or ""), credit
    return "", "", ""


def _clean_author(value: str) -> str:
    value = clean_line(value)
    if not value or value.startswith(("http://", "https://", "@")) or "/" in value.split()[0]:
        return ""
    value = _BY.sub("", value)
    if len(value) > 120:
        return ""
    return value


def _title(tree: HtmlElement, meta: dict[str, str], headline: str) -> str:
    """The headline: JSON-LD, Open Graph or other declared titles, else the <h1> that <title> agrees with."""
    declared = [clean_line(value) for value in [headline] + [meta.get(key, "") for key in _TITLE_KEYS]]
    declared = [value for value in declared if value]
    # A declared headline cut short ("...") loses to a longer one that starts the same.
    for value in declared:
        stem = value.rstrip(".…").rstrip()
        if stem != value and any(other != value and other.startswith(stem) for other in declared):
            continue
        return value
    title_tag = ""
    head = tree.find("head")
    for element in (head if head is not None else tree).iter("title"):
        title_tag = clean_line(element.text_content())
        break
    h1s = list(dict.fromkeys(text for text in (clean_line(h.text_content()) for h in tree.iter("h1")) if text))
    if not title_tag:
        return h1s[0] if len(h1s) == 1 else ""
    # The <h1> is the headline when the <title> agrees: it contains the <h1> ("Headline | Site")
    # or one of its parts starts the <h1> ("Short headline | Site" over "Short headline: the details").
    parts = [part.casefold() for part in _SEPARATORS.split(title_tag) if len(part.split()) >= 2]
    folded = title_tag.casefold()
    for h1 in h1s:
        h1_folded = h1.casefold()
        if len(h1) >= 10 and (h1_folded in folded or any(h1_folded.startswith(part) for part in parts)):
            return h1
    return title_tag


def _visible_byline(tree: HtmlElement) -> str:
    """The byline printed on the page ('By Jane Doe | March 3, 2020' -> 'Jane Doe')."""
    for xpath in _BYLINE_XPATH:
        for element in tree.xpath(xpath)[:10]:
            if element.tag in ("meta", "link", "body", "html", "article", "main"):
                continue
            names = element.xpath('.//*[@itemprop="name"]')
            text = " ".join(" ".join((names[0] if names else element).itertext()).split())
            if not text or len(text) > 200:
                continue
            text = _BYLINE_END.sub("", _BY.sub("", text)).strip(" ,;:-–—|")
            text = _BY.sub("", text).strip()
            letters = re.findall(r"[^\W\d_]{2,}", text)
            if 2 < len(text) <= 100 and letters and len(text.split()) <= 12:
                return _clean_author(text)
    return ""


def _strip_site(title: str, site: str, host: str) -> str:
    """Drop a '' | Site'' (or ''Site - '') part of a title when it names the site."""
    bare_host = host.removeprefix("www.")
    names = {n.casefold() for n in (site, host, bare_host, bare_host.split(".")[0]) if n}
    if not names:
        return title
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    separators = _SEPARATORS.findall(title)
    # Trailing site name(s).
    while len(parts) > 1 and _is_site(parts[-1], names):
        parts.pop()
        separators.pop()
    # Leading site name.
    if len(parts) > 1 and _is_site(parts[0], names):
        parts.pop(0)
        separators.pop(0)
    out = parts[0]
    for separator, part in zip(separators, parts[1:]):
        out += separator + part
    return out.strip() or title


def _is_site(part: str, names: set[str]) -> bool:
    folded = part.strip().casefold()
    if not folded:
        return False
    if folded in names:
        return True
    squeezed = re.sub(r"[^\w]", "", folded)
    return any(squeezed == re.sub(r"[^\w]", "", name) for name in names)


def extract_meta(tree: HtmlElement) -> PageMeta:
    """Read the metadata of a parsed page (an lxml HTML tree)."""
    meta = _meta_tags(tree)
    objects = _json_ld(tree)
    article = (
        next((o for o in objects if _types(o) & _ARTICLE_TYPES and o.get("headline")), None)
        or next((o for o in objects if _types(o) & _ARTICLE_TYPES), None)
        or next((o for o in objects if _types(o) & _PAGE_TYPES and (o.get("headline") or o.get("datePublished"))), None)
        or {}
    )
    site_node = next((o for o in objects if _types(o) & _SITE_TYPES and o.get("name")), {})

    # --- where the page lives --------------------------------------------------------
    base = ""
    for element in tree.iter("base"):
        base = _absolute(element.get("href"))
        break
    canonical = ""
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").casefold().split():
            canonical = _absolute(urljoin(base, link.get("href") or "") if base else link.get("href"))
            if canonical:
                break
    url = (
        canonical
        or _absolute(meta.get("og:url"))
        or _absolute(_text(article.get("url")) if article.get("url") else "")
    )
    base = base or url
    host = urlsplit(url).hostname or "" if url else ""

    # --- site name -------------------------------------------------------------------
    publisher = article.get("publisher")
    site = ""
    for key in _SITE_KEYS:
        candidate = meta.get(key, "")
        if candidate and not candidate.startswith(("http", "@")):
            site = candidate
            break
    site = clean_line(site or _text(publisher) or _text(site_node.get("name", "")))

    # --- title -----------------------------------------------------------------------
    title = _title(tree, meta, _text(article.get("headline") or ""))
    title = _strip_site(title, site, host)

    # --- byline ----------------------------------------------------------------------
    author = _clean_author(_text(article.get("author") or article.get("creator") or ""))
    if not author:
        for key in _AUTHOR_KEYS:
            author = _clean_author(meta.get(key, ""))
            if author:
                break
    if not author:
        author = _visible_byline(tree)
    if author and site and _is_site(author, {site.casefold()}):
        author = ""  # the publication again ("BBC News" by "BBC News"): no person is named

    # --- date ------------------------------------------------------------------------
    published = normalise_date(_text(article.get("datePublished") or article.get("dateCreated") or ""))
    if not published:
        for key in _DATE_KEYS:
            published = normalise_date(meta.get(key, ""))
            if published:
                break
    if not published:
        for element in tree.xpath('//time[@datetime or @pubdate][1] | //*[@itemprop="datePublished"][1]'):
            published = normalise_date(element.get("datetime") or element.get("content") or element.text_content())
            if published:
                break

    # --- lead image ------------------------------------------------------------------
    image_url, caption, credit = _image(article.get("image") or article.get("thumbnailUrl") or "")
    image_url = image_url or meta.get("og:image", "") or meta.get("og:image:url", "") or meta.get("twitter:image", "")
    caption = caption or meta.get("og:image:alt", "") or meta.get("twitter:image:alt", "")
    return PageMeta(
        language=_declared_language(tree, meta, article),
        title=_unescape_leftover(title),
        author=_unescape_leftover(author),
        published=published,
        publication=_unescape_leftover(site),
        url=url,
        base=base,
        image_url=safe_url(image_url, base),
        image_caption=clean_line(caption),
        image_credit=clean_line(credit),
    )
