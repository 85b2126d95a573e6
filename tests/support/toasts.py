"""Record the toasts an app shows (`app.notify`), while they still show: for tests that assert what was said."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App


def on_toast(app: App[Any], record: Callable[[str, dict[str, Any]], None]) -> None:
    """Call `record(message, keywords)` for every toast from now on; the toast is still shown."""
    original = app.notify

    def spy(message: str, **kwargs: Any) -> None:
        record(message, kwargs)
        original(message, **kwargs)

    app.notify = spy  # type: ignore[method-assign]


def record_toasts(app: App[Any]) -> list[dict[str, Any]]:
    """Every toast from now on as {"message": ..., and the keywords it was given (title, severity, ...)}."""
    toasts: list[dict[str, Any]] = []
    on_toast(app, lambda message, kwargs: toasts.append({"message": message, **kwargs}))
    return toasts


def record_messages(app: App[Any]) -> list[str]:
    """Every toast's message from now on (a list that grows as the app notifies)."""
    messages: list[str] = []
    on_toast(app, lambda message, _kwargs: messages.append(message))
    return messages
