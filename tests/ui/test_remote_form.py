"""The create/edit form, driven with Pilot over real loopback HTTP against the bundled server."""

from __future__ import annotations

import functools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static, Switch

from remotes_tui.api import (
    ConnectionSettings,
    InfluxClient,
    RemoteConnection,
    ReplicationCreationRequest,
    creation_request,
    update_request,
)
from remotes_tui.api.errors import ApiError
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.ui.modals.confirm import ConfirmModal
from remotes_tui.ui.modals.form_fields import FormValues, build_request
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from tests.support import forms
from tests.support.modal_app import ModalApp
from tests.support.servers import settings_for
from tests.support.snapshots import SecretFreeSnapshot
from tests.support.waiting import wait_until

ORG_ID_OF_REMOTE = "0a1b2c3d4e5f6789"
SNAPSHOT_TOKEN = "snapshot-token-s3cr3t-value"


class ModalHarness(ModalApp[RemoteConnection]):
    """The form alone: what it was dismissed with, and every toast."""

    modal: RemoteFormModal

    def __init__(self, modal: RemoteFormModal) -> None:
        super().__init__(modal)
        self.toasts: list[tuple[str, str]] = []

    def notify(self, message: str, *, severity: Any = "information", **kwargs: Any) -> None:
        self.toasts.append((str(message), str(severity)))
        super().notify(message, severity=severity, **kwargs)


class FailingTokenStore(MemoryTokenStore):
    """A token store whose writes fail the way a missing keyring does, quoting the token it was given."""

    def set(self, key: str, token: str) -> None:
        raise RuntimeError(f"No recommended backend was available (while storing {token})")


class RequestLog:
    """Every request the client sends, captured with an httpx event hook (method, path, JSON body)."""

    def __init__(self, client: InfluxClient) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        hooks = client.http.event_hooks
        hooks["request"].append(self._record)
        client.http.event_hooks = hooks

    async def _record(self, request: httpx.Request) -> None:
        body = json.loads(request.content) if request.content else None
        self.requests.append((request.method, request.url.path, body))

    def sent(self, method: str) -> list[tuple[str, str, Any]]:
        return [entry for entry in self.requests if entry[0] == method]


# -- helpers ---------------------------------------------------------------------------------------------


def form_of(app: App[Any]) -> RemoteFormModal:
    screen = app.screen
    assert isinstance(screen, RemoteFormModal), f"expected the form on top, got {screen!r}"
    return screen


async def type_into(pilot: Pilot[Any], selector: str, text: str) -> None:
    """Focus a field, clear it with keys, and paste `text` into it (as a terminal's bracketed paste does).

    Pasting is what users do with URLs and tokens, and it is much quicker than one Pilot key press per character.
    """
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.press("end", "ctrl+u")
    if text:
        field.post_message(events.Paste(text))
    await pilot.pause()


def value_of(app: App[Any], key: str) -> str:
    """The value of the top screen's input `key`."""
    return forms.value_of(app.screen, key)


def error_of(app: App[Any], key: str) -> str:
    """The red line under the top screen's field `key`, or "" when hidden."""
    return forms.shown(app.screen, f"#error-{key}")


def form_error(app: App[Any]) -> str:
    """The sentence above the top screen's fields, or "" when hidden."""
    return forms.shown(app.screen, "#form-error")


async def fill_new_remote(
    pilot: Pilot[Any], *, name: str, url: str, token: str, description: str = "", org: str = ""
) -> None:
    await type_into(pilot, "#input-name", name)
    if description:
        await type_into(pilot, "#input-description", description)
    await type_into(pilot, "#input-remote_url", url)
    await type_into(pilot, "#input-remote_api_token", token)
    if org:
        await type_into(pilot, "#input-remote_org_id", org)


def new_form(client: InfluxClient, server: DevServer, store: MemoryTokenStore | None = None) -> ModalHarness:
    return ModalHarness(RemoteFormModal(client, server.org_id, token_store=store or MemoryTokenStore()))


@asynccontextmanager
async def form_open(
    client: InfluxClient,
    server: DevServer,
    store: MemoryTokenStore | None = None,
    *,
    remote: RemoteConnection | None = None,
    size: tuple[int, int] = (100, 40),
) -> AsyncIterator[tuple[ModalHarness, Pilot[Any]]]:
    """The new-remote form (`new_form`), or with `remote` its edit form (`edit_form`), alone at `size`."""
    if remote is None:
        app = new_form(client, server, store)
    else:
        app = edit_form(client, server, remote, store or MemoryTokenStore())
    async with app.run_test(size=size) as pilot:
        yield app, pilot


