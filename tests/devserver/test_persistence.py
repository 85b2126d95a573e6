"""`db_path`: remotes, replications, the org, bucket and tokens survive a restart."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from remotes_tui.devserver import DevServer

from .httpclient import Client


def test_data_and_ids_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "dev.sqlite"
    with DevServer(port=0, db_path=db, token="my-token") as first:
        client = Client(first)
        remote = client.create_remote()
        replication = client.create_replication(remote["id"])
        ids = (first.org_id, first.bucket_id, first.user_id)
        client.close()
    with DevServer(port=0, db_path=str(db), token="my-token") as second:
        assert (second.org_id, second.bucket_id, second.user_id) == ids
        client = Client(second)
        assert client.get(f"/api/v2/remotes/{remote['id']}").json() == remote
        assert client.get(f"/api/v2/replications/{replication['id']}").json() == replication
        client.close()


def test_a_restart_without_a_token_reuses_the_stored_one(tmp_path: Path) -> None:
    db = tmp_path / "dev.sqlite"
    with DevServer(port=0, db_path=db) as first:
        token = first.token
        assert first.token_source == "generated"
    with DevServer(port=0, db_path=db) as second:
        assert second.token == token
        assert second.token_source == "stored"
        assert Client(second).get("/api/v2/me").status == 200
    with DevServer(port=0, db_path=db, token="another", read_only_token="ro") as third:
        # Tokens given earlier keep working next to the new ones.
        assert Client(third, token=token).get("/api/v2/me").status == 200
        assert Client(third, token="another").get("/api/v2/me").status == 200
        assert Client(third, token="ro").post("/api/v2/remotes", {"orgID": third.org_id}).status == 401


def test_in_memory_servers_are_independent() -> None:
    with DevServer(port=0) as a, DevServer(port=0) as b:
        assert a.org_id != b.org_id
        assert a.token != b.token
        assert Client(a, token=b.token).get("/api/v2/me").status == 401


def test_stop_is_idempotent_and_closes_keep_alive_connections() -> None:
    server = DevServer(port=0)
    server.start()
    client = Client(server)
    assert client.get("/api/v2/me").status == 200
    server.stop()
    server.stop()
    try:
        client.get("/api/v2/me")
    except (ConnectionError, OSError):
        pass
    else:
        raise AssertionError("the connection should be closed after stop()")


def test_two_servers_on_one_file_see_each_others_writes(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite"
    with (
        DevServer(port=0, db_path=db, token="shared") as a,
        DevServer(port=0, db_path=db, token="shared") as b,
    ):
        reader, writer = Client(a), Client(b)
        remotes = f"/api/v2/remotes?orgID={a.org_id}"
        replications = f"/api/v2/replications?orgID={a.org_id}"
        assert reader.get(remotes).json() == {"remotes": None}  # now cached by A
        assert reader.get(replications).json() == {"replications": None}
        remote = writer.create_remote()
        assert reader.get(remotes).json() == {"remotes": [remote]}
        replication = writer.create_replication(remote["id"])
        assert reader.get(replications).json() == {"replications": [replication]}
        assert writer.patch(f"/api/v2/remotes/{remote['id']}", {"name": "renamed"}).status == 200
        assert reader.get(remotes).json()["remotes"][0]["name"] == "renamed"
        assert writer.delete(f"/api/v2/replications/{replication['id']}").status == 204
        assert reader.get(replications).json() == {"replications": None}
        reader.close()
        writer.close()


def test_the_database_and_its_wal_files_are_private(tmp_path: Path) -> None:
    """The file holds the operator token and every remote's token: owner only, whatever the umask."""
    db = tmp_path / "private.sqlite"
    previous = os.umask(0o022)
    try:
        with DevServer(port=0, db_path=db) as server:
            Client(server).create_remote()
            files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
            modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
    finally:
        os.umask(previous)
    assert modes == {f.name: 0o600 for f in files}
