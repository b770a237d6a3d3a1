"""The user's own claim verdicts, as fact-checks: a claim you judged is a claim checked before.

Every verdict in the notes store (other than ``unchecked``) becomes a ``FactCheck``: the claim is
the quote the verdict is anchored on, the rating the verdict, the publisher :data:`OWN_PUBLISHER`,
the url the article's (if its notes know it), the date the verdict's ``updated`` stamp and the id
``own:<article_id>:<verdict_id>``.
"""

from __future__ import annotations

from newsreader.factchecks.factcheck import FactCheck
from newsreader.factchecks.importing import MAX_CLAIM_CHARS, plain, web_url
from newsreader.notes import UNCHECKED, NotesError, NotesStore

OWN_PUBLISHER = "your verdict"
OWN_PREFIX = "own:"


def own_factchecks(store: NotesStore | None = None, problems: list[str] | None = None) -> list[FactCheck]:
    """Every claim verdict in ``store`` (default: the user's notes) as a fact-check.

    A notes file that cannot be read is skipped and named in ``problems``.
    """
    store = store if store is not None else NotesStore()
    out: list[FactCheck] = []
    try:
        article_ids = store.all_article_ids()
    except NotesError as error:
        if problems is not None:
            problems.append(str(error))
        return out
    for article_id in article_ids:
        notes = store.load(article_id)
        if notes.error is not None and problems is not None:
            problems.append(str(notes.error))
        if not notes.verdicts:
            continue
        url = web_url(notes.meta.get("url"))
        title = plain(notes.meta.get("title"))
        for verdict in notes.verdicts:
            claim = plain(verdict.anchor.exact, MAX_CLAIM_CHARS)
            if verdict.verdict == UNCHECKED or not claim:
                continue
            out.append(FactCheck(
                id=f"{OWN_PREFIX}{article_id}:{verdict.id}",
                claim=claim,
                title=title,
                rating=verdict.verdict,
                url=url,
                publisher=OWN_PUBLISHER,
                date=verdict.updated,
            ))
    return out
