"""Sources in the app: the sources panel and tagging into the source registry.
A mixin of :class:`newsreader.ui.app.NewsReader`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from newsreader.ui.article_view import ArticleView

if TYPE_CHECKING:
    from newsreader.ui.sources_ui import TagResult


class SourcesActions:
    # -- sources ---------------------------------------------------------------
    def _source_rows(self) -> list:
        from newsreader.ui.sources_ui import source_rows

        if self.current is None:
            return []
        analysis = self.analysis(self.current)
        return source_rows(analysis.sources, analysis.claims, self.registry, {})

    def _refresh_sources_panel(self) -> None:
        panel = self._existing_panel("sources")
        if panel is not None and panel.display:
            panel.show(self._source_rows())

    async def action_toggle_sources(self) -> None:
        self._flush_preview()
        self._toggle_panel(await self._ensure_panel("sources"), self._refresh_sources_panel)

    def on_sources_panel_chosen(self, event) -> None:
        if event.row.first_offset is not None:
            self.query_one(ArticleView).scroll_to_anchor(event.row.first_offset)
            self.query_one(ArticleView).focus()

    def on_sources_panel_tag_requested(self, event) -> None:
        self._open_tag_screen(event.row.name, event.row.kind, event.row.tags, event.row.reliability)

    async def action_tag_source(self) -> None:
        """Tag the source of the current claim, else pick one in the sources panel."""
        self._flush_preview()
        claims = self.shown_claims
        claim = claims[self.claim_index] if self.claim_index is not None and self.claim_index < len(claims) else None
        if claim is not None and claim.source:
            row = next((row for row in self._source_rows() if row.name == claim.source), None)
            if row is not None:
                self._open_tag_screen(row.name, row.kind, row.tags, row.reliability)
                return
        panel = self._existing_panel("sources")
        if panel is None or not panel.display:
            await self.action_toggle_sources()
        self.notify("Pick a source and press t to tag it.")

    def _open_tag_screen(self, name: str, kind: str, tags: list[str], reliability: int | None) -> None:
        from newsreader.ui.sources_ui import TagScreen

        def done(result: TagResult | None) -> None:
            if result is not None:
                self._apply_tags(name, result)

        self.push_screen(TagScreen(name, kind, list(tags), reliability, self.registry.problem or ""), done)

    def _apply_tags(self, name: str, result: TagResult) -> None:
        """Show the new tags at once; save them off the UI thread, merged into the file as it is
        on disk then (another app or a hand edit may have changed it meanwhile)."""
        source = next((source for source in self.analysis(self.current).sources if source.name == name), None) if self.current else None
        target = source if source is not None else name
        registry = self.registry
        if registry.read_only:
            self.notify(f"The source registry is read-only: {registry.problem}", title="Tags not saved",
                        severity="error", markup=False)
            return
        try:
            registry.set_tags(target, result.tags, result.reliability, save=False)
        except ValueError as error:
            self.notify(str(error), title="Tags not saved", severity="error", markup=False)
            return
        self._tags_changed()
        self._registry_changes.append((target, list(result.tags), result.reliability))
        self.save_registry()

    def _tags_changed(self) -> None:
        self._restyle()
        self._refresh_sources_panel()
        if self._query.terms.get("tag"):
            self.apply_filter(self._filter_text())

    @work(thread=True, group="save-registry")
    def save_registry(self) -> None:
        """Save the queued tag changes, one at a time and in order, each merged into the file."""
        from newsreader.registry import RegistryError

        with self._registry_saving:
            while self._registry_changes:
                target, tags, reliability = self._registry_changes.popleft()
                try:
                    self.registry.set_tags(target, tags, reliability)
                except RegistryError as error:
                    self.registry.reload()  # show what is on disk, not the change that was not saved
                    self.call_from_thread(self.notify, str(error), title="Tags not saved", severity="error",
                                          markup=False)
                self.call_from_thread(self._tags_changed)

    def action_toggle_worthy(self) -> None:
        self._flush_preview()
        self.worthy_only = not self.worthy_only
        self.claim_index = None
        self._restyle()
        self._refresh_claims_panel()
        self.notify("Showing check-worthy claims only." if self.worthy_only else "Showing all claims.")

    def on_claims_panel_claim_chosen(self, event) -> None:
        self._go_to_claim(event.index)
        self.query_one(ArticleView).focus()
