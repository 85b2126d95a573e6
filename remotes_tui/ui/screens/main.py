"""The main screen: the remotes table with a detail pane, the `/` filter, counts, and every remote action.

The screen never blocks: listing runs in an exclusive worker that posts `RemotesLoaded` / `RemotesLoadFailed`,
and the handlers alone touch widgets. The table area always shows something: rows, or the state panel
(loading, empty, no match, error).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from remotes_tui.api import ApiError, RemoteConnection
from remotes_tui.profiles.session import Session
from remotes_tui.ui.messages import RemotesLoaded, RemotesLoadFailed
from remotes_tui.ui.screens.remote_actions import RemoteWriteActions
from remotes_tui.ui.widgets.detail_pane import DetailPane
from remotes_tui.ui.widgets.filter_bar import FilterBar
from remotes_tui.ui.widgets.key_footer import KeyFooter
from remotes_tui.ui.widgets.remotes_table import RemotesTable
from remotes_tui.ui.widgets.server_header import ServerHeader
from remotes_tui.ui.widgets.state_panel import StatePanel
from remotes_tui.ui.widgets.status_line import StatusLine

ScreenState = Literal["loading", "ready", "error"]

WRITE_ACTIONS = ("new_remote", "edit_remote", "delete_remote")
"""Hidden and refused in read-only mode."""

NEEDS_SELECTION = ("edit_remote", "delete_remote", "copy_id")

FOOTER_EXPENDABLE = ("copy_id", "switch_profile")
"""Left out of the footer first when the keys do not fit (80 columns); the help and the palette keep them."""

NARROW_WIDTH = 100
"""Below this many columns the detail pane goes under the table."""


class MainScreen(RemoteWriteActions, Screen[None]):
    """Browse, filter and sort the remotes of one org; create, edit and delete them."""

    BINDING_GROUP_TITLE = "Remotes"
    AUTO_FOCUS = ""
    """Focus is placed by hand: on the table once rows are shown, on the input while filtering."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_remote", "New", tooltip="Create a remote connection.", id="new-remote"),
        Binding("e", "edit_remote", "Edit", tooltip="Edit the selected remote.", id="edit-remote"),
        Binding("d", "delete_remote", "Delete", tooltip="Delete the selected remote.", id="delete-remote"),
        # priority: handled before the key is forwarded, so keys typed right after it reach the input.
        Binding(
            "slash",
            "open_filter",
            "Filter",
            tooltip="Filter the table as you type.",
            id="filter",
            priority=True,
        ),
        Binding("s", "cycle_sort", "Sort", tooltip="Sort by the next column.", id="cycle-sort"),
        Binding("r", "refresh", "Refresh", tooltip="Reload the remotes from the server.", id="refresh"),
        Binding("y", "copy_id", "Copy ID", tooltip="Copy the selected remote's ID.", id="copy-id"),
        Binding("question_mark", "help", "Help", tooltip="Show every key.", id="help"),
        Binding("q", "app.quit", "Quit", tooltip="Quit remotes-tui.", id="quit"),
        # Not in the footer (the filter bar says "Esc clears"); the help lists it.
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            tooltip="Clear and close the filter.",
            id="clear-filter",
            show=False,
        ),
    ]

    def __init__(self, *, exit_when_loaded: bool = False) -> None:
        super().__init__(id="main")
        self.session: Session | None = None
        self.state: ScreenState = "loading"
        self.error: ApiError | None = None
        self.exit_when_loaded = exit_when_loaded
        self._loaded_once = False
        self._binding_states: tuple[bool | None, ...] = ()
        self._ready = False
        """True from `on_mount` on (`is_mounted` turns True only after the mount handlers ran)."""
        self._pending: list[Callable[[], None]] = []
        """Results that arrived before the screen mounted, applied in `on_mount`."""

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
                yield StatusLine(id="status-line")
            yield DetailPane(placeholder="Loading…", id="detail-pane")
        yield KeyFooter(width=self.app.size.width, expendable=FOOTER_EXPENDABLE, id="footer")

    # -- widgets -------------------------------------------------------------------------------------

    @property
    def table(self) -> RemotesTable:
        return self.query_one("#remotes-table", RemotesTable)

    @property
    def header(self) -> ServerHeader:
        return self.query_one("#server-header", ServerHeader)

    @property
    def detail(self) -> DetailPane:
        return self.query_one("#detail-pane", DetailPane)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one("#filter-bar", FilterBar)

    @property
    def state_panel(self) -> StatePanel:
        return self.query_one("#state-panel", StatePanel)

    @property
    def status_line(self) -> StatusLine:
        return self.query_one("#status-line", StatusLine)

    # -- called by the app ---------------------------------------------------------------------------

    def start(self, session: Session) -> None:
        """A new connection: forget the old rows and show the loading state until `connected` arrives."""
        self.workers.cancel_node(self)
        self.session = session
        self.state = "loading"
        self.error = None
        if self._ready:
            self._reset_view()

    def on_mount(self) -> None:
        self._ready = True
        self._show_header()
        self._update_view()
        pending, self._pending = self._pending, []
        for action in pending:
            action()

    def on_resize(self) -> None:
        self.query_one(KeyFooter).fit_width(self.size.width)

    def _reset_view(self) -> None:
        session = self.session
        if session is None:
            return
        self.filter_bar.close()
        self.table.set_filter("")
        self.table.set_remotes([])
        self._show_header()
        self._set_state(self.state)

    def connected(
        self,
        session: Session,
        remotes: Sequence[RemoteConnection] | None,
        remotes_error: ApiError | None = None,
    ) -> None:
        """The org is known; show the remotes fetched alongside it (or why not), or fetch them now."""
        if session is not self.session:
            return
        if not self._ready:  # a fast server can answer before the screen has mounted
            self._pending.append(lambda: self.connected(session, remotes, remotes_error))
            return
        self._show_header()
        if remotes_error is not None:
            self._show_error(remotes_error)
        elif remotes is None:
            self.load_remotes()
        else:
            self._show_remotes(remotes)

    def connection_failed(self, session: Session, error: ApiError) -> None:
        if session is not self.session:
            return
        if not self._ready:
            self._pending.append(lambda: self.connection_failed(session, error))
            return
        self._show_error(error)

    def reconnecting(self, session: Session) -> None:
        if session is self.session:
            self._set_state("loading")

    # -- loading -------------------------------------------------------------------------------------

    def load_remotes(self, *, keep_id: str | None = None) -> None:
        """Reload the list in a worker; the rows stay on screen (with a note) while it runs."""
        session = self.session
        if session is None or session.org is None:
            return
        if self.state == "ready":
            self.status_line.show_note("Refreshing…")
        else:
            self._set_state("loading")
        self._load(session, session.org.id, keep_id)

    @work(exclusive=True, group="load-remotes", exit_on_error=False)
    async def _load(self, session: Session, org_id: str, keep_id: str | None) -> None:
        if session.closed:
            return
        try:
            remotes = await session.client.remotes.list(org_id)
        except ApiError as error:
            self.post_message(RemotesLoadFailed(session, error))
        else:
            self.post_message(RemotesLoaded(session, remotes, keep_id=keep_id))

    @on(RemotesLoaded)
    def _remotes_loaded(self, message: RemotesLoaded) -> None:
        if message.session is self.session:
            self._show_remotes(message.remotes, keep_id=message.keep_id)

    @on(RemotesLoadFailed)
    def _remotes_failed(self, message: RemotesLoadFailed) -> None:
        if message.session is self.session:
            self._show_error(message.error)

    def _show_remotes(self, remotes: Sequence[RemoteConnection], *, keep_id: str | None = None) -> None:
        table = self.table
        table.set_remotes(list(remotes), keep_id=keep_id)
        if keep_id and not table.select_id(keep_id) and table.filter_text:
            # The saved remote does not match the filter: drop the filter rather than hide it.
            self._close_filter()
            table.select_id(keep_id)
        self.error = None
        self.status_line.show_note("")
        self._set_state("ready")
        if not self._loaded_once:
            self._loaded_once = True
            if self.exit_when_loaded:
                self.call_after_refresh(self.app.exit)

    def _show_error(self, error: ApiError) -> None:
        self.error = error
        self.status_line.show_note("")
        self._set_state("error")
        if self.exit_when_loaded and not self._loaded_once:
            self.app.exit(return_code=1)

    # -- state and layout ----------------------------------------------------------------------------

    def _set_state(self, state: ScreenState) -> None:
        self.state = state
        self._update_view()

    def _update_view(self) -> None:
        """Show the table or the state panel that explains why there are no rows, and the counts."""
        session, table, panel = self.session, self.table, self.state_panel
        show_table = False
        if session is None or self.state == "loading":
            panel.show_loading(session.server_url if session else "the server")
        elif self.state == "error":
            panel.show_error(str(self.error) if self.error else "Something went wrong.")
        elif table.total_count == 0:
            panel.show_empty(session.org_display, read_only=session.read_only)
        elif table.visible_count == 0:
            panel.show_no_match(table.filter_text.strip())
        else:
            show_table = True
        had_focus = table.has_focus
        table.display = show_table
        panel.display = not show_table
        if show_table and not self.filter_bar.has_input_focus and not had_focus:
            table.focus()
        if self.state == "ready":
            self.status_line.show_counts(table.visible_count, table.total_count, table.filter_text)
        else:
            self.status_line.clear_counts()
        self.status_line.show_sort(table.sort_key, table.sort_reverse)
        self.filter_bar.show_count(table.visible_count, table.total_count)
        if self.state != "ready" or table.visible_count == 0:
            self.detail.clear(self._detail_placeholder())
        self._sync_bindings()

    def _detail_placeholder(self) -> str:
        if self.state == "loading":
            return "Loading…"
        if self.state == "error":
            return "Nothing to show until the server answers."
        if self.table.total_count == 0:
            return "No remote connections yet."
        return "No remote matches the filter."

    def _show_header(self) -> None:
        session = self.session
        if session is None:
            return
        self.header.show(
            server=session.display_name,
            org=session.org_display,
            org_id=session.org_id,
            build=session.build_display,
            profile=session.profile_name,
            read_only=session.read_only,
        )

    # -- table and filter events ---------------------------------------------------------------------

    @on(RemotesTable.Highlighted)
    def _highlighted(self, message: RemotesTable.Highlighted) -> None:
        if message.remote is None and self.table.selected is not None:
            return  # posted before the rows arrived (the table announces "nothing" when it mounts)
        if self.session is not None and self.state == "ready" and message.remote is not None:
            self.detail.show_remote(self.session, message.remote)
        else:
            self.detail.clear(self._detail_placeholder())
        self._sync_bindings()

    @on(RemotesTable.Selected)
    def _selected(self, message: RemotesTable.Selected) -> None:
        if self.check_action("edit_remote", ()):
            self.action_edit_remote()

    @on(RemotesTable.SortChanged)
    def _sort_changed(self, message: RemotesTable.SortChanged) -> None:
        self.status_line.show_sort(message.key, message.reverse)

    @on(FilterBar.Changed)
    def _filter_changed(self, message: FilterBar.Changed) -> None:
        self.table.set_filter(message.text)
        self._update_view()

    @on(FilterBar.Submitted)
    def _filter_submitted(self) -> None:
        if self.table.display:
            self.table.focus()

    # -- bindings ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide write actions in read-only mode; dim the ones that need a selected remote or a connection."""
        session = self.session
        if action in WRITE_ACTIONS and (session is None or session.read_only):
            return False
        if action in NEEDS_SELECTION:
            return True if self.state == "ready" and self.table.selected is not None else None
        if action == "new_remote":
            return True if session is not None and session.org is not None else None
        return True

    def _sync_bindings(self) -> None:
        """Refresh the footer only when an action's state changed: each refresh rebuilds every footer key."""
        states = tuple(self.check_action(action, ()) for action in (*WRITE_ACTIONS, *NEEDS_SELECTION))
        if states != self._binding_states:
            self._binding_states = states
            self.refresh_bindings()

    async def action_open_filter(self) -> None:
        field = self.filter_bar.input
        if field is not None and field.has_focus:
            field.insert_text_at_cursor("/")  # a priority binding: type the slash the input did not get
            return
        await self.filter_bar.open()

    def action_clear_filter(self) -> None:
        if self.filter_bar.is_open or self.table.filter_text:
            self._close_filter()
            self._update_view()
            if self.table.display:
                self.table.focus()

    def _close_filter(self) -> None:
        self.filter_bar.close()
        self.table.set_filter("")

    def action_cycle_sort(self) -> None:
        self.table.cycle_sort()

    def action_sort_by(self, key: str) -> None:
        """Sort by one column; the same column again reverses (used by the command palette)."""
        self.table.sort_by(key)

    async def action_refresh(self) -> None:
        session = self.session
        if session is None:
            return
        if session.org is None:
            await self.app.run_action("reconnect")
        else:
            self.load_remotes()

    def action_copy_id(self) -> None:
        remote = self._selected_remote()
        if remote is None:
            return
        self.app.copy_to_clipboard(remote.id)
        self.notify(f"Copied {remote.id} to the clipboard.", title="Copied")

    def action_help(self) -> None:
        from remotes_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.active_bindings))
