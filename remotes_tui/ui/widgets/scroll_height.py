"""Change a line-API widget's scrollable height without laying the whole screen out again.

Setting `virtual_size` asks for a layout pass, and each layout pass re-renders every widget on the screen (on a
small machine about as long as a server's round trip). A table or list whose own size does not depend on its
lines (`height: 1fr`) only needs one when its scrollbar appears or goes; Textual lays out again by itself then.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def set_scroll_height(widget: ScrollView, lines: int) -> None:
    """Make `widget` (fixed size, `overflow-y: auto`) scroll over `lines` lines.

    Once the widget has a size, the scrollbar and the scroll position are brought up to date here, without a
    layout pass unless the scrollbar appears or goes. Before that (not laid out yet, or hidden), the plain
    assignment is left to the next layout; and when `lines` cannot fit even on the whole screen, the vertical
    scrollbar is shown at once, so that layout places it (else Textual finds it missing only after that layout
    and lays the screen out a second time)."""
    size = Size(0, lines)
    if size == widget.virtual_size:
        return
    if widget.is_mounted and widget.container_size:
        widget.set_reactive(ScrollView.virtual_size, size)
        widget._scroll_update(size)
        return
    widget.virtual_size = size
    if widget.is_mounted and widget.styles.overflow_y == "auto" and lines > widget.screen.size.height:
        widget.show_vertical_scrollbar = True
