"""The one-line header: which server, org, build and profile this window is working on, and READ-ONLY."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:
    from remotes_tui.profiles.session import Session


class ServerHeader(Static):
    """Always shows where writes would go, so a production server is never mistaken for a test one."""

    def __init__(self, *, id: str | None = None) -> None:
        self.line = Content.styled("remotes-tui", "bold $primary")
        super().__init__(self.line, id=id)
        self.parts: dict[str, str] = {}
        """What is shown, by name (server, org, build, profile), for tests and screen readers."""
        self.read_only = False
        self._short_org = ""

    def show_session(self, session: Session) -> None:
        """The session's server, org, build and profile; what is not known yet is left out (never 'None')."""
        org, org_id = session.org_display, session.org_id
        org_text = f"org {org}" if not org_id or org_id == org else f"org {org} ({org_id})"
        self.parts = {
            "server": session.display_name,
            "org": org_text if org else "",
            "build": session.build_display,
            "profile": f"profile {session.profile_name}" if session.profile_name else "",
        }
        self._short_org = f"org {org}" if org else ""
        self.read_only = session.read_only
        self._render_line()

    def show_fleet(self, label: str, servers: int, *, read_only: bool = False) -> None:
        """The fleet view: which fleet (`all saved profiles`, a group) and how many servers."""
        self.parts = {
            "server": f"fleet: {label}",
            "org": "",
            "build": f"{servers} server{'s' if servers != 1 else ''}",
            "profile": "",
        }
        self._short_org = ""
        self.read_only = read_only
        self._render_line()

    def on_resize(self) -> None:
        if self.parts:
            self._render_line()

    def _render_line(self) -> None:
        """The full line, or without the org ID when it would not fit (READ-ONLY always stays)."""
        self.line = self._assemble(self.parts["org"])
        if self.size.width and self.line.cell_length > self.size.width:
            self.line = self._assemble(self._short_org)
        self.update(self.line, layout=False)  # one line, full width, whatever it says: no layout pass

    def _assemble(self, org_text: str) -> Content:
        pieces: list[Content | tuple[str, str]] = []
        if self.read_only:
            pieces += [(" READ-ONLY ", "bold $text-warning reverse"), ("  ", "")]
        pieces += [("remotes-tui", "bold $primary"), ("  ", ""), (self.parts["server"], "bold")]
        for text in (org_text, self.parts["build"], self.parts["profile"]):
            if text:
                pieces += [("  ", ""), (text, "$text-muted")]
        return Content.assemble(*pieces)

    @property
    def text(self) -> str:
        """The header as plain text."""
        return self.line.plain
