"""`RemotesApp`: the Textual app. Thin: it owns the connection (client, org, build) and the main screen.

Start-up is kept light: modals, the help screen and the palette's commands are imported when first used,
and keyring / the bundled server are never imported here.
"""

from __future__ import annotations

import asyncio
import gc
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider

from remotes_tui.api import ApiError, ConnectionSettings
from remotes_tui.profiles.session import Session, handshake
from remotes_tui.tokens import TokenStore
from remotes_tui.ui.focus_keys import FOCUS_BINDINGS
from remotes_tui.ui.messages import ConnectionFailed, ConnectionReady
from remotes_tui.ui.screens.main import MainScreen
from remotes_tui.ui.styles import stylesheet_paths

if TYPE_CHECKING:
    from remotes_tui.profiles.choice import ProfileChoice


async def _close(session: Session | None) -> None:
    if session is not None:
        await session.aclose()


def _remote_commands() -> type[Provider]:
    """The palette provider, imported only when the palette first opens."""
    from remotes_tui.ui.commands import RemoteCommands

    return RemoteCommands


@dataclass(frozen=True)
class _Target:
    """What to connect to next (the client itself is created once the app is running)."""

    settings: ConnectionSettings
    server_label: str | None
    profile_name: str | None
    read_only: bool


class RemotesApp(App[None]):
    """Browse, create, edit and delete the remote connections of one InfluxDB OSS v2 org."""

    TITLE = "remotes-tui"
    CSS_PATH: ClassVar[list[str | PurePath]] = [*stylesheet_paths()]
    COMMANDS = App.COMMANDS | {_remote_commands}
    BINDING_GROUP_TITLE = "Everywhere"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "switch_profile", "Profiles", id="switch-profile"),
        *FOCUS_BINDINGS,
    ]

    def __init__(
        self,
        settings: ConnectionSettings,
        *,
        token_store: TokenStore,
        server_label: str | None = None,
        profile_name: str | None = None,
        read_only: bool = False,
        profile_read_only: bool = False,
        exit_when_loaded: bool = False,
        allow_profiles: bool = True,
    ) -> None:
        """Open `settings`; `read_only` is the command line's `--read-only` and holds for every profile.

        `profile_read_only` is the starting profile's own flag, which a profile switch replaces.
        `allow_profiles=False` is the demo: no profile switcher (it must not show the user's profiles), and
        nothing is said about the keyring, since the demo keeps tokens in memory by design.
        """
        super().__init__()
        self.token_store = token_store
        self.allow_profiles = allow_profiles
        self.exit_when_loaded = exit_when_loaded
        self.read_only_flag = read_only
        """`--read-only` from the command line: every connection of this run is read-only."""
        self.session: Session | None = None
        self._main_screen: MainScreen | None = None
        self._target = _Target(settings, server_label, profile_name, read_only or profile_read_only)

    @property
    def main_screen(self) -> MainScreen:
        """The one main screen (the default screen; modals and help go on top of it)."""
        if self._main_screen is None:
            self._main_screen = MainScreen(exit_when_loaded=self.exit_when_loaded)
        return self._main_screen

    @property
    def read_only(self) -> bool:
        return self._target.read_only

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run the app; afterwards, freeze the garbage collector's view of every object.

        The process ends right after the app: without the freeze, the interpreter's exit-time collection
        walks every Textual, pydantic and httpx object (about 0.1 s on a small machine) to free memory the
        OS reclaims anyway. Only objects that already exist are frozen; later garbage is still collected.
        """
        try:
            return super().run(*args, **kwargs)
        finally:
            gc.freeze()

    def get_default_screen(self) -> MainScreen:
        return self.main_screen

    async def on_mount(self) -> None:
        self._open(self._target)

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.aclose()

    # -- connections ---------------------------------------------------------------------------------

    def switch_connection(
        self,
        settings: ConnectionSettings,
        *,
        profile_name: str | None = None,
        read_only: bool = False,
        server_label: str | None = None,
    ) -> asyncio.Future[None]:
        """Load everything again from another server, org or profile, and close the old client.

        Callable from sync or async code (a screen callback, an action): the switch starts at once, and the
        returned future, which may be awaited or ignored, completes when the old client is closed.
        The command line's `--read-only` still holds: the new connection is read-only if either says so.
        """
        old = self.session
        self._target = _Target(settings, server_label, profile_name, self.read_only_flag or read_only)
        self._open(self._target)
        return asyncio.ensure_future(_close(old))

    def _open(self, target: _Target) -> None:
        self.session = Session(
            settings=target.settings,
            token_store=self.token_store,
            server_label=target.server_label,
            profile_name=target.profile_name,
            read_only=target.read_only,
            demo=not self.allow_profiles,
        )
        self.session.open_client()  # before the screen composes, so the requests go out early
        self.main_screen.start(self.session)
        self._connect(self.session)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No profile switcher in the demo: False hides `p` from the footer, the help and the palette."""
        if action == "switch_profile" and not self.allow_profiles:
            return False
        return super().check_action(action, parameters)

    def action_switch_profile(self) -> None:
        """`p`: the profile switcher (list, switch, add, edit, remove saved servers)."""
        if not self.allow_profiles:
            return
        from remotes_tui.ui.profile_screens.switcher import ProfileSwitcherModal

        modal = ProfileSwitcherModal(tokens=self.token_store, current=self._target.profile_name)
        self.push_screen(modal, self._profile_chosen)

    def _profile_chosen(self, choice: ProfileChoice | None) -> None:
        if choice is None:
            return
        self.token_store = choice.tokens
        self.switch_connection(choice.settings, profile_name=choice.name, read_only=choice.read_only)

    def action_reconnect(self) -> None:
        """Try the org lookup and ping again (after a failed start, e.g. the server was down)."""
        if self.session is None:
            return
        self.main_screen.reconnecting(self.session)
        self._connect(self.session)

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def _connect(self, session: Session) -> None:
        try:
            result = await handshake(session)
        except ApiError as error:
            self.post_message(ConnectionFailed(session, error))
        else:
            self.post_message(
                ConnectionReady(session, result.org, result.ping, result.remotes, result.remotes_error)
            )

    @on(ConnectionReady)
    def _connection_ready(self, message: ConnectionReady) -> None:
        session = message.session
        if session is not self.session:
            return
        session.org, session.ping = message.org, message.ping
        self.main_screen.connected(session, message.remotes, message.remotes_error)

    @on(ConnectionFailed)
    def _connection_failed(self, message: ConnectionFailed) -> None:
        if message.session is self.session:
            self.main_screen.connection_failed(message.session, message.error)
