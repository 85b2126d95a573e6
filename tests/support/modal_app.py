"""A bare app that shows one modal screen and records what it was dismissed with: for testing a modal alone."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.app import App
from textual.screen import Screen

R = TypeVar("R")


class ModalApp(App[None], Generic[R]):
    """Pushes `modal` on mount; `results` grows by one entry each time it is dismissed."""

    def __init__(self, modal: Screen[R]) -> None:
        super().__init__()
        self.modal = modal
        self.results: list[R | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.on_dismissed)

    def on_dismissed(self, result: R | None) -> None:
        """Record `result` (a subclass can record more of the modal's state at that moment)."""
        self.results.append(result)
