"""Tab and shift+tab as app-level priority bindings, so keys typed in one burst land in the right fields.

The app hands each key to the widget that has the focus when the app reads the key. A screen's own tab binding
runs only once the tab has travelled to the focused input and bubbled back up, and by then the keys typed after
it have already been handed to the old field: `name<tab>token` typed fast puts `nametoken` in Name, in plain
text. A priority binding runs on the app before the key is handed on, so the focus has moved before the next
key is. Password managers' auto-type and keys batched over a slow SSH link arrive exactly like this.

Every app with forms (`RemotesApp`, `FirstRunApp`) adds `FOCUS_BINDINGS` to its own bindings.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

FOCUS_BINDINGS: list[BindingType] = [
    Binding("tab", "focus_next", "Focus Next", show=False, priority=True, id="focus-next"),
    Binding("shift+tab", "focus_previous", "Focus Previous", show=False, priority=True, id="focus-previous"),
]
