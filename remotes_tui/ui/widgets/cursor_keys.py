"""The keys that move a list's row cursor, the same in every list drawn through the line API: arrows and
vim's j/k, Home/g and End/G, Page up/down where the list pages, Enter to open the row."""

from __future__ import annotations

from textual.binding import Binding, BindingType


def cursor_bindings(open_label: str, *, paging: bool = False) -> list[BindingType]:
    """Bindings to the `cursor_*` and `select_cursor` actions (hidden from the footer); `open_label` says what
    Enter does, `paging` adds Page up and Page down."""
    pages = [
        Binding("pageup", "cursor_page_up", "Page up", show=False),
        Binding("pagedown", "cursor_page_down", "Page down", show=False),
    ]
    return [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        *(pages if paging else []),
        Binding("home,g", "cursor_first", "First", show=False),
        Binding("end,G", "cursor_last", "Last", show=False),
        Binding("enter", "select_cursor", open_label, show=False),
    ]
