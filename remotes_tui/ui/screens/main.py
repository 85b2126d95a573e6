"""The main screen: the remotes table with a detail pane, the `/` filter, counts, and every remote action.

State lives in reactives and the widgets follow them through watchers: `session` (the header), `state`
(loading, ready, stale, error: the table or the panel that says why not), `selected` (the detail pane) and
`details_visible`. The ones the keys depend on refresh the bindings when they change, so the footer, the
help and the palette always agree with what a key would do.

The screen never blocks: listing runs in an exclusive worker that posts `RemotesLoaded` / `RemotesLoadFailed`,
and the handlers alone touch widgets. The app starts a connection only after the first frame, so the screen
is mounted before anything arrives. The service layer's types are imported for type checking only: this
module is part of the first frame.

Health: every load lists the org's replications once (beside the remotes) and builds a `HealthIndex` off the
event loop; the Health column, the status line's summary and the detail pane all read it. Auto-refresh
(`refresh_interval` seconds, 0 = off) reloads both while this screen is on top and nothing is loading (one
request in flight at a time); `a` pauses it. It keeps the cursor, the filter and the scroll position.

Marks: `space` marks the remote under the cursor (the table keeps marks by ID across filter, sort and refresh,
and drops those of rows that are gone); `d` then deletes every marked remote with one confirmation; Escape
(once the filter is closed) clears them. `u` recreates what the last delete removed (`undo_delete`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive

from remotes_tui.ui.health_view import ago
from remotes_tui.ui.messages import HealthLoaded, RemotesLoaded, RemotesLoadFailed
from remotes_tui.ui.screens.remotes_browser import NARROW_WIDTH, RemotesBrowser, key_table
from remotes_tui.ui.screens.transfer_actions import TransferActions
from remotes_tui.ui.widgets.detail_pane import DetailPane
from remotes_tui.ui.widgets.filter_bar import FilterBar
from remotes_tui.ui.widgets.key_footer import KeyFooter
from remotes_tui.ui.widgets.remotes_table import RemotesTable
from remotes_tui.ui.widgets.server_header import ServerHeader
from remotes_tui.ui.widgets.state_panel import ErrorBar, StatePanel
from remotes_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from textual.timer import Timer

    from remotes_tui.api import ApiError, RemoteConnection, Replication
    from remotes_tui.api.health import HealthIndex
    from remotes_tui.api.success_log import SuccessLog
    from remotes_tui.profiles.session import Session

ScreenState = Literal["loading", "ready", "stale", "error"]
"""loading: nothing to show yet; ready: the list; stale: the last good list, the refresh failed; error: none."""

ROWS_SHOWN: tuple[ScreenState, ...] = ("ready", "stale")

NoSelection = Literal["loading", "error", "empty", "no-match"]
"""Why no remote is selected: the list is loading, could not be loaded, is empty, or the filter hides it all."""

PLACEHOLDERS: dict[NoSelection, str] = {
    "loading": "Loading…",
    "error": "Nothing to show until the server answers.",
    "empty": "No remote connections yet.",
    "no-match": "No remote matches the filter.",
}
"""What the detail pane says without a selected remote."""

NO_SELECTION_TEXT: dict[NoSelection, str] = {
    "loading": "No remote selected: the list is still loading.",
    "error": "No remote selected: the list could not be loaded. Press r to retry.",
    "empty": "No remote selected: there are none yet.",
    "no-match": "No remote selected: none matches the filter. Press Escape to clear it.",
}
"""What a dimmed key that needs a selected remote says."""

WRITE_ACTIONS = (
    "new_remote",
    "edit_remote",
    "delete_remote",
    "undo_delete",
    "import_remotes",
    "toggle_mark",
    "clear_marks",
)
"""Hidden and refused in read-only mode."""

NEEDS_SELECTION = ("edit_remote", "delete_remote", "copy_id", "copy_url", "test_remote", "toggle_mark")

FOOTER_EXPENDABLE = ("copy_id", "test_remote", "switch_profile")
"""Left out of the footer first when the keys do not fit (80 columns); the help and the palette keep them."""

LOAD_GROUPS = frozenset({"load-remotes", "load-health", "connect"})
"""Workers that talk to the server for the list: while one runs, an auto-refresh tick sends nothing."""


MAIN_KEYS = key_table(
    ("n", "new_remote", "New", "Create a remote connection.", "new-remote"),
    ("e", "edit_remote", "Edit", "Edit the selected remote.", "edit-remote"),
    ("d", "delete_remote", "Delete", "Delete the selected or marked remotes.", "delete-remote"),
    ("space", "toggle_mark", "Mark", "Mark or unmark the selected remote.", "toggle-mark"),
    ("u", "undo_delete", "Undo delete", "Recreate what the last delete removed.", "undo-delete"),
    ("slash", "open_filter", "Filter", "Filter the table as you type.", "filter"),
    ("s", "cycle_sort", "Sort", "Sort by the next column.", "cycle-sort"),
    ("S", "reverse_sort", "Reverse sort", "Reverse the sort order.", "reverse-sort"),
    ("r", "refresh", "Refresh", "Reload the remotes from the server.", "refresh"),
    ("f", "app.toggle_fleet", "Fleet", "Every saved server's remotes in one table.", "toggle-fleet"),
    ("t", "test_remote", "Test", "Test the selected remote from this machine.", "test-remote"),
    ("a", "toggle_auto_refresh", "Auto-refresh", "Pause or resume the automatic refresh.", "auto-refresh"),
    ("y", "copy_id", "Copy ID", "Copy the selected remote's ID.", "copy-id"),
    ("Y", "copy_url", "Copy URL", "Copy the selected remote's URL.", "copy-url"),
    ("z", "toggle_details", "Details", "Hide or show the details pane.", "toggle-details"),
    ("question_mark", "help", "Help", "Show every key.", "help"),
    ("q", "app.quit", "Quit", "Quit remotes-tui.", "quit"),
    ("escape", "clear_filter", "Clear filter", "Clear the filter; with none, unmark all.", "clear-filter"),
    # The footer is full at 120 columns: the help and the palette list the hidden keys; the status line says
    # what marks do and when auto-refresh is paused, the delete toast says that u undoes, and the filter bar
    # says "Esc clears".
    hidden=("space", "u", "S", "f", "a", "Y", "z", "escape"),
    # slash is handled before the key is forwarded, so keys typed right after it reach the input.
    priority=("slash",),
)
"""The keys of the main screen (ids are what keymaps name)."""


class MainScreen(RemotesBrowser):
    """Browse, filter and sort the remotes of one org; create, edit and delete them."""

    BINDING_GROUP_TITLE = "Remotes"

    BINDINGS: ClassVar[list[BindingType]] = MAIN_KEYS

    session: reactive[Session | None] = reactive(None, init=False, bindings=True)
    """The connection shown; None until the app has resolved one."""
    state: reactive[ScreenState] = reactive("loading", init=False, bindings=True)
    error: reactive[ApiError | None] = reactive(None, init=False)
    """Why the last load failed (state "error" or "stale"), else None."""
    loading_note: reactive[str] = reactive("", init=False)
    """What the loading state waits for, when it is not the server (e.g. the OS keyring)."""
    auto_refresh_paused: reactive[bool] = reactive(False, init=False, bindings=True)

    def __init__(self, *, exit_when_loaded: bool = False, refresh_interval: float = 0.0) -> None:
        super().__init__(id="main")
        self.exit_when_loaded = exit_when_loaded
        self.refresh_interval = refresh_interval
        """Seconds between automatic refreshes (0: none)."""
        self.clock: Callable[[], float] = time.time
        """The wall clock for "updated 4 s ago" and the stale mark (tests may fix it)."""
        self.loaded_at: float | None = None
        """When the list on screen was loaded (`clock()`), for "updated … ago" and the stale mark."""
        self.refresh_ticks = 0
        """Auto-refresh ticks so far (sent or skipped), so tests can wait for ticks instead of time."""
        self.refreshes_sent = 0
        """Ticks that started a load (the others found one in flight, a dialog open, or a pause)."""
        self.success_log: SuccessLog | None = None
        """When this app last saw each replication succeed (for the detail pane), per connection."""
        self.transfer = TransferActions(self)
        self._loaded_once = False
        self._refresh_timer: Timer | None = None
        self._quiet = False
        """The data on screen came from an automatic refresh: the detail pane only updates its cards."""

    def compose(self) -> ComposeResult:
        # Start with the breakpoint class the first resize would set, so it does not restyle every widget.
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow", update=False)
        self.set_class(self.app.size.width >= NARROW_WIDTH, "-wide", update=False)
        yield ServerHeader(id="server-header")
        yield FilterBar(id="filter-bar")
        with Horizontal(id="body"):
            with Vertical(id="remotes-column"):
                yield RemotesTable(id="remotes-table")
                yield StatePanel(id="state-panel")
                yield ErrorBar(id="load-error")
                yield StatusLine(id="status-line")
            yield DetailPane(placeholder="Loading…", id="detail-pane")
        yield KeyFooter(expendable=FOOTER_EXPENDABLE, id="footer")

    def on_mount(self) -> None:
        self._show_body()
        self.set_interval(1.0, self._tick_clock)
        if self.refresh_interval > 0:
            self._refresh_timer = self.set_interval(self.refresh_interval, self._auto_refresh_tick)

    # -- widgets -------------------------------------------------------------------------------------

    @property
    def error_bar(self) -> ErrorBar:
        return self.query_one("#load-error", ErrorBar)

    # -- called by the app (always after the first frame, so the screen is mounted) -----------------

    def start(self, session: Session) -> None:
        """A new connection: forget the old rows and show the loading state until `connected` arrives."""
        self.workers.cancel_node(self)
        self.filter_bar.close()
        self.table.set_filter("")
        self.table.set_remotes([], health=None)
        self.success_log = None
        self.loaded_at = None
        self.loading_note = ""
        self.error = None
        self.session = session
        self.state = "loading"
        self._show_body()

    def connected(
        self,
        session: Session,
        remotes: Sequence[RemoteConnection] | None,
        remotes_error: ApiError | None = None,
    ) -> None:
        """The org is known (again); show the remotes fetched alongside it (or why not), or fetch them now."""
        if session is not self.session:
            return
        self.mutate_reactive(MainScreen.session)  # the org and build are known now: the header shows them
        if remotes_error is not None:
            self._show_error(remotes_error)
        elif remotes is None:
            self.load_remotes()
        else:
            self._show_remotes(remotes)
            if session.org is not None:
                self._load_health(session, session.org.id)

    def connection_failed(self, session: Session, error: ApiError) -> None:
        if session is self.session:
            self._show_error(error)

    def reconnecting(self, session: Session) -> None:
        """The app looks the org up again (`r`): keep the rows on screen while it runs."""
        if session is not self.session:
            return
        self._quiet = False
        if self.state in ROWS_SHOWN:
            self.status_line.show_note("Refreshing…")
        else:
            self.state = "loading"

    # -- watchers ------------------------------------------------------------------------------------

    def watch_session(self, session: Session | None) -> None:
        if session is None:
            return
        self.header.show_session(session)

    def watch_state(self) -> None:
        self._show_body()

    def watch_loading_note(self) -> None:
        if self.state == "loading":
            self._show_body()

    def watch_selected(self, remote: RemoteConnection | None) -> None:
        if self.session is not None and self.state in ROWS_SHOWN and remote is not None:
            self._show_detail(self.session, remote)
        else:
            self.detail.clear(self._detail_placeholder())

    def watch_auto_refresh_paused(self, paused: bool) -> None:
        self.status_line.show_paused(paused)

    def _show_detail(self, session: Session, remote: RemoteConnection) -> None:
        """The detail pane, with the replications of the last refresh (it asks the server only without them)."""
        self.detail.show_remote(
            session,
            remote,
            health=self.table.health,
            success_log=self.success_log,
            now=self.clock(),
            quiet=self._quiet,
        )

    # -- loading -------------------------------------------------------------------------------------

    def load_remotes(self, *, keep_id: str | None = None, quiet: bool = False) -> None:
        """Reload the list and the replications in a worker; the rows stay on screen while it runs.

        `quiet` (auto-refresh) leaves out the "Refreshing…" note.
        """
        session = self.session
        if session is None or session.org is None:
            return
        self._quiet = quiet
        if self.state in ROWS_SHOWN:
            if not quiet:
                self.status_line.show_note("Refreshing…")
        else:
            self.state = "loading"
        self._load(session, session.org.id, keep_id)

    @work(exclusive=True, group="load-remotes", exit_on_error=False)
    async def _load(self, session: Session, org_id: str, keep_id: str | None) -> None:
        """The remotes and the org's replications, side by side (one list each, not one per remote)."""
        from remotes_tui.api import ApiError

        if session.closed:
            return
        remotes, replications = await asyncio.gather(
            session.client.remotes.list(org_id),
            session.client.replications.list(org_id),
            return_exceptions=True,
        )
        if isinstance(remotes, ApiError):
            self.post_message(RemotesLoadFailed(session, remotes))
            return
        if isinstance(remotes, BaseException):
            raise remotes
        health = await self._health_index(replications)
        self.post_message(RemotesLoaded(session, remotes, keep_id=keep_id, health=health))

    @work(exclusive=True, group="load-health", exit_on_error=False)
    async def _load_health(self, session: Session, org_id: str) -> None:
        """Only the replications (the start-up's list of remotes came with the org look-up)."""
        if session.closed:
            return
        try:
            replications: list[Replication] | BaseException = await session.client.replications.list(org_id)
        except Exception as error:  # an ApiError: the health reads "unknown"
            replications = error
        self.post_message(HealthLoaded(session, await self._health_index(replications)))

    async def _health_index(self, replications: list[Replication] | BaseException) -> HealthIndex:
        """The health of every remote, built in a thread (10,000 replications take ~10 ms); the last success
        of each replication is noted on the way."""
        from remotes_tui.api import ApiError
        from remotes_tui.api.health import HealthIndex
        from remotes_tui.api.success_log import SuccessLog

        if isinstance(replications, ApiError):
            return HealthIndex.unknown()
        if isinstance(replications, BaseException):
            raise replications
        if self.success_log is None:
            self.success_log = SuccessLog()
        log, now = self.success_log, self.clock()

        def build() -> HealthIndex:
            log.observe(replications, now)
            return HealthIndex(replications)

        return await asyncio.to_thread(build)

    @on(RemotesLoaded)
    def _remotes_loaded(self, message: RemotesLoaded) -> None:
        if message.session is self.session:
            self._show_remotes(message.remotes, keep_id=message.keep_id, health=message.health)

    @on(HealthLoaded)
    def _health_loaded(self, message: HealthLoaded) -> None:
        if message.session is not self.session:
            return
        self.table.set_health(message.health)
        self._show_health()
        if self.state in ROWS_SHOWN and (remote := self.selected) is not None:
            quiet, self._quiet = self._quiet, True
            self._show_detail(message.session, remote)
            self._quiet = quiet

    @on(RemotesLoadFailed)
    def _remotes_failed(self, message: RemotesLoadFailed) -> None:
        if message.session is self.session:
            self._show_error(message.error)

    def _show_remotes(
        self,
        remotes: Sequence[RemoteConnection],
        *,
        keep_id: str | None = None,
        health: HealthIndex | None = None,
    ) -> None:
        table = self.table
        if health is None:
            table.set_remotes(list(remotes), keep_id=keep_id)  # the last known health stays
        else:
            table.set_remotes(list(remotes), keep_id=keep_id, health=health)
        if keep_id and not table.select_id(keep_id) and table.filter_text:
            # The saved remote does not match the filter: drop the filter rather than hide it.
            self._close_filter()
            table.select_id(keep_id)
        self.loaded_at = self.clock()
        self.error = None
        self.status_line.show_note("")
        self.state = "ready"
        self._show_body()
        if not self._loaded_once:
            self._loaded_once = True
            if self.exit_when_loaded:
                self.call_after_refresh(self.app.exit)

    def _show_error(self, error: ApiError) -> None:
        """A failed load: keep the last good list of this connection (marked stale), else the error panel."""
        self.error = error
        self.status_line.show_note("")
        self.state = "stale" if self.table.total_count and self.loaded_at is not None else "error"
        self._show_body()
        if self.exit_when_loaded and not self._loaded_once:
            self.app.exit(return_code=1)

    # -- what the table area shows -------------------------------------------------------------------

    def _show_body(self) -> None:
        """The table, or the state panel that says why there are no rows; the counts and the error bar."""
        session, table, panel = self.session, self.table, self.state_panel
        show_table = False
        if self.state == "loading":
            where = session.server_url if session is not None else ""
            panel.show_loading(where, note=self.loading_note)
        elif self.state == "error":
            panel.show_error(str(self.error) if self.error else "Something went wrong.")
        elif table.total_count == 0 and session is not None:
            panel.show_empty(session.org_display, read_only=session.read_only)
        elif table.visible_count == 0:
            panel.show_no_match(table.filter_text.strip())
        else:
            show_table = True
        self._show_table(show_table)
        status = self.status_line
        if self.state in ROWS_SHOWN:
            status.show_counts(table.visible_count, table.total_count, table.filter_text)
        else:
            status.clear_counts()
        status.show_marks(len(table.marked_keys))
        status.show_stale(self.loaded_at if self.state == "stale" else None)
        self._show_health()
        self._tick_clock()
        self._show_sort_and_matches()
        self.error_bar.show(str(self.error) if self.state == "stale" and self.error else "")
        if self.state not in ROWS_SHOWN or table.visible_count == 0:
            self._clear_selection()

    def _show_health(self) -> None:
        """The status line's health summary over every remote (not only those matching the filter)."""
        health = self.table.health
        problems: list[str] = []
        if health is not None and self.state in ROWS_SHOWN:
            problems = health.summary(remote.id for remote in self.table.all_remotes).problem_parts()
        self.status_line.show_health(problems)

    # -- auto-refresh --------------------------------------------------------------------------------

    def _tick_clock(self) -> None:
        """Every second: "updated 4 s ago" (nothing while loading or without data)."""
        text = ""
        if self.loaded_at is not None and self.state == "ready":
            text = f"updated {ago(max(0.0, self.clock() - self.loaded_at))}"
        self.status_line.show_updated(text)

    def _auto_refresh_tick(self) -> None:
        """Reload quietly, unless paused, covered by a form or dialog, or a load is still in flight."""
        self.refresh_ticks += 1
        session = self.session
        if self.auto_refresh_paused or self.app.screen is not self or session is None or session.org is None:
            return
        if self.state not in ROWS_SHOWN or self.is_loading:
            return
        self.refreshes_sent += 1
        self.load_remotes(quiet=True)

    @property
    def is_loading(self) -> bool:
        """True while a worker is fetching the list, the replications or the connection."""
        return any(worker.group in LOAD_GROUPS and not worker.is_finished for worker in self.app.workers)

    async def action_show_failing(self) -> None:
        """The palette's "Show failing remotes": the same as typing `/failing`."""
        await self.filter_bar.open()
        field = self.filter_bar.input
        if field is not None:
            field.value = "failing"

    def action_toggle_auto_refresh(self) -> None:
        self.auto_refresh_paused = not self.auto_refresh_paused
        word = "paused" if self.auto_refresh_paused else f"on (every {self.refresh_interval:g} s)"
        self.notify(f"Auto-refresh {word}.", title="Auto-refresh", timeout=3)

    def _no_selection(self) -> NoSelection:
        if self.state == "loading" or self.state == "error":
            return self.state
        return "empty" if self.table.total_count == 0 else "no-match"

    def _detail_placeholder(self) -> str:
        return PLACEHOLDERS[self._no_selection()]

    # -- table and filter events ---------------------------------------------------------------------

    @on(RemotesTable.Highlighted)
    def _highlighted(self, message: RemotesTable.Highlighted) -> None:
        if message.remote is None and self.table.selected is not None:
            return  # posted before the rows arrived (the table announces "nothing" when it mounts)
        self._follow_cursor(message.remote if self.state in ROWS_SHOWN else None)

    # -- bindings ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide write actions in read-only mode; dim the ones that need a selected remote or a connection."""
        if action == "open_filter":
            return not self.typing_in_filter()
        session = self.session
        if action in WRITE_ACTIONS and (session is None or session.read_only):
            return False
        if action == "toggle_auto_refresh":
            return True if self.refresh_interval > 0 else None
        if action == "delete_remote" and self.table.marked_keys:
            return True
        if action in NEEDS_SELECTION:
            return True if self.selected is not None else None
        if action in ("new_remote", "export_remotes", "import_remotes"):
            return True if session is not None and session.org is not None else None
        return True

    def why_not(self, action: str) -> str:
        """One sentence: why `action` cannot run now ("" when it can, or when it is hidden)."""
        if self.check_action(action, ()) is not None:
            return ""
        if action == "toggle_auto_refresh":
            return "Auto-refresh is off for this run: start with --refresh SECONDS to turn it on."
        if action in ("new_remote", "export_remotes", "import_remotes"):
            if self.state == "loading":
                return "Not connected yet: wait for the remotes to load."
            return "Not connected: the organization could not be looked up. Press r to retry."
        return NO_SELECTION_TEXT[self._no_selection()]

    def action_clear_filter(self) -> None:
        """Escape: close and clear the filter; with none, unmark every remote."""
        if not self.clear_filter():
            self.action_clear_marks()

    def action_toggle_mark(self) -> None:
        """Space: mark or unmark the remote under the cursor, then move down (to mark the next one)."""
        if self.table.toggle_mark() is not None:
            self.table.action_cursor_down()
            self._show_marks()

    def action_clear_marks(self) -> None:
        if self.table.clear_marks():
            self._show_marks()
            self.notify("Marks cleared.", timeout=3)

    def _show_marks(self) -> None:
        self.status_line.show_marks(len(self.table.marked_keys))
        self.refresh_bindings()

    async def action_refresh(self) -> None:
        """Look the org up again and reload: the server may have been recreated with a new org ID."""
        if self.session is not None:
            await self.app.run_action("reconnect")

    # -- write actions (the base class opens the modals through `writes`) -----------------------------

    def session_for(self, action: str) -> Session | None:
        """Every write, and the test, goes to the one connection this screen shows."""
        return self.session

    def shows(self, session: Session) -> bool:
        return session is self.session

    def health_of(self, session: Session) -> HealthIndex | None:
        return self.table.health

    def read_only_text(self, session: Session) -> str:
        return "This window is read-only: nothing can be created, edited or deleted."

    def reload_after_write(self, session: Session, remote_id: str) -> None:
        if session is self.session:
            self.load_remotes(keep_id=remote_id)

    def action_export_remotes(self) -> None:
        """The palette's "Export remotes to a file…"."""
        self.transfer.export()

    def action_import_remotes(self) -> None:
        """The palette's "Import remotes from a file…"."""
        self.transfer.import_()
