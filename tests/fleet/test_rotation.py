"""Rotating one URL's remote token across a fleet, over real HTTP, with the real keyring: one server fails
half-way, the result says which remotes have the new token and which the old, and the retry finishes only
those. The proof is the central server itself: it accepts only the new token, and each edge's own
`validate` writes to it with the token the edge has stored."""

from __future__ import annotations

from remotes_tui.devserver import FaultConfig
from remotes_tui.fleet import RotationState, load_fleet, plan_rotation, rotate
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.support.fleet_servers import (
    CENTRAL_BUCKET,
    NEW_REMOTE_TOKEN,
    OLD_REMOTE_TOKEN,
    accept_only,
    add_remotes,
    down_server,
    fleet_server,
    free_port,
    make_central,
    running,
    validate_all,
)
from tests.support.servers import make_server

OTHER_URL = "https://elsewhere.example.com:8086"


async def test_a_rotation_that_fails_half_way_is_finished_by_the_retry(
    real_keyring: KeyringTokenStore,
) -> None:
    with running(make_central(), make_server(), make_server(), make_server()) as (central, e1, e2, e3):
        accept_only(central, OLD_REMOTE_TOKEN)
        org = central.org_id
        ours = {"url": central.url, "remote_org_id": org, "replicate_to": CENTRAL_BUCKET}
        r1 = await add_remotes(e1, ["central-a", "central-b"], **ours)
        await add_remotes(e1, ["elsewhere"], url=OTHER_URL)
        r2 = await add_remotes(e2, ["central"], **ours)
        r3 = await add_remotes(e3, ["central-1", "central-2"], **ours)
        assert set((await validate_all(e3)).values()) == {None}  # the old token works before

        servers = [
            fleet_server(name, dev, real_keyring) for name, dev in (("e1", e1), ("e2", e2), ("e3", e3))
        ]
        reports = await load_fleet(servers)
        plan = plan_rotation(central.url, reports)
        assert [(item.server.name, item.remote.name) for item in plan.items] == [
            ("e1", "central-a"),
            ("e1", "central-b"),
            ("e2", "central"),
            ("e3", "central-1"),
            ("e3", "central-2"),
        ]
        assert plan.unsearched == ()

        # e3 refuses the second PATCH: the server fails half-way through its remotes.
        e3.faults = FaultConfig(error_status=503, error_rate=1.0, paths=(f"/api/v2/remotes/{r3[1].id}",))
        accept_only(central, NEW_REMOTE_TOKEN, instead_of=OLD_REMOTE_TOKEN)
        await rotate(plan, NEW_REMOTE_TOKEN)
        states = {(item.server.name, item.remote.name): item.state for item in plan.items}
        assert states[("e3", "central-2")] is RotationState.FAILED
        assert [s for k, s in states.items() if k != ("e3", "central-2")] == [RotationState.DONE] * 4, [
            item.error for item in plan.items
        ]
        failed = plan.of(RotationState.FAILED)[0]
        assert failed.outcome.startswith("still the old token: ")
        assert plan.summary() == "4 of 5 remotes have the new token; 1 still has the old one."
        assert NEW_REMOTE_TOKEN not in repr(plan) and NEW_REMOTE_TOKEN not in (failed.error or "")

        # The central accepts only the new token: every edge's stored token is checked by a real write.
        assert set((await validate_all(e1)).values()) == {None}
        assert set((await validate_all(e2)).values()) == {None}
        e3_checks = await validate_all(e3)
        assert e3_checks["central-1-replication"] is None
        assert e3_checks["central-2-replication"] is not None  # still the old, now refused, token
        assert real_keyring.get(remote_key(e3.url, r3[1].id)) is None

        # The retry sends only the failed remote: e1 and e2 get no request at all.
        e3.faults = FaultConfig()
        with e1.hold("/api/v2/remotes") as e1_held, e2.hold("/api/v2/remotes") as e2_held:
            await rotate(plan, NEW_REMOTE_TOKEN)
            assert e1_held.total == 0 and e2_held.total == 0
        assert plan.complete and plan.runs == 2
        assert [item.attempts for item in plan.items] == [1, 1, 1, 1, 2]
        assert plan.summary() == "5 of 5 remotes have the new token."
        assert set((await validate_all(e3)).values()) == {None}

        for edge, remotes in ((e1, r1), (e2, r2), (e3, r3)):
            for remote in remotes:
                assert real_keyring.get(remote_key(edge.url, remote.id)) == NEW_REMOTE_TOKEN
        assert real_keyring.get(remote_key(e1.url, "0" * 16)) is None
        for server in servers:
            await server.aclose()