async def make_remote(client: InfluxClient, server: DevServer, **overrides: Any) -> RemoteConnection:
    values: dict[str, Any] = {
        "org_id": server.org_id,
        "name": "central",
        "remote_url": "https://central.example.com:8086",
        "remote_api_token": "original-token",
        "description": "the central instance",
        "remote_org_id": ORG_ID_OF_REMOTE,
    }
    values.update(overrides)
    return await client.remotes.create(creation_request(**values))


# -- create ----------------------------------------------------------------------------------------------


async def test_create_valid_remote_saves_it_and_keeps_the_token(
    client: InfluxClient, devserver: DevServer
) -> None:
    store = MemoryTokenStore()
    async with form_open(client, devserver, store) as (app, pilot):
        await fill_new_remote(
            pilot,
            name="central-eu",
            description="EU aggregation",
            url="https://central.example.com:8086",
            token="tok-central-123",
            org=ORG_ID_OF_REMOTE,
        )
        app.screen.query_one("#input-allow_insecure_tls", Switch).value = True
        await pilot.press("ctrl+s")
        await wait_until(lambda: bool(app.results))

    saved = app.results[0]
    assert saved is not None and saved.name == "central-eu"
    on_server = await client.remotes.list(devserver.org_id)
    assert [
        (r.name, r.description, r.remote_url, r.remote_org_id, r.allow_insecure_tls) for r in on_server
    ] == [("central-eu", "EU aggregation", "https://central.example.com:8086", ORG_ID_OF_REMOTE, True)]
    assert on_server[0].id == saved.id
    assert store.get(remote_key(devserver.url, saved.id)) == "tok-central-123"


async def test_enter_moves_to_the_next_field_and_saves_from_the_last(
    client: InfluxClient, devserver: DevServer
) -> None:
    async with form_open(client, devserver) as (app, pilot):
        await pilot.pause()
        assert app.focused is app.screen.query_one("#input-name")
        await pilot.press(*"edge-1", "enter")
        assert app.focused is app.screen.query_one("#input-description")
        await pilot.press("enter", *"http://127.0.0.1:9999", "enter", *"tok", "enter")
        assert app.focused is app.screen.query_one("#input-remote_org_id")
        await pilot.press("enter")
        await wait_until(lambda: bool(app.results))
    assert app.results[0] is not None and app.results[0].remote_url == "http://127.0.0.1:9999"


async def test_every_tab_stop_is_a_field_or_a_button(client: InfluxClient, devserver: DevServer) -> None:
    """Tab from the last button comes back to the first field, with no stop on a box nobody can see focused."""
    async with form_open(client, devserver) as (app, pilot):
        await pilot.pause()
        stops = []
        for _ in range(12):
            await pilot.press("tab")
            stops.append(app.focused)
        assert all(isinstance(stop, Input | Switch | Button) for stop in stops), stops
        assert app.screen.query_one("#input-name") in stops


async def test_invalid_input_shows_each_field_error_and_sends_nothing(
    client: InfluxClient, devserver: DevServer
) -> None:
    log = RequestLog(client)
    async with form_open(client, devserver) as (app, pilot):
        await type_into(pilot, "#input-name", "   ")
        await type_into(pilot, "#input-remote_url", "ftp://x")
        await type_into(pilot, "#input-remote_org_id", "not-an-id")
        await pilot.press("ctrl+s")
        await pilot.pause()

        forms.assert_field_errors(
            app.screen,
            name="Name must not be blank",
            remote_url="must start with http:// or https://",
            remote_api_token="Remote API token is required",
            remote_org_id="Remote org ID 'not-an-id' is not valid",
            description="",
        )
        assert "fix the fields" in form_error(app)
        # Values stay as typed, the form stays open, and the first bad field has the focus.
        assert (value_of(app, "name"), value_of(app, "remote_url"), value_of(app, "remote_org_id")) == (
            "   ",
            "ftp://x",
            "not-an-id",
        )
        assert app.results == []
        assert app.focused is app.screen.query_one("#input-name")

        # Fixing a field clears its error as the user types.
        await type_into(pilot, "#input-remote_url", "https://ok.example.com")
        assert error_of(app, "remote_url") == ""
        assert "Name must not be blank" in error_of(app, "name")

    assert log.requests == []
    assert await client.remotes.list(devserver.org_id) == []


