"""The leak test: run every token flow with recognisable tokens, then search the disk for them.

Flows: `profile add` (good and wrong token), list/show/use/remove, `import-influx`, a remote created and
deleted through the real app's form and delete dialog (its API token saved to and removed from the keyring),
connection resolution from a profile, the first-run app (good and wrong token), the profile switcher
(keyring token and a session-only token), and the no-keyring session path. Then no file under HOME (the
throwaway one of scripts/with-secret-service), the XDG config/data/state/cache folders of every test in this
session, the profile store's folder, this test's own tmp_path, the screenshots folder and the snapshot
folders may contain any token, plain or base64; no token may be in this process's command line or in the
argv of a child process it started; and the keyring file the daemon wrote must exist (the tokens really
went there, encrypted). Canaries prove the search can fail.
"""

from __future__ import annotations

import base64
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from textual.widgets import Input

from remotes_tui.api import InfluxClient
from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.profiles.resolve import ConnectionRequest, resolve_connection
from remotes_tui.tokens import SERVICE, LazyTokenStore, profile_key, remote_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from remotes_tui.ui.profile_screens import FirstRunApp, ProfileSwitcherModal, SessionTokenModal
from tests.support.app_actions import SIZE, create_remote, delete_remote
from tests.support.forms import fill, shown
from tests.support.keyring import fail_backend, leak_token
from tests.support.modal_app import ModalApp
from tests.support.waiting import wait_until

PROJECT = Path(__file__).resolve().parents[2]

CHILD_ARGVS: list[bytes] = []
"""The argv of every child process this test started, as passed to it."""
CHILD_PROC_ARGVS: list[bytes] = []
"""The same, as the kernel showed it in /proc/PID/cmdline while the child ran."""


def proc_cmdline(process: subprocess.Popen[str]) -> bytes:
    """The running child's argv as any user of the machine can read it; b"" if it ended first or no /proc."""
    deadline = time.monotonic() + 5
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            # Empty for a moment right after exec, until the kernel has set up the new program's arguments.
            if seen := Path(f"/proc/{process.pid}/cmdline").read_bytes():
                return seen
        time.sleep(0.005)
    return b""


