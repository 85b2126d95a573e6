"""`remotes-tui fleet add|list|remove` and `remotes-tui --fleet`: groups of saved profiles, and every bad
input refused in one sentence (exit code 2) before any window opens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from remotes_tui.cli.main import main
from remotes_tui.profiles import Profile, ProfileStore
from tests.support.in_process_cli import InProcessCli

REPO = Path(__file__).resolve().parents[2]


def run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "remotes_tui", *argv],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


class FleetCli(InProcessCli):
    """`remotes-tui fleet ...` run in this process, and what it printed (`read`)."""

    def __call__(self, *argv: str) -> int:
        return main(["fleet", *argv])


@pytest.fixture
def fleet(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> FleetCli:
    return FleetCli(monkeypatch, capsys)


@pytest.fixture
def three_profiles(profile_store: ProfileStore) -> ProfileStore:
    for name in ("edge-1", "edge-2", "edge-3"):
        profile_store.add(Profile(name=name, url=f"https://{name}.example.com:8086", org="plant"))
    return profile_store


def test_add_list_and_remove_a_group(three_profiles: ProfileStore, fleet: FleetCli) -> None:
    assert fleet("add", "plant-a", "edge-1", "edge-2") == 0
    assert fleet.read().out == (
        "Saved fleet group 'plant-a': edge-1, edge-2. Open it with `remotes-tui --fleet plant-a`.\n"
    )
    assert fleet("add", "plant-a", "edge-2", "edge-3") == 0
    assert fleet.read().out == "Added edge-3 to fleet group 'plant-a': edge-1, edge-2, edge-3.\n"
    three_profiles.remove("edge-3")
    assert fleet("list") == 0
    assert fleet.read().out == "plant-a  edge-1, edge-2, edge-3 (no such profile)\n"
    assert fleet("list", "--names") == 0
    assert fleet.read().out == "plant-a\n"
    assert fleet("remove", "plant-a", "edge-3") == 0
    assert fleet.read().out == "Took edge-3 out of fleet group 'plant-a': edge-1, edge-2.\n"
    assert fleet("rm", "plant-a") == 0
    assert fleet.read().out == "Removed fleet group 'plant-a' (its profiles are kept).\n"
    assert three_profiles.groups() == {} and three_profiles.names() == ["edge-1", "edge-2"]


def test_a_group_naming_an_unknown_profile_saves_nothing(
    three_profiles: ProfileStore, fleet: FleetCli
) -> None:
    assert fleet("add", "plant-a", "edge-1", "edge-9") == 2
    assert fleet.read().err == (
        "remotes-tui fleet add: There is no profile 'edge-9'; the saved profiles are: edge-1, edge-2, edge-3. "
        "Nothing was saved.\n"
    )
    assert three_profiles.groups() == {}
    assert fleet("remove", "nope") == 2
    assert "There is no fleet group named 'nope'" in fleet.read().err
    assert fleet("add", "plant-a") == 2
    assert "the following arguments are required: PROFILE" in fleet.read().err


def test_fleet_with_an_unknown_name_says_which_names_exist(
    three_profiles: ProfileStore, fleet: FleetCli
) -> None:
    fleet("add", "plant-a", "edge-1")
    result = run_cli("--fleet", "plant-b")
    assert result.returncode == 2
    assert result.stderr == (
        "remotes-tui: There is no profile or fleet group named 'plant-b'; the profiles are: edge-1, edge-2, "
        "edge-3; the groups are: plant-a.\n"
    )
    assert result.stdout == ""  # no window was opened


def test_fleet_of_a_group_whose_profile_is_gone_says_how_to_fix_it(
    three_profiles: ProfileStore, fleet: FleetCli
) -> None:
    fleet("add", "plant-a", "edge-1", "edge-2")
    three_profiles.remove("edge-2")
    result = run_cli("--fleet", "plant-a")
    assert result.returncode == 2
    assert result.stderr == (
        "remotes-tui: Fleet group 'plant-a' names profile 'edge-2', which does not exist: take it out with "
        "`remotes-tui fleet remove plant-a edge-2`, or save it again with `remotes-tui profile add`.\n"
    )


def test_an_empty_fleet_says_how_to_add_servers(profile_store: ProfileStore) -> None:
    result = run_cli("--fleet")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "remotes-tui: The fleet is empty: no profile is saved. Add each server with "
    )


def test_fleet_takes_no_server_flags() -> None:
    result = run_cli("--fleet", "--host", "http://localhost:8086")
    assert result.returncode == 2
    assert "--fleet opens saved profiles, each with its own server: leave out --host" in result.stderr
    demo = run_cli("--demo", "--fleet")
    assert demo.returncode == 2 and "--demo and --fleet do not go together" in demo.stderr
