"""Set a `Static`'s text without laying the whole screen out again when its size cannot change.

`Static.update` asks for a layout pass every time; on a filter keystroke the filter's count and the details
pane's titles change together with the table, and each layout pass re-renders every widget on the screen.
"""

from __future__ import annotations

from textual.content import Content
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


def set_wrapped_text(widget: Static, text: str) -> None:
    """Show `text` in a fixed-width `widget` whose height follows its text (`height: auto`): a repaint when
    the old and the new text wrap to as many lines, else a layout (while servers answer, the fleet's server
    note changes from "loading" to "ok 2.7.12 · 12 ms · 20 remotes" and then gains the worst health: each
    layout pass re-renders the whole screen)."""
    old = str(widget.content)
    if old == text:
        return
    width = widget.content_region.width
    same_height = bool(old) and bool(text) and width > 0 and _height(widget, old) == _height(widget, text)
    widget.update(text, layout=not same_height)


def _height(widget: Static, text: str) -> int:
    """How many lines `text` takes in `widget` (wrapped as a `Static` wraps it, within its max-height)."""
    lines = len(Content(text).wrap(widget.content_region.width))
    limit = widget.styles.max_height
    if limit is not None and limit.is_cells:
        lines = min(lines, int(limit.value))
    return lines