async def test_a_fresh_form_shows_no_errors_until_a_field_is_edited_and_left(
    client: InfluxClient, devserver: DevServer
) -> None:
    async with form_open(client, devserver) as (app, pilot):
        # Tabbing through untouched fields does not turn them red.
        await pilot.press("tab", "tab")
        assert all(error_of(app, key) == "" for key in ("name", "description", "remote_url"))

        await type_into(pilot, "#input-remote_url", "ftp://x")
        assert error_of(app, "remote_url") == ""  # still typing: not touched yet
        await type_into(pilot, "#input-remote_org_id", "")  # leave the URL field
        assert "must start with http:// or https://" in error_of(app, "remote_url")
        assert error_of(app, "name") == ""
        # Now touched: the error follows each key press.
        await type_into(pilot, "#input-remote_url", "http://ok")
        assert error_of(app, "remote_url") == ""
        await pilot.press("ctrl+u", *"http://")
        assert "must include a host name" in error_of(app, "remote_url")


async def test_duplicate_name_is_shown_under_the_name_and_fixing_it_saves(
    client: InfluxClient, devserver: DevServer
) -> None:
    await make_remote(client, devserver, name="central")
    async with form_open(client, devserver) as (app, pilot):
        await fill_new_remote(pilot, name="central", url="https://other.example.com", token="tok-2")
        await pilot.press("ctrl+s")
        await wait_until(lambda: error_of(app, "name") != "")

        assert "already exists" in error_of(app, "name")
        assert app.results == []
        assert (value_of(app, "name"), value_of(app, "remote_url"), value_of(app, "remote_api_token")) == (
            "central",
            "https://other.example.com",
            "tok-2",
        )
        assert not app.screen.query_one("#form-save", Button).disabled

        await type_into(pilot, "#input-name", "central-2")
        assert error_of(app, "name") == ""
        await pilot.press("ctrl+s")
        await wait_until(lambda: bool(app.results))

    assert app.results[0] is not None and app.results[0].name == "central-2"
    assert sorted(r.name for r in await client.remotes.list(devserver.org_id)) == ["central", "central-2"]


async def test_a_rejected_token_is_shown_in_the_form_and_the_values_stay(devserver: DevServer) -> None:
    async with (
        InfluxClient(settings_for(devserver, token="not-the-operator-token")) as bad_client,
        form_open(bad_client, devserver) as (app, pilot),
    ):
        await fill_new_remote(pilot, name="edge", url="https://c.example.com", token="tok-9")
        await pilot.press("ctrl+s")
        await wait_until(lambda: form_error(app) != "")
        assert "rejected the token" in form_error(app)
        assert "tok-9" not in form_error(app)
        assert value_of(app, "name") == "edge" and value_of(app, "remote_api_token") == "tok-9"
        assert app.results == []


async def test_connection_refused_is_shown_in_the_form() -> None:
    with DevServer(port=0) as server:
        url, org_id = server.url, server.org_id
    async with InfluxClient(ConnectionSettings(url=url, token="t", org_id=org_id)) as gone:
        app = ModalHarness(RemoteFormModal(gone, org_id, token_store=MemoryTokenStore()))
        async with app.run_test(size=(100, 40)) as pilot:
            await fill_new_remote(pilot, name="edge", url="https://c.example.com", token="tok")
            await pilot.press("ctrl+s")
            await wait_until(lambda: form_error(app) != "")
            message = form_error(app)
            # The service layer's sentence: "Connection refused by URL. Check that InfluxDB is running..."
            # (or "Could not connect to URL ..." where the OS does not say "refused").
            assert url in message and ("refused" in message or "Could not connect" in message), message
            assert value_of(app, "name") == "edge"
            assert not app.screen.query_one("#form-save", Button).disabled


async def test_double_ctrl_s_sends_one_request(client: InfluxClient, devserver: DevServer) -> None:
    log = RequestLog(client)
    async with form_open(client, devserver) as (app, pilot):
        await fill_new_remote(pilot, name="once", url="https://c.example.com", token="tok")
        with devserver.hold("/api/v2/remotes") as held:
            await pilot.press("ctrl+s")
            assert await held.wait_held_async()
            assert app.screen.query_one("#form-save", Button).disabled
            assert form_of(app).saving
            await pilot.press("ctrl+s")
            await pilot.click("#form-save")
        await wait_until(lambda: bool(app.results))
    assert len(log.sent("POST")) == 1
    assert [r.name for r in await client.remotes.list(devserver.org_id)] == ["once"]


