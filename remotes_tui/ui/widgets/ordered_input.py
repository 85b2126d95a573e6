"""`OrderedInput`: an Input whose own editing keys act in the order they were typed, however fast.

Textual's Input inserts a printable key as soon as the key reaches it, but its bound keys (backspace, ctrl+a,
ctrl+k, the arrows, enter...) travel back up to the app first, which then runs the binding of whatever is
focused *by then*. In a burst (keys batched over SSH, a password manager's auto-type, a fast typist) that
reorders the keys: `b a backspace c` gives "ba", and `x ctrl+a ctrl+k tab tok` runs ctrl+a and ctrl+k in the
next field, deleting the token typed there. Here the input runs its own bindings the moment the key reaches
it, as the app would have (the same actions, through `App.run_action`); keys bound higher up (ctrl+s, escape)
still go up as before. Upstream: Textual issue 6605.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    """An Input that runs its own key bindings inline, so typed keys keep their order."""

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's `_on_key` in turn, this one first, then Input's (which inserts a printable
        # key and restarts the cursor's blink). A key run here is stopped, so it does not run again at the app.
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            # Priority bindings were checked by the app before the key was forwarded here.
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                if event.is_printable:
                    event.prevent_default()  # the binding used it: Input must not insert it too
                return
