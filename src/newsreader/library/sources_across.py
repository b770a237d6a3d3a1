"""Sources across the library: every source the articles cite, merged across articles, with
what the registry keeps on it and the claims attributed to it (with their verdicts).

``sources_across(records, registry, store)`` takes analysed records (``analyze_article``
output, one per library article).  A source is the same in two articles when a normalised
name or alias of one (:func:`newsreader.sources.normalise`, the key the registry matches by)
is a name or alias of the other, or when both are the same registry entry.  Headless: the
CLI's ``newsreader sources`` prints it and a screen can list it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsreader.notes import UNCHECKED, NotesError, NotesStore, check_article_id
from newsreader.sanitize import clean_line
from newsreader.sources import normalise

if TYPE_CHECKING:
    from newsreader.registry import Entry, Registry

__all__ = ["SourceClaim", "SourceSummary", "sources_across"]


@dataclass(frozen=True)
class SourceClaim:
    """A claim attributed to a source, in one article."""

    article_id: str
    title: str
    path: str
    text: str
    start: int
    end: int
    verdict: str = UNCHECKED
    kind: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "title": self.title, "path": self.path, "text": self.text,
                "start": self.start, "end": self.end, "verdict": self.verdict, "kind": self.kind}


@dataclass
class SourceSummary:
    """One source across the library.  ``rating``: the registry's reliability (1-5), or None."""

    name: str
    kind: str = "other"
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    rating: int | None = None
    note: str = ""  # the registry's note
    in_registry: bool = False
    mentions: int = 0
    article_ids: list[str] = field(default_factory=list)  # every article that cites it, in library order
    claims: list[SourceClaim] = field(default_factory=list)

    @property
    def claim_count(self) -> int:
        return len(self.claims)

    @property
    def article_count(self) -> int:
        return len(self.article_ids)

    @property
    def verdicts(self) -> dict[str, int]:
        """How many of its claims have each verdict (``unchecked`` included)."""
        return dict(Counter(claim.verdict for claim in self.claims))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "aliases": list(self.aliases), "tags": list(self.tags),
                "rating": self.rating, "note": self.note, "in_registry": self.in_registry,
                "claim_count": self.claim_count, "article_count": self.article_count, "mentions": self.mentions,
                "verdicts": self.verdicts, "article_ids": list(self.article_ids),
                "claims": [claim.to_dict() for claim in self.claims]}


@dataclass
class _Group:
    """Occurrences of one source while they are merged."""

    keys: set[str] = field(default_factory=set)
    names: Counter[str] = field(default_factory=Counter)
    aliases: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    tags: list[str] = field(default_factory=list)
    entry: Entry | None = None
    mentions: int = 0
    article_ids: list[str] = field(default_factory=list)
    claims: list[SourceClaim] = field(default_factory=list)
    order: int = 0  # first seen


class _Groups:
    """Union of sources by shared key (normalised name or alias, or registry entry)."""

    def __init__(self) -> None:
        self.by_key: dict[str, _Group] = {}
        self.count = 0

    def find(self, keys: set[str]) -> _Group:
        found: list[_Group] = []
        for key in keys:
            group = self.by_key.get(key)
            if group is not None and all(group is not other for other in found):
                found.append(group)
        if not found:
            group = _Group(order=self.count)
            self.count += 1
        else:
            found.sort(key=lambda g: g.order)
            group = found[0]
            for other in found[1:]:  # this source joins two groups: merge them
                group.keys |= other.keys
                group.names.update(other.names)
                group.aliases += [alias for alias in other.aliases if alias not in group.aliases]
                group.kinds.update(other.kinds)
                group.tags += [tag for tag in other.tags if tag not in group.tags]
                group.entry = group.entry or other.entry
                group.mentions += other.mentions
                group.article_ids += [a for a in other.article_ids if a not in group.article_ids]
                group.claims += other.claims
        group.keys |= keys
        for key in group.keys:
            self.by_key[key] = group
        return group

    def groups(self) -> list[_Group]:
        unique: dict[int, _Group] = {id(group): group for group in self.by_key.values()}
        return sorted(unique.values(), key=lambda g: g.order)


def _names(source: Mapping[str, Any]) -> list[str]:
    aliases = source.get("aliases")
    names = [source.get("name"), *(aliases if isinstance(aliases, list) else [])]
    return [clean_line(name) for name in names if isinstance(name, str) and clean_line(name)]


def _keys(names: Iterable[str], entry: Entry | None) -> set[str]:
    keys = {key for key in (normalise(name) for name in names) if key}
    if entry is not None:
        keys |= set(entry.keys())
        keys.add("\0entry:" + entry.name)  # two names of one registry entry are one source
    return keys


