"""The profile switcher (`p`): list saved servers, switch with Enter, add (`a`), edit (`e`), remove (`x`).

Dismisses with a `ProfileChoice` (profile, settings carrying its token, token store) so the app can call
`switch_connection(choice.settings, profile_name=choice.name, read_only=choice.read_only)`, or None.
Reading the profiles file and every keyring call run in thread workers; a profile without a saved token (or
no usable keyring) asks for a token for this session only, never hangs on a keyring prompt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from remotes_tui.api import InvalidSettingsError
from remotes_tui.profiles import Profile, ProfileError, ProfileStore
from remotes_tui.profiles.choice import ProfileChoice
from remotes_tui.tokens import KeyringUnavailableError, LazyTokenStore, TokenStore, profile_key
from remotes_tui.ui.modals.confirm import ConfirmModal
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.profile_screens.profile_form import ProfileFormScreen
from remotes_tui.ui.profile_screens.session_token import SessionTokenModal
from remotes_tui.ui.styles import styles_dir
from remotes_tui.ui.worker_failure import unexpected_failure


class ProfileSwitcherModal(ModalScreen[ProfileChoice | None]):
    """Pick, add, edit or remove a saved profile. `current` is the profile the app is connected to."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "profiles.tcss"]
    AUTO_FOCUS = "#profile-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "switch", "Switch", id="profiles.switch"),
        Binding("a", "add", "Add", id="profiles.add"),
        Binding("e", "edit", "Edit", id="profiles.edit"),
        Binding("x,delete", "remove", "Remove", id="profiles.remove"),
        Binding("escape", "close", "Close", id="profiles.close"),
        Binding("p", "close", "Close", id="profiles.close-p", show=False),
    ]

    @dataclass
    class Loaded(Message):
        """The profiles file was read: the profiles and the active name, or a sentence saying why not."""

        profiles: list[Profile]
        active: str | None
        problem: str | None = None

    @dataclass
    class TokenFound(Message):
        """The chosen profile's token was read from the store (None: not saved). Not in the repr."""

        profile: Profile
        token: str | None = field(repr=False)
        problem: str | None = None

    @dataclass
    class Ready(Message):
        """The chosen profile can connect: dismiss with it."""

        choice: ProfileChoice

    @dataclass
    class Removed(Message):
        """A profile was removed (and its token), or `problem` says why nothing was removed."""

        name: str
        problem: str | None = None

    def __init__(
        self,
        profiles: ProfileStore | None = None,
        tokens: TokenStore | None = None,
        *,
        current: str | None = None,
    ) -> None:
        super().__init__()
        self._profiles = profiles if profiles is not None else ProfileStore()
        self._tokens: TokenStore = tokens if tokens is not None else LazyTokenStore()
        self._current = current
        self._items: list[Profile] = []
        self._active: str | None = None
        self._select_after_load: str | None = current

    @property
    def profiles(self) -> list[Profile]:
        """The profiles listed, in order."""
        return list(self._items)

    # -- layout ------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="switcher-dialog", classes="modal-dialog"):
            yield Static("Profiles  (* = active)", classes="modal-title")
            yield Static(id="form-error", classes="modal-error")
            yield OptionList(id="profile-list")
            yield Static(id="profile-detail")
            yield Static("Loading profiles…", id="switcher-status")
            yield Static(classes="modal-help")

    def on_mount(self) -> None:
        # Enter is the list's own key (it selects), so it is not among this screen's bindings: name it here.
        help_line = Content.assemble(("enter", "bold"), " Switch · ", key_hints(self))
        self.query_one(".modal-help", Static).update(help_line)
        self._load()

    # -- loading -------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="profiles-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            profiles = self._profiles.list()
            active = self._profiles.active_name
        except ProfileError as error:
            self.post_message(self.Loaded([], None, str(error)))
            return
        self.post_message(self.Loaded(profiles, active))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._items = message.profiles
        self._active = message.active
        option_list = self.query_one("#profile-list", OptionList)
        name_width = max((len(profile.name) for profile in self._items), default=0)
        option_list.set_options(self._option(profile, name_width) for profile in self._items)
        status = self.query_one("#switcher-status", Static)
        if message.problem:
            self._show_error(message.problem)
            status.update("")
        elif not self._items:
            status.update("No profiles yet: press a to add one.")
        else:
            status.update("")
        wanted = self._select_after_load or self._active
        names = [profile.name for profile in self._items]
        if names:
            option_list.highlighted = names.index(wanted) if wanted in names else 0
        self._select_after_load = None
        self._show_detail()

    def _option(self, profile: Profile, name_width: int) -> Option:
        """One line: active marker, name, URL, and the read-only / connected tags (org etc. are below)."""
        marker = "*" if profile.name == self._active else " "
        prompt = Content.assemble(
            f"{marker} ",
            (profile.name.ljust(name_width), "bold"),
            f"  {profile.url}",
            ("  read-only" if profile.read_only else "", "italic"),
            ("  · connected" if profile.name == self._current else "", "dim"),
        )
        return Option(prompt, id=profile.name)

    def _highlighted(self) -> Profile | None:
        index = self.query_one("#profile-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self._items):
            return None
        return self._items[index]

    @on(OptionList.OptionHighlighted)
    def _show_detail(self) -> None:
        profile = self._highlighted()
        detail = self.query_one("#profile-detail", Static)
        if profile is None:
            detail.update("")
            return
        if not profile.url.lower().startswith("https://"):
            tls = "no TLS (http)"
        elif profile.skip_verify:
            tls = "TLS skip verify"
        else:
            tls = f"TLS CA {profile.ca_file}" if profile.ca_file else "TLS verify"
        detail.update(
            Content(
                f"{profile.url} · org {profile.org_label} · {tls}"
                + (" · read-only" if profile.read_only else "")
            )
        )

    def _show_error(self, message: str) -> None:
        panel = self.query_one("#form-error", Static)
        panel.update(Content(message))
        panel.display = bool(message)

    # -- switching -----------------------------------------------------------------------------------------

    @on(OptionList.OptionSelected)
    def action_switch(self) -> None:
        profile = self._highlighted()
        if profile is None:
            return
        self._show_error("")
        self.query_one("#switcher-status", Static).update(Content(f"Opening {profile.name}…"))
        self._read_token(profile)

    @work(thread=True, exclusive=True, group="profiles-token", exit_on_error=False)
    def _read_token(self, profile: Profile) -> None:
        """Read the profile's token (blocking keyring call) and make it the active profile."""
        try:
            token = self._tokens.get(profile_key(profile.name))
            problem = None if token else self._tokens.warning
        except KeyringUnavailableError as error:
            token, problem = None, str(error)
        self.post_message(self.TokenFound(profile, token, problem))

    @on(TokenFound)
    def _token_found(self, message: TokenFound) -> None:
        if message.token:
            self._finish(message.profile, message.token, remember=False)
            return
        reason = message.problem or f"No token is saved for {message.profile.name} in the OS keyring."
        self.app.push_screen(
            SessionTokenModal(message.profile.name, reason),
            lambda token: self._session_token_given(message.profile, token),
        )

    def _session_token_given(self, profile: Profile, token: str | None) -> None:
        if not token:
            self.query_one("#switcher-status", Static).update("")
            return
        self._finish(profile, token, remember=True)

    @work(thread=True, exclusive=True, group="profiles-use", exit_on_error=False)
    def _finish(self, profile: Profile, token: str, *, remember: bool) -> None:
        """Mark the profile active; a session-only token is kept in a memory store, never in the keyring."""
        try:
            self._profiles.use(profile.name)
            if remember and not self._tokens.persistent:
                self._tokens.set(profile_key(profile.name), token)
        except (ProfileError, KeyringUnavailableError):
            pass  # Not being able to remember the choice must not stop the switch.
        try:
            settings = profile.settings(token)
        except InvalidSettingsError as error:  # e.g. the profile's CA file is gone
            self.app.call_from_thread(self._show_error, str(error))
            return
        self.post_message(self.Ready(ProfileChoice(profile, settings, self._tokens)))

    @on(Ready)
    def _ready(self, message: Ready) -> None:
        self.dismiss(message.choice)

    # -- add, edit, remove -------------------------------------------------------------------------------------

    def action_add(self) -> None:
        self.app.push_screen(ProfileFormScreen(self._profiles, self._tokens), self._form_closed)

    def action_edit(self) -> None:
        profile = self._highlighted()
        if profile is not None:
            self.app.push_screen(
                ProfileFormScreen(self._profiles, self._tokens, original=profile), self._form_closed
            )

    def _form_closed(self, choice: ProfileChoice | None) -> None:
        if choice is not None:
            self._select_after_load = choice.name
            self.notify(f"Saved profile {choice.name}.", title="Profiles")
            self._load()

    def action_remove(self) -> None:
        profile = self._highlighted()
        if profile is None:
            return
        question = (
            f"Remove profile {profile.name} ({profile.url})? Its token is deleted from the OS keyring too. "
            "Remote connections on the server are not touched."
        )
        if profile.name == self._current:
            question += (
                " You are connected with it: this session stays connected until you switch; the next start "
                "asks you to pick another profile."
            )
        self.app.push_screen(
            ConfirmModal(question, confirm_label="Remove", cancel_label="Cancel"),
            lambda confirmed: self._confirmed_remove(profile.name, confirmed),
        )

    def _confirmed_remove(self, name: str, confirmed: bool | None) -> None:
        if confirmed:
            self._remove(name)

    @work(thread=True, exclusive=True, group="profiles-remove", exit_on_error=False)
    def _remove(self, name: str) -> None:
        """Token first, then the profile; if either fails, nothing is removed (the token is put back)."""
        key = profile_key(name)
        try:
            previous = self._tokens.get(key)
            self._tokens.delete(key)
            try:
                self._profiles.remove(name)
            except ProfileError:
                if previous:
                    self._tokens.set(key, previous)
                raise
        except (KeyringUnavailableError, ProfileError) as error:
            self.post_message(self.Removed(name, f"Nothing was removed. {error}"))
            return
        self.post_message(self.Removed(name))

    @on(Removed)
    def _removed(self, message: Removed) -> None:
        if message.problem:
            self._show_error(message.problem)
            return
        self._show_error("")
        self.notify(f"Removed profile {message.name} and its token.", title="Profiles")
        self._load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure in a worker: a sentence, never a traceback."""
        if (error := unexpected_failure(event, "profiles-")) is not None:
            self._show_error(f"That failed unexpectedly ({error}); try again.")

    def action_close(self) -> None:
        self.dismiss(None)
