"""Add or edit a profile: check the server, token and org over the network, then save profile and token.

Used by the first-run app and by the profile switcher. The check runs in an async worker; every keyring and
file call runs in a thread worker; workers post messages and the handlers update the widgets. A failed check
or save shows one sentence and keeps every typed value. With no usable keyring the token is kept for this
session only (memory), and the profile itself (which never holds a token) is still saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static
from textual.worker import Worker

from remotes_tui.api import Organization
from remotes_tui.profiles import Profile, ProfileError, ProfileExistsError, ProfileStore
from remotes_tui.profiles.check import ProfileCheckError, check_profile
from remotes_tui.profiles.choice import ProfileChoice
from remotes_tui.tokens import KeyringUnavailableError, MemoryTokenStore, TokenStore, profile_key
from remotes_tui.ui.modals.dialog_parts import modal_buttons
from remotes_tui.ui.modals.form_cancel import DISCARD, cancel_form
from remotes_tui.ui.modals.form_input import FormInput
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.profile_screens.profile_fields import (
    FIRST_RUN_INTRO,
    FIRST_RUN_SESSION_INTRO,
    FIRST_RUN_SESSION_TITLE,
    FIRST_RUN_TITLE,
    HINTS,
    KEEP_TOKEN_HINT,
    SAVE_LABEL,
    SESSION_SAVE_LABEL,
    SESSION_TOKEN_HINT,
    TEXT_FIELDS,
    build_profile,
)
from remotes_tui.ui.styles import styles_dir
from remotes_tui.ui.widgets.tick_box import TickBox
from remotes_tui.ui.worker_failure import unexpected_failure

QUIT_UNSAVED = ("Quit without saving? What you typed is lost.", "Quit", "Keep editing")
"""Cancel's question on the first run, where closing the form quits the app."""


