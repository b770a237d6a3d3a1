"""Every command of the app in one table: its keys, action, binding id, key bar label, help
text, command palette title and group.

The table generates the ``BINDINGS`` of the reader screen and its widgets, the help screen,
the command palette entries and (through the bindings) the key bar.  A user keymap
(``keys:`` in config.yaml) rebinds a command by its id; :func:`check_keymap` validates one.
README's key table is checked against this table by a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    id: str
    keys: str  # Textual key names, comma separated: "escape,h"
    action: str
    label: str  # in the key bar
    help: str  # on the help screen
    palette: str = ""  # title in the command palette ("": not there)
    group: str = "Reading"
    scope: str = "reader"  # whose BINDINGS: reader (the screen), list, article, panel, sources, notes, app
    show: bool = True  # in the key bar


# In the order of the key bar within a scope, which leaves off at the end what a narrow
# terminal cannot fit (every key is on the help screen).
COMMANDS: tuple[Command, ...] = (
    # -- the list
    Command("list.down", "j,down", "cursor_down", "Down", "move down in the list", group="List", scope="list",
            show=False),
    Command("list.up", "k,up", "cursor_up", "Up", "move up in the list", group="List", scope="list", show=False),
    Command("list.top", "g,home", "first", "Top", "first article", group="List", scope="list", show=False),
    Command("list.bottom", "G,end", "last", "Bottom", "last article", group="List", scope="list", show=False),
    Command("list.page_down", "space,pagedown", "page(1)", "Page down", "page down the list", group="List",
            scope="list", show=False),
    Command("list.page_up", "b,pageup", "page(-1)", "Page up", "page up the list", group="List", scope="list",
            show=False),
    Command("open", "enter,l", "select", "Open", "open the highlighted article (marks it read)", "Open article",
            group="List", scope="list"),
    Command("filter", "slash", "filter", "Filter",
            "filter: words (title, full text), source:NAME, feed:NAME, tag:TAG, verdict:V (or verdict:any), "
            "note:WORDS (in your notes), checked:RATING (or checked:any: a claim repeats a fact-check)",
            "Filter articles",
            group="List"),
    Command("cycle_sort", "S", "cycle_sort", "Sort",
            "sort: library order, newest first, title, source, most claims (kept)", "Cycle sort order", group="List",
            show=False),
    Command("toggle_read", "m", "toggle_read", "Read", "mark read / unread", "Toggle read", group="List"),
    # -- the article
    Command("article.down", "j,down", "scroll_down", "Down", "scroll the article down", group="Article",
            scope="article", show=False),
    Command("article.up", "k,up", "scroll_up", "Up", "scroll the article up", group="Article", scope="article",
            show=False),
    Command("article.top", "g,home", "scroll_home", "Top", "top of the article", group="Article", scope="article",
            show=False),
    Command("article.bottom", "G,end", "scroll_end", "Bottom", "end of the article", group="Article",
            scope="article", show=False),
    Command("article.page_down", "space,pagedown", "page_down", "Page down", "page down", group="Article",
            scope="article", show=False),
    Command("article.page_up", "b,pageup", "page_up", "Page up", "page up", group="Article", scope="article",
            show=False),
    Command("back", "escape,h", "back", "Back", "back to the list (in the filter: clear it, then close it)",
            "Back to list", group="Article"),
    Command("switch_pane", "tab", "switch_pane", "Switch pane", "switch between list and article", "Switch pane",
            group="Article", show=False),
    Command("open_url", "o", "open_url", "URL", "open the article's URL in a browser (asks first)", "Open URL",
            group="Article"),
    # -- claims
    Command("next_claim", "n", "next_claim", "Next claim", "next claim: scrolls to it and emphasises it",
            "Next claim", group="Claims"),
    Command("previous_claim", "N", "previous_claim", "Prev claim", "previous claim", "Previous claim",
            group="Claims", show=False),
    Command("toggle_claims", "c", "toggle_panel('claims')", "Claims", "claims panel: pick a claim to jump to it",
            "Claims panel", group="Claims"),
    Command("toggle_worthy", "w", "toggle_worthy", "Worthy", "all claims / check-worthy only", "Check-worthy only",
            group="Claims"),
    Command("set_verdict", "v", "set_verdict", "Verdict",
            "verdict for the current claim: verified, false, misleading, disputed, unproven, needs context",
            "Set verdict", group="Claims"),
    Command("toggle_checks", "F", "toggle_panel('checks')", "Checks",
            "checks panel: the current claim's fact-checks (⚑) and related claims in other articles "
            "(≠: a figure given differently); Enter on a related claim opens it there",
            "Fact-checks and related claims", group="Claims", show=False),
    # -- side panels (claims, sources, notes)
    Command("panel.down", "j", "cursor_down", "Down", "move down in a panel", group="Panels", scope="panel",
            show=False),
    Command("panel.up", "k", "cursor_up", "Up", "move up in a panel", group="Panels", scope="panel", show=False),
    Command("panel.top", "g", "first", "Top", "first line of a panel", group="Panels", scope="panel", show=False),
    Command("panel.bottom", "G", "last", "Bottom", "last line of a panel", group="Panels", scope="panel",
            show=False),
    # -- sources and notes
    Command("toggle_sources", "s", "toggle_panel('sources')", "Sources",
            "sources panel: Enter jumps to the first mention", "Sources panel", group="Sources and notes"),
    Command("tag_source", "t", "tag_source", "Tag source",
            "tag a source (in the sources panel, or the current claim's source)", "Tag source",
            group="Sources and notes", show=False),
    Command("add_note", "a", "add_note", "Note",
            "note on the current claim, else on the article (in the sources panel: on that source)", "Add note",
            group="Sources and notes"),
    Command("toggle_notes", "p", "toggle_panel('notes')", "Notes", "notes panel: every note and verdict", "Notes panel",
            group="Sources and notes"),
    Command("sources.tag", "t", "tag", "Tag source", "in the sources panel: tag the source", group="Sources and notes",
            scope="sources"),
    Command("sources.note", "a", "note", "Note on source", "in the sources panel: a note on the source",
            group="Sources and notes", scope="sources"),
    Command("notes.panel.edit", "e", "edit_item", "Edit", "in the notes panel: edit the note",
            group="Sources and notes", scope="notes"),
    Command("notes.panel.delete", "delete,x", "delete_item", "Delete", "in the notes panel: delete it",
            group="Sources and notes", scope="notes"),
    Command("export", "e", "export", "Export",
            "export notes and verdicts (Markdown memo, YAML, JSON, CSV, ClaimReview, Web Annotation)",
            "Export notes", group="Sources and notes"),
    # -- finding
    Command("find", "f", "find", "Find", "find in the article: every hit highlighted, how many shown",
            "Find in article", group="Find", show=False),
    Command("find.next", "enter,down", "next", "Next", "in the find bar: next hit", group="Find", scope="find"),
    Command("find.previous", "shift+enter,up", "previous", "Previous", "in the find bar: previous hit", group="Find",
            scope="find"),
    Command("find.close", "escape", "close", "Close", "in the find bar: close it (the highlights go)", group="Find",
            scope="find"),
    Command("library_sources", "L", "library_sources", "Library sources",
            "every source in the library (claims, articles, tags, rating); Enter lists its claims, Enter on one "
            "opens the article there", "Sources across the library", group="Find", show=False),
    Command("search_notes", "P", "search_notes", "Search notes",
            "search the text of every note in the library; Enter opens the article at the note (also note:WORDS "
            "in the filter)", "Search notes", group="Find", show=False),
    Command("notes.panel.search", "slash", "screen.search_notes", "Search notes",
            "in the notes panel: search every note in the library", group="Find", scope="notes"),
    # -- news coming in
    Command("fetch_feeds", "r", "fetch_feeds", "Fetch", "fetch every subscribed feed; new articles are listed unread",
            "Fetch feeds", group="Feeds and pages", show=False),
    Command("add_url", "A", "add_url", "Add URL", "add a web page by its address (typed or pasted)", "Add web page",
            group="Feeds and pages", show=False),
    # -- the app
    Command("help", "question_mark", "app.help", "Help", "this help", "Help", group="App"),
    Command("change_theme", "T", "app.change_theme", "Theme", "pick a theme (saved for next time)", group="App",
            show=False),
    Command("command_palette", "ctrl+p", "app.command_palette", "palette", "command palette: every action by name",
            group="App", scope="app"),
    Command("quit", "q", "app.quit", "Quit", "quit", group="App"),
)

BY_ID = {command.id: command for command in COMMANDS}

DIALOG_IDS = frozenset({
    "help.close", "help.down", "help.up", "help.page_down", "help.page_up", "help.top", "help.bottom",
    "notes.editor.save", "notes.editor.cancel", "notes.editor.external", "notes.verdict.cancel",
    *(f"notes.verdict.{verdict}" for verdict in (
        "unchecked", "verified", "false", "misleading", "disputed", "unproven", "needs-context")),
    "notes.export.save", "notes.export.cancel", "notes.export.scope-article", "notes.export.scope-all",
    *(f"notes.export.format-{fmt}" for fmt in ("md", "yaml", "json", "csv", "claimreview", "webannotation")),
    "notes.export.details", "notes.export.all-claims",
    "tags.save", "tags.cancel", *(f"tags.reliability-{n}" for n in range(6)), "confirm.yes", "confirm.no",
    "add_url.cancel", "library_sources.back", "library_sources.close", "note_search.close", "note_search.results",
})
"""The binding ids of the dialogs' own keys (declared in their screens): a keymap may rebind them too."""

