"""The one article model every reader produces and every view consumes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list", "quote"]


@dataclass(frozen=True)
class Block:
    """A piece of body text: a heading, a paragraph, a list or a block quote."""

    kind: BlockKind
    text: str = ""
    items: tuple[str, ...] = ()
    level: int = 2
    ordered: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind == "list":
            data["items"] = list(self.items)
            data["ordered"] = self.ordered
        else:
            data["text"] = self.text
        if self.kind == "heading":
            data["level"] = self.level
        return data


@dataclass(frozen=True)
class Image:
    caption: str = ""
    credit: str = ""
    url: str = ""
    at: int = 0
    """Where the image stands: before body block ``at`` (0: at the top; ``len(blocks)``: at the end)."""

    def to_dict(self) -> dict[str, Any]:
        return {"caption": self.caption, "credit": self.credit, "url": self.url, "at": self.at}


# Roles of the segments of an article's plain text (see Article.segments).
SegmentRole = Literal["caption", "credit", "key_point", "heading", "paragraph", "item", "quote"]
# The role of the text of a block that is not a list.
_BLOCK_ROLES: dict[BlockKind, SegmentRole] = {"heading": "heading", "paragraph": "paragraph", "quote": "quote"}


@dataclass(frozen=True)
class Segment:
    """One line of the article's plain text, with what it is.

    ``start``/``end`` are offsets into :attr:`Article.text`; ``block`` is the index
    of the body block it came from (-1 for captions and key points).
    """

    role: SegmentRole
    start: int
    end: int
    block: int = -1
    level: int = 0
    index: int = 0  # position within a list (for ordered numbering)


@dataclass
class Article:
    """A parsed article.  ``error`` is set (and the body empty) when a file could not be read."""

    path: str
    title: str = ""
    category: str = ""
    author: str = ""
    published: str = ""
    publication: str = ""
    url: str = ""
    images: list[Image] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    format: str = "txt"
    key_points_heading: str = ""
    """The key-points box's own heading, as published ("What do you need to know?"); "" when it had none."""
    key_points_at: int = 0
    """Where the key points stand: before body block ``key_points_at`` (after images at the same place)."""
    language: str = ""
    """ISO 639-1 code: declared by the file, or detected (see ``newsreader.language``); "" unknown."""
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.identity())
        self._text: tuple[str, tuple[Segment, ...]] | None = None

    def identity(self) -> str:
        """What makes this article itself, hashed into :attr:`id`.

        The url when there is one; else title, publication and date; else the body.
        Small edits to the body (a typo fixed) keep the id, so read state and notes
        stay attached; the same article saved twice gets the same id.
        """
        if self.error:
            return "error\0" + self.path
        if self.url:
            return "url\0" + self.url
        if self.title:
            return "\0".join(("title", self.title.casefold(), self.publication.casefold(), self.published))
        return "body\0" + self.markdown

    # -- plain text -----------------------------------------------------------------
    def _build_text(self) -> tuple[str, tuple[Segment, ...]]:
        if self._text is not None:
            return self._text
        parts: list[str] = []
        segments: list[Segment] = []
        offset = 0

        def add(role: SegmentRole, line: str, block: int = -1, level: int = 0, index: int = 0) -> None:
            nonlocal offset
            segments.append(Segment(role, offset, offset + len(line), block, level, index))
            parts.append(line)
            offset += len(line)

        def separate(sep: str) -> None:
            nonlocal offset
            if parts:
                parts.append(sep)
                offset += len(sep)

        def place(position: int, last: bool = False) -> None:
            # The images and the key-points box standing before block ``position``, as published.
            for image in self.images:
                if image.at == position or (last and image.at > position):
                    lines: tuple[tuple[SegmentRole, str], ...] = (("caption", image.caption), ("credit", image.credit))
                    for role, line in lines:
                        if line:
                            separate("\n\n" if role == "caption" else "\n")
                            add(role, line)
            if self.key_points and (self.key_points_at == position or (last and self.key_points_at > position)):
                if self.key_points_heading:
                    separate("\n\n")
                    add("heading", self.key_points_heading, level=2)
                for number, point in enumerate(self.key_points):
                    separate("\n\n" if number == 0 else "\n")
                    add("key_point", point, index=number)

        for index, block in enumerate(self.blocks):
            place(index)
            if block.kind == "list":
                for number, item in enumerate(block.items):
                    separate("\n\n" if number == 0 else "\n")
                    add("item", item, index, index=number)
            else:
                separate("\n\n")
                add(_BLOCK_ROLES.get(block.kind, "paragraph"), block.text, index, level=block.level)
        place(len(self.blocks), last=True)
        self._text = ("".join(parts), tuple(segments))
        return self._text

    @property
    def text(self) -> str:
        """The plain text of captions, key points and body; claim offsets point into it."""
        return self._build_text()[0]

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._build_text()[1]

    @property
    def markdown(self) -> str:
        return blocks_to_markdown(self.blocks)

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def source(self) -> str:
        """Who published it, for the list: publication, else the site of the url."""
        if self.publication:
            return self.publication
        if self.url:
            from urllib.parse import urlsplit

            host = urlsplit(self.url).hostname or ""
            return host.removeprefix("www.")
        return ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "format": self.format,
            "language": self.language,
            "title": self.title,
            "category": self.category,
            "author": self.author,
            "published": self.published,
            "publication": self.publication,
            "url": self.url,
            "images": [image.to_dict() for image in self.images],
            "key_points": list(self.key_points),
            "key_points_heading": self.key_points_heading,
            "key_points_at": self.key_points_at,
            "blocks": [block.to_dict() for block in self.blocks],
            "error": self.error,
            "warnings": list(self.warnings),
            "text": self.text,
            "markdown": self.markdown,
        }