class ProfileFormScreen(ModalScreen[ProfileChoice | None]):
    """New or edit profile; dismisses with the saved profile ready to connect, or None when cancelled."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "profiles.tcss"]
    AUTO_FOCUS = "#profile-body Input"
    """The first field that takes input: "Profile name", or "Server URL" when editing (the name is fixed)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", SAVE_LABEL, id="profile-form.save"),
        Binding("escape", "cancel", "Cancel", id="profile-form.cancel"),
    ]

    _session_only: var[bool] = var(False, init=False)
    """No usable keyring: the token is kept for this session only, and the texts say so."""
    _busy: var[bool] = var(False, init=False)
    """Reading the saved token, checking or saving: Save is disabled and a second save is ignored."""
    _saving: var[bool] = var(False, init=False)
    """The profile and its token are being written: cancelling waits for that to finish."""
    _errors_follow_keys: var[bool] = var(False, init=False)
    """A save found errors: from then on each key checks the fields again."""
    _asking_to_fix_fields: var[bool] = var(False, init=False)
    """The sentence above the fields is "Please fix the fields…": it goes once no field is marked."""

    @dataclass
    class StoreProbed(Message):
        """Whether the token store keeps tokens across sessions, and if not, why (one sentence)."""

        persistent: bool
        warning: str | None

    @dataclass
    class TokenReady(Message):
        """The token to check is known (typed, or read from the store when editing). Not in the repr."""

        profile: Profile
        token: str | None = field(repr=False)

    @dataclass
    class Checked(Message):
        """The server answered, the token is valid and the org is visible. The token is not in the repr."""

        profile: Profile
        token: str = field(repr=False)
        organization: Organization

    @dataclass
    class Failed(Message):
        """Checking or saving failed: `message` is the sentence, `field` the input to fix (or None)."""

        message: str
        field: str | None = None
        keyring: bool = False

    @dataclass
    class Saved(Message):
        """The profile (and its token) were saved."""

        choice: ProfileChoice

    def __init__(
        self,
        profiles: ProfileStore,
        tokens: TokenStore,
        *,
        original: Profile | None = None,
        first_run: bool = False,
    ) -> None:
        super().__init__()
        self._profiles = profiles
        self._tokens = tokens
        self._original = original
        self._first_run = first_run
        self._initial: dict[str, str | bool] = {}

    @property
    def is_edit(self) -> bool:
        return self._original is not None

    @property
    def busy(self) -> bool:
        """True while checking or saving."""
        return self._busy

    # -- layout ------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        original = self._original
        values = {
            "name": original.name if original else ("default" if self._first_run else ""),
            "url": original.url if original else "",
            "org": original.org_label if original else "",
            "token": "",
            "ca_file": (original.ca_file or "") if original else "",
        }
        with Vertical(id="profile-form", classes="modal-dialog"):
            yield Static(self._title(), id="profile-title", classes="modal-title")
            with VerticalScroll(id="profile-body", can_focus=False):  # Tab goes to the fields, not their box
                if self._first_run:
                    yield Static(Content(self._intro()), id="profile-intro")
                yield Static(id="keyring-warning")
                yield Static(id="form-error", classes="modal-error")
                for key, label, _hint, placeholder in TEXT_FIELDS:
                    with Horizontal(classes="profile-row", id=f"row-{key}"):
                        yield Label(label, classes="profile-label")
                        yield FormInput(
                            values[key],
                            placeholder=placeholder,
                            password=key == "token",
                            compact=True,
                            id=f"input-{key}",
                            disabled=key == "name" and original is not None,
                        )
                    yield Static(id=f"error-{key}", classes="profile-error")
                with Horizontal(id="profile-switches"):
                    yield TickBox(
                        "Skip TLS verification",
                        bool(original and original.skip_verify),
                        compact=True,
                        id="input-skip_verify",
                    )
                    yield TickBox(
                        "Read-only", bool(original and original.read_only), compact=True, id="input-read_only"
                    )
                yield Static(id="profile-hint")
            yield Static(id="profile-status")
            yield from modal_buttons(
                Button(self._save_label(), variant="primary", id="profile-save"),
                Button(self._cancel_label(), id="profile-cancel"),
            )

    # Every text below says what saving will do: with no usable keyring the profile is still saved (it never
    # holds a token) but the token is only kept in memory for this session.

    def _title(self) -> Content:
        if self._first_run:
            return Content(FIRST_RUN_SESSION_TITLE if self._session_only else FIRST_RUN_TITLE)
        if self._original is None:
            return Content("New profile")
        return Content.assemble("Edit profile ", (self._original.name, "bold"))

    def _intro(self) -> str:
        return FIRST_RUN_SESSION_INTRO if self._session_only else FIRST_RUN_INTRO

    def _save_label(self) -> str:
        return SESSION_SAVE_LABEL if self._session_only else SAVE_LABEL

    def _cancel_label(self) -> str:
        return "Quit" if self._first_run else "Cancel"

    def _show_texts(self) -> None:
        """Title, intro, save button, key help and the focused field's hint, for the current token store."""
        self.query_one("#profile-title", Static).update(self._title())
        if self._first_run:
            self.query_one("#profile-intro", Static).update(Content(self._intro()))
        save = self.query_one("#profile-save", Button)
        save.label = self._save_label()
        save.refresh(layout=True)  # `width: auto` is measured again only on a layout refresh
        renamed = {"save": self._save_label(), "cancel": self._cancel_label()}
        self.query_one(".modal-help", Static).update(key_hints(self, renamed))
        focused = self.focused
        if focused is not None:
            key = (focused.id or "").removeprefix("input-")
            self.query_one("#profile-hint", Static).update(Content(self._hint(key)))

    def on_mount(self) -> None:
        self._initial = self.current_values()
        self._show_texts()
        self._probe_store()

    def on_resize(self, event: events.Resize) -> None:
        """Keep the buttons on screen: the body scrolls within what the title, buttons and help leave."""
        self.query_one("#profile-body", VerticalScroll).styles.max_height = max(event.size.height - 10, 4)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Mark the focused field's row, and under the fields say what the focused one is for.

        A class, not `:focus-within` in the stylesheet: Textual does not restyle a row's label when the focus
        moves between rows, so the first row would stay highlighted.
        """
        key = (event.widget.id or "").removeprefix("input-")
        for row in self.query(".profile-row"):
            row.set_class(row.id == f"row-{key}", "-focused")
        self.query_one("#profile-hint", Static).update(Content(self._hint(key)))

    def _hint(self, key: str) -> str:
        if key == "token" and self._session_only:
            return SESSION_TOKEN_HINT
        if key == "token" and self.is_edit:
            return KEEP_TOKEN_HINT
        return HINTS.get(key, "")

    # -- the token store ------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="profile-store-probe", exit_on_error=False)
    def _probe_store(self) -> None:
        """Find out (blocking: may open the keyring) whether tokens can be saved."""
        try:
            persistent = self._tokens.persistent
            warning = self._tokens.warning if not persistent else None
        except KeyringUnavailableError as error:
            persistent, warning = False, str(error)
        self.post_message(self.StoreProbed(persistent, warning))

    @on(StoreProbed)
    def _store_probed(self, message: StoreProbed) -> None:
        if not message.persistent:
            self._enter_session_mode(message.warning)

    def _enter_session_mode(self, warning: str | None) -> None:
        """No usable keyring: say so once, and offer to use the token for this session only."""
        self._session_only = True
        panel = self.query_one("#keyring-warning", Static)
        panel.update(Content(warning or "Tokens cannot be saved in a keyring here."))
        panel.display = True
        self._show_texts()

    # -- values and validation -------------------------------------------------------------------------------

    def _text(self, key: str) -> str:
        return self.query_one(f"#input-{key}", Input).value.strip()

    def current_values(self) -> dict[str, str | bool]:
        """Every field as it is now: the texts as typed, the checkboxes as bools."""
        values: dict[str, str | bool] = {
            key: self.query_one(f"#input-{key}", Input).value for key, *_ in TEXT_FIELDS
        }
        for key in ("skip_verify", "read_only"):
            values[key] = self.query_one(f"#input-{key}", Checkbox).value
        return values

    @property
    def is_dirty(self) -> bool:
        """True when any field differs from what the form opened with."""
        return self.current_values() != self._initial

    def _build_profile(self) -> tuple[Profile | None, dict[str, str]]:
        return build_profile(
            name=self._original.name if self._original else self._text("name"),
            url=self._text("url"),
            org=self._text("org"),
            ca_file=self._text("ca_file"),
            skip_verify=self.query_one("#input-skip_verify", Checkbox).value,
            read_only=self.query_one("#input-read_only", Checkbox).value,
        )

    def _field_errors(self) -> tuple[Profile | None, dict[str, str]]:
        """The profile the fields make, or one sentence per field that is wrong (a new profile needs a token)."""
        profile, errors = self._build_profile()
        if not self._text("token") and not self.is_edit:
            errors["token"] = "Enter the token: an API token with access to this organization."
        return profile, errors

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Mark each field with its error (or clear it); with none left, "Please fix the fields…" goes too."""
        for key, *_ in TEXT_FIELDS:
            message = errors.get(key, "")
            line = self.query_one(f"#error-{key}", Static)
            line.update(Content(message))
            line.display = bool(message)
            self.query_one(f"#input-{key}", Input).set_class(bool(message), "-invalid")
            self.query_one(f"#row-{key}").set_class(bool(message), "-invalid")
        if self._asking_to_fix_fields and not any(key in errors for key, *_ in TEXT_FIELDS):
            self._show_form_error("")

    @on(Input.Changed)
    def _field_changed(self) -> None:
        """After a save found errors, each key shows whether the fields are right now."""
        if self._errors_follow_keys:
            self._show_errors(self._field_errors()[1])

    def _show_form_error(self, message: str, *, fix_fields: bool = False) -> None:
        """The sentence above the fields; `fix_fields` marks it as the one that points at red fields."""
        self._asking_to_fix_fields = fix_fields
        panel = self.query_one("#form-error", Static)
        panel.update(Content(message))
        panel.display = bool(message)

    def _set_busy(self, busy: bool, status: str = "") -> None:
        self._busy = busy
        self.query_one("#profile-save", Button).disabled = busy
        self.query_one("#profile-status", Static).update(Content(status))

    @on(Input.Submitted)
    def _field_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; in the token or CA field it checks and saves."""
        event.stop()
        keys = [key for key, *_ in TEXT_FIELDS]
        key = (event.input.id or "").removeprefix("input-")
        if key in ("token", "ca_file") or key not in keys:
            self.action_save()
            return
        self.query_one(f"#input-{keys[keys.index(key) + 1]}", Input).focus()

    # -- check, then save -----------------------------------------------------------------------------------

    @on(Button.Pressed, "#profile-save")
    def action_save(self) -> None:
        """Validate the fields, then check them against the server; a second press while busy is ignored."""
        if self._busy:
            return
        profile, errors = self._field_errors()
        token = self._text("token")
        self._show_errors(errors)
        if profile is None or errors:
            self._errors_follow_keys = True
            self._show_form_error("Please fix the fields marked in red.", fix_fields=True)
            first_bad = next((key for key, *_ in TEXT_FIELDS if key in errors), None)
            if first_bad is not None:
                self.query_one(f"#input-{first_bad}", Input).focus()
            return
        self._show_form_error("")
        if token:
            self._start_check(profile, token)
            return
        self._set_busy(True, "Reading the saved token…")
        self._read_saved_token(profile)

    @work(thread=True, exclusive=True, group="profile-token", exit_on_error=False)
    def _read_saved_token(self, profile: Profile) -> None:
        """Editing with an empty token field: use the saved token (blocking keyring read)."""
        try:
            token = self._tokens.get(profile_key(profile.name))
        except KeyringUnavailableError as error:
            self.post_message(self.Failed(str(error), "token", keyring=True))
            return
        self.post_message(self.TokenReady(profile, token))

    @on(TokenReady)
    def _token_ready(self, message: TokenReady) -> None:
        if not message.token:
            self._set_busy(False)
            self._show_errors({"token": "No token is saved for this profile: enter one."})
            self.query_one("#input-token", Input).focus()
            return
        self._start_check(message.profile, message.token)

    def _start_check(self, profile: Profile, token: str) -> None:
        self._set_busy(True, f"Checking {profile.url}…")
        self._check(profile, token)

    @work(exclusive=True, group="profile-check", exit_on_error=False)
    async def _check(self, profile: Profile, token: str) -> None:
        """Ping, `/api/v2/me`, then the org; the outcome comes back as a message."""
        try:
            organization = await check_profile(profile, token)
        except ProfileCheckError as error:
            self.post_message(self.Failed(str(error), error.field))
        else:
            self.post_message(self.Checked(profile, token, organization))

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        org = message.organization
        where = "for this session" if self._session_only else "in the keyring"
        self._saving = True
        self._set_busy(True, f"Org {org.name} found; saving the profile and keeping the token {where}…")
        self._save(message.profile, message.token, self._session_only)

    @work(thread=True, exclusive=True, group="profile-save", exit_on_error=False)
    def _save(self, profile: Profile, token: str, session_only: bool) -> None:
        """Token into the store, then the profile into the file (blocking); undo the token if the file fails."""
        key = profile_key(profile.name)
        try:
            if not self.is_edit and self._profiles.find(profile.name) is not None:
                raise ProfileExistsError(profile.name)
            if session_only:
                store: TokenStore = self._tokens if not self._tokens.persistent else MemoryTokenStore()
            else:
                store = self._tokens
            previous = store.get(key) if self.is_edit else None
            store.set(key, token)
            try:
                self._profiles.add(profile, overwrite=self.is_edit)
                if self._first_run or self._profiles.active_name is None:
                    self._profiles.use(profile.name)
            except ProfileError:
                if previous:
                    store.set(key, previous)
                else:
                    store.delete(key)
                raise
        except KeyringUnavailableError as error:
            self.post_message(self.Failed(str(error), None, keyring=True))
        except ProfileExistsError as error:
            self.post_message(self.Failed(str(error), "name"))
        except ProfileError as error:
            self.post_message(self.Failed(str(error)))
        else:
            self.post_message(self.Saved(ProfileChoice(profile, profile.settings(token), store)))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        """Say what failed in the form; every typed value stays."""
        self._saving = False
        self._set_busy(False)
        if message.keyring:
            self._enter_session_mode(message.message)
            self._show_form_error("")
            return
        self._show_form_error(message.message)
        field = message.field if message.field in {key for key, *_ in TEXT_FIELDS} else None
        if field is not None:
            self.query_one(f"#input-{field}", Input).focus()

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self._saving = False
        self._set_busy(False)
        self.dismiss(message.choice)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure in a worker: a sentence, never a traceback; the input is kept."""
        if (error := unexpected_failure(event, "profile-")) is not None:
            self._saving = False
            self._set_busy(False)
            self._show_form_error(f"That failed unexpectedly ({error}). Your input is kept; try again.")

    # -- cancelling -----------------------------------------------------------------------------------------

    @on(Button.Pressed, "#profile-cancel")
    def action_cancel(self) -> None:
        """Close (quit, on the first run); when something was typed, ask first, as the remote form does.

        A check in flight is dropped with the form; once the profile is being saved the form waits for the
        save to finish (it closes by itself), so a closed form never hides a half-made profile.
        """
        cancel_form(
            self,
            dirty=self.is_dirty,
            saving=lambda: self._saving,
            saving_note="Saving… the form closes by itself once the profile is saved.",
            question=QUIT_UNSAVED if self._first_run else DISCARD,
        )