def cli(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`remotes-tui profile ARGV` in a child process, the token (if any) on its stdin."""
    command = [sys.executable, "-m", "remotes_tui", "profile", *argv]
    CHILD_ARGVS.append("\0".join(command).encode())
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        # Popen returns once the child has exec'd; one reading a token from stdin is still waiting for it here.
        if seen := proc_cmdline(process):
            CHILD_PROC_ARGVS.append(seen)
        stdout, stderr = process.communicate(stdin, timeout=60)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def scanned_roots(extra: list[Path]) -> list[Path]:
    """Every place a token must never be written (`extra`: the test's own folders)."""
    test_home = Path(os.environ["REMOTES_TUI_TEST_HOME"])
    roots = [Path(os.environ["HOME"]), *sorted(test_home.parent.glob("home*")), PROJECT / "screenshots"]
    roots += extra
    roots += sorted(PROJECT.joinpath("tests").glob("**/__snapshots__"))
    roots += [path for path in (PROJECT / "snapshot_report.html",) if path.exists()]
    existing = {root.resolve() for root in roots if root.exists() and not root.is_symlink()}
    # A folder inside another scanned one (the profile store's, under a test home) is read once.
    return sorted(root for root in existing if not any(other in root.parents for other in existing))


def files_under(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def needles(tokens: list[str]) -> dict[bytes, str]:
    """Each token as bytes, plain and base64 (keyrings.alt's plaintext file stores base64)."""
    result: dict[bytes, str] = {}
    for token in tokens:
        result[token.encode()] = token
        result[base64.b64encode(token.encode())] = token
    return result


def search_disk(tokens: list[str], extra: list[Path]) -> tuple[list[str], int, list[Path]]:
    """(where a token was found, how many files were read, the folders searched)."""
    search = needles(tokens)
    found: list[str] = []
    scanned = 0
    roots = scanned_roots(extra)
    for root in roots:
        for path in files_under(root):
            scanned += 1
            data = path.read_bytes()
            found += [f"{path}: {label[:24]}…" for needle, label in search.items() if needle in data]
    return found, scanned, roots


def command_lines(tokens: list[str]) -> list[str]:
    """Where a token shows in this process's command line or a child's argv."""
    lines = [("/proc/self/cmdline", Path("/proc/self/cmdline").read_bytes())]
    lines += [(f"child argv {argv[:60]!r}", argv) for argv in CHILD_ARGVS + CHILD_PROC_ARGVS]
    return [
        f"{where}: {label[:24]}…"
        for where, data in lines
        for needle, label in needles(tokens).items()
        if needle in data
    ]


async def test_no_token_reaches_the_disk(
    real_keyring: KeyringTokenStore,
    profile_store: ProfileStore,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    used: list[str] = []
    CHILD_ARGVS.clear()
    CHILD_PROC_ARGVS.clear()

    def token(label: str) -> str:
        used.append(leak_token(label))
        return used[-1]

    edge_token, central_token = token("edge-server"), token("central-server")
    with (
        DevServer(port=0, token=edge_token, org="plant") as edge,
        DevServer(port=0, token=central_token, org="central") as central,
    ):
        # -- the profile command: a wrong token, two good ones, list/show/use/remove. ------------------------
        wrong = cli(
            "add", "edge", "--host", edge.url, "--org", "plant", "--token-stdin", stdin=token("wrong")
        )
        assert wrong.returncode == 1 and "rejected the token" in wrong.stderr
        assert (
            cli(
                "add", "edge", "--host", edge.url, "--org", "plant", "--token-stdin", stdin=edge_token
            ).returncode
            == 0
        )
        added = cli(
            "add",
            "central",
            "--host",
            central.url,
            "--org-id",
            central.org_id,
            "--token-stdin",
            stdin=central_token,
        )
        assert added.returncode == 0, added.stderr
        for argv in (("list",), ("show", "central"), ("use", "central"), ("use", "edge")):
            done = cli(*argv)
            assert done.returncode == 0, done.stderr
            assert all(secret not in done.stdout + done.stderr for secret in used)
        assert keyring.get_password(SERVICE, "profile:central") == central_token

        # -- import the influx CLI's file (its tokens are in plain text by design: kept outside every scanned
        # folder, and the only file allowed to hold one).
        influx_token = token("influx")
        configs = tmp_path_factory.mktemp("influx-cli") / "configs"
        configs.write_text(f'[imported]\n  url = "{edge.url}"\n  token = "{influx_token}"\n  org = "plant"\n')
        imported = cli("import-influx", "--path", str(configs))
        assert imported.returncode == 0 and "Imported 1 profile" in imported.stdout
        assert keyring.get_password(SERVICE, "profile:imported") == influx_token
        assert cli("remove", "imported").returncode == 0

        # -- a remote's API token, through the real app: the form keeps it in the keyring, delete removes it. ----
        remote_token = token("remote-api")
        app = RemotesApp(
            Profile(name="edge", url=edge.url, org="plant").settings(edge_token),
            token_store=real_keyring,
            profile_name="edge",
        )
        async with app.run_test(size=SIZE) as app_pilot:
            remote = await create_remote(
                app_pilot, name="central", remote_url=central.url, token=remote_token
            )
            assert keyring.get_password(SERVICE, remote_key(edge.url, remote.id)) == remote_token
            await delete_remote(app_pilot, remote)
            assert keyring.get_password(SERVICE, remote_key(edge.url, remote.id)) is None
        async with InfluxClient(
            Profile(name="edge", url=edge.url, org="plant").settings(edge_token)
        ) as client:
            assert await client.remotes.list(await client.resolve_org_id()) == []

        # -- connection resolution from the active profile (token read from the keyring). ------------------------
        resolved = resolve_connection(
            ConnectionRequest(), env={}, profiles=profile_store, tokens=KeyringTokenStore
        )
        assert resolved.settings is not None and resolved.settings.token == edge_token

        # -- the first-run app: a wrong token first, then the right one. -------------------------------------
        first_run = FirstRunApp(
            profiles=ProfileStore(tmp_path / "first-run" / "profiles.toml"), tokens=real_keyring
        )
        async with first_run.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            fill(
                first_run.screen, name="first", url=central.url, org="central", token=token("first-run-wrong")
            )
            await pilot.press("ctrl+s")
            await wait_until(lambda: "rejected the token" in shown(first_run.screen, "#form-error"))
            fill(first_run.screen, token=central_token)
            await pilot.press("ctrl+s")
            await wait_until(lambda: first_run.return_value is not None)
        assert keyring.get_password(SERVICE, "profile:first") == central_token

        # -- the switcher: a keyring token, then a profile without one (session token). -----------------------
        profile_store.add(Profile(name="no-token", url=central.url, org="central"))
        session_token = token("session")
        switcher_app = ModalApp(ProfileSwitcherModal(profile_store, real_keyring))
        async with switcher_app.run_test(size=(100, 30)) as switcher_pilot:
            await wait_until(lambda: len(switcher_app.modal.profiles) == 3)
            await switcher_pilot.press("end", "enter")
            await wait_until(lambda: isinstance(switcher_app.screen, SessionTokenModal))
            switcher_app.screen.query_one("#session-token", Input).value = session_token
            await switcher_pilot.press("enter")
            await wait_until(lambda: len(switcher_app.results) == 1)
        choice = switcher_app.results[0]
        assert choice is not None and choice.settings.token == session_token
        assert keyring.get_password(SERVICE, "profile:no-token") is None  # session only

        # -- no usable keyring: the first-run app keeps the token for this session only. ----------------------
        with fail_backend():
            memory = LazyTokenStore()
            offline = FirstRunApp(
                profiles=ProfileStore(tmp_path / "offline" / "profiles.toml"), tokens=memory
            )
            async with offline.run_test(size=(80, 24)) as offline_pilot:
                await wait_until(lambda: bool(shown(offline.screen, "#keyring-warning")))
                fill(offline.screen, url=edge.url, org="plant", token=edge_token)
                await offline_pilot.press("ctrl+s")
                await wait_until(lambda: offline.return_value is not None)
            assert offline.return_value is not None and not offline.return_value.token_saved
            assert isinstance(memory.get(profile_key("default")), str)

    # -- the search. ---------------------------------------------------------------------------------------------
    keyring_files = list((Path(os.environ["HOME"]) / ".local" / "share" / "keyrings").glob("*.keyring"))
    assert keyring_files and all(path.stat().st_size > 0 for path in keyring_files), (
        "no keyring file was written"
    )
    extra = [tmp_path, profile_store.path.parent]
    assert profile_store.path.is_file()  # the profile store's folder really holds the profiles
    # The search itself must be able to fail: canaries written (base64 under the test's home, plain in this
    # test's tmp_path and in the profile store's folder) are found, and one in a child's argv too.
    canary = leak_token("canary")
    canary_files = [
        Path(os.environ["REMOTES_TUI_TEST_HOME"]) / ".local" / "state" / "canary",
        tmp_path / "canary",
        profile_store.path.parent / "canary",
    ]
    for number, canary_file in enumerate(canary_files):
        canary_file.parent.mkdir(parents=True, exist_ok=True)
        canary_file.write_bytes(base64.b64encode(canary.encode()) if number == 0 else canary.encode())
    assert sorted(search_disk([canary], extra)[0]) == sorted(
        f"{path.resolve()}: {canary[:24]}…" for path in canary_files
    )
    for canary_file in canary_files:
        canary_file.unlink()
    CHILD_ARGVS.append(f"remotes-tui\0--token\0{canary}".encode())
    assert len(command_lines([canary])) == 1
    CHILD_ARGVS.pop()

    # Every cli() call was recorded, and /proc was read for at least the three that waited for a token on stdin.
    assert len(CHILD_ARGVS) == 9 and len(CHILD_PROC_ARGVS) >= 3
    assert all(b"remotes_tui\0profile\0" in argv for argv in CHILD_PROC_ARGVS)
    assert command_lines(used) == [], "tokens found in a command line:\n" + "\n".join(command_lines(used))
    found, scanned, roots = search_disk(used, extra)
    assert scanned > 0
    assert found == [], "tokens found on disk:\n" + "\n".join(found)
    print(
        f"leak test: {len(used)} tokens, {scanned} files under {len(roots)} folders, none found"
    )  # -s shows it
    assert (tmp_path / "first-run" / "profiles.toml").is_file()  # the flows above really wrote files


@pytest.fixture(autouse=True)
def _child_processes_use_this_tests_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI runs in child processes: they inherit the isolated XDG folders and the private bus."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