def article_from_dict(data: Mapping[str, Any]) -> Article:
    """Rebuild an :class:`Article` from :meth:`Article.to_dict` output (e.g. from a cache)."""
    blocks: list[Block] = []
    for block in data.get("blocks", []):
        if block["kind"] == "list":
            blocks.append(Block("list", items=tuple(block.get("items", [])), ordered=bool(block.get("ordered"))))
        else:
            blocks.append(Block(block["kind"], block.get("text", ""), level=int(block.get("level", 2))))
    return Article(
        path=data["path"],
        title=data.get("title", ""),
        category=data.get("category", ""),
        author=data.get("author", ""),
        published=data.get("published", ""),
        publication=data.get("publication", ""),
        url=data.get("url", ""),
        images=[
            Image(image.get("caption", ""), image.get("credit", ""), image.get("url", ""), int(image.get("at", 0)))
            for image in data.get("images", [])
        ],
        key_points=list(data.get("key_points", [])),
        key_points_heading=str(data.get("key_points_heading") or ""),
        key_points_at=int(data.get("key_points_at", 0)),
        blocks=blocks,
        format=data.get("format", "txt"),
        language=str(data.get("language") or ""),
        error=data.get("error", ""),
        warnings=list(data.get("warnings", [])),
        id=data.get("id", ""),
    )


def content_id(content: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-256 of the content."""
    import hashlib  # here, not at the top: the list's first frame needs no hashing (start-up time)

    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _escape_markdown_line(text: str) -> str:
    # Keep text literal when rendered as Markdown: escape characters that start markup.
    out = []
    for char in text:
        if char in "\\`*_[]<>#|":
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = "".join(out)
    # A line that starts like a list item or quote would change meaning.
    if escaped[:1] in "+-" or (escaped[:1].isdigit() and ". " in escaped[:6]):
        escaped = "\\" + escaped
    return escaped


def blocks_to_markdown(blocks: list[Block]) -> str:
    chunks: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            chunks.append("#" * max(1, min(block.level, 6)) + " " + _escape_markdown_line(block.text))
        elif block.kind == "list":
            lines = []
            for number, item in enumerate(block.items, 1):
                marker = f"{number}." if block.ordered else "-"
                lines.append(f"{marker} {_escape_markdown_line(item)}")
            chunks.append("\n".join(lines))
        elif block.kind == "quote":
            chunks.append("\n".join("> " + _escape_markdown_line(line) for line in block.text.split("\n")))
        else:
            chunks.append(_escape_markdown_line(block.text))
    return "\n\n".join(chunks)
