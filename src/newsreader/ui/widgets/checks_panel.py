"""The checks panel: for the current claim, the fact-checks it probably repeats and the claims of
other articles of the library that say much the same, with the figures they give differently.

Everything shown comes from files we did not write (fact-check sets, other articles): each field
is cleaned (:func:`newsreader.sanitize.clean_line`) and drawn as literal text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsreader.sanitize import clean_line
from newsreader.ui.checks import short
from newsreader.ui.commands import bindings

if TYPE_CHECKING:
    from newsreader.factchecks.factcheck import FactCheck
    from newsreader.library.related import ClaimRecord, Related
    from newsreader.ui.checks import ClaimChecks

_CLAIM_WORDS = 24


def words(text: str, count: int = _CLAIM_WORDS) -> str:
    parts = clean_line(text).split()
    return " ".join(parts[:count]) + (" …" if len(parts) > count else "")


def differences(hit: Related) -> str:
    """``≠ 3,500 soldiers (here: 3,000 soldiers)`` for each figure given differently."""
    return "; ".join(f"≠ {short(theirs.text, 40)} (here: {short(mine.text, 40)})" for mine, theirs in hit.differences)


def _header(text: str) -> Option:
    return Option(Content.styled(text, "bold $text-accent"), disabled=True)


def _note(text: str) -> Option:
    return Option(Content.styled(f"  {text}", "$text-muted italic"), disabled=True)


def match_prompt(factcheck: FactCheck, score: float) -> Content:
    first = Content.assemble(
        ("⚑ ", "bold $text-warning"),
        (short(factcheck.rating) or "(no rating)", "bold $text-warning"),
        ("  ", ""),
        (short(factcheck.publisher) or "(no publisher)", "$text-secondary"),
        (f"  match {score:.2f}", "$text-muted"),
        ("  " + short(factcheck.date, 10) if factcheck.date else "", "$text-muted"),
    )
    lines = [first, Content.assemble("  ", words(factcheck.claim))]
    if factcheck.url:
        lines.append(Content.styled("  " + short(factcheck.url, 200), "$text-muted underline"))
    return Content("\n").join(lines)


def related_prompt(hit: Related) -> Content:
    claim = hit.claim
    parts: list[Content | tuple[str, str] | str] = [
        (f"{hit.similarity:.2f} ", "$text-muted"),
        (short(claim.title) or "(untitled)", "bold"),
        ("  ", ""),
        (short(claim.source, 40) if claim.source else "unattributed",
         "$text-secondary" if claim.source else "$text-muted italic"),
    ]
    if claim.verdict:
        parts += ["  ", (f"⟦{short(claim.verdict, 20)}⟧", "bold $text-warning")]
    lines = [Content.assemble(*parts)]
    if hit.differences:
        lines.append(Content.styled("  " + differences(hit), "bold $text-error"))
    lines.append(Content.assemble("  ", words(claim.text)))
    return Content("\n").join(lines)


@dataclass(frozen=True)
class PanelState:
    """What the screen knows when it fills the panel."""

    claim: str | None  # the current claim's text (None: no claim is current)
    checks: ClaimChecks | None
    factchecks: int | None  # fact-checks to match against (None: not known yet)
    related_ready: bool
    pending: bool = False  # this article's claims are being checked


class ChecksPanel(OptionList):
    """The current claim's fact-checks and related claims.  Enter on a related claim posts
    :class:`RelatedChosen` (open that article at that claim); on a fact-check :class:`FactCheckChosen`."""

    BINDINGS = bindings("panel")

    DEFAULT_CSS = """
    ChecksPanel {
        height: 40%;
    }
    """

    class RelatedChosen(Message):
        def __init__(self, claim: ClaimRecord) -> None:
            self.claim = claim
            super().__init__()

    class FactCheckChosen(Message):
        def __init__(self, factcheck: FactCheck) -> None:
            self.factcheck = factcheck
            super().__init__()

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._factchecks: list[FactCheck] = []
        self._related: list[Related] = []
        self._claim: str | None = None
        self.border_title = "Checks"

    @property
    def related(self) -> list[Related]:
        return list(self._related)

    @property
    def factchecks(self) -> list[FactCheck]:
        return list(self._factchecks)

    def show(self, state: PanelState) -> None:
        previous = self.highlighted if state.claim == self._claim else None
        self._claim = state.claim
        checks = state.checks
        self._factchecks = [match.factcheck for match in checks.matches] if checks is not None else []
        self._related = list(checks.related) if checks is not None else []
        self.clear_options()
        if state.claim is None:
            self.border_title = "Checks"
            self.add_option(_note("Pick a claim (n / N, or click it) to see its fact-checks and related claims."))
            return
        self.border_title = f"Checks · {words(state.claim, 8)}"
        options: list[Option] = [_header("Fact-checks")]
        if checks is not None and checks.matches:
            options += [Option(match_prompt(match.factcheck, match.score), id=f"fc{number}")
                        for number, match in enumerate(checks.matches)]
        elif state.pending or state.factchecks is None:
            options.append(_note("checking…"))
        elif state.factchecks == 0:
            options.append(_note("none imported: newsreader factchecks import FILE (your verdicts count too)"))
        else:
            options.append(_note(f"none found among {state.factchecks:,}"))
        options.append(_header("Related claims in other articles"))
        if self._related:
            options += [Option(related_prompt(hit), id=f"rel{number}") for number, hit in enumerate(self._related)]
        elif not state.related_ready:
            options.append(_note("the library's claims are being read…"))
        elif state.pending:
            options.append(_note("checking…"))
        else:
            options.append(_note("none found"))
        self.add_options(options)
        if previous is not None and previous < self.option_count and not self.get_option_at_index(previous).disabled:
            self.highlighted = previous
        else:
            self.action_first()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("rel"):
            self.post_message(self.RelatedChosen(self._related[int(option_id[3:])].claim))
        elif option_id.startswith("fc"):
            self.post_message(self.FactCheckChosen(self._factchecks[int(option_id[2:])]))