# The key bar's order on the reader screen: what a narrow terminal keeps comes first.
_BAR_ORDER = ("quit", "help", "filter", "next_claim", "previous_claim", "toggle_claims", "toggle_sources",
              "add_note", "set_verdict", "toggle_notes", "export", "toggle_read", "open_url", "toggle_worthy",
              "toggle_checks",
              "back", "switch_pane", "tag_source", "change_theme", "cycle_sort", "fetch_feeds", "add_url", "find",
              "library_sources", "search_notes")


def bindings(scope: str) -> list[BindingType]:
    """The ``BINDINGS`` of ``scope``, each with its command's id (so a keymap can rebind it)."""
    commands = [command for command in COMMANDS if command.scope == scope]
    if scope == "reader":
        commands.sort(key=lambda command: _BAR_ORDER.index(command.id))
    return [Binding(command.keys, command.action, command.label, show=command.show, id=command.id)
            for command in commands]


KEY_NAMES = {"down": "↓", "up": "↑", "enter": "Enter", "escape": "Esc", "tab": "Tab", "question_mark": "?",
             "slash": "/", "home": "Home", "end": "End", "pagedown": "PgDn", "pageup": "PgUp", "delete": "Delete"}


def key_display(key: str) -> str:
    """How one key is written on the help screen and in README: ``↓``, ``Esc``, ``ctrl+p``."""
    return KEY_NAMES.get(key, key)