async def test_escape_and_cancel_wait_while_a_save_is_in_flight(
    client: InfluxClient, devserver: DevServer
) -> None:
    """A slow create cannot be cut short: the remote is made, the form closes with it, the token is kept."""
    store = MemoryTokenStore()
    async with form_open(client, devserver, store) as (app, pilot):
        await fill_new_remote(pilot, name="slow", url="https://c.example.com", token="tok-slow-save")
        with devserver.hold("/api/v2/remotes") as held:
            await pilot.press("ctrl+s")
            assert await held.wait_held_async()
            await pilot.pause()
            assert form_of(app).saving
            assert str(app.screen.query_one("#form-save", Button).label) == "Saving…"
            assert app.screen.query_one("#form-cancel", Button).disabled
            await pilot.press("escape")
            await pilot.pause()
            # No "Discard your changes?" over a save the server is already doing.
            assert isinstance(app.screen, RemoteFormModal), app.screen
            await pilot.press("escape")
            await pilot.click("#form-cancel")
            await pilot.pause()
            assert isinstance(app.screen, RemoteFormModal) and app.results == []
            assert any("Saving…" in text for text, _severity in app.toasts)
        await wait_until(lambda: bool(app.results))
    saved = app.results[0]
    assert saved is not None and saved.name == "slow"
    assert [r.id for r in await client.remotes.list(devserver.org_id)] == [saved.id]
    assert store.get(remote_key(devserver.url, saved.id)) == "tok-slow-save"


async def test_after_a_failed_save_escape_works_again(client: InfluxClient, devserver: DevServer) -> None:
    await make_remote(client, devserver, name="taken")
    async with form_open(client, devserver) as (app, pilot):
        await fill_new_remote(pilot, name="taken", url="https://c.example.com", token="tok")
        await pilot.press("ctrl+s")
        await wait_until(lambda: error_of(app, "name") != "")
        assert not form_of(app).saving
        assert not app.screen.query_one("#form-cancel", Button).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)


async def test_a_token_store_failure_warns_but_the_save_succeeds(
    client: InfluxClient, devserver: DevServer
) -> None:
    async with form_open(client, devserver, FailingTokenStore()) as (app, pilot):
        await fill_new_remote(pilot, name="edge", url="https://c.example.com", token="tok-leaky-777")
        await pilot.press("ctrl+s")
        await wait_until(lambda: bool(app.results))
    assert app.results[0] is not None and app.results[0].name == "edge"
    warnings = [text for text, severity in app.toasts if severity == "warning"]
    assert len(warnings) == 1
    assert warnings[0].startswith("Saved the remote, but could not keep its token in the keyring:")
    assert "tok-leaky-777" not in warnings[0]


