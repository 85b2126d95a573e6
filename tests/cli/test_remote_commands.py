"""`remotes-tui remote list|get|create|update|delete` over real HTTP against the bundled server, with the real
keyring: the influx CLI's flags, its table columns, `--json` parsed back, the exit codes, one-line errors."""

from __future__ import annotations

import json

import httpx
import keyring
import pytest

from remotes_tui.api import InfluxClient
from remotes_tui.cli.remote_commands import in_use_sentence
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import SERVICE, remote_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.cli.helpers import RemoteCli, stored_remote_token
from tests.support.keyring import ProfileCli, leak_token
from tests.support.servers import settings_for

COLUMNS = ["ID", "Name", "Org ID", "Remote URL", "Remote Org ID", "Allow Insecure TLS"]
REMOTE_ORG = "0a1b2c3d4e5f6789"


def create(remote_cli: RemoteCli, name: str, token: str, *extra: str) -> int:
    argv = ["create", "--name", name, "--remote-url", "https://central.example.com:8086/"]
    return remote_cli([*argv, "--remote-api-token-stdin", *extra], token + "\n")


def one_error_line(err: str, prog: str) -> str:
    assert err.count("\n") == 1, err
    assert err.startswith(f"{prog}: "), err
    assert "Traceback" not in err
    return err


def test_create_list_get_update_delete(
    real_keyring: KeyringTokenStore,
    devserver: DevServer,
    monkeypatch: pytest.MonkeyPatch,
    remote_cli: RemoteCli,
) -> None:
    remote_cli.use(devserver)
    token = leak_token("remote")
    assert (
        create(remote_cli, "central", token, "--remote-org-id", REMOTE_ORG.upper(), "-d", "main", "--json")
        == 0
    )
    captured = remote_cli.read()
    created = json.loads(captured.out)
    assert created == {
        "allowInsecureTLS": False,
        "description": "main",
        "id": created["id"],
        "name": "central",
        "orgID": devserver.org_id,
        "remoteOrgID": REMOTE_ORG,
        "remoteURL": "https://central.example.com:8086",
    }
    assert list(created) == sorted(created)  # the influx CLI's JSON: keys in order
    assert token not in captured.out + captured.err
    remote_id = created["id"]
    assert keyring.get_password(SERVICE, remote_key(devserver.url, remote_id)) == token
    assert stored_remote_token(devserver, remote_id) == token

    assert remote_cli(["list"]) == 0
    lines = remote_cli.read().out.splitlines()
    assert [cell.strip() for cell in lines[0].split("  ") if cell.strip()] == COLUMNS
    assert lines[1].split() == [
        remote_id,
        "central",
        devserver.org_id,
        "https://central.example.com:8086",
        REMOTE_ORG,
        "false",
    ]

    assert remote_cli(["ls", "--json", "--name", "central"]) == 0
    assert json.loads(remote_cli.read().out) == [created]
    assert remote_cli(["list", "--json", "--name", "other"]) == 0
    assert json.loads(remote_cli.read().out) == []
    assert remote_cli(["list", "--hide-headers"]) == 0
    assert remote_cli.read().out.split()[0] == remote_id

    assert remote_cli(["get", remote_id, "--json"]) == 0
    assert json.loads(remote_cli.read().out) == created

    new_token = leak_token("rotated")
    monkeypatch.setenv("REMOTES_TUI_REMOTE_API_TOKEN", new_token)
    argv = ["update", "--id", remote_id, "--description", "", "--allow-insecure-tls", "--json"]
    assert remote_cli(argv) == 0
    updated = json.loads(remote_cli.read().out)
    assert updated["allowInsecureTLS"] is True
    assert (
        updated.get("description", "") == ""
    )  # an empty description is sent (the influx CLI cannot blank it)
    assert keyring.get_password(SERVICE, remote_key(devserver.url, remote_id)) == new_token
    assert stored_remote_token(devserver, remote_id) == new_token
    monkeypatch.delenv("REMOTES_TUI_REMOTE_API_TOKEN")

    assert remote_cli(["update", remote_id, "--allow-insecure-tls=false", "--name", "central-eu"]) == 0
    row = remote_cli.read().out.splitlines()[1].split()
    assert row[1] == "central-eu" and row[-1] == "false"

    assert remote_cli(["delete", remote_id]) == 0
    lines = remote_cli.read().out.splitlines()
    assert lines[0].split()[-1] == "Deleted" and lines[1].split()[-1] == "true"
    assert keyring.get_password(SERVICE, remote_key(devserver.url, remote_id)) is None
    assert remote_cli(["get", remote_id]) == 3


