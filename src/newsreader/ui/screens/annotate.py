"""Notes, claim verdicts, source tags and export: the part of the reader screen that writes.

:class:`Annotating` is the reader screen's base class: it opens the dialogs, saves what they
return in workers (every disk operation is off the UI thread) and takes the workers' messages.
It reads the screen's state (``article``, ``analysis``, ``notes``, the current claim) and
changes it only through those vars.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen

from newsreader.ui.messages import Exported, Failed, NotesLoaded, NotesSaved, TagsSaved
from newsreader.ui.widgets.article_table import ArticleTable

if TYPE_CHECKING:
    from newsreader.articles import Article
    from newsreader.notes import Anchor, ArticleNotes
    from newsreader.registry import Registry
    from newsreader.ui.app import NewsReader
    from newsreader.ui.screens.notes import ExportRequest
    from newsreader.ui.screens.tags import TagResult
    from newsreader.ui.widgets.notes_panel import NoteItem


def article_meta(article: Article) -> dict:
    # The absolute path: "export all" finds the article there, whatever folder it is run from.
    return {"title": article.title, "path": os.path.abspath(article.path), "url": article.url}


class Annotating(Screen[None]):
    # Provided by the reader screen:
    article: Any
    analysis: Any
    notes: Any
    claim_index: Any
    tags_version: Any
    shown_claims: Any
    library: Any
    article_verdicts: dict[str, set[str]]
    article_note_counts: dict[str, int]

    if TYPE_CHECKING:
        @property
        def app(self) -> NewsReader: ...  # type: ignore[override]
        @property
        def view(self) -> Any: ...
        @property
        def list_pane(self) -> Any: ...
        @property
        def attached(self) -> Any: ...
        def flush_preview(self) -> None: ...
        def current_claim(self) -> Any: ...
        def go_to_claim(self, index: int) -> None: ...
        def panel(self, name: str) -> Any: ...
        def apply_filter(self, text: str) -> None: ...
        def update_rows(self, article_ids: set[str]) -> None: ...
        def touch(self) -> None: ...
        @property
        def filter_query(self) -> Any: ...
        async def action_toggle_panel(self, name: str) -> None: ...

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._registry_changes: deque[tuple] = deque()  # tag changes not saved yet, in order
        self._registry_saving = threading.Lock()

    # -- notes of the current article and of the list ------------------------------
    @work(thread=True, exclusive=True, group="notes-load")
    def load_notes(self, article: Article) -> None:
        self.post_message(NotesLoaded(self.app.notes_store.load(article.id), article))

    @work(thread=True, exclusive=True, group="notes-summary")
    def load_notes_summary(self) -> None:
        """Which articles have notes and verdicts (for the list marker and 'verdict:' filter)."""
        from newsreader.notes import NotesError

        store = self.app.notes_store
        try:
            ids = store.all_article_ids()
        except NotesError as error:  # the notes folder cannot be listed
            self.post_message(Failed("Notes", str(error), "warning"))
            return
        for article_id in ids:
            self.post_message(NotesLoaded(store.load(article_id)))

    def on_notes_loaded(self, message: NotesLoaded) -> None:
        notes, article = message.notes, message.article
        self._remember_notes(notes)
        if article is None or self.article is None or self.article.id != article.id:
            return
        if notes.error is not None:
            self.notify(str(notes.error), title="Notes are read-only", severity="warning", markup=False, timeout=10)
        if self.notes is None and not (notes.notes or notes.verdicts or notes.error):
            self.set_reactive(type(self).notes, notes)  # nothing to draw: the page is already right
            return
        self.notes = notes

    def _remember_notes(self, notes: ArticleNotes) -> None:
        """Keep the list's note marker and the verdict filter in step with ``notes``."""
        count = len(notes.notes) + len(notes.verdicts)
        verdicts = {verdict.verdict for verdict in notes.verdicts}
        article_id = notes.article_id
        known = (self.article_note_counts.get(article_id, 0), self.article_verdicts.get(article_id, set()))
        if known == (count, verdicts):
            return
        self.article_note_counts[article_id] = count
        self.article_verdicts[article_id] = verdicts
        self.update_rows({article_id})

    def on_notes_saved(self, message: NotesSaved) -> None:
        if self.article is not None and self.article.id == message.article.id:
            self.load_notes(message.article)

    def _read_only_reason(self) -> str:
        return str(self.notes.error) if self.notes is not None and self.notes.error is not None else ""

    # -- notes -------------------------------------------------------------------------
    def action_add_note(self) -> None:
        """A note on the current claim when the article or a panel has focus, else on the article."""
        self.flush_preview()
        if self.article is None or not self.article.ok:
            self.notify("Open an article first.")
            return
        claim = None if self.query_one(ArticleTable).has_focus else self.current_claim()
        if claim is not None:
            self._edit_note("Note on claim", claim.text, "", target="claim", claim=claim)
        else:
            self._edit_note("Note on article", self.article.title, "", target="article")

    def _edit_note(self, heading: str, context: str, body: str, *, target: str, claim: Any = None,
                   source: str | None = None, note_id: str | None = None) -> None:
        from newsreader.notes import Anchor
        from newsreader.ui.screens.notes import NoteEditor

        article = self.article

        def done(result: str | None) -> None:
            if result is None or article is None:
                return
            anchor = Anchor.from_span(article.text, claim.start, claim.end) if claim is not None else None
            self.save_note(article, result, target=target, anchor=anchor, source=source, note_id=note_id)

        self.app.push_screen(NoteEditor(heading, context, body, self._read_only_reason()), done)

    @work(thread=True, group="notes-save")
    def save_note(self, article: Article, body: str, *, target: str, anchor: Anchor | None,
                  source: str | None, note_id: str | None) -> None:
        from newsreader.notes import NotesError

        store, meta = self.app.notes_store, article_meta(article)
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
            self.post_message(Failed("Note not saved", str(error)))
            return
        self.post_message(NotesSaved(article))

    def action_set_verdict(self) -> None:
        self.flush_preview()
        claim = self.current_claim()
        if claim is None or self.article is None:
            self.notify("Pick a claim first (n / N, or click it).")
            return
        if self._read_only_reason():
            self.notify(self._read_only_reason(), title="Notes are read-only", severity="warning", markup=False)
            return
        attached = self.attached.claim(claim) if self.attached is not None else None
        current = attached.verdict_name if attached is not None else "unchecked"
        article = self.article
        from newsreader.notes import Anchor
        from newsreader.ui.screens.notes import VerdictPicker

        def done(verdict: str | None) -> None:
            if verdict is not None:
                self.save_verdict(article, Anchor.from_span(article.text, claim.start, claim.end), verdict)

        self.app.push_screen(VerdictPicker(claim.text, current), done)

    @work(thread=True, group="notes-save")
    def save_verdict(self, article: Article, anchor: Anchor, verdict: str) -> None:
        from newsreader.notes import NotesError

        try:
            self.app.notes_store.set_verdict(article.id, anchor, verdict, article_meta=article_meta(article))
        except NotesError as error:
            self.post_message(Failed("Verdict not saved", str(error)))
            return
        self.post_message(NotesSaved(article))

    def note_items(self) -> list[NoteItem]:
        """The notes panel's lines for the current article."""
        from newsreader.ui.widgets.notes_panel import note_items

        attached, article, analysis = self.attached, self.article, self.analysis
        if attached is None or article is None or analysis is None:
            return []
        return note_items(
            attached.attachment,
            [(claim.start, claim.end, claim.text) for claim in analysis.claims],
            [source.name for source in analysis.sources],
            text=article.text,
            source_offsets=[source.mentions[0][0] if source.mentions else None for source in analysis.sources],
        )

    def on_notes_panel_chosen(self, event: Any) -> None:
        item = event.item
        if item.offset is not None:
            for number, claim in enumerate(self.shown_claims):
                if claim.start <= item.offset < claim.end:
                    self.go_to_claim(number)
                    break
            else:
                self.view.scroll_to_anchor(item.offset)
            self.view.focus()
        elif item.note_id is not None and item.kind != "verdict":
            self._edit_existing(item)

    def on_notes_panel_edit_requested(self, event: Any) -> None:
        if event.item.kind == "verdict":
            self.notify("Use v on the claim to change its verdict.")
            return
        self._edit_existing(event.item)

    def _edit_existing(self, item: NoteItem) -> None:
        self._edit_note(f"Note on {item.kind}", item.label, item.body, target=item.kind, note_id=item.note_id)

    def on_notes_panel_delete_requested(self, event: Any) -> None:
        item, article = event.item, self.article
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
        self.app.push_screen(ConfirmScreen(f"Delete {what}?", item.body or item.label), answered)

    def on_sources_panel_note_requested(self, event: Any) -> None:
        self._edit_note("Note on source", event.row.name, "", target="source", source=event.row.name)

    # -- sources and tags ----------------------------------------------------------
    def source_rows(self) -> list:
        from newsreader.ui.widgets.sources_panel import source_rows

        if self.article is None or self.analysis is None:
            return []
        return source_rows(self.analysis.sources, self.analysis.claims, self.app.registry, {})

    def on_sources_panel_chosen(self, event: Any) -> None:
        if event.row.first_offset is not None:
            self.view.scroll_to_anchor(event.row.first_offset)
            self.view.focus()

    def on_sources_panel_tag_requested(self, event: Any) -> None:
        self._open_tag_screen(event.row.name, event.row.kind, event.row.tags, event.row.reliability)

    async def action_tag_source(self) -> None:
        """Tag the source of the current claim, else pick one in the sources panel."""
        self.flush_preview()
        claim = self.current_claim()
        if claim is not None and claim.source:
            row = next((row for row in self.source_rows() if row.name == claim.source), None)
            if row is not None:
                self._open_tag_screen(row.name, row.kind, row.tags, row.reliability)
                return
        panel = self.panel("sources")
        if panel is None or not panel.display:
            await self.action_toggle_panel("sources")
        self.notify("Pick a source and press t to tag it.")

    def _open_tag_screen(self, name: str, kind: str, tags: list[str], reliability: int | None) -> None:
        from newsreader.ui.screens.tags import TagScreen

        def done(result: TagResult | None) -> None:
            if result is not None:
                self.apply_tags(name, result)

        self.app.push_screen(TagScreen(name, kind, list(tags), reliability, self.app.registry.problem or ""), done)

    def apply_tags(self, name: str, result: TagResult) -> None:
        """Show the new tags at once; save them off the UI thread, merged into the file as it is
        on disk then (another app or a hand edit may have changed it meanwhile)."""
        sources = self.analysis.sources if self.article is not None and self.analysis is not None else []
        source = next((source for source in sources if source.name == name), None)
        target = source if source is not None else name
        registry = self.app.registry
        if registry.read_only:
            self.notify(f"The source registry is read-only: {registry.problem}", title="Tags not saved",
                        severity="error", markup=False)
            return
        try:
            registry.set_tags(target, result.tags, result.reliability, save=False)
        except ValueError as error:
            self.notify(str(error), title="Tags not saved", severity="error", markup=False)
            return
        self.on_tags_saved(TagsSaved())
        self._registry_changes.append((target, list(result.tags), result.reliability))
        self.save_registry(registry)

    def on_tags_saved(self, message: TagsSaved) -> None:
        self.tags_version += 1
        if self.filter_query.terms.get("tag"):
            self.apply_filter(self.list_pane.filter_text)

    @work(thread=True, group="save-registry")
    def save_registry(self, registry: Registry) -> None:
        """Save the queued tag changes, one at a time and in order, each merged into the file."""
        from newsreader.registry import RegistryError

        with self._registry_saving:
            while self._registry_changes:
                target, tags, reliability = self._registry_changes.popleft()
                try:
                    registry.set_tags(target, tags, reliability)
                except RegistryError as error:
                    registry.reload()  # show what is on disk, not the change that was not saved
                    self.post_message(Failed("Tags not saved", str(error)))
                self.post_message(TagsSaved())

    # -- export ----------------------------------------------------------------
    def action_export(self) -> None:
        self.flush_preview()
        from newsreader.ui.screens.notes import ExportScreen

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                self.export_notes(request, self.article, self.app.registry)

        self.app.push_screen(ExportScreen(Path.cwd(), self.article is not None and self.article.ok), done)

    @work(thread=True, exclusive=True, group="export")
    def export_notes(self, request: ExportRequest, current: Article | None, registry: Registry) -> None:
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

        library, store = self.library, self.app.notes_store
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
            self.post_message(Failed("Export failed", str(error)))
            return
        self.post_message(Exported(len(records), str(written), list(data["problems"])))

    def on_exported(self, message: Exported) -> None:
        self.notify(f"Exported {message.count} article(s) to {message.path}", title="Export", markup=False)
        problems = message.problems
        if problems:  # also named in the document
            more = f"\n… and {len(problems) - 5} more (listed in the export)" if len(problems) > 5 else ""
            self.notify("\n".join(problems[:5]) + more, title="Exported without what could not be read",
                        severity="warning", markup=False, timeout=10)

    # -- the article's URL ---------------------------------------------------------
    def action_open_url(self) -> None:
        self.flush_preview()
        article = self.article
        if article is None or not article.url:
            self.notify("This article has no URL.", severity="warning")
            return
        url = article.url

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if browser_available():
                self.app.open_url(url)
            else:
                self.notify(f"No web browser found. The link:\n{url}", title="Open URL", severity="warning",
                            markup=False, timeout=20)

        from newsreader.ui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Open this link in your browser?", url), answered)


def browser_available() -> bool:
    """Whether Python's webbrowser module knows a browser to open links with."""
    import webbrowser

    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True
