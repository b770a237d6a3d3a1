"""HTML articles (.html, .htm): the article, not the page.

1. The page is made safe and small: terminal escapes and control characters,
   ``<script>``/``<style>`` bodies (but JSON-LD) and huge inline ``data:`` URIs go.
2. lxml parses it once; :mod:`newsreader.articles.htmlmeta` reads title, byline,
   date, site name, url and lead image from JSON-LD, Open Graph and meta tags.
3. trafilatura keeps the main content (as HTML: headings, lists, quotes, images);
   links are resolved against the page URL and script/data links dropped.
4. markdownify turns that into Markdown, read into blocks by
   :func:`newsreader.articles.markdown.parse_blocks` and tidied like any article.

trafilatura and lxml are imported inside :func:`read_html`, so importing
``newsreader.articles`` stays fast.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import TYPE_CHECKING

from newsreader.articles.model import Article, Image

if TYPE_CHECKING:
    from lxml.etree import _Element
    from lxml.html import HtmlElement

    from newsreader.articles.htmlmeta import PageMeta

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)

# Terminal escapes (bounded: an OSC never swallows markup) and other control characters.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b<]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]?")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Inline data (images, fonts) carried in the page: a few hundred bytes are kept, megabytes are not.
_DATA_URI = re.compile(r"data:[\w.+/-]*(?:;[\w.+=-]*)*,[^\"'\s)<>]{200,}")
# Elements whose content is never article text (JSON-LD is read for metadata before they go).
_NOT_TEXT = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "frameset",
             "select", "button", "input", "textarea", "canvas", "audio", "video", "dialog")

# Page furniture no extractor keeps: dropping it first makes extraction about half again faster.
_FURNITURE = (
    "//*[self::nav or self::aside or (self::footer and not(ancestor::article))"
    ' or @role="navigation" or @role="contentinfo" or @role="search" or @role="complementary" or @role="dialog"]'
)
_HIDDEN = '//*[@hidden or @aria-hidden="true" or (@style and contains(translate(@style, " ", ""), "display:none"))]'
# By class or id: text for screen readers only ("Media caption", "Image caption, "), and picture
# galleries and carousels (a slideshow's captions are not the story's).
_SCREEN_READER = re.compile(r"visually-?hidden|off-?screen|sr-only|screen-?reader", re.IGNORECASE)
_GALLERY = re.compile(r"gallery|carousel|slideshow|swiper", re.IGNORECASE)
_CLASS_OR_ID = re.compile(f"{_SCREEN_READER.pattern}|{_GALLERY.pattern}", re.IGNORECASE)

MAX_PAGE_CHARS = 4_000_000
"""Markup beyond this (after scripts and inline data are gone) is not parsed."""
MAX_TREE_ELEMENTS = 20_000
"""Pages with more elements than this are cut before extraction (news pages have 1,000-5,000)."""
MAX_TEXT_CHARS = 600_000
"""Text beyond this (a long read is 100,000 characters) is cut before extraction, with a warning."""
_LONG_TOKEN = re.compile(r"(?<!\S)\S{1000,}")
_SCRIPT_BODY = re.compile(
    r"<(script)\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<(style|svg)\b[^>]*>.*?</\2\s*>", re.IGNORECASE | re.DOTALL
)
# The same on the raw page (lxml drops text nodes over 10 MB); the lookbehind keeps it linear.
_LONG_RUN = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/=_-]{5000,}")


def read_html(path: str, raw: str) -> Article:
    from newsreader.articles.htmlmeta import extract_meta

    page = shrink_page(raw)
    tree = parse_page(page)
    if tree is None:
        return Article(path=path, format="html", error="no article text found")
    cut = limit_size(tree, max_text=None)
    meta = extract_meta(tree)
    strip_non_text(tree)
    prune_furniture(tree)
    cut = limit_size(tree, long_tokens=False) or cut
    warnings = ["very long page: only its first part was read"] if cut else []
    captions = figure_captions(tree, meta.base)
    body = main_content(tree, meta.url)
    article = build_article(path, body, meta, captions)
    article.warnings.extend(warnings)
    return article


def shrink_page(raw: str) -> str:
    """The page without terminal escapes, control characters or large inline data."""
    page = _ESCAPES.sub("", raw) if "\x1b" in raw else raw  # (a scan for one character is much cheaper)
    if _has_controls(page):
        page = _CONTROLS.sub("", page)
    if "data:" in page:
        page = _DATA_URI.sub("data:,", page)
    if len(page) > 3_000_000:
        # Huge pages only (these passes cost more than they save on ordinary ones).
        page = _LONG_RUN.sub(" ", page)
        page = _SCRIPT_BODY.sub(" ", page)
        if len(page) > MAX_PAGE_CHARS:
            cut = page.rfind("<", 0, MAX_PAGE_CHARS)
            page = page[: cut if cut > 0 else MAX_PAGE_CHARS]
    return page


_C0_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def _has_controls(page: str) -> bool:
    """Whether ``_CONTROLS`` would find anything: the same test on the UTF-8 bytes, where
    deleting bytes and finding a two-byte sequence run at memory speed (the character
    class scan is 2 ms on an average news page; pages rarely hold a control character)."""
    data = page.encode("utf-8", "surrogatepass")
    return len(data.translate(None, _C0_BYTES)) != len(data) or _C1_UTF8.search(data) is not None


def parse_page(page: str) -> HtmlElement | None:
    """An lxml tree of the page, or None when there is nothing to parse."""
    from lxml import etree
    from lxml import html as lxml_html

    page = page.strip()
    if not page:
        return None
    # An XML declaration with an encoding makes lxml refuse a str.
    page = re.sub(r"^\s*<\?xml[^>]*>", "", page)
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        tree = lxml_html.document_fromstring(page, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return tree


def strip_non_text(tree: HtmlElement) -> None:
    """Remove scripts, styles, embedded frames, media and form controls (keeping the text after them)."""
    from lxml import etree

    etree.strip_elements(tree, *_NOT_TEXT, with_tail=False)


def prune_furniture(tree: HtmlElement) -> None:
    """Drop navigation, asides, page footers, hidden elements, text for screen readers only
    and picture galleries before extraction.

    A hidden element holding much of the page's text (a saved page with a modal
    open hides the whole page behind it) is kept, and so is a gallery holding the story.
    """
    for element in tree.xpath(_FURNITURE):
        if element.getparent() is not None:
            element.drop_tree()
    hidden = tree.xpath(_HIDDEN)
    galleries = []
    for element in tree.xpath("//*[@class or @id]"):  # (a regex here is five times faster than XPath's translate)
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if _CLASS_OR_ID.search(names):
            if _SCREEN_READER.search(names):
                hidden.append(element)
            elif next(islice(element.iter("img"), 2, None), None) is not None:  # three pictures or more
                galleries.append(element)
    if hidden or galleries:
        total = len(tree.text_content())
        for element in hidden:
            if element.getparent() is not None and element.tag not in ("html", "body"):
                if len(element.text_content()) < 0.3 * total:
                    element.drop_tree()
        for element in galleries:
            # (a gallery that is the page, or holds the story, stays)
            if element.getparent() is not None and element.tag not in ("html", "body", "article", "main"):
                if len(element.text_content()) < 0.2 * total:
                    element.drop_tree()


def main_content(tree: HtmlElement, url: str = "") -> _Element | None:
    """The article's main content (trafilatura) as an lxml ``<html><body>`` element, or None.

    What ``trafilatura.extract(output_format="html")`` returns, as a tree: without the
    fingerprint it computes for de-duplication (a sixth of its time; we do not
    de-duplicate), and without serialising it for us to parse again."""
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import convert_to_html

    document = bare_extraction(
        tree,
        url=url or None,
        output_format="html",
        include_formatting=True,
        include_links=True,
        include_images=True,
        include_tables=True,
        include_comments=False,
        fast=True,
        deduplicate=False,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return None
    return convert_to_html(body)


def limit_size(tree: HtmlElement, max_text: int | None = MAX_TEXT_CHARS, *, long_tokens: bool = True) -> bool:
    """Keep extraction quick on huge pages; True when the page was cut.

    Unbroken runs of 1,000+ characters (inline base64, minified data) are never
    words and go; then the tree is cut after MAX_TREE_ELEMENTS elements or
    ``max_text`` characters of text, whichever comes first.  (Count text only once
    scripts are gone: their code is text to lxml.)  ``long_tokens=False``: that pass was
    done already.
    """
    long_texts = "//text()[string-length(.) > 1000][not(parent::script or parent::style)]"
    for text in tree.xpath(long_texts) if long_tokens else ():
        if _LONG_TOKEN.search(text):
            parent = text.getparent()
            cleaned = _LONG_TOKEN.sub(" ", text)
            if text.is_tail:
                parent.tail = cleaned
            else:
                parent.text = cleaned
    if tree.xpath("count(//*)") <= MAX_TREE_ELEMENTS and (
        max_text is None or tree.xpath("string-length(string(/))") <= max_text
    ):
        return False
    max_text = max_text or 1 << 62
    seen = 0
    for count, element in enumerate(tree.iter()):
        seen += len(element.text or "") + len(element.tail or "")
        if count >= MAX_TREE_ELEMENTS or seen > max_text:
            _cut_after(element)
            return True
    return False


def _cut_after(element: HtmlElement) -> None:
    """Remove everything after ``element`` in document order (its own children included)."""
    del element[:]
    node = element
    while (parent := node.getparent()) is not None:
        del parent[parent.index(node) + 1 :]
        node = parent


_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source|courtesy|attribution", re.IGNORECASE)


def figure_captions(tree: HtmlElement, base: str = "") -> dict[str, tuple[str, str]]:
    """Image URL -> (caption, credit) from ``<figure>``/``<figcaption>``.

    The captions are taken out of the tree (the extractor would keep them as stray
    paragraphs, or drop them) and given back to the images they describe.
    """
    from newsreader.articles.htmlmeta import safe_url
    from newsreader.articles.tidy import CAPTION_LABEL, TRAILING_LABEL
    from newsreader.sanitize import clean_line

    found: dict[str, tuple[str, str]] = {}
    for figure in tree.xpath("//figure[.//figcaption][.//img]"):
        image = figure.xpath(".//img")[0]
        url = safe_url(image.get("src") or image.get("data-src"), base)
        caption_element = figure.xpath(".//figcaption")[0]
        if not url or url.startswith("mailto:"):
            continue
        credit = " ".join(
            clean_line(" ".join(element.itertext()))
            for element in caption_element.xpath('.//*[@class or @itemprop="copyrightHolder"]')
            if _CREDIT_CLASS.search(element.get("class") or "") or element.get("itemprop") == "copyrightHolder"
        )
        for element in caption_element.xpath('.//*[@class or @itemprop="copyrightHolder"]'):
            is_credit = _CREDIT_CLASS.search(element.get("class") or "") or element.get("itemprop") == "copyrightHolder"
            if is_credit and element.getparent() is not None:
                element.drop_tree()
        caption = CAPTION_LABEL.sub("", clean_line(" ".join(caption_element.itertext())))
        if caption or credit:
            found[_url_key(url)] = (caption, TRAILING_LABEL.sub("", credit.strip()))
            caption_element.drop_tree()
            if caption and not image.get("alt"):
                image.set("alt", caption)
    return found


def _url_key(url: str) -> str:
    """A URL as written in the page and after Markdown's link normalisation compare equal."""
    from html import unescape
    from urllib.parse import unquote

    return unquote(unescape(url))


