"""What the main screen (one server) and the fleet view (many servers) share: a table of remotes with the `/`
filter, sorting, a details pane, the copy keys, the help, the connection test `t`, the write keys n / e / d,
and the one line a dimmed key says about why it cannot run now.

`RemotesBrowser` is the base class of both screens. Each screen composes its own layout (one table, filter bar,
details pane, state panel, status line and header: found here by type) and says what differs:
`_show_body` (what the table area shows), `check_action` and `why_not` (which keys work now, and why not),
`_detail_placeholder`, `session_for` (which connection an action goes to), `read_only_text` and
`reload_after_write` (for the writes) and `health_of` (for the test).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from remotes_tui.ui.screens.remote_actions import RemoteWriteActions
from remotes_tui.ui.screens.undo_delete import UndoDelete
from remotes_tui.ui.widgets.detail_pane import DetailPane
from remotes_tui.ui.widgets.filter_bar import FilterBar
from remotes_tui.ui.widgets.remotes_table import RemotesTable
from remotes_tui.ui.widgets.server_header import ServerHeader
from remotes_tui.ui.widgets.state_panel import StatePanel
from remotes_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection
    from remotes_tui.api.health import HealthIndex, ReplicationLike
    from remotes_tui.api.remote_check import RemoteCheck
    from remotes_tui.profiles.session import Session

NARROW_WIDTH = 100
"""Below this many columns the panes beside the table go above or under it (each screen's CSS says how)."""


KeyRow = tuple[str, str, str, str, str | None]
"""keys, action, the footer's word, the help's sentence (the tooltip; "" for none), the id keymaps use."""


def key_table(*rows: KeyRow, hidden: Sequence[str] = (), priority: Sequence[str] = ()) -> list[BindingType]:
    """A screen's bindings written as a table, one row a binding; `hidden` (left out of the footer) and
    `priority` (taken before the focused widget sees the key) name rows by their keys."""
    keys = {row[0] for row in rows}
    unknown = [name for name in (*hidden, *priority) if name not in keys]
    if unknown:
        raise ValueError(f"no binding for {', '.join(unknown)}")
    return [
        Binding(
            keys,
            action,
            description,
            show=keys not in hidden,
            priority=keys in priority,
            tooltip=tooltip,
            id=id,
        )
        for keys, action, description, tooltip, id in rows
    ]


class RemotesBrowser(Screen[None]):
    """A screen that browses remotes in a `RemotesTable`: filter, sort, details, copy, help, test and writes."""

    AUTO_FOCUS = ""
    """Focus is placed by hand: on the table once rows are shown, on the input while filtering."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]

    many_servers = False
    """Dialogs name the server they act on (the fleet)."""

    selected: reactive[RemoteConnection | None] = reactive(None, init=False, bindings=True)
    """The remote under the table's cursor (None while nothing is listed)."""
    details_visible: reactive[bool] = reactive(True, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.writes = RemoteWriteActions(self)
        self.undo = UndoDelete(self, self.writes)

    # -- widgets -------------------------------------------------------------------------------------

    @property
    def table(self) -> RemotesTable:
        return self.query_one(RemotesTable)

    @property
    def header(self) -> ServerHeader:
        return self.query_one(ServerHeader)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    @property
    def state_panel(self) -> StatePanel:
        return self.query_one(StatePanel)

    @property
    def status_line(self) -> StatusLine:
        return self.query_one(StatusLine)

    # -- what each screen says -----------------------------------------------------------------------

    def _show_body(self) -> None:
        """The table or the state panel that says why there are no rows; the counts and the status line."""
        raise NotImplementedError

    def _detail_placeholder(self) -> str:
        """What the details pane says with no remote selected."""
        raise NotImplementedError

    def why_not(self, action: str) -> str:
        """One sentence: why `action` cannot run now ("" when it can, or when it is hidden)."""
        raise NotImplementedError

    def session_for(self, action: str) -> Session | None:
        """The connection `action` (new_remote, edit_remote, delete_remote, test_remote) would go to now."""
        raise NotImplementedError

    def read_only_text(self, session: Session) -> str:
        """Why nothing can be written through `session` (it is read-only), in one sentence."""
        raise NotImplementedError

    def reload_after_write(self, session: Session, remote_id: str) -> None:
        """Reload the list of `session`'s server with the cursor on `remote_id` (or its neighbour)."""
        raise NotImplementedError

    def health_of(self, session: Session) -> HealthIndex | None:
        """The health of `session`'s remotes from the last refresh (None when unknown)."""
        raise NotImplementedError

    def shows(self, session: Session) -> bool:
        """True while this screen still shows `session`'s server: a test asked for, or a delete to undo, on a
        connection since replaced is dropped or refused."""
        return True

    # -- shown state ---------------------------------------------------------------------------------

    def _show_table(self, shown: bool, *, focus_elsewhere: bool = False) -> None:
        """The table or, without rows to show, the state panel; the table takes the focus when it appears,
        unless the filter's input, or another pane (`focus_elsewhere`), has it."""
        table = self.table
        had_focus = table.has_focus
        table.display = shown
        self.state_panel.display = not shown
        if shown and not self.filter_bar.has_input_focus and not had_focus and not focus_elsewhere:
            table.focus()

    def _show_sort_and_matches(self) -> None:
        table = self.table
        self.status_line.show_sort(table.sort_key, table.sort_reverse)
        self.filter_bar.show_count(table.visible_count, table.total_count)

    def _clear_selection(self) -> None:
        self.selected = None
        self.detail.clear(self._detail_placeholder())

    def _follow_cursor(self, remote: RemoteConnection | None) -> None:
        """The remote under the cursor is the selected one; the same remote, reloaded, is shown afresh."""
        if remote is not None and remote == self.selected:
            self.mutate_reactive(RemotesBrowser.selected)
        else:
            self.selected = remote

    def watch_details_visible(self, visible: bool) -> None:
        self.detail.display = visible
        self.set_class(not visible, "-details-hidden")

    # -- table and filter events ---------------------------------------------------------------------

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
        self._show_body()

    @on(FilterBar.Submitted)
    def _filter_submitted(self) -> None:
        """Enter keeps the filter and gives the keys back to the table (or to the screen, with no match)."""
        if self.table.display:
            self.table.focus()
        else:
            self.set_focus(None)

    def on_key(self, event: events.Key) -> None:
        """A dimmed key does nothing by itself: say in one line why it cannot run now."""
        active = self.active_bindings.get(event.key)
        if active is None or active.node is not self or active.enabled:
            return
        reason = self.why_not(active.binding.action)
        if reason:
            event.stop()
            self.notify(reason, severity="warning", timeout=4)

    # -- the keys both screens have ------------------------------------------------------------------

    async def action_open_filter(self) -> None:
        await self.filter_bar.open()

    def typing_in_filter(self) -> bool:
        """The filter's input has the focus (already set, even before the input hears of it: keys in a burst).

        `/` is a priority binding (it opens the filter from anywhere); while this is true the screens turn it
        off, so a `/` typed in the filter reaches the input in order, as a character."""
        field = self.filter_bar.input
        return field is not None and self.focused is field

    def action_clear_filter(self) -> None:
        """Escape: close and clear the filter."""
        self.clear_filter()

    def clear_filter(self) -> bool:
        """Close and clear the filter and give the keys back to the table; False when there was none."""
        if not (self.filter_bar.is_open or self.table.filter_text):
            return False
        self._close_filter()
        self._show_body()
        if self.table.display:
            self.table.focus()
        return True

    def _close_filter(self) -> None:
        self.filter_bar.close()
        self.table.set_filter("")

    def action_cycle_sort(self) -> None:
        self.table.cycle_sort()

    def action_reverse_sort(self) -> None:
        self.table.sort_by(self.table.sort_key, reverse=not self.table.sort_reverse)

    def action_sort_by(self, key: str) -> None:
        """Sort by one column; the same column again reverses (used by the command palette)."""
        self.table.sort_by(key)

    def action_copy_id(self) -> None:
        if (remote := self.selected) is not None:
            self._copy(remote.id)

    def action_copy_url(self) -> None:
        if (remote := self.selected) is not None:
            self._copy(remote.remote_url)

    def _copy(self, text: str) -> None:
        """OSC 52: the terminal may ignore it and cannot say, so say what was done, not that it worked."""
        self.app.copy_to_clipboard(text)
        self.notify(f"Sent {text} to the terminal's clipboard.", title="Copy", timeout=4)

    def action_toggle_details(self) -> None:
        self.details_visible = not self.details_visible

    def action_help(self) -> None:
        from remotes_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.active_bindings))

    # -- write actions (the helper opens the modals and reacts to their result) ---------------------

    def action_new_remote(self) -> None:
        self.writes.new_remote()

    def action_edit_remote(self) -> None:
        self.writes.edit_remote()

    def action_delete_remote(self) -> None:
        self.writes.delete_remote(self.table.marked_remotes)

    def action_undo_delete(self) -> None:
        """`u`: recreate what the last delete removed, on the server it was deleted from."""
        self.undo.undo()

    # -- the connection test ------------------------------------------------------------------------

    def action_test_remote(self) -> None:
        """`t`: test the selected remote with its saved token (asked for, never saved, when there is none)."""
        session, remote = self.session_for("test_remote"), self.selected
        if session is not None and remote is not None:
            self._token_for_test(session, remote)

    @work(thread=True, exclusive=True, group="test-token", exit_on_error=False)
    def _token_for_test(self, session: Session, remote: RemoteConnection) -> None:
        """The remote's token from the (blocking) token store, then the test on the UI thread."""
        from remotes_tui.tokens import remote_key

        try:
            token = session.token_store.get(remote_key(session.server_url, remote.id))
        except Exception:  # no keyring, or it failed: ask instead
            token = None
        self.app.call_from_thread(self._open_test, session, remote, token)

    def _open_test(self, session: Session, remote: RemoteConnection, token: str | None) -> None:
        from remotes_tui.ui.modals.remote_token_prompt import RemoteTokenPrompt

        if not self.shows(session):
            return
        if token:
            self._run_test(session, remote, token)
            return

        def given(typed: str | None) -> None:
            if typed:
                self._run_test(session, remote, typed)

        self.app.push_screen(RemoteTokenPrompt(remote.name), given)

    def _run_test(self, session: Session, remote: RemoteConnection, token: str) -> None:
        from remotes_tui.ui.modals.remote_check_dialog import RemoteCheckModal

        health = self.health_of(session)
        known = health.replications_of(remote.id) if health is not None and health.known else None
        title = (
            f"Test {remote.name} on {session.server_label}" if self.many_servers else f"Test {remote.name}"
        )
        self.app.push_screen(RemoteCheckModal(title, saved_check(session, remote, token, known)))


def saved_check(
    session: Session, remote: RemoteConnection, token: str, replications: Sequence[ReplicationLike] | None
) -> Callable[[], Awaitable[RemoteCheck]]:
    """How the dialog makes its test: the remote's replications (listed now when the refresh had none), and
    the edge server's own client for its validation."""

    async def make() -> RemoteCheck:
        from remotes_tui.api.remote_check import RemoteCheck, RemoteTarget

        uses = replications
        if uses is None and session.org_id is not None:
            uses = await session.client.replications.list(session.org_id, remote_id=remote.id)
        return RemoteCheck(
            RemoteTarget.of_remote(remote, token), replications=uses or (), edge=session.client
        )

    return make
