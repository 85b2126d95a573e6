"""The first-run app: no profile, no flags and no INFLUX_* variables, so ask for a server and save it.

A tiny App around `ProfileFormScreen`: profile name (default "default"), URL, org (name or ID), token
(masked), TLS options. It checks them against the server, saves the profile and puts the token in the OS
keyring, and exits with the `ProfileChoice` (or None when the user quits). With no usable keyring it says so
and offers to use the token for this session only (kept in memory).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import App
from textual.binding import BindingType

from remotes_tui.profiles import ProfileStore
from remotes_tui.profiles.choice import ProfileChoice
from remotes_tui.tokens import LazyTokenStore, TokenStore
from remotes_tui.ui.focus_keys import FOCUS_BINDINGS
from remotes_tui.ui.profile_screens.profile_form import ProfileFormScreen
from remotes_tui.ui.styles import styles_dir


class FirstRunApp(App[ProfileChoice | None]):
    """Ask for the first profile; `return_value` is the saved `ProfileChoice`, or None if the user quit."""

    TITLE = "remotes-tui"
    SUB_TITLE = "first run"
    CSS_PATH: ClassVar[list[str | PurePath]] = [styles_dir() / "global.tcss"]
    """The theme-wide rules (focus, toasts) the main app uses too, so both apps' forms look alike."""
    BINDINGS: ClassVar[list[BindingType]] = [*FOCUS_BINDINGS]
    """Tab moves the focus before the next key is handed on, so a fast burst of keys fills the right fields."""

    def __init__(self, *, profiles: ProfileStore | None = None, tokens: TokenStore | None = None) -> None:
        super().__init__()
        self.profiles = profiles if profiles is not None else ProfileStore()
        self.tokens: TokenStore = tokens if tokens is not None else LazyTokenStore()

    def on_mount(self) -> None:
        self.push_screen(ProfileFormScreen(self.profiles, self.tokens, first_run=True), self._finished)

    def _finished(self, choice: ProfileChoice | None) -> None:
        self.exit(choice)
