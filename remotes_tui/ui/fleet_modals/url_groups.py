"""The fleet's remote URLs, the most used first: "https://central-eu:8086  37 remotes on 35 servers".

Enter shows those remotes in the fleet table (the filter becomes the URL); `R` rotates that URL's token.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir

if TYPE_CHECKING:
    from remotes_tui.fleet import UrlGroup

Choice = tuple[str, str]
"""("filter" or "rotate", the URL)."""


def url_option(group: UrlGroup) -> Content:
    """One line: the URL, then how many remotes on how many servers."""
    return Content.assemble((group.url, "bold"), "  ", (group.summary, "$text-muted"))


def url_list(groups: Sequence[UrlGroup], *, id: str) -> OptionList:
    """The URLs as an option list: one `url_option` line each, the option's id its URL."""
    return OptionList(*(Option(url_option(group), id=group.url) for group in groups), id=id)


def highlight_url(options: OptionList, url: str | None) -> None:
    """Highlight `url`'s line, or the first line when `url` is not listed."""
    urls = [option.id for option in options.options]
    if url in urls:
        options.highlighted = urls.index(url)
    elif urls:
        options.highlighted = 0


class UrlGroupsModal(ModalScreen[Choice | None]):
    """Pick a remote URL: dismisses with ("filter", url), ("rotate", url) or None."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "fleet.tcss"]
    AUTO_FOCUS = "#url-groups"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "show_remotes", "Show its remotes", id="urls.show"),
        Binding("R", "rotate", "Rotate its token", id="urls.rotate"),
        Binding("escape", "cancel", "Close", id="urls.close"),
    ]

    def __init__(self, groups: Sequence[UrlGroup], *, current: str | None = None) -> None:
        super().__init__()
        self.groups = list(groups)
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="url-groups-dialog", classes="modal-dialog"):
            servers = {server for group in self.groups for server in group.servers}
            yield Static(
                Content(f"Remote URLs of the fleet: {len(self.groups)} URLs on {len(servers)} servers"),
                classes="modal-title",
            )
            yield url_list(self.groups, id="url-groups")
            yield Static(classes="modal-help")

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))
        highlight_url(self.query_one("#url-groups", OptionList), self._current)

    @property
    def highlighted_url(self) -> str | None:
        options = self.query_one("#url-groups", OptionList)
        index = options.highlighted
        return self.groups[index].url if index is not None and 0 <= index < len(self.groups) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_show_remotes()

    def action_show_remotes(self) -> None:
        if (url := self.highlighted_url) is not None:
            self.dismiss(("filter", url))

    def action_rotate(self) -> None:
        if (url := self.highlighted_url) is not None:
            self.dismiss(("rotate", url))

    def action_cancel(self) -> None:
        self.dismiss(None)
