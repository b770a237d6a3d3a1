"""Notes, claim verdicts and export in the app (the store itself is :mod:`newsreader.notes`).
Every disk operation runs in a worker.  A mixin of :class:`newsreader.ui.app.NewsReader`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from newsreader.articles import Article, load_article
from newsreader.ui.article_table import ArticleTable
from newsreader.ui.article_view import ArticleView
from newsreader.ui.library_sync import analyze

if TYPE_CHECKING:
    from newsreader.notes import Anchor, ArticleNotes
    from newsreader.registry import Registry
    from newsreader.ui.notes_ui import ExportRequest, NoteItem


class NotesActions:
    # -- notes -----------------------------------------------------------------
    def _article_meta(self, article: Article) -> dict:
        # The absolute path: "export all" finds the article there, whatever folder it is run from.
        return {"title": article.title, "path": os.path.abspath(article.path), "url": article.url}

    @work(thread=True, exclusive=True, group="notes-load")
    def load_notes(self, article: Article) -> None:
        notes = self.notes_store.load(article.id)
        self.call_from_thread(self._notes_loaded, article, notes)

    def _notes_loaded(self, article: Article, notes: ArticleNotes) -> None:
        if self.current is None or self.current.id != article.id:
            return
        had_notes = self.notes is not None and (self.notes.notes or self.notes.verdicts)
        self.notes = notes
        self._attachment_cache = None
        if not (had_notes or notes.notes or notes.verdicts or notes.error):
            self._remember_notes(notes)
            return  # nothing to draw: the page is already right
        if notes.error is not None:
            self.notify(str(notes.error), title="Notes are read-only", severity="warning", markup=False, timeout=10)
        self._remember_notes(notes)
        self._restyle()
        self._refresh_claims_panel()
        self._refresh_sources_panel()
        self._refresh_notes_panel()

    def _remember_notes(self, notes: ArticleNotes) -> None:
        """Keep the list's note marker and the verdict filter in step with ``notes``."""
        count = len(notes.notes) + len(notes.verdicts)
        verdicts = {verdict.verdict for verdict in notes.verdicts}
        if self.article_note_counts.get(notes.article_id, 0) == count and self.article_verdicts.get(notes.article_id, set()) == verdicts:
            return
        self.article_note_counts[notes.article_id] = count
        self.article_verdicts[notes.article_id] = verdicts
        found = self.query(ArticleTable)
        if not found:  # the app is closing (the summary worker can answer after the list is gone)
            return
        table = found.first()
        for entry in self.entries.values():
            if entry.id == notes.article_id:
                table.update_row(self._row(entry))

    @work(thread=True, exclusive=True, group="notes-summary")
    def load_notes_summary(self) -> None:
        """Which articles have notes and verdicts (for the list marker and 'verdict:' filter)."""
        try:
            ids = self.notes_store.all_article_ids()
        except Exception as error:  # NotesError: the notes folder cannot be listed
            self.call_from_thread(self.notify, str(error), title="Notes", severity="warning", markup=False)
            return
        for article_id in ids:
            notes = self.notes_store.load(article_id)
            self.call_from_thread(self._remember_notes, notes)

    _attachment_cache: tuple | None = None

    def _attachment(self):
        """This article's notes sorted onto its claims and sources (cached until they change)."""
        if self.current is None or self.notes is None:
            return None
        analysis = self.analysis(self.current)
        key = (id(self.notes), id(analysis))
        if self._attachment_cache is None or self._attachment_cache[0] != key:
            attachment = self.notes.attach(
                self.current.text,
                [(claim.start, claim.end) for claim in analysis.claims],
                [source.name for source in analysis.sources],
            )
            positions = {(claim.start, claim.end): number for number, claim in enumerate(analysis.claims)}
            self._attachment_cache = (key, attachment, positions)
        return self._attachment_cache[1]

    def _claim_attachment(self, claim):
        attachment = self._attachment()
        if attachment is None:
            return None
        positions = self._attachment_cache[2]
        index = positions.get((claim.start, claim.end))
        return attachment.claims[index] if index is not None else None

    def _current_claim(self):
        claims = self.shown_claims
        if self.claim_index is not None and self.claim_index < len(claims):
            return claims[self.claim_index]
        return None

    def _read_only_reason(self) -> str:
        return str(self.notes.error) if self.notes is not None and self.notes.error is not None else ""

    def action_add_note(self) -> None:
        """A note on the current claim, or on the article when no claim is current."""
        self._flush_preview()
        if self.current is None or not self.current.ok:
            self.notify("Open an article first.")
            return
        claim = self._current_claim()
        if claim is not None:
            self._edit_note("Note on claim", claim.text, "", target="claim", claim=claim)
        else:
            self._edit_note("Note on article", self.current.title, "", target="article")

    def _edit_note(self, heading: str, context: str, body: str, *, target: str, claim=None,
                   source: str | None = None, note_id: str | None = None) -> None:
        from newsreader.notes import Anchor
        from newsreader.ui.notes_ui import NoteEditor

        article = self.current

        def done(result: str | None) -> None:
            if result is None or article is None:
                return
            anchor = Anchor.from_span(article.text, claim.start, claim.end) if claim is not None else None
            self.save_note(article, result, target=target, anchor=anchor, source=source, note_id=note_id)

        self.push_screen(NoteEditor(heading, context, body, self._read_only_reason()), done)

    @work(thread=True, group="notes-save")
    def save_note(self, article: Article, body: str, *, target: str, anchor: Anchor | None,
                  source: str | None, note_id: str | None) -> None:
        from newsreader.notes import NotesError

        meta = self._article_meta(article)
        try:
            if note_id is not None and not body:
                self.notes_store.delete_note(article.id, note_id)
            elif note_id is not None:
                self.notes_store.update_note(article.id, note_id, body, article_meta=meta)
            elif body:
                self.notes_store.add_note(article.id, body, target=target, anchor=anchor, source=source, article_meta=meta)
            else:
                return
        except NotesError as error:
            self.call_from_thread(self.notify, str(error), title="Note not saved", severity="error", markup=False)
            return
        self.call_from_thread(self._notes_changed, article)

    def _notes_changed(self, article: Article) -> None:
        if self.current is not None and self.current.id == article.id:
            self.load_notes(article)

    def action_set_verdict(self) -> None:
        self._flush_preview()
        claim = self._current_claim()
        if claim is None or self.current is None:
            self.notify("Pick a claim first (n / N, or click it).")
            return
        attached = self._claim_attachment(claim)
        current = attached.verdict_name if attached is not None else "unchecked"
        article = self.current
        from newsreader.notes import Anchor
        from newsreader.ui.notes_ui import VerdictPicker

        def done(verdict: str | None) -> None:
            if verdict is not None:
                self.save_verdict(article, Anchor.from_span(article.text, claim.start, claim.end), verdict)

        if self._read_only_reason():
            self.notify(self._read_only_reason(), title="Notes are read-only", severity="warning", markup=False)
            return
        self.push_screen(VerdictPicker(claim.text, current), done)

    @work(thread=True, group="notes-save")
    def save_verdict(self, article: Article, anchor: Anchor, verdict: str) -> None:
        from newsreader.notes import NotesError

        try:
            self.notes_store.set_verdict(article.id, anchor, verdict, article_meta=self._article_meta(article))
        except NotesError as error:
            self.call_from_thread(self.notify, str(error), title="Verdict not saved", severity="error", markup=False)
            return
        self.call_from_thread(self._notes_changed, article)

    def _refresh_notes_panel(self) -> None:
        panel = self._existing_panel("notes")
        if panel is None or not panel.display:
            return
        from newsreader.ui.notes_ui import note_items

        attachment = self._attachment()
        if attachment is None or self.current is None:
            panel.show([])
            return
        analysis = self.analysis(self.current)
        panel.show(
            note_items(
                attachment,
                [(claim.start, claim.end, claim.text) for claim in analysis.claims],
                [source.name for source in analysis.sources],
                text=self.current.text,
                source_offsets=[source.mentions[0][0] if source.mentions else None for source in analysis.sources],
            )
        )

    async def action_toggle_notes(self) -> None:
        self._flush_preview()
        self._toggle_panel(await self._ensure_panel("notes"), self._refresh_notes_panel)

    def on_notes_panel_chosen(self, event) -> None:
        item = event.item
        if item.offset is not None:
            claims = self.shown_claims
            for number, claim in enumerate(claims):
                if claim.start <= item.offset < claim.end:
                    self._go_to_claim(number)
                    break
            else:
                self.query_one(ArticleView).scroll_to_anchor(item.offset)
            self.query_one(ArticleView).focus()
        elif item.note_id is not None and item.kind != "verdict":
            self._edit_existing(item)

    def on_notes_panel_edit_requested(self, event) -> None:
        if event.item.kind == "verdict":
            self.notify("Use v on the claim to change its verdict.")
            return
        self._edit_existing(event.item)

    def _edit_existing(self, item: NoteItem) -> None:
        self._edit_note(f"Note on {item.kind}", item.label, item.body, target=item.kind, note_id=item.note_id)

    def on_notes_panel_delete_requested(self, event) -> None:
        item = event.item
        article = self.current
        if article is None or item.note_id is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if item.kind == "verdict" and item.anchor is not None:
                self.save_verdict(article, item.anchor, "unchecked")
            else:
                self.save_note(article, "", target=item.kind, anchor=None, source=None, note_id=item.note_id)

        what = "this verdict" if item.kind == "verdict" else "this note"
        from newsreader.ui.screens import ConfirmScreen

        self.push_screen(ConfirmScreen(f"Delete {what}?", item.body or item.label), answered)

    def on_sources_panel_note_requested(self, event) -> None:
        self._edit_note("Note on source", event.row.name, "", target="source", source=event.row.name)

    # -- export ----------------------------------------------------------------
    def action_export(self) -> None:
        self._flush_preview()
        from newsreader.ui.notes_ui import ExportScreen

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                self.export_notes(request, self.current, self.registry)

        self.push_screen(ExportScreen(Path.cwd(), self.current is not None and self.current.ok), done)

    def _export_record(self, path: str) -> dict:
        """The analysed record of one file for export (the index's analysis when it has one)."""
        found = self.index.load(path)
        if found is None:
            article = load_article(path)
            found = (article, analyze(article))
        article, analysis = found
        record = article.to_dict()
        record["claims"] = [claim.to_dict() for claim in analysis.claims]
        record["sources"] = [source.to_dict() for source in analysis.sources]
        return record

    @work(thread=True, exclusive=True, group="export")
    def export_notes(self, request: ExportRequest, current: Article | None, registry: Registry) -> None:
        from newsreader.export import ExportError, annotated_records, collect, render, write_output
        from newsreader.notes import NotesError

        try:
            if request.scope == "article" and current is not None:
                records = [self._export_record(current.path)]
            else:  # every article with notes: the list's, then those opened from elsewhere
                known = {entry.id: path for path, entry in list(self.entries.items()) if entry.id and not entry.error}
                records = annotated_records(self.notes_store, known, self._export_record)
            data = collect(records, self.notes_store, registry=registry)
            written = write_output(render(data, request.fmt), request.path)
        except (ExportError, NotesError, OSError) as error:
            self.call_from_thread(self.notify, str(error), title="Export failed", severity="error", markup=False)
            return
        self.call_from_thread(self.notify, f"Exported {len(records)} article(s) to {written}", title="Export", markup=False)
        problems = data["problems"]
        if problems:  # also named in the document
            more = f"\n… and {len(problems) - 5} more (listed in the export)" if len(problems) > 5 else ""
            self.call_from_thread(
                self.notify, "\n".join(problems[:5]) + more, title="Exported without what could not be read",
                severity="warning", markup=False, timeout=10)