async def test_a_lost_answer_is_unknown_and_the_retry_sends_it_again() -> None:
    tokens = MemoryTokenStore()
    with running(make_server()) as (edge,):
        (remote,) = await add_remotes(edge, ["central"], url="https://central.example.com:8086")
        server = fleet_server("edge", edge, tokens)
        plan = plan_rotation("https://central.example.com:8086", await load_fleet([server]))
        edge.faults = FaultConfig(drop_rate=1.0, paths=(f"/api/v2/remotes/{remote.id}",))
        await rotate(plan, NEW_REMOTE_TOKEN)
        (item,) = plan.items
        assert item.state is RotationState.UNKNOWN
        assert item.outcome.startswith("unknown: the server may have the new token or the old one: ")
        assert tokens.get(item.token_key) is None
        edge.faults = FaultConfig()
        await rotate(plan, NEW_REMOTE_TOKEN)
        assert item.state is RotationState.DONE and item.attempts == 2
        assert tokens.get(item.token_key) == NEW_REMOTE_TOKEN
        await server.aclose()


async def test_a_token_the_store_refuses_is_saved_again_without_a_second_patch(no_keyring: None) -> None:
    refusing = KeyringTokenStore()  # the `fail` backend: every set raises KeyringUnavailableError
    with running(make_server()) as (edge,):
        await add_remotes(edge, ["central"], url="https://central.example.com:8086")
        server = fleet_server("edge", edge, refusing)
        plan = plan_rotation("https://central.example.com:8086", await load_fleet([server]))
        await rotate(plan, NEW_REMOTE_TOKEN)
        (item,) = plan.items
        assert item.state is RotationState.NOT_SAVED
        assert item.state.server_has_new_token
        assert item.outcome.startswith("new token on the server, but it could not be saved here: ")
        assert plan.summary() == "1 of 1 remote has the new token; 1 not saved in the token store."
        server.tokens = MemoryTokenStore()
        with edge.hold("/api/v2/remotes") as held:
            await rotate(plan, NEW_REMOTE_TOKEN)
            assert held.total == 0
        assert item.state is RotationState.DONE
        assert server.tokens.get(item.token_key) == NEW_REMOTE_TOKEN
        await server.aclose()


async def test_servers_that_did_not_load_are_named_as_not_searched() -> None:
    tokens = MemoryTokenStore()
    with running(make_server()) as (edge,):
        await add_remotes(edge, ["central"], url="https://central.example.com:8086")
        servers = [fleet_server("edge", edge, tokens), down_server("down", free_port(), tokens)]
        plan = plan_rotation("https://central.example.com:8086", await load_fleet(servers))
        assert [item.server.name for item in plan.items] == ["edge"]
        assert plan.unsearched == ("down",)
        for server in servers:
            await server.aclose()


async def test_a_read_only_servers_remotes_are_left_alone_and_named() -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server()) as (writable, guarded):
        await add_remotes(writable, ["central"], url="https://central.example.com:8086")
        await add_remotes(guarded, ["central"], url="https://central.example.com:8086")
        servers = [
            fleet_server("writable", writable, tokens),
            fleet_server("guarded", guarded, tokens, read_only=True),
        ]
        plan = plan_rotation("https://central.example.com:8086", await load_fleet(servers))
        assert [item.server.name for item in plan.items] == ["writable"]
        assert plan.read_only == ("guarded",)
        with guarded.hold("/api/v2/remotes/") as held:
            await rotate(plan, NEW_REMOTE_TOKEN)
            assert held.total == 0
        assert plan.complete
        for server in servers:
            await server.aclose()
