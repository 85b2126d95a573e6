"""A dialog that asks for one line of text: a title, a reason, one input, OK and Cancel.

Each prompt (`TokenPrompt` for tokens, masked; `PathPrompt` for a file) gives its words, the prefix of its
widgets' IDs (which its styles and tests name) and what the typed text becomes; the layout and the handling of
an empty answer live here.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from remotes_tui.ui.modals.dialog_parts import modal_buttons
from remotes_tui.ui.modals.form_input import FormInput
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir

T = TypeVar("T")


class TextPrompt(ModalScreen[T | None], Generic[T]):
    """Dismisses with `answer(typed)` (the text stripped), or None on Cancel/Escape; an empty answer says what
    to do. A prompt that sets ID_PREFIX opens with its input focused, and Escape cancels it (binding ID
    `{ID_PREFIX}.cancel`, unless it gives its own BINDINGS)."""

    CSS_PATH = [styles_dir() / "modals.tcss"]
    """The dialog's frame, buttons and error line; a prompt adds its own file."""
    ID_PREFIX: ClassVar[str]
    """The dialog, reason, error and buttons are `{ID_PREFIX}-dialog` and so on."""
    INPUT_ID: ClassVar[str | None] = None
    """The input's ID (ID_PREFIX when None)."""
    PASSWORD: ClassVar[bool] = False
    """Mask what is typed."""
    PLACEHOLDER: ClassVar[str]
    OK_LABEL: ClassVar[str] = "OK"
    EMPTY_HINT: ClassVar[str]
    """Shown under the input when OK is pressed with nothing typed."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        prefix = cls.__dict__.get("ID_PREFIX")
        if prefix is not None:
            cls.AUTO_FOCUS = f"#{cls.INPUT_ID or prefix}"
            if "BINDINGS" not in cls.__dict__:
                cls.BINDINGS = [Binding("escape", "cancel", "Cancel", id=f"{prefix}.cancel")]
        super().__init_subclass__(**kwargs)  # Textual merges the bindings here

    def __init__(
        self, title: Content, reason: str, *, value: str = "", ok_label: str | None = None, problem: str = ""
    ) -> None:
        """`value`: what the input holds at first; `ok_label`: the OK button's word (else OK_LABEL);
        `problem`: why the last answer failed, shown under the input (the prompt is asked again, as typed)."""
        super().__init__()
        self._title = title
        self._reason = reason
        self._value = value
        self._ok_label = ok_label or self.OK_LABEL
        self._problem = problem

    def answer(self, typed: str) -> T:
        """What the prompt dismisses with for `typed` (not empty, stripped)."""
        raise NotImplementedError

    @property
    def _input_id(self) -> str:
        return self.INPUT_ID or self.ID_PREFIX

    def compose(self) -> ComposeResult:
        prefix = self.ID_PREFIX
        with Vertical(id=f"{prefix}-dialog", classes="modal-dialog"):
            yield Static(self._title, classes="modal-title")
            yield Static(Content(self._reason), id=f"{prefix}-reason")
            yield FormInput(
                self._value, password=self.PASSWORD, placeholder=self.PLACEHOLDER, id=self._input_id
            )
            yield Static(id=f"{prefix}-error", classes="form-error")
            yield from modal_buttons(
                Button(self._ok_label, variant="primary", id=f"{prefix}-ok"),
                Button("Cancel", id=f"{prefix}-cancel"),
            )

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))
        if self._problem:
            self._show_error(self._problem)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._use()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == f"{self.ID_PREFIX}-ok":
            self._use()
        elif event.button.id == f"{self.ID_PREFIX}-cancel":
            self.action_cancel()

    def _use(self) -> None:
        typed = self.query_one(f"#{self._input_id}", Input).value.strip()
        if not typed:
            self._show_error(self.EMPTY_HINT)
            return
        self.dismiss(self.answer(typed))

    def _show_error(self, text: str) -> None:
        error = self.query_one(f"#{self.ID_PREFIX}-error", Static)
        error.update(text)
        error.display = True

    def action_cancel(self) -> None:
        self.dismiss(None)
