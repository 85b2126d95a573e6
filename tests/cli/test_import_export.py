"""`remotes-tui remote export` and `import` between two bundled servers, with the real keyring: the file never
holds a token, import finds each URL's token, a second run changes nothing, a failure half-way is reported and
the re-run finishes the job."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import keyring
import pytest

from remotes_tui.devserver import DevServer
from remotes_tui.tokens import SERVICE, remote_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.cli.helpers import run_remote, stored_remote_token, use_server
from tests.support.keyring import leak_token

CENTRAL = "https://central.example.com:8086"
BACKUP = "https://backup.example.com:8086"


def make_remotes(monkeypatch: pytest.MonkeyPatch, tokens: dict[str, str]) -> None:
    """Three remotes on the current server through `remote create` (which saves each token in the keyring)."""
    for name, url in (("central-eu", CENTRAL), ("central-us", CENTRAL), ("backup", BACKUP)):
        argv = ["create", "--name", name, "--remote-url", url, "--remote-org-id", "0a1b2c3d4e5f6789"]
        assert (
            run_remote([*argv, "-d", f"to {name}", "--remote-api-token-stdin"], monkeypatch, tokens[url]) == 0
        )


def remotes_of(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[dict[str, object]]:
    capsys.readouterr()
    assert run_remote(["list", "--json"], monkeypatch) == 0
    remotes: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return remotes


@pytest.fixture
def tokens() -> dict[str, str]:
    return {CENTRAL: leak_token("central"), BACKUP: leak_token("backup")}


def test_export_then_import_elsewhere_then_again_changes_nothing(
    real_keyring: KeyringTokenStore,
    devserver: DevServer,
    target_server: DevServer,
    tokens: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_server(monkeypatch, devserver)
    make_remotes(monkeypatch, tokens)
    source = remotes_of(monkeypatch, capsys)
    exported = tmp_path / "remotes.json"
    assert run_remote(["export", "--output", str(exported)], monkeypatch) == 0
    text = exported.read_text()
    assert all(token not in text for token in tokens.values())
    document = json.loads(text)
    assert document["server"] == devserver.url and document["orgID"] == devserver.org_id
    assert [remote["name"] for remote in document["remotes"]] == ["backup", "central-eu", "central-us"]
    assert "remoteAPIToken" not in text

    assert run_remote(["export", "--format", "toml"], monkeypatch) == 0
    assert tomllib.loads(capsys.readouterr().out) == document

    use_server(monkeypatch, target_server)
    assert run_remote(["import", str(exported), "--dry-run", "--json"], monkeypatch) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["dryRun"] is True and [entry["action"] for entry in plan["remotes"]] == ["create"] * 3
    assert remotes_of(monkeypatch, capsys) == []  # --dry-run writes nothing

    # No --token-stdin and no terminal: each URL's token comes from the keyring entry of the exported remotes.
    assert run_remote(["import", str(exported)], monkeypatch) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].endswith("3 created, 0 unchanged.")
    imported = remotes_of(monkeypatch, capsys)
    assert sorted((r["name"], r["remoteURL"], r.get("description")) for r in imported) == sorted(
        (r["name"], r["remoteURL"], r.get("description")) for r in source
    )
    for remote in imported:
        token = tokens[str(remote["remoteURL"])]
        assert stored_remote_token(target_server, str(remote["id"])) == token
        assert keyring.get_password(SERVICE, remote_key(target_server.url, str(remote["id"]))) == token

    assert run_remote(["import", str(exported)], monkeypatch) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("0 created, 3 unchanged.")
    assert remotes_of(monkeypatch, capsys) == imported  # same IDs, same fields: nothing was written


def test_conflicts_are_left_alone_unless_update(
    devserver: DevServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_server(monkeypatch, devserver)
    argv = ["create", "--name", "central", "--remote-url", CENTRAL, "--remote-api-token-stdin"]
    assert run_remote(argv, monkeypatch, "old-token") == 0
    file = tmp_path / "want.toml"
    file.write_text(f'[[remotes]]\nname = "central"\nremoteURL = "{BACKUP}"\nallowInsecureTLS = true\n')

    assert run_remote(["import", str(file), "--token-stdin"], monkeypatch, "new-token") == 4
    out = capsys.readouterr().out
    assert "conflict" in out and "differs in allow insecure TLS, remote URL (use --update" in out
    assert remotes_of(monkeypatch, capsys)[0]["remoteURL"] == CENTRAL

    assert run_remote(["import", str(file), "--update", "--token-stdin"], monkeypatch, "new-token") == 0
    assert "updated" in capsys.readouterr().out
    remote = remotes_of(monkeypatch, capsys)[0]
    assert (remote["remoteURL"], remote["allowInsecureTLS"]) == (BACKUP, True)
    assert stored_remote_token(devserver, str(remote["id"])) == "new-token"  # a new URL gets its token

    assert run_remote(["import", str(file), "--update"], monkeypatch) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("0 created, 1 unchanged.")


def test_no_token_for_a_url_changes_nothing(
    devserver: DevServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_server(monkeypatch, devserver)
    file = tmp_path / "remotes.json"
    file.write_text(
        json.dumps({"remotes": [{"name": "a", "remoteURL": CENTRAL}, {"name": "b", "remoteURL": BACKUP}]})
    )
    assert run_remote(["import", str(file)], monkeypatch) == 2
    err = capsys.readouterr().err
    assert "No API token is saved for" in err and CENTRAL in err and "nothing was changed" in err
    assert remotes_of(monkeypatch, capsys) == []


def test_a_failure_half_way_says_what_was_done_and_the_rerun_finishes(
    devserver: DevServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 4th remote's description is larger than the server accepts (a real 413): three are created, the
    rest is not tried; after fixing the file, the same command creates only what is missing."""
    use_server(monkeypatch, devserver)
    remotes = [{"name": f"r{index}", "remoteURL": CENTRAL} for index in range(6)]
    remotes[3]["description"] = "x" * (1024 * 1024 + 1)
    file = tmp_path / "remotes.json"
    file.write_text(json.dumps({"remotes": remotes}))
    argv = ["import", str(file), "--token-stdin", "--concurrency", "1"]

    assert run_remote(argv, monkeypatch, "tok") == 1
    out = capsys.readouterr().out
    states = {line.split()[1]: line.split()[0] for line in out.splitlines()[:6]}
    assert states == {
        "r0": "created",
        "r1": "created",
        "r2": "created",
        "r3": "failed",
        "r4": "pending",
        "r5": "pending",
    }
    assert "larger than the server accepts (413" in out
    assert "3 created, 0 unchanged, 1 failed, 2 pending" in out and "run the same command again" in out
    assert sorted(r["name"] for r in remotes_of(monkeypatch, capsys)) == ["r0", "r1", "r2"]

    remotes[3]["description"] = "fixed"
    file.write_text(json.dumps({"remotes": remotes}))
    assert run_remote(argv, monkeypatch, "tok") == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("3 created, 3 unchanged.")
    assert sorted(r["name"] for r in remotes_of(monkeypatch, capsys)) == [f"r{index}" for index in range(6)]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "is not valid JSON"),
        (
            '{"remotes": [{"name": "a", "remoteURL": "https://x:8086"}, {"name": "a", "remoteURL": "https://y:8086"}]}',
            "names the remote 'a' twice",
        ),
        (
            '{"remotes": [{"name": "a", "remoteURL": "https://x:8086", "remoteAPIToken": "leaktest-in-file"}]}',
            "tokens never go in a file",
        ),
        (
            '{"remotes": [{"name": "a", "remoteURL": "ftp://x"}]}',
            "remote 1 ('a'): Remote URL must start with http://",
        ),
        ('{"remotes": [{"name": " ", "remoteURL": "https://x:8086"}]}', "Name must not be blank"),
        (
            '{"remotes": [{"name": "a", "remoteURL": "https://x:8086", "colour": "red"}]}',
            "keys a remote does not have: colour",
        ),
        ('{"remotes": {"a": 1}}', "has no list of remotes"),
        ('{"kind": "something-else", "remotes": []}', "is not a remotes-tui export"),
    ],
)
def test_a_bad_file_is_refused_before_anything_is_sent(
    content: str,
    words: str,
    devserver: DevServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_server(monkeypatch, devserver)
    file = tmp_path / "remotes.json"
    file.write_text(content)
    assert run_remote(["import", str(file), "--token-stdin"], monkeypatch, "tok") == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "leaktest-in-file" not in err
    assert remotes_of(monkeypatch, capsys) == []


def test_list_json_output_can_be_imported(
    devserver: DevServer,
    target_server: DevServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_server(monkeypatch, devserver)
    assert (
        run_remote(
            ["create", "--name", "a", "--remote-url", CENTRAL, "--remote-api-token-stdin"], monkeypatch, "t"
        )
        == 0
    )
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps(remotes_of(monkeypatch, capsys)))
    use_server(monkeypatch, target_server)
    assert run_remote(["import", str(listed), "--token-stdin"], monkeypatch, "t") == 0
    assert [r["name"] for r in remotes_of(monkeypatch, capsys)] == ["a"]