async def test_a_bug_in_the_save_is_said_in_words_and_the_input_stays(
    client: InfluxClient, devserver: DevServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure that is no server answer (a bug) reaches the user as one sentence, never a traceback."""

    async def broken_create(request: object) -> RemoteConnection:
        raise RuntimeError("a bug holding tok-secret-555")

    monkeypatch.setattr(client.remotes, "create", broken_create)
    app = new_form(client, devserver)
    async with app.run_test(size=(100, 40)) as pilot:
        await fill_new_remote(pilot, name="edge", url="https://c.example.com", token="tok-secret-555")
        await pilot.press("ctrl+s")
        await wait_until(lambda: form_error(app) != "")
        assert form_error(app) == "Saving failed unexpectedly (RuntimeError). Your input is kept; try again."
        assert app.screen.query_one("#input-name", Input).value == "edge"
        assert app.screen.query_one("#input-remote_api_token", Input).value == "tok-secret-555"
        assert not form_of(app).saving
        assert not app.screen.query_one("#form-save", Button).disabled
    assert app.results == []


# -- the token field ---------------------------------------------------------------------------------------


async def test_show_toggle_flips_the_masking(client: InfluxClient, devserver: DevServer) -> None:
    async with form_open(client, devserver) as (app, pilot):
        token = app.screen.query_one("#input-remote_api_token", Input)
        await type_into(pilot, "#input-remote_api_token", "visible-or-not")
        assert token.password is True
        await pilot.press("ctrl+t")
        assert token.password is False
        assert str(app.screen.query_one("#toggle-token", Button).label) == "Hide"
        await pilot.click("#toggle-token")
        assert token.password is True
        assert str(app.screen.query_one("#toggle-token", Button).label) == "Show"


async def test_use_the_saved_token_appears_only_when_one_is_saved(
    client: InfluxClient, devserver: DevServer
) -> None:
    with_token = await make_remote(client, devserver, name="with-token")
    without_token = await make_remote(client, devserver, name="without-token")
    store = MemoryTokenStore()
    store.set(remote_key(devserver.url, with_token.id), "kept-in-keyring")

    for remote, expected in ((without_token, False), (with_token, True)):
        modal = RemoteFormModal(client, devserver.org_id, original=remote, token_store=store)
        app = ModalHarness(modal)
        async with app.run_test(size=(100, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            button = app.screen.query_one("#use-saved-token", Button)
            assert button.display is expected
            if expected:
                await pilot.click("#use-saved-token")
                token = app.screen.query_one("#input-remote_api_token", Input)
                assert token.value == "kept-in-keyring"
                assert token.password is True


# -- edit ------------------------------------------------------------------------------------------------


def edit_form(
    client: InfluxClient, server: DevServer, remote: RemoteConnection, store: MemoryTokenStore
) -> ModalHarness:
    return ModalHarness(RemoteFormModal(client, server.org_id, original=remote, token_store=store))


async def test_edit_opens_with_the_current_values_and_patches_only_the_description(
    client: InfluxClient, devserver: DevServer
) -> None:
    remote = await make_remote(client, devserver, allow_insecure_tls=True)
    log = RequestLog(client)
    async with form_open(client, devserver, MemoryTokenStore(), remote=remote) as (app, pilot):
        assert str(app.screen.query_one("#form-title", Static).render()) == "Edit remote connection central"
        assert [value_of(app, key) for key in ("name", "description", "remote_url", "remote_org_id")] == [
            "central",
            "the central instance",
            "https://central.example.com:8086",
            ORG_ID_OF_REMOTE,
        ]
        assert value_of(app, "remote_api_token") == ""
        assert (
            "leave empty to keep the current token"
            in str(app.screen.query_one("#hint-remote_api_token", Static).render()).lower()
        )
        assert app.screen.query_one("#input-allow_insecure_tls", Switch).value is True

        await type_into(pilot, "#input-description", "now in Frankfurt")
        await pilot.press("ctrl+s")
        await wait_until(lambda: bool(app.results))

    patches = log.sent("PATCH")
    assert patches == [("PATCH", f"/api/v2/remotes/{remote.id}", {"description": "now in Frankfurt"})]
    after = await client.remotes.get(remote.id)
    assert after.model_dump(exclude={"description"}) == remote.model_dump(exclude={"description"})
    assert after.description == "now in Frankfurt"
    assert app.results == [after]


def stored_central(**fields: object) -> RemoteConnection:
    """The remote "central" as the server returns it, with `fields` (by their JSON names) added."""
    return RemoteConnection.model_validate(
        {
            "id": "1111111111111111",
            "name": "central",
            "orgID": "2222222222222222",
            "remoteURL": "https://c.example.com",
            "remoteOrgID": ORG_ID_OF_REMOTE,
            **fields,
        }
    )


def test_update_request_holds_only_the_changed_fields() -> None:
    original = stored_central(description="d", allowInsecureTLS=False)
    # Every field as the form sends it; the token left blank. Only the description and the TLS switch vary.
    edit = functools.partial(
        update_request,
        original,
        name="central",
        remote_url="https://c.example.com",
        remote_api_token="",
        remote_org_id=ORG_ID_OF_REMOTE,
    )
    unchanged = edit(description="d", allow_insecure_tls=False)
    assert unchanged.is_empty()
    changed = edit(description="new", allow_insecure_tls=True)
    assert changed.to_wire() == {"description": "new", "allowInsecureTLS": True}


def test_build_request_for_an_edit_keeps_a_blank_token_and_refuses_clearing_the_org_id() -> None:
    original = stored_central()
    values = FormValues.from_remote(original)
    request, errors = build_request(values, org_id=original.org_id, original=original)
    assert errors == {} and request is not None and request.to_wire() == {}
    cleared = FormValues(name="central", remote_url="https://c.example.com", remote_org_id="")
    request, errors = build_request(cleared, org_id=original.org_id, original=original)
    assert request is None and "cannot be cleared" in errors["remote_org_id"]


async def _replication_to(
    client: InfluxClient, local: DevServer, remote: RemoteConnection, target: DevServer
) -> str:
    replication = await client.replications.create(
        ReplicationCreationRequest.model_validate(
            {
                "name": "to-central",
                "orgID": local.org_id,
                "remoteID": remote.id,
                "localBucketID": local.bucket_id,
                "remoteBucketName": target.bucket_name,
            }
        )
    )
    return replication.id


async def test_a_blank_token_keeps_the_old_one_and_a_typed_token_replaces_it(
    client: InfluxClient, devserver: DevServer, target_server: DevServer
) -> None:
    remote = await make_remote(
        client,
        devserver,
        remote_url=target_server.url,
        remote_api_token=target_server.token,
        remote_org_id=target_server.org_id,
    )
    replication_id = await _replication_to(client, devserver, remote, target_server)
    await client.replications.validate(replication_id)  # the token works to begin with
    store = MemoryTokenStore()
    store.set(remote_key(devserver.url, remote.id), target_server.token)

    # An edit with the token left empty keeps the token: the replication still validates.
    async with form_open(client, devserver, store, remote=remote) as (app, pilot):
        await type_into(pilot, "#input-description", "edited")
        await pilot.press("ctrl+s")
        await wait_until(lambda: bool(app.results))
    await client.replications.validate(replication_id)
    assert store.get(remote_key(devserver.url, remote.id)) == target_server.token

    # Typing a new token replaces it on the server (validation now fails) and in the store.
    edited = app.results[0]
    assert edited is not None
    async with form_open(client, devserver, store, remote=edited) as (app, pilot):
        await type_into(pilot, "#input-remote_api_token", "a-wrong-token")
        await pilot.press("ctrl+s")
        await wait_until(lambda: bool(app.results))
    with pytest.raises(ApiError):
        await client.replications.validate(replication_id)
    assert store.get(remote_key(devserver.url, remote.id)) == "a-wrong-token"


async def test_at_80x24_the_fields_scroll_and_the_buttons_stay_visible(
    client: InfluxClient, devserver: DevServer
) -> None:
    async with form_open(client, devserver, size=(80, 24)) as (app, pilot):
        await pilot.press("ctrl+s")  # every error line shown: the tallest the form gets
        await pilot.pause()
        screen = app.screen.region
        for selector in ("#form-title", "#form-save", "#form-cancel"):
            assert screen.contains_region(app.screen.query_one(selector).region), selector
        fields = app.screen.query_one("#form-fields")
        assert fields.max_scroll_y > 0
        org_id = app.screen.query_one("#input-remote_org_id", Input)
        org_id.focus()
        await wait_until(lambda: fields.region.contains_region(org_id.region))


# -- cancelling ------------------------------------------------------------------------------------------


async def test_escape_on_a_clean_form_closes_it(client: InfluxClient, devserver: DevServer) -> None:
    async with form_open(client, devserver) as (app, pilot):
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_escape_on_a_dirty_form_asks_first(client: InfluxClient, devserver: DevServer) -> None:
    async with form_open(client, devserver) as (app, pilot):
        await type_into(pilot, "#input-name", "half-typed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "Discard your changes?" in str(app.screen.query_one("#confirm-message", Static).render())
        assert app.focused is app.screen.query_one("#confirm-cancel")

        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert value_of(app, "name") == "half-typed"
        assert app.results == []

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await pilot.pause()
        assert app.results == [None]


async def test_an_edit_form_is_clean_until_something_changes(
    client: InfluxClient, devserver: DevServer
) -> None:
    remote = await make_remote(client, devserver)
    async with form_open(client, devserver, MemoryTokenStore(), remote=remote) as (app, pilot):
        assert not form_of(app).is_dirty
        app.screen.query_one("#input-allow_insecure_tls", Switch).value = True
        await pilot.pause()
        assert form_of(app).is_dirty
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)


# -- snapshots -------------------------------------------------------------------------------------------


def test_snapshot_form_with_validation_errors(snap_check: SecretFreeSnapshot, devserver: DevServer) -> None:
    """The new-remote form after ctrl+s with a blank name, an ftp:// URL and a bad remote org ID."""
    client = InfluxClient(settings_for(devserver))
    app = new_form(client, devserver)

    async def run_before(pilot: Pilot[Any]) -> None:
        await type_into(pilot, "#input-remote_url", "ftp://x")
        await type_into(pilot, "#input-remote_api_token", SNAPSHOT_TOKEN)
        await type_into(pilot, "#input-remote_org_id", "xyz")
        await pilot.press("ctrl+s")
        for field in app.screen.query(Input):
            field.cursor_blink = False
        assert SNAPSHOT_TOKEN not in app.export_screenshot()
        await client.aclose()  # in the app's own event loop

    snap_check(app, terminal_size=(100, 40), run_before=run_before, secrets=[SNAPSHOT_TOKEN, devserver.token])
