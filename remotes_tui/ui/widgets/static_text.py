"""Set a `Static`'s text without laying the whole screen out again when its size cannot change.

`Static.update` asks for a layout pass every time; on a filter keystroke the filter's count and the details
pane's titles change together with the table, and each layout pass re-renders every widget on the screen.
"""

from __future__ import annotations

from textual.widgets import Static


def set_text(widget: Static, text: str, *, fixed_width: bool = False) -> None:
    """Show `text` in `widget`: nothing when it is unchanged; a repaint only when the old and the new text both
    fit on one line (and, for an auto-width widget, `fixed_width=False`, have the same length); else a layout."""
    old = str(widget.content)
    if old == text:
        return
    width = widget.content_region.width
    one_line = bool(old) and bool(text) and 0 < max(len(old), len(text)) <= width
    same_size = one_line and (fixed_width or len(old) == len(text))
    widget.update(text, layout=not same_size)