def _verdicts(record: Mapping[str, Any], claims: list[Mapping[str, Any]], store: NotesStore | None) -> list[str]:
    """The verdict of each claim (``unchecked`` when there are no notes or they cannot be read)."""
    article_id = str(record.get("id") or "")
    text = record.get("text")
    if store is None or not isinstance(text, str) or not claims:
        return [UNCHECKED] * len(claims)
    try:
        check_article_id(article_id)
    except NotesError:
        return [UNCHECKED] * len(claims)
    notes = store.load(article_id)  # an unreadable file: what could be read (the notes' own problem)
    spans = [(_int(claim.get("start")), _int(claim.get("end"))) for claim in claims]
    return [found.verdict_name for found in notes.attach(text, spans).claims]


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _occurrence(groups: _Groups, registry: Registry | None, article_id: str, names: list[str], kind: Any,
                tags: Any, mentions: int) -> set[str]:
    """Add one source of one article (``names``: its name, then its aliases); returns its keys."""
    entry = None
    if registry is not None:
        entry = next((e for e in (registry.lookup(name) for name in names) if e is not None), None)
    keys = _keys(names, entry)
    group = groups.find(keys)
    group.entry = group.entry or entry
    group.names[names[0]] += 1
    group.aliases += [name for name in names[1:] if name not in group.aliases]
    if isinstance(kind, str) and kind:
        group.kinds[kind] += 1
    group.tags += [tag for tag in tags or [] if isinstance(tag, str) and tag not in group.tags]
    group.mentions += mentions
    if article_id not in group.article_ids:
        group.article_ids.append(article_id)
    return keys


def sources_across(records: Iterable[Mapping[str, Any]], registry: Registry | None = None,
                   store: NotesStore | None = None) -> list[SourceSummary]:
    """Every source of the analysed ``records``, merged across articles; most claims first.

    Each source has the registry's kind, tags and rating when it is in the registry (else what
    the analysis found), how many claims are attributed to it in how many articles, and those
    claims with their verdicts from ``store`` (``unchecked`` without one).  A claim attributed to
    a name the article does not list as a source makes a source of its own.
    """
    groups = _Groups()
    for record in records:
        if not isinstance(record, Mapping) or record.get("error"):
            continue
        article_id = str(record.get("id") or "")
        here: set[str] = set()  # the keys of this article's sources
        for source in record.get("sources") or []:
            if not isinstance(source, Mapping):
                continue
            names = _names(source)
            if names:
                mentions = source.get("mentions")
                here |= _occurrence(groups, registry, article_id, names, source.get("kind"), source.get("tags"),
                                    len(mentions) if isinstance(mentions, list) else 0)
        claims = [claim for claim in record.get("claims") or [] if isinstance(claim, Mapping)]
        title = clean_line(str(record.get("title") or article_id))
        path = str(record.get("path") or "")
        for claim, verdict in zip(claims, _verdicts(record, claims, store)):
            name = claim.get("source")
            key = normalise(name) if isinstance(name, str) else ""
            if not key:
                continue
            if key not in here:
                here |= _occurrence(groups, registry, article_id, [clean_line(str(name))], None, None, 0)
            group = groups.by_key[key]
            group.claims.append(SourceClaim(article_id, title, path, clean_line(str(claim.get("text") or "")),
                                            _int(claim.get("start")), _int(claim.get("end")), verdict,
                                            str(claim.get("kind") or "")))
    summaries = [_summary(group) for group in groups.groups()]
    summaries.sort(key=lambda s: (-s.claim_count, -s.article_count, s.name.casefold(), s.name))
    return summaries


def _summary(group: _Group) -> SourceSummary:
    entry = group.entry
    seen = [name for name, _ in group.names.most_common()]
    name = entry.name if entry is not None else seen[0] if seen else "?"
    aliases = list(dict.fromkeys([*(entry.aliases if entry is not None else []), *seen, *group.aliases]))
    aliases = [alias for alias in aliases if alias != name]
    kind = entry.kind if entry is not None and entry.kind != "other" else (
        group.kinds.most_common(1)[0][0] if group.kinds else "other")
    tags = list(entry.tags) if entry is not None else list(group.tags)
    return SourceSummary(name=name, kind=kind, aliases=aliases, tags=tags,
                         rating=entry.reliability if entry is not None else None,
                         note=entry.note if entry is not None else "", in_registry=entry is not None,
                         mentions=group.mentions, article_ids=list(group.article_ids), claims=list(group.claims))
