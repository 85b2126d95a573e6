"""`RemotesApp`: the Textual app. Thin: it owns the connection (client, org, build) and the main screen.

Start-up paints first: the first frame (header, "Loading…") needs only Textual and the main screen's
widgets. Only then does the app import the service layer (httpx, pydantic), resolve the connection (the
token may come from the OS keyring, which can be slow: that runs in a thread) and connect. Modals, the help
screen and the palette's commands are imported when first used; the bundled server never.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import ModalScreen

from remotes_tui.ui.focus_keys import FOCUS_BINDINGS
from remotes_tui.ui.messages import ConnectionFailed, ConnectionReady
from remotes_tui.ui.screens.main import MainScreen
from remotes_tui.ui.styles import stylesheet_paths

FLEET_SCREEN = "fleet"
"""The name the fleet screen is installed under (kept, with its rows, while the app shows one server)."""

if TYPE_CHECKING:
    from remotes_tui.api import ConnectionSettings
    from remotes_tui.fleet import FleetSelection, FleetServer
    from remotes_tui.profiles.choice import ProfileChoice
    from remotes_tui.profiles.resolve import ResolvedConnection
    from remotes_tui.profiles.session import Session
    from remotes_tui.tokens import TokenStore
    from remotes_tui.ui.screens.fleet import FleetScreen

Report = Callable[[str], None]
"""Called (from any thread) with what the start-up is waiting for, e.g. "Reading the token from the OS keyring…"."""

Resolver = Callable[[Report], "tuple[ResolvedConnection, TokenStore]"]
"""Blocking (runs in a thread): the connection to open and the token store to use from then on."""


async def _close(session: Session | None) -> None:
    if session is not None:
        await session.aclose()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The service layer's imports (pydantic, httpx) create long-lived objects only: the garbage collector would
    walk them again and again for nothing (about 40 ms of a 0.3 s start-up step). Afterwards, what exists is
    frozen, as `tui_command` does after the first imports, and the collector runs as before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


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
        settings: ConnectionSettings | None = None,
        *,
        token_store: TokenStore,
        resolve: Resolver | None = None,
        ask_for_token: bool = True,
        server_label: str | None = None,
        profile_name: str | None = None,
        read_only: bool = False,
        profile_read_only: bool = False,
        exit_when_loaded: bool = False,
        allow_profiles: bool = True,
        refresh_interval: float = 0.0,
        fleet: FleetSelection | Sequence[FleetServer] | None = None,
    ) -> None:
        """Open `settings`, or those `resolve` finds after the first frame (the command line's way).

        `read_only` is the command line's `--read-only` and holds for every profile; `profile_read_only` is
        the starting profile's own flag, which a profile switch replaces. `ask_for_token`: when `resolve`
        finds everything but the token, ask for one for this session (hidden, kept in memory).
        `allow_profiles=False` is the demo: no profile switcher (it must not show the user's profiles), and
        nothing is said about the keyring, since the demo keeps tokens in memory by design.
        `refresh_interval`: seconds between automatic refreshes of the list and the replications (0: none; the
        command line's `--refresh` defaults to 10).
        `fleet`: open the fleet view of these profiles (`--fleet`), or of these servers, first; `f` opens one
        server from it.
        """
        super().__init__()
        if settings is None and resolve is None and fleet is None:
            raise ValueError("RemotesApp needs connection settings, a resolver or a fleet")
        self.main_screen = MainScreen(exit_when_loaded=exit_when_loaded, refresh_interval=refresh_interval)
        """The one main screen (the default screen; modals and help go on top of it)."""
        self.token_store = token_store
        self.allow_profiles = allow_profiles
        self.ask_for_token = ask_for_token
        self.read_only_flag = read_only
        """`--read-only` from the command line: every connection of this run is read-only."""
        self.session: Session | None = None
        self.startup_problem: str | None = None
        """Why the app exited before connecting (the command line prints it), else None."""
        self._resolve = resolve
        self._fleet_selection = fleet
        self.fleet_screen: FleetScreen | None = None
        """The fleet view once opened (`--fleet`, or `f`); kept while one server is shown."""
        self._target = (
            None
            if settings is None
            else _Target(settings, server_label, profile_name, read_only or profile_read_only)
        )

    @property
    def read_only(self) -> bool:
        return self.read_only_flag if self._target is None else self._target.read_only

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

    def on_mount(self) -> None:
        # Paint first: connecting (and importing the service layer) waits for the first frame.
        self.call_after_refresh(self._start)

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.aclose()
        if self.fleet_screen is not None:
            from remotes_tui.fleet import close_fleet

            await close_fleet(self.fleet_screen.servers)

    def _start(self) -> None:
        if self._fleet_selection is not None:
            self._open_fleet(self._fleet_selection)
        elif self._target is not None:
            self._open(self._target)
        else:
            self._resolve_connection()

    # -- resolving the command line's connection ----------------------------------------------------

    @work(thread=True, exclusive=True, group="resolve", exit_on_error=False)
    def _resolve_connection(self) -> None:
        """In a thread: import the service layer and resolve flags, environment, profile and token."""
        assert self._resolve is not None
        screen = self.main_screen

        def report(note: str) -> None:
            self.call_from_thread(setattr, screen, "loading_note", note)

        try:
            with _collector_paused():
                resolved, store = self._resolve(report)
        except Exception as error:  # a bug: say so in words (its text could hold a token), never hang
            problem = f"Could not work out the connection ({type(error).__name__}); please report this."
            self.call_from_thread(self._give_up, problem)
        else:
            self.call_from_thread(self._resolved, resolved, store)

    def _resolved(self, resolved: ResolvedConnection, store: TokenStore) -> None:
        self.token_store = store
        self.main_screen.loading_note = ""
        if resolved.settings is not None:
            self._open_resolved(resolved)
        elif resolved.needs_first_run:
            self._first_run()
        elif resolved.needs_token and self.ask_for_token:
            self._ask_for_token(resolved)
        else:
            self._give_up(resolved.problem or "No server to connect to.")

    def _open_resolved(self, resolved: ResolvedConnection) -> None:
        assert resolved.settings is not None
        target = _Target(
            resolved.settings, None, resolved.profile_name, self.read_only_flag or resolved.read_only
        )
        self._target = target
        self._open(target)

    def _first_run(self) -> None:
        """No profile, no flags, no INFLUX_* variables: ask for a server and save it as a profile."""
        from remotes_tui.profiles import ProfileStore
        from remotes_tui.ui.profile_screens.profile_form import ProfileFormScreen

        def chosen(choice: ProfileChoice | None) -> None:
            if choice is None:
                self.exit()
            else:
                self._profile_chosen(choice)

        self.push_screen(ProfileFormScreen(ProfileStore(), self.token_store, first_run=True), chosen)

    def _ask_for_token(self, resolved: ResolvedConnection) -> None:
        """Everything but the token is known: ask for one for this session (hidden input, kept in memory)."""
        from remotes_tui.ui.profile_screens.session_token import SessionTokenModal

        pending = resolved.pending
        name = resolved.profile_name or (pending.base_url if pending is not None else "this server")

        def given(token: str | None) -> None:
            with_token = resolved.with_session_token(token) if token else resolved
            if with_token.settings is None:
                self._give_up(resolved.problem or "No token was given.")
            else:
                self._open_resolved(with_token)

        self.push_screen(SessionTokenModal(name, resolved.problem or "No token was found."), given)

    def _give_up(self, problem: str) -> None:
        """Nothing to connect to: leave, and let the command line say why (exit code 2)."""
        self.startup_problem = problem
        self.exit(return_code=2)

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
        from remotes_tui.profiles.session import Session  # the service layer: after the first frame

        self.session = Session(
            settings=target.settings,
            token_store=self.token_store,
            server_label=target.server_label,
            profile_name=target.profile_name,
            read_only=target.read_only,
            demo=not self.allow_profiles,
        )
        self.session.open_client()
        self.main_screen.start(self.session)
        self._connect(self.session)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No profile switcher and no fleet in the demo: False hides `p` and `f` from the footer, the help and
        the palette. `f` does nothing under a dialog."""
        if action in ("switch_profile", "toggle_fleet") and not self.allow_profiles:
            return False
        if action == "toggle_fleet" and isinstance(self.screen, ModalScreen):
            return False
        return super().check_action(action, parameters)

    def action_switch_profile(self) -> None:
        """`p`: the profile switcher (list, switch, add, edit, remove saved servers)."""
        if not self.allow_profiles:
            return
        from remotes_tui.ui.profile_screens.switcher import ProfileSwitcherModal

        current = self._target.profile_name if self._target is not None else None
        modal = ProfileSwitcherModal(tokens=self.token_store, current=current)
        self.push_screen(modal, self._profile_chosen)

    def _profile_chosen(self, choice: ProfileChoice | None) -> None:
        if choice is None:
            return
        self.token_store = choice.tokens
        self.switch_connection(choice.settings, profile_name=choice.name, read_only=choice.read_only)
        if self._fleet_on_top():
            self.pop_screen()  # the chosen server is shown alone; `f` goes back to the fleet

    # -- the fleet -----------------------------------------------------------------------------------

    def action_toggle_fleet(self) -> None:
        """`f`: from one server to the fleet (every saved profile, opened the first time), and from the fleet
        to the selected remote's server alone."""
        if not self.allow_profiles:
            return
        if self.fleet_screen is not None and self._fleet_on_top():
            self._leave_fleet(self.fleet_screen)
        elif self.fleet_screen is not None:
            self.push_screen(FLEET_SCREEN)
        else:
            self._select_all_profiles()

    def _fleet_on_top(self) -> bool:
        return self.fleet_screen is not None and self.screen is self.fleet_screen

    def _open_fleet(
        self, selection: FleetSelection | Sequence[FleetServer], first: FleetServer | None = None
    ) -> None:
        """Show the fleet of `selection` (and `first`, the server shown alone when it is no saved profile)."""
        from remotes_tui.fleet import FleetSelection, FleetServer
        from remotes_tui.ui.screens.fleet import FleetScreen

        if isinstance(selection, FleetSelection):
            servers = [
                FleetServer.of_profile(profile, self.token_store, read_only=self.read_only_flag)
                for profile in selection.profiles
            ]
            label, notes = selection.label, selection.notes
        else:
            servers, label, notes = list(selection), "given servers", ()
        screen = FleetScreen(
            [first, *servers] if first is not None else servers,
            label=label,
            notes=notes,
            read_only=self.read_only_flag,
        )
        self.fleet_screen = screen
        self.install_screen(screen, FLEET_SCREEN)
        self.push_screen(FLEET_SCREEN)

    @work(thread=True, exclusive=True, group="fleet-select", exit_on_error=False)
    def _select_all_profiles(self) -> None:
        """In a thread (the profiles file): every saved profile, or why there is no fleet."""
        from remotes_tui.fleet import FleetError, select_fleet
        from remotes_tui.profiles import ProfileError, ProfileStore

        try:
            selection = select_fleet(None, ProfileStore())
        except (FleetError, ProfileError) as error:
            self.call_from_thread(self.notify, str(error), title="Fleet", severity="warning", timeout=10)
            return
        self.call_from_thread(self._fleet_selected, selection)

    def _fleet_selected(self, selection: FleetSelection) -> None:
        """Open the fleet of every profile; the server shown alone comes first when it is none of them."""
        from remotes_tui.fleet import FleetServer, server_identity

        if self.fleet_screen is not None:
            self.push_screen(FLEET_SCREEN)
            return
        first = None
        session = self.session
        if session is not None and session.profile_name not in {p.name for p in selection.profiles}:
            identity = (session.server_url.casefold(), session.settings.org or session.settings.org_id or "")
            if identity not in {server_identity(profile) for profile in selection.profiles}:
                first = FleetServer.of_settings(
                    session.display_name, session.settings, self.token_store, read_only=self.read_only
                )
        self._open_fleet(selection, first)

    def _leave_fleet(self, fleet: FleetScreen) -> None:
        """Show the selected remote's server (else the highlighted server) alone; the fleet is kept."""
        server = fleet.selected_server or fleet.highlighted_server
        if server is None or server.settings is None:
            name = server.name if server is not None else "No server"
            fleet.notify(
                f"{name} is not connected: pick a server that loaded.", severity="warning", timeout=4
            )
            return
        session = self.session
        same = (
            session is not None
            and session.server_url == server.url
            and session.settings.org == server.settings.org
            and session.settings.org_id == server.settings.org_id
        )
        if not same:
            profile = server.profile.name if server.profile is not None else None
            label = None if server.profile is not None else server.name
            self.switch_connection(
                server.settings, profile_name=profile, read_only=server.read_only, server_label=label
            )
        self.pop_screen()

    def action_reconnect(self) -> None:
        """Look the org up and ping again, then list (`r`, or after a failed start: the server was down)."""
        if self.session is None:
            return
        self.main_screen.reconnecting(self.session)
        self._connect(self.session)

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def _connect(self, session: Session) -> None:
        from remotes_tui.api import ApiError
        from remotes_tui.profiles.session import handshake

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
