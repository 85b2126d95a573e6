"""The right-hand pane: every field of the highlighted remote, its saved token, and the replications using it.

The fields come from the table row at once, and so do the replications when the last refresh listed them
(`health`: one list per refresh, no request per remote); each shows its health, its queue as a gauge, the
last success this app saw and the error in full. The rest waits `DEBOUNCE` seconds in an exclusive worker, so
holding the down arrow cancels the previous row's lookups instead of sending one per row: then the token
lookup (a blocking keyring call) runs in a thread worker, and the replications load when the refresh had
none. A refresh of the same remote updates its cards in place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import LoadingIndicator, Static

from remotes_tui.tokens import TokenStore, remote_key
from remotes_tui.ui.widgets.field_list import Field, FieldList
from remotes_tui.ui.widgets.replication_card import CardDetails, ReplicationCard
from remotes_tui.ui.widgets.static_text import set_text

if TYPE_CHECKING:
    from remotes_tui.api import ApiError, RemoteConnection
    from remotes_tui.api.health import HealthIndex, ReplicationLike
    from remotes_tui.api.success_log import SuccessLog
    from remotes_tui.profiles.session import Session


def remote_fields(remote: RemoteConnection, saved_token_state: str) -> list[Field]:
    """Every field of a remote as display lines; the saved-token line says only whether one is stored."""
    insecure = remote.allow_insecure_tls
    return [
        Field("name", "Name", remote.name, "bold"),
        Field("id", "ID", remote.id),
        Field("org_id", "Org ID", remote.org_id),
        Field("description", "Description", remote.description or "—"),
        Field("remote_url", "Remote URL", remote.remote_url),
        Field("remote_org_id", "Remote org ID", remote.remote_org_id or "— (the remote's default org)"),
        Field(
            "allow_insecure_tls",
            "Insecure TLS",
            "yes: certificates are NOT verified" if insecure else "no",
            "bold $text-warning" if insecure else "",
        ),
        Field("token", "Saved token", saved_token_state),
    ]


def saved_token_text(has_token: bool | None, *, persistent: bool) -> str:
    """The "Saved token" line: whether a token is kept, and where (the keyring, or memory for this run)."""
    if has_token is None:
        return "unknown (the token store could not be read)"
    if not has_token:
        return "no"
    return "yes (in the OS keyring)" if persistent else "yes (this session only, in memory)"


class DetailPane(VerticalScroll):
    """Shows one remote; call `show_remote` whenever the table's highlight changes."""

    DEBOUNCE = 0.15
    """Seconds to wait after the highlight settles before asking the server for replications."""

    @dataclass
    class TokenChecked(Message):
        """Whether the token store holds an API token for a remote (None: the store could not be read).

        `persistent` says whether the store outlives this process (the OS keyring) or is memory only.
        """

        remote_id: str
        has_token: bool | None
        persistent: bool = True

    @dataclass
    class ReplicationsLoaded(Message):
        """The replications that use a remote, and the local bucket names when they were fetched."""

        session: Session
        remote_id: str
        replications: Sequence[ReplicationLike]
        bucket_names: dict[str, str] | None

    @dataclass
    class ReplicationsFailed(Message):
        """Listing a remote's replications failed."""

        session: Session
        remote_id: str
        error: ApiError

    def __init__(
        self, *, placeholder: str = "No remote selected.", id: str | None = None, classes: str | None = None
    ) -> None:
        """`placeholder` is what the pane says until the first remote is shown (e.g. "Loading…")."""
        super().__init__(id=id, classes=classes)
        self._initial_placeholder = placeholder
        self.session: Session | None = None
        self.remote: RemoteConnection | None = None
        self.replications: list[ReplicationLike] = []
        self.has_token: bool | None = None
        self._success_log: SuccessLog | None = None
        self._now: float | None = None
        self._empty: bool | None = None
        self._body_built = False

    def compose(self) -> ComposeResult:
        yield Static(self._initial_placeholder, id="detail-placeholder", markup=False)

    def _body(self) -> None:
        """The fields and the replications, built when first needed: the first frame shows only the
        placeholder, so it does not pay for them."""
        if self._body_built or self._closing or self._pruning:
            return  # built already, or the app is closing (a mount would add nothing)
        self._body_built = True
        self.mount_all(
            [
                FieldList(id="detail-fields"),
                Static("Replications", id="replications-title", classes="section-title", markup=False),
                LoadingIndicator(id="replications-loading"),
                Static("", id="replications-message", markup=False),
                Vertical(id="replications-list"),
            ]
        )

    def on_mount(self) -> None:
        self.border_title = "Details"
        self._show_placeholder(self._initial_placeholder)

    # -- public API ----------------------------------------------------------------------------------

    @property
    def fields(self) -> FieldList:
        """The remote's fields (`fields.value("remote_url")` is what the pane shows)."""
        self._body()
        return self.query_one("#detail-fields", FieldList)

    def show_remote(
        self,
        session: Session,
        remote: RemoteConnection | None,
        *,
        health: HealthIndex | None = None,
        success_log: SuccessLog | None = None,
        now: float | None = None,
        quiet: bool = False,
    ) -> None:
        """Show `remote` (or the placeholder for None) and start loading its token state and replications.

        With `health` (the last refresh's replications) the cards show at once and nothing more is listed;
        `success_log` and `now` say how long ago each failing replication was last seen succeeding. `quiet`
        (an automatic refresh of the remote already shown) updates the cards and asks nothing else.
        """
        if self._closing or self._pruning or not self.is_attached:
            return  # a highlight that arrives while the app exits: the pane's children are going away
        same = remote is not None and self.remote is not None and remote.id == self.remote.id
        self.session = session
        self.remote = remote
        self._success_log, self._now = success_log, now
        if remote is None:
            self._show_placeholder("No remote selected.")
            return
        self._set_empty(False)
        fields = self.fields
        fields.set_fields(remote_fields(remote, fields.value("token") if same else "checking…"))
        known = health.replications_of(remote.id) if health is not None and health.known else None
        if known is not None:
            self.post_message(self.ReplicationsLoaded(session, remote.id, known, session.bucket_names))
            if quiet and same and (session.bucket_names is not None or not known):
                return
        elif not same:
            self._set_replications_loading()
        self._load_details(session, remote.id, known)

    def clear(self, message: str = "No remote selected.") -> None:
        """Forget the remote (the list is loading, failed or empty) and cancel pending lookups."""
        self.remote = None
        self.workers.cancel_node(self)
        self._show_placeholder(message)

    # -- workers -------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="detail-token", exit_on_error=False)
    def _check_token(self, store: TokenStore, key: str, remote_id: str) -> None:
        persistent = True
        try:
            has_token: bool | None = store.get(key) is not None
            persistent = store.persistent
        except Exception:  # any keyring backend failure: say "unknown", never crash the pane
            has_token = None
        self.post_message(self.TokenChecked(remote_id, has_token, persistent))

    async def _debounce(self) -> None:
        """Wait `DEBOUNCE` seconds: a newer highlight cancels this worker meanwhile (tests gate it)."""
        await asyncio.sleep(self.DEBOUNCE)

    @work(exclusive=True, group="detail-replications", exit_on_error=False)
    async def _load_details(
        self, session: Session, remote_id: str, known: Sequence[ReplicationLike] | None = None
    ) -> None:
        """Once the highlight has settled: the saved-token state (a thread), the replications (unless
        `known` from the refresh) and, once per connection, the local bucket names."""
        from remotes_tui.api import ApiError

        await self._debounce()
        # After the debounce, also because opening the keyring (an import and D-Bus) would compete with
        # painting the table it belongs to.
        self._check_token(session.token_store, remote_key(session.server_url, remote_id), remote_id)
        org_id = session.org_id
        if org_id is None or session.closed:
            return
        if known is not None:
            replications: Sequence[ReplicationLike] = known
            if session.bucket_names is not None or not replications:
                return  # already shown with the names
        else:
            try:
                replications = await session.client.replications.list(org_id, remote_id=remote_id)
            except ApiError as error:
                self.post_message(self.ReplicationsFailed(session, remote_id, error))
                return
        names = session.bucket_names
        if names is None and replications:
            try:
                names = {bucket.id: bucket.name for bucket in await session.client.buckets.list(org_id)}
            except ApiError:
                names = None  # bucket names are a nicety: show the IDs instead
        self.post_message(self.ReplicationsLoaded(session, remote_id, replications, names))

    # -- handlers ------------------------------------------------------------------------------------

    @on(TokenChecked)
    def _token_checked(self, message: TokenChecked) -> None:
        if self.remote is None or message.remote_id != self.remote.id:
            return
        self.has_token = message.has_token
        self.fields.set_value("token", saved_token_text(message.has_token, persistent=message.persistent))

    @on(ReplicationsLoaded)
    async def _replications_loaded(self, message: ReplicationsLoaded) -> None:
        if not self._is_current(message.session, message.remote_id):
            return
        if message.bucket_names is not None:
            message.session.bucket_names = message.bucket_names
        names = message.session.bucket_names or {}
        self.replications = list(message.replications)
        self.query_one("#replications-loading").display = False
        listing = self.query_one("#replications-list", Vertical)
        log, now = self._success_log, self._now

        def details(replication: ReplicationLike) -> CardDetails:
            seen = log.last_success(replication.id) if log is not None else None
            return CardDetails(bucket_name=names.get(replication.local_bucket_id), last_success=seen, now=now)

        cards = list(listing.query_children(ReplicationCard))
        if [card.replication.id for card in cards] == [r.id for r in self.replications] and cards:
            for card, replication in zip(cards, self.replications, strict=True):
                card.update(replication, details(replication))  # a refresh: no remount, no flicker
        else:
            await listing.remove_children()
            if self.replications:
                await listing.mount_all(ReplicationCard(r, details(r)) for r in self.replications)
        failing = sum(1 for card in listing.query_children(ReplicationCard) if card.failing)
        title = f"Replications ({len(self.replications)})"
        if failing:
            title = f"Replications ({len(self.replications)}, {failing} failing)"
        set_text(self.query_one("#replications-title", Static), title, fixed_width=True)
        self._set_message("" if self.replications else "No replications use this remote.", error=False)

    @on(ReplicationsFailed)
    async def _replications_failed(self, message: ReplicationsFailed) -> None:
        if not self._is_current(message.session, message.remote_id):
            return
        self.replications = []
        self.query_one("#replications-loading").display = False
        await self.query_one("#replications-list", Vertical).remove_children()
        self._set_message(f"Could not load replications: {message.error}", error=True)

    # -- helpers -------------------------------------------------------------------------------------

    def _is_current(self, session: Session, remote_id: str) -> bool:
        return session is self.session and self.remote is not None and self.remote.id == remote_id

    def _set_empty(self, empty: bool) -> None:
        """Show either the placeholder or the fields and replications (display only: no restyle)."""
        if self._empty == empty:
            return
        self._empty = empty
        self.query_one("#detail-placeholder").display = empty
        if empty and not self._body_built:
            return
        self._body()
        if not self._body_built:
            return
        for selector in ("#detail-fields", "#replications-title", "#replications-list"):
            self.query_one(selector).display = not empty
        if empty:
            self.query_one("#replications-loading").display = False
            self.query_one("#replications-message").display = False

    def _show_placeholder(self, message: str) -> None:
        self._set_empty(True)
        self.query_one("#detail-placeholder", Static).update(message)
        self.replications = []
        self.has_token = None

    def _set_replications_loading(self) -> None:
        set_text(self.query_one("#replications-title", Static), "Replications", fixed_width=True)
        self.query_one("#replications-loading").display = True
        self.query_one("#replications-list", Vertical).remove_children()
        self._set_message("", error=False)

    def _set_message(self, text: str, *, error: bool) -> None:
        widget = self.query_one("#replications-message", Static)
        set_text(widget, text, fixed_width=True)
        widget.display = bool(text)
        widget.set_class(error, "-error")
