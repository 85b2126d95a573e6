"""`FormInput`: the input every form uses; a pasted tab moves to the next field, as a typed tab does.

A terminal delivers a paste as one piece of text. Textual's Input keeps a pasted tab as a character in the field,
so pasting `name<tab>token` would show the token in plain text in Name. Here each tab moves the focus on, and
the text after it goes into the next input, exactly where the same keys typed would have gone.

Its own editing keys (backspace, ctrl+k...) act in the order they were typed, even in a burst (`OrderedInput`).

The value is drawn with `display_text`, so an emoji such as `⚠️` cannot move the input's right border in a
terminal that measures it differently from Textual; the value itself stays exactly as typed.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from remotes_tui.ui.modals.emoji_width import EmojiWidthHighlighter
from remotes_tui.ui.widgets.ordered_input import OrderedInput


class FormInput(OrderedInput):
    """An Input for forms: text pasted with tabs is spread over this field and the ones after it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", EmojiWidthHighlighter())
        super().__init__(*args, **kwargs)

    def on_paste(self, event: events.Paste) -> None:
        line = event.text.splitlines()[0] if event.text else ""
        if "\t" not in line:
            return  # Input's own paste handling runs.
        event.prevent_default()
        event.stop()
        first, *rest = line.split("\t")
        self._put(self, first)
        for piece in rest:
            target = self.screen.focus_next()
            if isinstance(target, Input):
                self._put(target, piece)

    @staticmethod
    def _put(field: Input, text: str) -> None:
        """Type `text` into `field` at its cursor, replacing the selection as a paste does."""
        if not text:
            return
        selection = field.selection
        if selection.is_empty:
            field.insert_text_at_cursor(text)
        else:
            field.replace(text, *selection)