def test_not_found_is_exit_code_3_and_one_sentence(
    devserver: DevServer, monkeypatch: pytest.MonkeyPatch, remote_cli: RemoteCli
) -> None:
    remote_cli.use(devserver)
    for argv in (
        ["get", "0a1b2c3d4e5f6789"],
        ["update", "0a1b2c3d4e5f6789", "-d", "x"],
        ["delete", "0a1b2c3d4e5f6789"],
    ):
        assert remote_cli(argv) == 3
        err = one_error_line(remote_cli.read().err, f"remotes-tui remote {argv[0]}")
        assert "not found" in err
    monkeypatch.setenv("INFLUX_ORG", "no-such-org")
    assert remote_cli(["list"]) == 3
    assert "No organization named 'no-such-org'" in one_error_line(
        remote_cli.read().err, "remotes-tui remote list"
    )


def test_the_server_refusing_is_exit_code_1(
    devserver: DevServer, monkeypatch: pytest.MonkeyPatch, remote_cli: RemoteCli
) -> None:
    remote_cli.use(devserver)
    monkeypatch.setenv("INFLUX_TOKEN", "leaktest-wrong-server-token")
    assert remote_cli(["list"]) == 1
    err = one_error_line(remote_cli.read().err, "remotes-tui remote list")
    assert "rejected the token" in err and "leaktest-wrong" not in err


def test_a_remote_in_use_is_refused_and_kept_unless_its_replications_go_first(
    demo_server: DevServer, remote_cli: RemoteCli
) -> None:
    remote_cli.use(demo_server)
    replications = httpx.get(
        f"{demo_server.url}/api/v2/replications",
        params={"orgID": demo_server.org_id},
        headers={"Authorization": f"Token {demo_server.token}"},
    ).json()["replications"]
    used = {"id": replications[0]["remoteID"]}
    assert remote_cli(["delete", used["id"]]) == 1
    err = one_error_line(remote_cli.read().err, "remotes-tui remote delete")
    users = [r["name"] for r in replications if r["remoteID"] == used["id"]]
    assert f"replications still use this remote ({', '.join(map(repr, users))}). Nothing was deleted." in err
    assert "run again with --delete-replications" in err
    assert remote_cli(["get", used["id"]]) == 0
    remote_cli.read()

    assert remote_cli(["delete", used["id"], "--delete-replications", "--json"]) == 0
    captured = remote_cli.read()
    assert json.loads(captured.out)["id"] == used["id"]
    assert "deleted replication" in captured.err
    assert remote_cli(["get", used["id"]]) == 3


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["create", "--name", "x", "--remote-url", "ftp://h"], "Remote URL must start with http://"),
        (["create", "--remote-url", "http://h"], "the following arguments are required: --name"),
        (["create", "--name", "x"], "the following arguments are required: --remote-url"),
        (["create", "--name", "x", "--remote-url", "http://h"], "No remote API token"),
        (["get", "xyz"], "Remote ID 'xyz' is not valid"),
        (["update", "--name", "y"], "Give the remote's ID once"),
        (["update", "0a1b2c3d4e5f6789", "--id", "0a1b2c3d4e5f6789"], "Give the remote's ID once"),
        (["list", "--org", "a", "--org-id", "0a1b2c3d4e5f6789"], "not allowed with"),
        (
            ["create", "--name", "x", "--remote-url", "http://h", "--allow-insecure-tls=maybe"],
            "is not true or false",
        ),
        (["frobnicate"], "invalid choice"),
        (
            ["import", "/nonexistent/file.json"],
            "Could not read /nonexistent/file.json: No such file or directory.",
        ),
        (["import", "/"], "Could not read /: Is a directory."),
        (
            ["export", "--output", "/nonexistent/x.json"],
            "Could not write /nonexistent/x.json: No such file or directory. Nothing was written.",
        ),
        (
            ["export", "--output", "/dev/null/x.json"],  # a "folder" that is a file
            "Could not write /dev/null/x.json: Not a directory. Nothing was written.",
        ),
    ],
)
def test_usage_mistakes_are_exit_code_2_and_one_sentence(
    argv: list[str], words: str, devserver: DevServer, remote_cli: RemoteCli
) -> None:
    remote_cli.use(devserver)
    code = remote_cli(argv)
    err = remote_cli.read().err
    assert words in err, err
    assert err.count("\n") == 1 and "Traceback" not in err and err.startswith("remotes-tui remote")
    assert code == 2


