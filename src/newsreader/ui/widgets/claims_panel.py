"""The claims panel: one line per claim; choosing one jumps to it in the text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsreader.ui.commands import bindings
from newsreader.ui.document import KIND_MARKERS

if TYPE_CHECKING:
    from newsreader.claims import Claim



def first_words(text: str, count: int = 9) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def claim_prompt(claim: Claim, extra: str = "") -> Content:
    worthy = claim.check_worthy
    source = claim.source or ("unattributed" if claim.score is not None else "")
    return Content.assemble(
        (f"{KIND_MARKERS.get(claim.kind, '*')} {claim.kind:<10} ", f"$claim-{claim.kind}" if worthy else "$text-muted"),
        ("  –  " if claim.score is None else f"{claim.score:.2f} ", "bold" if worthy else "$text-muted"),
        (source, "$text-muted italic" if claim.source is None else "$text-secondary"),
        (f" {extra}" if extra else "", "$text-warning"),
        "  ",
        first_words(claim.text),
    )


class ClaimsPanel(OptionList):
    """Lists claims; posts :class:`ClaimChosen` with the claim's index in the list it was given.

    ``claims``, ``current`` and ``extras`` (each claim's verdict and note count) are bound to the
    screen's; the title says which claim is current ("Claims · 3 of 13")."""

    BINDINGS = bindings("panel")

    claims: reactive[list] = reactive(list, init=False, always_update=True)
    current: reactive[int | None] = reactive(None, init=False)
    extras: reactive[list] = reactive(list, init=False, always_update=True)

    class ClaimChosen(Message):
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def show_claims(self, claims: Sequence[Claim], current: int | None, extras: Sequence[str] = ()) -> None:
        self.clear_options()
        self._title()
        if not claims:
            self.add_option(Option(Content("No claims in this article."), disabled=True))
            return
        self.add_options(
            Option(claim_prompt(claim, extras[number] if number < len(extras) else ""), id=str(number))
            for number, claim in enumerate(claims)
        )
        self.highlighted = current or 0

    def watch_claims(self) -> None:
        self.show_claims(self.claims, self.current, self.extras)

    def watch_extras(self) -> None:
        self.show_claims(self.claims, self.current, self.extras)

    def watch_current(self, current: int | None) -> None:
        if current is not None and current < self.option_count:
            self.highlighted = current
        self._title()

    def _title(self) -> None:
        where = f" · {self.current + 1} of {len(self.claims)}" if self.current is not None and self.claims else ""
        self.border_title = f"Claims{where}"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.ClaimChosen(int(event.option.id)))