def build_article(
    path: str, body: str | _Element | None, meta: PageMeta, captions: dict[str, tuple[str, str]] | None = None
) -> Article:
    """Article from the kept HTML (markup, or an element from :func:`main_content`) and the page metadata."""
    from newsreader.articles.markdown import parse_blocks
    from newsreader.articles.tidy import fold, shift_images, take_headline, tidy

    markdown = "" if body is None or (isinstance(body, str) and not body.strip()) else to_markdown(body, meta.base)
    blocks, images = parse_blocks(markdown)
    # An image's alt text is never shown on the page: only a printed caption is the article's words.
    captions = captions or {}
    images = [
        Image(caption=captions[key][0], credit=captions[key][1], url=image.url, at=image.at)
        if (key := _url_key(image.url)) in captions else Image(url=image.url, at=image.at)
        for image in images
    ]
    title = meta.title
    category = ""
    count = len(blocks)
    if not title:
        category, title = take_headline(blocks)
    elif blocks and blocks[0].kind == "heading" and fold(blocks[0].text) == fold(title):
        del blocks[0]
    if not blocks and not title:
        return Article(path=path, format="html", error="no article text found")
    tidied = tidy(blocks, title=title, images=shift_images(images, count - len(blocks)))
    images = tidied.images
    lead = _lead_image(meta, images)
    if lead is not None:
        images.insert(0, lead)
    return Article(
        path=path,
        format="html",
        title=title,
        category=category,
        author=meta.author,
        published=meta.published,
        publication=meta.publication,
        url=meta.url,
        images=images,
        key_points=tidied.key_points,
        key_points_heading=tidied.key_points_heading,
        key_points_at=tidied.key_points_at,
        blocks=tidied.blocks,
        language=meta.language,
    )


