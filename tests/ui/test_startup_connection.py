"""The command line's way in: the window paints first, then resolves flags, profile and token in a thread.

Each app here gets what `remotes-tui` gives it (`connection_resolver` over the parsed command
line, the environment and a `LazyTokenStore`) and talks to a real bundled server over loopback HTTP. The slow keyring
is a `LazyTokenStore` whose opening waits for the test to release it, so nothing depends on timing.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from textual.widgets import Input

from remotes_tui.app import RemotesApp
from remotes_tui.cli.connect import KEYRING_PATIENCE, connection_resolver
from remotes_tui.cli.tui_command import build_parser
from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.tokens import LazyTokenStore, MemoryTokenStore, TokenStore, profile_key
from remotes_tui.ui.profile_screens.profile_form import ProfileFormScreen
from remotes_tui.ui.profile_screens.session_token import SessionTokenModal
from tests.support.forms import fill
from tests.support.servers import TEST_TOKEN
from tests.support.waiting import main_ready, wait_until

SIZE = (120, 36)


class HeldKeyring:
    """A keyring that answers only when the test says (`release`), like a locked or hung Secret Service."""

    def __init__(self, tokens: dict[str, str] | None = None) -> None:
        self.released = threading.Event()
        self.asked = threading.Event()
        self.tokens = tokens or {}

    def open(self) -> tuple[TokenStore, str | None]:
        self.asked.set()
        self.released.wait(timeout=60)
        store = MemoryTokenStore()
        for key, token in self.tokens.items():
            store.set(key, token)
        return store, None


@pytest.fixture
def held_keyring() -> Iterator[HeldKeyring]:
    keyring = HeldKeyring()
    yield keyring
    keyring.released.set()  # let the abandoned reader thread finish


async def token_prompt(app: RemotesApp) -> tuple[SessionTokenModal, str]:
    """The session-token prompt once it is on screen, and the reason it gives."""
    await wait_until(
        lambda: isinstance(app.screen, SessionTokenModal) and bool(app.screen.query("#session-token-reason"))
    )
    modal = app.screen
    assert isinstance(modal, SessionTokenModal)
    return modal, str(modal.query_one("#session-token-reason").render())  # type: ignore[attr-defined]


def cli_app(argv: list[str], tokens: TokenStore, env: dict[str, str], **kwargs: object) -> RemotesApp:
    """The app as `remotes-tui ARGV...` builds it."""
    args = build_parser().parse_args(argv)
    return RemotesApp(token_store=tokens, resolve=connection_resolver(args, env, tokens, **kwargs))  # type: ignore[arg-type]


async def test_the_window_shows_loading_while_the_keyring_is_read_and_says_when_it_does_not_answer(
    ui_demo_server: DevServer, profile_store: ProfileStore, held_keyring: HeldKeyring
) -> None:
    profile_store.add(Profile(name="edge", url=ui_demo_server.url, org_id=ui_demo_server.org_id))
    tokens = LazyTokenStore(opener=held_keyring.open)
    app = cli_app(["--profile", "edge"], tokens, {}, keyring_patience=0.5)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        # The window is up and says what it waits for, while the keyring has not answered.
        await wait_until(lambda: held_keyring.asked.is_set() and screen.loading_note != "")
        assert not held_keyring.released.is_set()
        assert screen.state == "loading" and screen.state_panel.display
        assert "Reading the token from the OS keyring…" in screen.state_panel.message

        # It gives up waiting and asks for a token for this session, saying why.
        modal, reason = await token_prompt(app)
        assert reason.startswith("The OS keyring is not answering")
        field = modal.query_one("#session-token", Input)
        assert field.password  # hidden input
        await pilot.press(*TEST_TOKEN, "enter")

        loaded = await main_ready(pilot)
        assert loaded.table.total_count == 8
        assert loaded.header.parts["profile"] == "profile edge"
        assert TEST_TOKEN not in loaded.header.text
        # Remote tokens too would wait on the keyring: they are kept in memory for this session.
        assert app.token_store is not tokens and not app.token_store.persistent


async def test_a_keyring_that_answers_in_time_gives_the_profiles_token(
    ui_demo_server: DevServer, profile_store: ProfileStore
) -> None:
    profile_store.add(Profile(name="edge", url=ui_demo_server.url, org_id=ui_demo_server.org_id))
    keyring = HeldKeyring({profile_key("edge"): TEST_TOKEN})
    keyring.released.set()
    tokens = LazyTokenStore(opener=keyring.open)
    app = cli_app(["--profile", "edge"], tokens, {}, keyring_patience=KEYRING_PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_ready(pilot)
        assert screen.table.total_count == 8 and app.token_store is tokens


async def test_host_and_org_without_a_token_ask_for_one_and_keep_it_in_memory(
    ui_demo_server: DevServer,
) -> None:
    """Issue 7, item 6: `remotes-tui --host URL --org ORG` with no INFLUX_TOKEN and no profile."""
    tokens = LazyTokenStore(opener=lambda: (MemoryTokenStore(), None))
    flags = ["--host", ui_demo_server.url, "--org", "demo-org"]
    app = cli_app(flags, tokens, {})
    async with app.run_test(size=SIZE) as pilot:
        modal, reason = await token_prompt(app)
        assert modal.query_one("#session-token", Input).password
        assert reason.startswith(f"No token was given for {ui_demo_server.url}")
        await pilot.press(*TEST_TOKEN, "enter")
        screen = await main_ready(pilot)
        assert screen.table.total_count == 8
        assert app.session is not None and app.session.settings.token == TEST_TOKEN
        assert repr(tokens) == "LazyTokenStore(MemoryTokenStore(0 tokens))"  # nothing was saved


async def test_a_cancelled_token_prompt_ends_with_the_reason(ui_demo_server: DevServer) -> None:
    flags = ["--host", ui_demo_server.url, "--org", "demo-org"]
    app = cli_app(flags, LazyTokenStore(opener=lambda: (MemoryTokenStore(), None)), {})
    async with app.run_test(size=SIZE) as pilot:
        await token_prompt(app)
        await pilot.press("escape")
        await wait_until(lambda: not app.is_running)
    assert app.return_code == 2
    assert app.startup_problem is not None and "INFLUX_TOKEN" in app.startup_problem


async def test_a_connection_that_cannot_be_resolved_ends_with_code_2_and_the_reason() -> None:
    tokens = LazyTokenStore(opener=lambda: (MemoryTokenStore(), None))
    app = cli_app(["--profile", "no-such-profile"], tokens, {})
    async with app.run_test(size=SIZE):
        await wait_until(lambda: not app.is_running)
    assert app.return_code == 2
    assert app.startup_problem is not None and "no-such-profile" in app.startup_problem


async def test_influx_token_in_the_environment_connects_without_asking(ui_demo_server: DevServer) -> None:
    tokens = LazyTokenStore(opener=lambda: (MemoryTokenStore(), None))
    flags = ["--host", ui_demo_server.url, "--org-id", ui_demo_server.org_id]
    app = cli_app(flags, tokens, {"INFLUX_TOKEN": TEST_TOKEN})
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_ready(pilot)
        assert screen.table.total_count == 8
        assert screen.header.parts["server"] == ui_demo_server.url


async def test_no_profile_no_flags_opens_the_first_run_form_over_the_window_and_connects(
    ui_demo_server: DevServer, profile_store: ProfileStore
) -> None:
    """First run inside the one app: the form saves a profile (token in the store), then the table loads."""
    tokens = LazyTokenStore(opener=lambda: (MemoryTokenStore(), None))
    app = cli_app([], tokens, {})
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            lambda: isinstance(app.screen, ProfileFormScreen) and bool(app.screen.query("#input-url"))
        )
        form = app.screen
        assert app.main_screen.state == "loading"  # the window is behind the form, waiting
        fill(form, url=ui_demo_server.url, org=ui_demo_server.org_name, token=TEST_TOKEN)
        await pilot.press("ctrl+s")
        screen = await main_ready(pilot)
        assert screen.table.total_count == 8
        assert screen.header.parts["profile"] == "profile default"
    assert profile_store.get("default").url == ui_demo_server.url
    assert tokens.get(profile_key("default")) == TEST_TOKEN


async def test_quitting_the_first_run_form_ends_the_app(profile_store: ProfileStore) -> None:
    app = cli_app([], LazyTokenStore(opener=lambda: (MemoryTokenStore(), None)), {})
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            lambda: isinstance(app.screen, ProfileFormScreen) and bool(app.screen.query("#input-url"))
        )
        await pilot.press("escape")
        await wait_until(lambda: not app.is_running)
    assert app.return_code == 0 and app.startup_problem is None
    assert profile_store.names() == []


async def test_a_resolver_that_fails_ends_the_app_with_a_sentence_not_a_hang() -> None:
    def broken(report: object) -> object:
        raise RuntimeError("boom with secret-token-123")

    app = RemotesApp(token_store=MemoryTokenStore(), resolve=broken)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE):
        await wait_until(lambda: not app.is_running)
    assert app.return_code == 2
    assert app.startup_problem == "Could not work out the connection (RuntimeError); please report this."


async def test_the_collector_is_paused_while_the_service_layer_loads_and_runs_again_after(
    ui_demo_server: DevServer, profile_store: ProfileStore, held_keyring: HeldKeyring
) -> None:
    """Start-up: no garbage collection during the resolve thread's imports, and the collector back on once done
    (left off, a long session would never free its cycles)."""
    assert gc.isenabled()
    profile_store.add(Profile(name="edge", url=ui_demo_server.url, org_id=ui_demo_server.org_id))
    held_keyring.tokens[profile_key("edge")] = TEST_TOKEN
    tokens = LazyTokenStore(opener=held_keyring.open)
    app = cli_app(["--profile", "edge"], tokens, {}, keyring_patience=600)  # never gives up first
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(held_keyring.asked.is_set)
        assert not gc.isenabled()  # the resolve thread is still working
        held_keyring.released.set()
        screen = await main_ready(pilot)
        assert screen.table.total_count == 8
        assert gc.isenabled()
