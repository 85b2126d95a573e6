"""A one-line key help for a modal, built from its real bindings so it cannot drift from them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen


def key_hints(screen: Screen[Any], descriptions: Mapping[str, str] | None = None) -> Content:
    """'^s Save · n/esc Cancel …' for the bindings the screen itself declares with `show=True`.

    `descriptions` replaces the text of some actions (by action name) when the screen's state changes what
    they do, e.g. a save that can only keep the token for this session.
    """
    renamed = descriptions or {}
    keys: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node is not screen or not binding.show:
            continue
        first.setdefault(binding.action, binding)
        keys.setdefault(binding.action, []).append(screen.app.get_key_display(binding))
    parts = [
        Content.assemble(("/".join(keys[action]), "bold"), " ", renamed.get(action, binding.description))
        for action, binding in first.items()
    ]
    return Content(" · ").join(parts)
