"""The demo data: realistic remotes and replications, pointed at a demo target when one is given."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from remotes_tui.devserver import DevServer

from .httpclient import Client


def test_seed_without_a_target() -> None:
    with DevServer(port=0, seed_demo=True) as server:
        client = Client(server)
        remotes = client.get(f"/api/v2/remotes?orgID={server.org_id}").json()["remotes"]
        replications = client.get(f"/api/v2/replications?orgID={server.org_id}").json()["replications"]
    by_name = {r["name"]: r for r in remotes}
    assert len(remotes) == 8
    assert {
        "central-eu",
        "central-us",
        "backup-dc2",
        "edge-aggregator",
        "staging-central",
        "legacy-1x",
    } <= set(by_name)
    assert by_name["legacy-1x"]["remoteOrgID"] is None
    assert sum(r["allowInsecureTLS"] for r in remotes) == 1
    assert sum("description" in r for r in remotes) >= 6
    assert all(r["remoteURL"].startswith(("https://", "http://")) for r in remotes)
    urls = [r["remoteURL"] for r in remotes]
    assert urls == sorted(urls)

    assert len(replications) == 5
    per_remote = Counter(r["remoteID"] for r in replications)
    assert len(per_remote) == 3
    assert max(per_remote.values()) == 2
    assert all(r["localBucketID"] == server.bucket_id for r in replications)
    codes = [r.get("latestResponseCode") for r in replications]
    assert 204 in codes
    [failing] = [r for r in replications if r.get("latestResponseCode") == 401]
    assert failing["latestErrorMessage"]
    assert sum(r["currentQueueSizeBytes"] > 0 for r in replications) >= 2


def test_seed_with_a_target_validates_for_real() -> None:
    with (
        DevServer(port=0, org="central-org", bucket="central-bucket") as target,
        DevServer(port=0, seed_demo=True, demo_target=target.as_demo_target()) as server,
    ):
        client = Client(server)
        remotes = client.get(f"/api/v2/remotes?orgID={server.org_id}").json()["remotes"]
        assert {r["remoteURL"] for r in remotes} == {target.url}
        assert {r["remoteOrgID"] for r in remotes} == {target.org_id, None}
        replications = client.get(f"/api/v2/replications?orgID={server.org_id}").json()["replications"]
        assert {r["RemoteBucketName"] for r in replications} == {"central-bucket"}
        results = {}
        for replication in replications:
            reply = client.post(f"/api/v2/replications/{replication['id']}/validate")
            results[replication["name"]] = (reply.status, replication.get("latestResponseCode"))
        # Healthy ones validate; the one whose remote token was rotated fails like its status says.
        assert all(status == (400 if code == 401 else 204) for status, code in results.values()), results


def test_seed_is_not_repeated_on_a_persistent_database(tmp_path: Path) -> None:
    db = tmp_path / "seeded.sqlite"
    with DevServer(port=0, db_path=db, seed_demo=True) as server:
        first = Client(server).get(f"/api/v2/remotes?orgID={server.org_id}").json()["remotes"]
    with DevServer(port=0, db_path=db, seed_demo=True) as server:
        again = Client(server).get(f"/api/v2/remotes?orgID={server.org_id}").json()["remotes"]
    assert again == first


def test_id_seed_makes_ids_repeatable() -> None:
    def ids(seed: int) -> tuple[str, str, list[str]]:
        with DevServer(port=0, seed_demo=True, id_seed=seed) as server:
            remotes = Client(server).get(f"/api/v2/remotes?orgID={server.org_id}").json()["remotes"]
            return server.org_id, server.bucket_id, [r["id"] for r in remotes]

    assert ids(42) == ids(42)
    assert ids(42) != ids(43)