def _lead_image(meta: PageMeta, images: list[Image]) -> Image | None:
    """The page's declared lead image, unless the body already shows it."""
    if not meta.image_url:
        return None
    from newsreader.articles.tidy import fold

    for index, image in enumerate(images):
        # the same picture in the body (perhaps at another size): its caption printed once
        if image.url == meta.image_url or (image.caption and fold(image.caption) == fold(meta.image_caption)):
            if not image.credit and meta.image_credit:
                images[index] = Image(
                    caption=image.caption or meta.image_caption, credit=meta.image_credit, url=image.url, at=image.at
                )
            return None
    return Image(caption=meta.image_caption, credit=meta.image_credit, url=meta.image_url)


def to_markdown(body_html: str | _Element, base: str = "") -> str:
    """Kept HTML -> Markdown: headings, lists, quotes, link text and image alt text survive.

    ``body_html``: markup, or an element (changed in place: links made absolute or dropped)."""
    import unicodedata

    from lxml import etree
    from lxml import html as lxml_html
    from markdownify import markdownify

    if isinstance(body_html, str):
        fragment = lxml_html.fragment_fromstring(body_html, create_parent="div")
        _resolve_links(fragment, base)
        cleaned = lxml_html.tostring(fragment, encoding="unicode")
    else:  # as trafilatura serialises its HTML output
        _resolve_links(body_html, base)
        cleaned = unicodedata.normalize("NFC", etree.tostring(body_html, pretty_print=True, encoding="unicode"))
    return markdownify(
        cleaned,
        bs4_options="lxml",
        heading_style="ATX",
        bullets="-",
        escape_misc=True,
        escape_asterisks=True,
        escape_underscores=True,
        strip=["script", "style"],
    )


_BLOCK_IN_LINK = "h1 h2 h3 h4 h5 h6 p div ul ol li blockquote table figure section article".split()


def _resolve_links(fragment: _Element, base: str) -> None:
    """Links and image sources made absolute against ``base``; unsafe ones dropped.

    A link wrapped around whole blocks (a teaser card: picture, heading, "Next Article")
    loses its link: Markdown has no way to write it, and would print the brackets."""
    from newsreader.articles.htmlmeta import safe_url

    for link in list(fragment.iter("a")):
        if next(link.iter(*_BLOCK_IN_LINK), None) is not None:
            link.attrib.pop("href", None)
            link.tag = "span"
            continue
        href = safe_url(link.get("href"), base)
        if href:
            link.set("href", href)
        else:
            link.attrib.pop("href", None)
    for image in list(fragment.iter("img")):
        src = safe_url(image.get("src") or image.get("data-src"), base)
        if src and not src.startswith("mailto:"):
            image.set("src", src)
        else:
            image.attrib.pop("src", None)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a meta tag within its first 4 KB."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None
