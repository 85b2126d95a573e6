"""What the table area shows instead of rows (loading, empty, no filter match, an error to act on), and the
one-line error bar shown under rows that could not be refreshed."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import LoadingIndicator, Static

PanelState = Literal["loading", "empty", "no-match", "error"]


class StatePanel(Vertical):
    """A centred message with an optional spinner; one CSS class per state (`-loading`, `-error`, ...)."""

    STATES: tuple[PanelState, ...] = ("loading", "empty", "no-match", "error")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state: PanelState = "loading"

    def compose(self) -> ComposeResult:
        yield LoadingIndicator(id="state-spinner")
        yield Static("", id="state-title", markup=False)
        yield Static("", id="state-message", markup=False)
        yield Static("", id="state-hint", markup=False)

    @property
    def message(self) -> str:
        """The title, message and hint as plain text (what a screen reader or a test would read)."""
        parts = [
            str(self.query_one(f"#state-{part}", Static).content) for part in ("title", "message", "hint")
        ]
        return "\n".join(part for part in parts if part)

    def show_loading(self, url: str, *, note: str = "") -> None:
        """`url` is the server's ("" before it is known); `note` says what else is awaited (the keyring)."""
        self._show("loading", "", f"Loading remotes from {url}…" if url else "Loading remotes…", note)

    def show_empty(self, org: str, *, read_only: bool = False) -> None:
        hint = "This window is read-only." if read_only else "Press n to create one."
        self._show("empty", "", f"No remote connections in {org} yet.", hint)

    def show_no_match(self, text: str) -> None:
        self._show("no-match", "", f"Nothing matches {text!r}.", "Press Escape to clear the filter.")

    def show_error(self, message: str) -> None:
        self._show("error", "Could not load the remote connections", message, "Press r to retry.")

    def _show(self, state: PanelState, title: str, message: str, hint: str) -> None:
        self.state = state
        for name in self.STATES:
            self.set_class(name == state, f"-{name}")
        self.query_one("#state-spinner").display = state == "loading"
        for part, text in (("title", title), ("message", message), ("hint", hint)):
            widget = self.query_one(f"#state-{part}", Static)
            widget.update(text)
            widget.display = bool(text)


class ErrorBar(Static):
    """Why the list on screen could not be refreshed; hidden while there is nothing to say."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False

    def show(self, error: str) -> None:
        """Show "Refresh failed: <error> Press r to retry.", or hide the bar for ""."""
        self.update(f"Refresh failed: {error} Press r to retry." if error else "")
        self.display = bool(error)

    @property
    def text(self) -> str:
        return str(self.content) if self.display else ""
