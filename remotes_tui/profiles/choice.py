"""`ProfileChoice`: a profile the user picked, ready to connect (settings carry its token)."""

from __future__ import annotations

from dataclasses import dataclass

from remotes_tui.api import ConnectionSettings
from remotes_tui.profiles.model import Profile
from remotes_tui.tokens import TokenStore


@dataclass(frozen=True)
class ProfileChoice:
    """What the first-run screen and the profile switcher return.

    `settings` already holds the token (read off the UI loop); `tokens` is the store the app should keep
    using for remote tokens: the keyring, or the session's memory store when there is no usable keyring.
    """

    profile: Profile
    settings: ConnectionSettings
    tokens: TokenStore

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def read_only(self) -> bool:
        return self.profile.read_only

    @property
    def token_saved(self) -> bool:
        """True when the token is in the OS keyring, False when it is kept for this session only."""
        return self.tokens.persistent