def test_no_server_given_is_a_usage_error(remote_cli: RemoteCli) -> None:
    assert remote_cli(["list"]) == 2
    assert "No server given" in one_error_line(remote_cli.read().err, "remotes-tui remote list")


def test_a_token_on_the_command_line_is_refused_and_not_repeated(
    devserver: DevServer, remote_cli: RemoteCli
) -> None:
    remote_cli.use(devserver)
    secret = leak_token("argv")
    for argv in (
        ["create", "--name", "x", "--remote-url", "http://h", "--remote-api-token", secret],
        ["create", "--name", "x", "--remote-url", "http://h", f"--remote-api-token={secret}"],
        ["list", "--token", secret],
        ["list", "-t", secret],
        ["list", "--remote-api-tokn", secret],  # a typo: argparse would list the value
    ):
        assert remote_cli(argv) == 2
        err = remote_cli.read().err
        assert secret not in err
        assert err.count("\n") == 1
    assert remote_cli(["list", "--json"]) == 0
    assert json.loads(remote_cli.read().out) == []  # nothing was created


def test_the_saved_profile_and_its_keyring_token_are_used(
    real_keyring: KeyringTokenStore, devserver: DevServer, profile_cli: ProfileCli, remote_cli: RemoteCli
) -> None:
    assert profile_cli.add("edge", devserver) == 0
    profile_cli.read()
    assert create(remote_cli, "via-profile", "remote-token-x", "--profile", "edge") == 0
    remote_cli.read()
    assert remote_cli(["list", "-p", "edge", "--json"]) == 0
    assert [remote["name"] for remote in json.loads(remote_cli.read().out)] == ["via-profile"]
    assert remote_cli(["list", "--json"]) == 0  # the active profile
    assert len(json.loads(remote_cli.read().out)) == 1


async def test_a_remote_still_in_use_after_its_replications_went_says_so(demo_server: DevServer) -> None:
    """A replication created between the listing and the delete of --delete-replications: the sentence must
    not say "nothing was deleted" nor offer the flag that was given."""
    async with InfluxClient(settings_for(demo_server)) as client:
        replications = await client.replications.list(demo_server.org_id)
        remote = await client.remotes.get(replications[0].remote_id)
        users = [r.name for r in replications if r.remote_id == remote.id]
        given = await in_use_sentence(client, remote, replications_deleted=True)
        plain = await in_use_sentence(client, remote, replications_deleted=False)
    named = f"({', '.join(map(repr, users))})"
    assert given == (
        f"the server refused: replications still use this remote {named}, created after the others were "
        "deleted. The remote was not deleted; run the same command again to delete them too."
    )
    assert "Nothing was deleted" in plain and "--delete-replications" in plain
