"""A fleet's servers: each one a saved profile (its token read from the token store when it loads) or given
settings, with the live `Session` the fleet view and a rotation use to reach it."""

from __future__ import annotations

from dataclasses import dataclass, field

from remotes_tui.api import ConnectionSettings, InfluxClient, InvalidSettingsError
from remotes_tui.api.success_log import SuccessLog
from remotes_tui.profiles import Profile
from remotes_tui.profiles.session import Session
from remotes_tui.tokens import KeyringUnavailableError, TokenStore, profile_key


class NoTokenError(Exception):
    """No token to reach a server with: `str()` says why (nothing saved, or no usable keyring) and what to do."""


@dataclass(eq=False)
class FleetServer:
    """One server of the fleet. `name` is unique in the fleet (the profile's name); compared by identity.

    `session` is made on the first load and kept (its client, and so its kept-alive connections, too) until
    the fleet is closed. `tokens` is the token store: a profile's token is read from it, and the API tokens
    of the server's remotes are kept in it (`remote_key(url, id)`).
    """

    name: str
    tokens: TokenStore
    profile: Profile | None = None
    settings: ConnectionSettings | None = field(default=None, repr=False)
    read_only: bool = False
    session: Session | None = field(default=None, repr=False)
    success_log: SuccessLog = field(default_factory=SuccessLog, repr=False)
    """When this app last saw each of the server's replications succeed (for the details pane)."""

    @classmethod
    def of_profile(cls, profile: Profile, tokens: TokenStore, *, read_only: bool = False) -> FleetServer:
        """A saved profile; its token is read from `tokens` when it first loads."""
        return cls(profile.name, tokens, profile=profile, read_only=read_only or profile.read_only)

    @classmethod
    def of_settings(
        cls, name: str, settings: ConnectionSettings, tokens: TokenStore, *, read_only: bool = False
    ) -> FleetServer:
        """A server given by settings that hold its token (tests, benchmarks, the app's current server)."""
        return cls(name, tokens, settings=settings, read_only=read_only)

    @property
    def url(self) -> str:
        """The server's URL without a trailing slash."""
        if self.settings is not None:
            return self.settings.base_url
        assert self.profile is not None
        return self.profile.url.rstrip("/")

    def connect_settings(self) -> ConnectionSettings:
        """The settings with the token, reading a profile's token once. Blocking (the OS keyring): call it
        in a thread. NoTokenError says why there is none."""
        if self.settings is not None:
            return self.settings
        assert self.profile is not None
        try:
            token = self.tokens.get(profile_key(self.profile.name))
        except KeyringUnavailableError as error:
            raise NoTokenError(str(error)) from None
        if not token:
            raise NoTokenError(
                f"No token is saved for profile {self.profile.name!r}: save one with "
                f"`remotes-tui profile add {self.profile.name} --force ...`."
            )
        try:
            self.settings = self.profile.settings(token)
        except InvalidSettingsError as error:
            raise NoTokenError(" ".join(error.field_errors.values())) from None
        return self.settings

    def open_session(self, settings: ConnectionSettings, *, fast: bool = False) -> Session:
        """The server's session (made once), with its client open; `fast`: its requests go through the aiohttp
        transport (less CPU per request: what a large fleet waits for), when aiohttp is installed and no proxy is
        configured (`bulk_transport`)."""
        if self.session is None or self.session.closed:
            self.session = Session(
                settings=settings,
                token_store=self.tokens,
                server_label=self.name,
                profile_name=self.profile.name if self.profile is not None else None,
                read_only=self.read_only,
            )
            if fast:
                from remotes_tui.api.aiohttp_transport import bulk_transport

                transport = bulk_transport(settings)
                if transport is not None:
                    self.session.influx_client = InfluxClient(settings, transport=transport)
        self.session.open_client()
        return self.session

    async def aclose(self) -> None:
        if self.session is not None:
            await self.session.aclose()
