"""Every known difference between the InfluxDB OSS 2.x wire format and its OpenAPI spec, in ONE place.

The bundled server copies what influxd really does (see shared/docs/influxdb-remotes-behavior.md), and influxd
differs from the spec (shared/spec/influxdb-oss-v2-openapi.yml) in a few places. tests/test_contract.py validates
every exchange against the spec after applying exactly the fixes listed in `KNOWN_DEVIATIONS`: each fix touches
only the key (or header) it names and only in the form described, so any other difference fails the test.
A deviation that is listed but no longer observed fails too, so this list stays true.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

REMOTE_OPS = frozenset(
    {
        "GET /api/v2/remotes",
        "POST /api/v2/remotes",
        "GET /api/v2/remotes/{id}",
        "PATCH /api/v2/remotes/{id}",
    }
)
REPLICATION_OPS = frozenset(
    {
        "GET /api/v2/replications",
        "POST /api/v2/replications",
        "GET /api/v2/replications/{id}",
        "PATCH /api/v2/replications/{id}",
    }
)


@dataclass
class Exchange:
    """The part of one request or response a deviation may touch: the parsed JSON body and the headers."""

    operation: str  # "GET /api/v2/remotes/{id}"
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Deviation:
    why: str
    operations: frozenset[str]
    fix: Callable[[Exchange], bool]  # normalizes the exchange in place; True when it changed something
    direction: Literal["request", "response"] = "response"


def _objects(body: Any, list_key: str) -> Iterator[dict[str, Any]]:
    """The resource objects in a body: the items of `{list_key: [...]}`, or the body itself."""
    if not isinstance(body, dict):
        return
    if list_key in body:
        for item in body[list_key] or []:
            if isinstance(item, dict):
                yield item
    else:
        yield body


def _drop_key_where(list_key: str, key: str, deviates: Callable[[Any], bool]) -> Callable[[Exchange], bool]:
    """A fix that drops `key` from each resource object whose value `deviates`."""

    def fix(exchange: Exchange) -> bool:
        changed = False
        for obj in _objects(exchange.body, list_key):
            if key in obj and deviates(obj[key]):
                del obj[key]
                changed = True
        return changed

    return fix


def _drop_when_null(list_key: str, key: str) -> Callable[[Exchange], bool]:
    return _drop_key_where(list_key, key, lambda value: value is None)


def _null_list_to_empty(list_key: str) -> Callable[[Exchange], bool]:
    def fix(exchange: Exchange) -> bool:
        body = exchange.body
        if isinstance(body, dict) and list_key in body and body[list_key] is None:
            body[list_key] = []
            return True
        return False

    return fix


def _rename_key(list_key: str, wire: str, spec: str) -> Callable[[Exchange], bool]:
    def fix(exchange: Exchange) -> bool:
        changed = False
        for obj in _objects(exchange.body, list_key):
            if wire in obj and spec not in obj:
                obj[spec] = obj.pop(wire)
                changed = True
        return changed

    return fix


def _drop_integer_key(list_key: str, key: str) -> Callable[[Exchange], bool]:
    return _drop_key_where(
        list_key, key, lambda value: isinstance(value, int) and not isinstance(value, bool)
    )


def _org_logs_link(exchange: Exchange) -> bool:
    changed = False
    for obj in _objects(exchange.body, "orgs"):
        links = obj.get("links")
        if isinstance(links, dict) and isinstance(links.get("logs"), str):
            del links["logs"]
            changed = True
    return changed


def _version_header_not_integer(exchange: Exchange) -> bool:
    for name in list(exchange.headers):
        if name.lower() == "x-influxdb-version":
            try:
                int(exchange.headers[name])
            except ValueError:
                del exchange.headers[name]
                return True
    return False


KNOWN_DEVIATIONS: dict[str, Deviation] = {
    "remote-remoteOrgID-null": Deviation(
        why=(
            "influxd always sends remoteOrgID and sends null when it is unset (no omitempty); the spec types it "
            "as a plain, non-nullable string (optional since v2.6.0)."
        ),
        operations=REMOTE_OPS,
        fix=_drop_when_null("remotes", "remoteOrgID"),
    ),
    "remotes-list-null": Deviation(
        why=(
            'A remote list with no rows is {"remotes": null} (sqlx leaves the slice nil); the spec says an array.'
        ),
        operations=frozenset({"GET /api/v2/remotes"}),
        fix=_null_list_to_empty("remotes"),
    ),
    "replications-list-null": Deviation(
        why='A replication list with no rows is {"replications": null}; the spec says an array.',
        operations=frozenset({"GET /api/v2/replications"}),
        fix=_null_list_to_empty("replications"),
    ),
    "replication-RemoteBucketName-capitalized": Deviation(
        why=(
            'influxd\'s Go struct has no json tag on this field, so the key is "RemoteBucketName"; the spec and '
            'the CLI say "remoteBucketName" (Go decoders match keys case-insensitively, others do not).'
        ),
        operations=REPLICATION_OPS,
        fix=_rename_key("replications", "RemoteBucketName", "remoteBucketName"),
    ),
    "replication-remoteBucketID-null": Deviation(
        why=(
            "A replication that targets the remote bucket by name has remoteBucketID null; the spec types it "
            "as a non-nullable string."
        ),
        operations=REPLICATION_OPS,
        fix=_drop_when_null("replications", "remoteBucketID"),
    ),
    "replication-maxAgeSeconds-returned": Deviation(
        why=(
            "influxd returns maxAgeSeconds in every replication; the spec's Replication schema does not list it "
            "(only the create and update requests do)."
        ),
        operations=REPLICATION_OPS,
        fix=_drop_integer_key("replications", "maxAgeSeconds"),
    ),
    "org-links-logs": Deviation(
        why=(
            'influxd adds a "logs" link to every organization (the spec\'s own example shows it too); the '
            "Organization.links schema does not list it."
        ),
        operations=frozenset({"GET /api/v2/orgs", "GET /api/v2/orgs/{id}"}),
        fix=_org_logs_link,
    ),
    "ping-version-header-string": Deviation(
        why=(
            "/ping's X-Influxdb-Version header is a version string such as 2.7.12; the spec declares it "
            "type: integer."
        ),
        operations=frozenset({"GET /ping", "HEAD /ping"}),
        fix=_version_header_not_integer,
    ),
}


def normalize(exchange: Exchange, direction: Literal["request", "response"]) -> set[str]:
    """Apply every listed deviation for this operation; return the names of those that changed something."""
    used: set[str] = set()
    for name, deviation in KNOWN_DEVIATIONS.items():
        applies = deviation.direction == direction and exchange.operation in deviation.operations
        if applies and deviation.fix(exchange):
            used.add(name)
    return used
