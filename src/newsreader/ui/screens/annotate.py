"""Notes, claim verdicts, source tags and export: what the reader screen writes, and the dialogs
that ask for it.

:class:`Annotations` is the screen's helper for them.  The screen's actions and the panels'
requests call it with what they are about (the current article and claim, a source's row, a
panel's item); it opens the dialogs, saves what they return in thread workers on the screen
(every disk operation is off the UI thread) and takes the workers' messages
(:mod:`newsreader.ui.messages`), which the screen hands to :meth:`Annotations.handle`.  It reads
the screen's state (``article``, ``analysis``, ``notes``) and changes it only through those vars.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.ui.messages import Exported, Failed, NotesLoaded, NotesSaved, TagsSaved

if TYPE_CHECKING:
    from newsreader.articles import Article
    from newsreader.notes import Anchor, ArticleNotes
    from newsreader.registry import Registry
    from newsreader.ui.screens.notes import ExportRequest
    from newsreader.ui.screens.reader import ReaderScreen
    from newsreader.ui.screens.tags import TagResult
    from newsreader.ui.widgets.notes_panel import NoteItem
    from newsreader.ui.widgets.sources_panel import SourceRow

AnnotationMessage = NotesLoaded | NotesSaved | TagsSaved | Exported


def article_meta(article: Article) -> dict:
    # The absolute path: "export all" finds the article there, whatever folder it is run from.
    return {"title": article.title, "path": os.path.abspath(article.path), "url": article.url}


class Annotations:
    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self._registry_changes: deque[tuple] = deque()  # tag changes not saved yet, in order
        self._registry_saving = threading.Lock()

    def _run(self, work: Any, group: str, exclusive: bool = False) -> None:
        self.screen.run_worker(work, thread=True, exclusive=exclusive, group=group)

    # -- notes of the current article and of the list ------------------------------
    def load_notes(self, article: Article) -> None:
        app, post = self.screen.app, self.screen.post_message
        self._run(lambda: post(NotesLoaded(app.notes_store.load(article.id), article)), "notes-load", exclusive=True)

    def load_notes_summary(self) -> None:
        """Which articles have notes and verdicts (for the list marker and 'verdict:' filter)."""
        self._run(self._load_notes_summary, "notes-summary", exclusive=True)

    def _load_notes_summary(self) -> None:
        from newsreader.notes import NotesError

        store, post = self.screen.app.notes_store, self.screen.post_message
        try:
            ids = store.all_article_ids()
        except NotesError as error:  # the notes folder cannot be listed
            post(Failed("Notes", str(error), "warning"))
            return
        for article_id in ids:
            post(NotesLoaded(store.load(article_id)))

    def handle(self, message: AnnotationMessage) -> None:
        screen = self.screen
        match message:
            case NotesLoaded():
                self._notes_loaded(message.notes, message.article)
            case NotesSaved():
                if screen.article is not None and screen.article.id == message.article.id:
                    self.load_notes(message.article)
            case TagsSaved():
                screen.tags_version += 1
                screen.listing.refilter("tag")
            case Exported():
                screen.notify(f"Exported {message.count} article(s) to {message.path}", title="Export", markup=False)
                problems = message.problems
                if problems:  # also named in the document
                    more = f"\n… and {len(problems) - 5} more (listed in the export)" if len(problems) > 5 else ""
                    screen.notify("\n".join(problems[:5]) + more, title="Exported without what could not be read",
                                  severity="warning", markup=False, timeout=10)

    def _notes_loaded(self, notes: ArticleNotes, article: Article | None) -> None:
        screen = self.screen
        self._remember_notes(notes)
        if article is None or screen.article is None or screen.article.id != article.id:
            return
        if notes.error is not None:
            screen.notify(str(notes.error), title="Notes are read-only", severity="warning", markup=False, timeout=10)
        if screen.notes is None and not (notes.notes or notes.verdicts or notes.error):
            screen.set_reactive(type(screen).notes, notes)  # nothing to draw: the page is already right
            return
        screen.notes = notes

    def _remember_notes(self, notes: ArticleNotes) -> None:
        """Keep the list's note marker and the verdict filter in step with ``notes``."""
        screen = self.screen
        count = len(notes.notes) + len(notes.verdicts)
        verdicts = {verdict.verdict for verdict in notes.verdicts}
        article_id = notes.article_id
        known = (screen.article_note_counts.get(article_id, 0), screen.article_verdicts.get(article_id, set()))
        if known == (count, verdicts):
            return
        screen.article_note_counts[article_id] = count
        screen.article_verdicts[article_id] = verdicts
        screen.listing.update_rows({article_id})

    def _read_only_reason(self) -> str:
        notes = self.screen.notes
        return str(notes.error) if notes is not None and notes.error is not None else ""

    # -- notes -------------------------------------------------------------------------
    def add_note(self, on_claim: bool) -> None:
        """A note on the current claim (``on_claim``: the article or a panel has focus), else on the article."""
        screen = self.screen
        if screen.article is None or not screen.article.ok:
            screen.notify("Open an article first.")
            return
        claim = screen.current_claim() if on_claim else None
        if claim is not None:
            self.edit_note("Note on claim", claim.text, "", target="claim", claim=claim)
        else:
            self.edit_note("Note on article", screen.article.title, "", target="article")

    def edit_note(self, heading: str, context: str, body: str, *, target: str, claim: Any = None,
                  source: str | None = None, note_id: str | None = None) -> None:
        from newsreader.notes import Anchor
        from newsreader.ui.screens.notes import NoteEditor

        article = self.screen.article

        def done(result: str | None) -> None:
            if result is None or article is None:
                return
            anchor = Anchor.from_span(article.text, claim.start, claim.end) if claim is not None else None
            self.save_note(article, result, target=target, anchor=anchor, source=source, note_id=note_id)

        self.screen.app.push_screen(NoteEditor(heading, context, body, self._read_only_reason()), done)

    def edit_item(self, item: NoteItem) -> None:
        self.edit_note(f"Note on {item.kind}", item.label, item.body, target=item.kind, note_id=item.note_id)

    def save_note(self, article: Article, body: str, *, target: str, anchor: Anchor | None,
                  source: str | None, note_id: str | None) -> None:
        self._run(partial(self._save_note, article, body, target, anchor, source, note_id), "notes-save")

    def _save_note(self, article: Article, body: str, target: str, anchor: Anchor | None,
                   source: str | None, note_id: str | None) -> None:
        from newsreader.notes import NotesError

        store, meta, post = self.screen.app.notes_store, article_meta(article), self.screen.post_message
        try:
            if note_id is not None and not body:
                store.delete_note(article.id, note_id)
            elif note_id is not None:
                store.update_note(article.id, note_id, body, article_meta=meta)
            elif body:
                store.add_note(article.id, body, target=target, anchor=anchor, source=source, article_meta=meta)
            else:
                return
        except NotesError as error:
            post(Failed("Note not saved", str(error)))
            return
        post(NotesSaved(article))

    def set_verdict(self) -> None:
        screen = self.screen
        claim = screen.current_claim()
        article = screen.article
        if claim is None or article is None:
            screen.notify("Pick a claim first (n / N, or click it).")
            return
        if self._read_only_reason():
            screen.notify(self._read_only_reason(), title="Notes are read-only", severity="warning", markup=False)
            return
        attached = screen.drawing.attached.claim(claim) if screen.drawing.attached is not None else None
        current = attached.verdict_name if attached is not None else "unchecked"
        from newsreader.notes import Anchor
        from newsreader.ui.screens.notes import VerdictPicker

        def done(verdict: str | None) -> None:
            if verdict is not None:
                self.save_verdict(article, Anchor.from_span(article.text, claim.start, claim.end), verdict)

        screen.app.push_screen(VerdictPicker(claim.text, current), done)

    def save_verdict(self, article: Article, anchor: Anchor, verdict: str) -> None:
        self._run(partial(self._save_verdict, article, anchor, verdict), "notes-save")

    def _save_verdict(self, article: Article, anchor: Anchor, verdict: str) -> None:
        from newsreader.notes import NotesError

        post = self.screen.post_message
        try:
            self.screen.app.notes_store.set_verdict(article.id, anchor, verdict, article_meta=article_meta(article))
        except NotesError as error:
            post(Failed("Verdict not saved", str(error)))
            return
        post(NotesSaved(article))

    def note_items(self) -> list[NoteItem]:
        """The notes panel's lines for the current article."""
        from newsreader.ui.widgets.notes_panel import note_items

        screen = self.screen
        attached, article, analysis = screen.drawing.attached, screen.article, screen.analysis
        if attached is None or article is None or analysis is None:
            return []
        return note_items(
            attached.attachment,
            [(claim.start, claim.end, claim.text) for claim in analysis.claims],
            [source.name for source in analysis.sources],
            text=article.text,
            source_offsets=[source.mentions[0][0] if source.mentions else None for source in analysis.sources],
        )

    def delete_item(self, item: NoteItem) -> None:
        """Delete a note or verdict of the notes panel, once the reader says yes."""
        article = self.screen.article
        if article is None or item.note_id is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if item.kind == "verdict" and item.anchor is not None:
                self.save_verdict(article, item.anchor, "unchecked")
            else:
                self.save_note(article, "", target=item.kind, anchor=None, source=None, note_id=item.note_id)

        from newsreader.ui.screens.confirm import ConfirmScreen

        what = "this verdict" if item.kind == "verdict" else "this note"
        self.screen.app.push_screen(ConfirmScreen(f"Delete {what}?", item.body or item.label), answered)

    # -- sources and tags ----------------------------------------------------------
    def source_rows(self) -> list[SourceRow]:
        from newsreader.ui.widgets.sources_panel import source_rows

        screen = self.screen
        if screen.article is None or screen.analysis is None:
            return []
        return source_rows(screen.analysis.sources, screen.analysis.claims, screen.app.registry, {})

    def tag_claim_source(self) -> bool:
        """Tag the source of the current claim; False if it has none."""
        claim = self.screen.current_claim()
        if claim is not None and claim.source:
            row = next((row for row in self.source_rows() if row.name == claim.source), None)
            if row is not None:
                self.tag(row.name, row.kind, row.tags, row.reliability)
                return True
        return False

    def tag(self, name: str, kind: str, tags: list[str], reliability: int | None) -> None:
        """Open the tag dialog for the source ``name``; its answer is applied at once."""
        from newsreader.ui.screens.tags import TagScreen

        def done(result: TagResult | None) -> None:
            if result is not None:
                self.apply_tags(name, result)

        registry = self.screen.app.registry
        self.screen.app.push_screen(TagScreen(name, kind, list(tags), reliability, registry.problem or ""), done)

    def apply_tags(self, name: str, result: TagResult) -> None:
        """Show the new tags at once; save them off the UI thread, merged into the file as it is
        on disk then (another app or a hand edit may have changed it meanwhile)."""
        screen = self.screen
        sources = screen.analysis.sources if screen.article is not None and screen.analysis is not None else []
        source = next((source for source in sources if source.name == name), None)
        target = source if source is not None else name
        registry = screen.app.registry
        if registry.read_only:
            screen.notify(f"The source registry is read-only: {registry.problem}", title="Tags not saved",
                          severity="error", markup=False)
            return
        try:
            registry.set_tags(target, result.tags, result.reliability, save=False)
        except ValueError as error:
            screen.notify(str(error), title="Tags not saved", severity="error", markup=False)
            return
        self.handle(TagsSaved())
        self._registry_changes.append((target, list(result.tags), result.reliability))
        self._run(partial(self._save_registry, registry), "save-registry")

    def _save_registry(self, registry: Registry) -> None:
        """Save the queued tag changes, one at a time and in order, each merged into the file."""
        from newsreader.registry import RegistryError

        post = self.screen.post_message
        with self._registry_saving:
            while self._registry_changes:
                target, tags, reliability = self._registry_changes.popleft()
                try:
                    registry.set_tags(target, tags, reliability)
                except RegistryError as error:
                    registry.reload()  # show what is on disk, not the change that was not saved
                    post(Failed("Tags not saved", str(error)))
                post(TagsSaved())

    # -- export ----------------------------------------------------------------
    def export(self) -> None:
        from newsreader.ui.screens.notes import ExportScreen

        screen = self.screen

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                self.export_notes(request, screen.article, screen.app.registry)

        screen.app.push_screen(ExportScreen(Path.cwd(), screen.article is not None and screen.article.ok), done)

    def export_notes(self, request: ExportRequest, current: Article | None, registry: Registry) -> None:
        self._run(partial(self._export_notes, request, current, registry), "export", exclusive=True)

    def _export_notes(self, request: ExportRequest, current: Article | None, registry: Registry) -> None:
        from newsreader.export import (
            LINKED_FORMATS,
            ExportError,
            annotated_records,
            collect,
            configured_reviewer,
            render,
            write_output,
        )
        from newsreader.notes import NotesError

        library, store, post = self.screen.library, self.screen.app.notes_store, self.screen.post_message
        try:
            if request.scope == "article" and current is not None:
                records = [library.export_record(current.path)]
            else:  # every article with notes: the list's, then those opened from elsewhere
                entries = list(library.entries.items())
                known = {entry.id: path for path, entry in entries if entry.id and not entry.error}
                records = annotated_records(store, known, library.export_record)
            data = collect(records, store, registry=registry)
            reviewer = configured_reviewer() if request.fmt in LINKED_FORMATS else None
            text = render(data, request.fmt, details=request.details, all_claims=request.all_claims, reviewer=reviewer)
            written = write_output(text, request.path)
        except (ExportError, NotesError, OSError) as error:
            post(Failed("Export failed", str(error)))
            return
        post(Exported(len(records), str(written), list(data["problems"])))

    # -- the article's URL ---------------------------------------------------------
    def open_url(self) -> None:
        screen = self.screen
        article = screen.article
        if article is None or not article.url:
            screen.notify("This article has no URL.", severity="warning")
            return
        url = article.url

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if browser_available():
                screen.app.open_url(url)
            else:
                screen.notify(f"No web browser found. The link:\n{url}", title="Open URL", severity="warning",
                              markup=False, timeout=20)

        from newsreader.ui.screens.confirm import ConfirmScreen

        screen.app.push_screen(ConfirmScreen("Open this link in your browser?", url), answered)


def browser_available() -> bool:
    """Whether Python's webbrowser module knows a browser to open links with."""
    import webbrowser

    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True