def keys_of(command: Command, keymap: Mapping[str, str] | None = None) -> list[str]:
    """The command's keys (the user's, when the keymap rebinds it), as Textual key names."""
    keys = (keymap or {}).get(command.id) or command.keys
    return [key.strip() for key in keys.split(",") if key.strip()]


def help_lines(keymap: Mapping[str, str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help screen: ``(group, [(keys, help text), ...])`` in table order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for command in COMMANDS:
        keys = " ".join(key_display(key) for key in keys_of(command, keymap))
        groups.setdefault(command.group, []).append((keys, command.help))
    return list(groups.items())


def check_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The usable part of a user keymap, and a problem for each entry that is not, by name:
    unknown command ids, bad key strings, and keys given to two commands of the same place."""
    from textual.keys import _normalize_key_list

    usable: dict[str, str] = {}
    problems: list[str] = []
    for command_id, keys in keymap.items():
        if command_id not in BY_ID and command_id not in DIALOG_IDS:
            problems.append(f"keys: unknown command {command_id!r} (see the help screen, ?)")
            continue
        if command_id == "command_palette":
            problems.append("keys: 'command_palette' stays on ctrl+p")
            continue
        parts = [part.strip() for part in str(keys).split(",")] if isinstance(keys, str) else []
        if not parts or not all(parts) or any(" " in part for part in parts):
            problems.append(f"keys: {command_id}: {keys!r} is not a key (e.g. 'x', 'ctrl+x', 'f5')")
            continue
        usable[command_id] = _normalize_key_list(",".join(parts))
    # Two commands on one key in the same place; or a rebound key that a command of the
    # focused widget (list, article, panel) would shadow, or that would shadow one of the screen's.
    seen: set[tuple[str, str]] = set()
    for first in COMMANDS:
        for second in COMMANDS:
            if first.id >= second.id or (first.scope != second.scope and not (
                    (first.id in usable or second.id in usable) and "reader" in (first.scope, second.scope))):
                continue
            for key in set(keys_of(first, usable)) & set(keys_of(second, usable)):
                if (key, first.id + second.id) not in seen:
                    seen.add((key, first.id + second.id))
                    problems.append(f"keys: {key_display(key)} is bound to both {first.id} and {second.id}")
    return usable, problems
