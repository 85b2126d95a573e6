"""The create/edit form for a remote connection.

Each field is checked by the service layer's own request models (`creation_request` / `update_request`), so the
form and the API can never disagree about what is valid. Saving runs in a worker; the typed token goes to the
token store (keyring) in a thread worker, and never into a message, notification or log.

Test (ctrl+r) runs the connection test on the values as typed, before anything is saved: the URL, the typed
token (or, when editing with the token field empty, the saved one), the remote org ID and the TLS flag; when
editing, also a write to each remote bucket of the replications that use this remote.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, Switch
from textual.worker import Worker

from remotes_tui.api import (
    ApiError,
    DuplicateNameError,
    InfluxClient,
    RemoteConnection,
    RemoteConnectionCreationRequest,
    RemoteConnectionUpdateRequest,
)
from remotes_tui.tokens import TokenStore, remote_key
from remotes_tui.ui.modals.dialog_parts import modal_buttons
from remotes_tui.ui.modals.emoji_width import display_text
from remotes_tui.ui.modals.form_cancel import cancel_form
from remotes_tui.ui.modals.form_fields import (
    TEXT_FIELDS,
    TLS_FIELD,
    TOKEN,
    FormValues,
    SaveRequest,
    build_request,
    field_hint,
    redact,
    url_note,
)
from remotes_tui.ui.modals.form_input import FormInput
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir
from remotes_tui.ui.worker_failure import unexpected_failure

if TYPE_CHECKING:
    from remotes_tui.api.remote_check import RemoteCheck, RemoteTarget


class RemoteFormModal(ModalScreen[RemoteConnection | None]):
    """New or edit remote connection; dismisses with the saved remote, or None when cancelled."""

    CSS_PATH = styles_dir() / "modals.tcss"
    AUTO_FOCUS = "#input-name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="remote-form.save"),
        Binding("escape", "cancel", "Cancel", id="remote-form.cancel"),
        Binding("ctrl+t", "toggle_token", "Show/hide token", id="remote-form.toggle-token"),
        Binding("ctrl+r", "test", "Test", id="remote-form.test"),
    ]

    _edited: var[set[str]] = var(set, init=False)
    """The fields whose text was changed from the one the form opened with."""
    _touched: var[set[str]] = var(set, init=False)
    """The fields whose errors show: edited and left, or checked by a save or a test."""
    _server_errors: var[dict[str, str]] = var(dict, init=False)
    """The server's refusal by field (a duplicate name), shown until that field changes."""
    _saving: var[bool] = var(False, init=False)
    """A create or update is in flight: the form is locked (no second save, no cancel)."""
    _asking_to_fix_fields: var[bool] = var(False, init=False)
    """The sentence above the fields points at the red ones: it goes once no field is marked."""

    @dataclass
    class Saved(Message):
        """The server accepted the create or update."""

        remote: RemoteConnection

    @dataclass
    class SaveFailed(Message):
        """The server (or the network) refused the save; `error` is a typed ApiError."""

        error: ApiError

    @dataclass
    class TokenKept(Message):
        """The typed token was written to the token store, or `problem` says why it could not be."""

        remote: RemoteConnection
        problem: str | None

    @dataclass
    class SavedTokenLookedUp(Message):
        """The token store was asked for this remote's token; the token itself is not in the repr."""

        token: str | None = dataclasses.field(repr=False)

    def __init__(
        self,
        client: InfluxClient,
        org_id: str,
        *,
        original: RemoteConnection | None = None,
        token_store: TokenStore,
        server_label: str | None = None,
    ) -> None:
        """The form writes through `client` into `org_id`; the token it saves is kept in `token_store` under
        the client's server URL. `server_label` names the server in the title, where several are on screen
        (the fleet)."""
        super().__init__()
        self._server_label = server_label
        self._client = client
        self._org_id = org_id
        self._original = original
        self._token_store = token_store
        self._initial = FormValues.from_remote(original)
        self._pending_token = ""
        self._saved_token: str | None = None

    @property
    def saving(self) -> bool:
        """True while a create or update request is in flight."""
        return self._saving

    # -- layout ------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        initial = self._initial
        with Vertical(id="remote-form", classes="modal-dialog"):
            yield Static(self._title(), id="form-title", classes="modal-title")
            yield Static(id="form-error", classes="modal-error")
            with VerticalScroll(id="form-fields", can_focus=False):  # Tab goes to the fields, not their box
                for field in TEXT_FIELDS:
                    with Vertical(classes="form-field", id=f"row-{field.key}"):
                        with Horizontal(classes="form-label-row"):
                            yield Label(field.label, classes="form-label")
                            yield Static(
                                Content(field_hint(field, self._original)),
                                id=f"hint-{field.key}",
                                classes="form-hint",
                            )
                        if field.key == TOKEN:
                            with Horizontal(id="token-row"):
                                yield FormInput(
                                    "",
                                    placeholder=field.placeholder,
                                    password=True,
                                    id="input-remote_api_token",
                                )
                                yield Button("Show", id="toggle-token", classes="form-side-button")
                                yield Button(
                                    "Use the saved token", id="use-saved-token", classes="form-side-button"
                                )
                        else:
                            yield FormInput(
                                initial.text(field.key),
                                placeholder=field.placeholder,
                                id=f"input-{field.key}",
                            )
                        yield Static(id=f"error-{field.key}", classes="form-error")
                        if field.key == "remote_url":
                            yield Static(id="note-remote_url", classes="form-hint")
                with Horizontal(classes="form-field", id=f"row-{TLS_FIELD.key}"):
                    yield Switch(initial.allow_insecure_tls, id=f"input-{TLS_FIELD.key}")
                    with Vertical(classes="form-switch-text"):
                        yield Label(TLS_FIELD.label, classes="form-label")
                        yield Static(Content(field_hint(TLS_FIELD, self._original)), classes="form-hint")
            yield from modal_buttons(
                Button("Test", id="form-test"),
                Button("Save", variant="primary", id="form-save"),
                Button("Cancel", id="form-cancel"),
            )

    def _title(self) -> Content:
        on_server = (
            ("", "") if self._server_label is None else (" on ", (display_text(self._server_label), "bold"))
        )
        if self._original is None:
            return Content.assemble("New remote connection", *on_server)
        return Content.assemble(
            "Edit remote connection ", (display_text(self._original.name), "bold"), *on_server
        )

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))
        self.query_one("#use-saved-token", Button).display = False
        self.query_one("#note-remote_url", Static).display = False
        if self._original is not None:
            self._look_up_saved_token(self._original.id)

    # -- values and validation -----------------------------------------------------------------------------

    def current_values(self) -> FormValues:
        """What the form holds right now (strings as typed, the switch as a bool)."""
        texts = {field.key: self.query_one(f"#input-{field.key}", Input).value for field in TEXT_FIELDS}
        return FormValues(**texts, allow_insecure_tls=self.query_one(f"#input-{TLS_FIELD.key}", Switch).value)

    @property
    def is_dirty(self) -> bool:
        """True when any field differs from the values the form opened with."""
        return self.current_values() != self._initial

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Show each touched field's error (or clear it); server errors win over an empty check.

        Once no field is marked any more, the "Please fix the fields marked in red" line goes too.
        """
        marked = False
        for field in TEXT_FIELDS:
            message = ""
            if field.key in self._touched:
                message = errors.get(field.key) or self._server_errors.get(field.key, "")
            line = self.query_one(f"#error-{field.key}", Static)
            line.update(Content(message))
            line.display = bool(message)
            self.query_one(f"#input-{field.key}", Input).set_class(bool(message), "-has-error")
            marked = marked or bool(message)
        if self._asking_to_fix_fields and not marked:
            self._show_form_error("")

    def _show_form_error(self, message: str, *, fix_fields: bool = False) -> None:
        """The sentence above the fields; `fix_fields` marks it as the one that points at red fields."""
        self._asking_to_fix_fields = fix_fields
        panel = self.query_one("#form-error", Static)
        panel.update(Content(message))
        panel.display = bool(message)

    def _revalidate(self) -> None:
        _, errors = build_request(self.current_values(), org_id=self._org_id, original=self._original)
        self._show_errors(errors)

    @staticmethod
    def _field_of(widget: Input) -> str:
        return (widget.id or "").removeprefix("input-")

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        key = self._field_of(event.input)
        if event.value != self._initial.text(key):
            self._edited.add(key)
        self._server_errors.pop(key, None)
        if key == "remote_url":
            note = self.query_one("#note-remote_url", Static)
            note.update(Content(url_note(event.value)))
            note.display = bool(url_note(event.value))
        if key in self._touched:
            self._revalidate()

    @on(Input.Blurred)
    def _field_blurred(self, event: Input.Blurred) -> None:
        """Leaving a field the user edited makes it 'touched': from then on its errors follow each key."""
        key = self._field_of(event.input)
        if key in self._edited and key not in self._touched:
            self._touched.add(key)
            self._revalidate()

    @on(Input.Submitted)
    def _field_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; in the last one it saves."""
        event.stop()
        keys = [field.key for field in TEXT_FIELDS]
        key = self._field_of(event.input)
        if key not in keys or key == keys[-1]:
            self.action_save()
            return
        self.query_one(f"#input-{keys[keys.index(key) + 1]}", Input).focus()

    # -- token field ----------------------------------------------------------------------------------------

    @on(Button.Pressed, "#toggle-token")
    def action_toggle_token(self) -> None:
        """Flip the masking of the token field (it starts masked)."""
        token_input = self.query_one("#input-remote_api_token", Input)
        token_input.password = not token_input.password
        self.query_one("#toggle-token", Button).label = "Show" if token_input.password else "Hide"

    @on(Button.Pressed, "#use-saved-token")
    def _use_saved_token(self) -> None:
        if self._saved_token is None:
            return
        token_input = self.query_one("#input-remote_api_token", Input)
        token_input.password = True
        self.query_one("#toggle-token", Button).label = "Show"
        token_input.value = self._saved_token
        token_input.focus()

    @work(thread=True, exclusive=True, group="saved-token", exit_on_error=False)
    def _look_up_saved_token(self, remote_id: str) -> None:
        """Ask the (blocking) token store whether a token was kept for this remote."""
        try:
            token = self._token_store.get(remote_key(self._client.settings.base_url, remote_id))
        except Exception:
            token = None
        self.post_message(self.SavedTokenLookedUp(token or None))

    @on(SavedTokenLookedUp)
    def _saved_token_looked_up(self, message: SavedTokenLookedUp) -> None:
        self._saved_token = message.token
        self.query_one("#use-saved-token", Button).display = message.token is not None

    # -- testing before saving ------------------------------------------------------------------------------

    @on(Button.Pressed, "#form-test")
    def action_test(self) -> None:
        """Test the connection with the values as typed; a field that cannot be tested is marked instead."""
        from remotes_tui.api import InvalidInputError
        from remotes_tui.api.remote_check import target_from_values
        from remotes_tui.ui.modals.remote_check_dialog import RemoteCheckModal

        values = self.current_values()
        typed_token = values.remote_api_token.strip()
        try:
            target = target_from_values(
                remote_url=values.remote_url,
                remote_api_token=typed_token or self._saved_token or "",
                remote_org_id=values.remote_org_id,
                allow_insecure_tls=values.allow_insecure_tls,
                name=values.name,
            )
        except InvalidInputError as error:
            errors = dict(error.field_errors)
            if TOKEN in errors and not typed_token and self._original is not None:
                errors[TOKEN] = "Paste the token to test it: none is saved for this remote on this machine."
            self._touched.update(errors)
            self._show_errors(errors)
            self._show_form_error("Fix the fields marked in red to test the connection.", fix_fields=True)
            first_bad = next((field.key for field in TEXT_FIELDS if field.key in errors), None)
            if first_bad is not None:
                self.query_one(f"#input-{first_bad}", Input).focus()
            return
        self._show_form_error("")
        title = f"Test {values.name.strip()}" if values.name.strip() else "Test the remote"
        self.app.push_screen(RemoteCheckModal(f"{title} (not saved yet)", self._form_check(target)))

    def _form_check(self, target: RemoteTarget) -> Callable[[], Awaitable[RemoteCheck]]:
        """The test of `target`; editing, with the replications that use this remote (their buckets)."""
        client, org_id, original = self._client, self._org_id, self._original

        async def make() -> RemoteCheck:
            from remotes_tui.api.remote_check import RemoteCheck

            uses = []
            if original is not None:
                uses = await client.replications.list(org_id, remote_id=original.id)
            return RemoteCheck(target, replications=uses)

        return make

    # -- saving ---------------------------------------------------------------------------------------------

    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        """Validate every field; when all are valid, send one request (a second ctrl+s is ignored)."""
        if self._saving:
            return
        values = self.current_values()
        request, errors = build_request(values, org_id=self._org_id, original=self._original)
        self._touched.update(field.key for field in TEXT_FIELDS)
        self._show_errors(errors)
        if request is None:
            field_keys = [field.key for field in TEXT_FIELDS]
            other = [message for key, message in errors.items() if key not in field_keys]
            if other:
                self._show_form_error(" ".join(other))
            else:
                self._show_form_error(
                    "Please fix the fields marked in red, then save again.", fix_fields=True
                )
            first_bad = next((key for key in field_keys if key in errors), None)
            if first_bad is not None:
                self.query_one(f"#input-{first_bad}", Input).focus()
            return
        if isinstance(request, RemoteConnectionUpdateRequest) and request.is_empty():
            self.notify("Nothing changed, so nothing was saved.", title="Edit remote connection")
            self.dismiss(None)
            return
        self._show_form_error("")
        self._pending_token = values.remote_api_token.strip()
        self._set_saving(True)
        self._send(request)

    def _set_saving(self, saving: bool) -> None:
        """Lock the form while the server works: no second save, and no cancel that would lose the token."""
        self._saving = saving
        save = self.query_one("#form-save", Button)
        save.disabled = saving
        save.label = "Saving…" if saving else "Save"
        self.query_one("#form-cancel", Button).disabled = saving

    @work(exclusive=True, group="save-remote", exit_on_error=False)
    async def _send(self, request: SaveRequest) -> None:
        """Create or update on the server; the outcome comes back as a message."""
        try:
            if isinstance(request, RemoteConnectionCreationRequest):
                saved = await self._client.remotes.create(request)
            else:
                assert self._original is not None
                saved = await self._client.remotes.update(self._original.id, request)
        except ApiError as error:
            self.post_message(self.SaveFailed(error))
        else:
            self.post_message(self.Saved(saved))

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        """Show the refusal inside the form; every typed value stays."""
        self._set_saving(False)
        error = message.error
        if isinstance(error, DuplicateNameError):
            self._server_errors["name"] = str(error)
            self._show_form_error("")
            self._revalidate()
            self.query_one("#input-name", Input).focus()
            return
        self._show_form_error(str(error))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        if self._pending_token:
            self._keep_token(message.remote, self._pending_token)
        else:
            self.dismiss(message.remote)

    @work(thread=True, exclusive=True, group="keep-token", exit_on_error=False)
    def _keep_token(self, remote: RemoteConnection, token: str) -> None:
        """Write the typed token to the (blocking) token store; report a failure without the token in it."""
        problem: str | None = None
        try:
            self._token_store.set(remote_key(self._client.settings.base_url, remote.id), token)
        except Exception as error:
            problem = redact(str(error) or type(error).__name__, token)
        self.post_message(self.TokenKept(remote, problem))

    @on(TokenKept)
    def _token_kept(self, message: TokenKept) -> None:
        if message.problem is not None:
            self.notify(
                f"Saved the remote, but could not keep its token in the keyring: {message.problem}",
                severity="warning",
                timeout=10,
            )
        self.dismiss(message.remote)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure in the save worker: say so in words and let the user try again."""
        if (error := unexpected_failure(event, "save-remote")) is not None:
            self._set_saving(False)
            self._show_form_error(f"Saving failed unexpectedly ({error}). Your input is kept; try again.")

    # -- cancelling -----------------------------------------------------------------------------------------

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        """Close; when something was typed, ask first. Ignored while a save is in flight.

        The server may already have created the remote: closing then would skip the toast and the refresh,
        and lose the typed token (the API never returns it). So the form waits for the answer, like the delete
        dialog does while deleting.
        """
        cancel_form(
            self,
            dirty=self.is_dirty,
            saving=lambda: self._saving,
            saving_note="Saving… the form closes by itself once the server answers.",
        )
