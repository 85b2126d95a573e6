"""`/api/v2/replications`: replication streams, with influxd's defaults, checks, messages and quirks.

Reproduced on purpose: the response key `RemoteBucketName` (capital R); `remoteBucketID` null when a name is
used; `{"replications": null}` for an empty list; the 422 when neither remote bucket is given; SQLite's FOREIGN KEY
failure reported as `remote "<id>" not found`; `?validate=true` (204, nothing stored) that validates with the
remote bucket *ID* only; `POST /{id}/validate` that really writes to the remote.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from . import gojson
from .auth import Principal
from .errors import UNPROCESSABLE, ApiError, internal, invalid, not_found
from .request import Request
from .responses import Response, json_response, no_content, pretty_json
from .routes_common import (
    Resource,
    Rows,
    cached_list,
    decode_body,
    org_to_write,
    path_id,
    required_org,
)
from .state import ServerState
from .store import Row, Store
from .validate import check_remote

PREFIX = "/api/v2/replications"

DEFAULT_MAX_QUEUE_SIZE = 67108860
MIN_MAX_QUEUE_SIZE = 33554430
DEFAULT_MAX_AGE = 604800

CREATE = gojson.StructSpec(
    "influxdb.CreateReplicationRequest",
    {
        "orgID": gojson.ID,
        "name": gojson.STRING,
        "description": gojson.STRING,
        "remoteID": gojson.ID,
        "localBucketID": gojson.ID,
        "remoteBucketID": gojson.ID,
        "remoteBucketName": gojson.STRING,
        "maxQueueSizeBytes": gojson.INT64,
        "dropNonRetryableData": gojson.BOOL,
        "maxAgeSeconds": gojson.INT64,
    },
)
UPDATE = gojson.StructSpec(
    "influxdb.UpdateReplicationRequest",
    {
        "name": gojson.STRING,
        "description": gojson.STRING,
        "remoteID": gojson.ID,
        "remoteBucketID": gojson.ID,
        "remoteBucketName": gojson.STRING,
        "maxQueueSizeBytes": gojson.INT64,
        "dropNonRetryableData": gojson.BOOL,
        "maxAgeSeconds": gojson.INT64,
    },
)

MSG_BAD_ID = "replication ID is invalid"
MSG_NOT_FOUND = "replication not found"
MSG_QUEUE_TOO_SMALL = f"maxQueueSize too small, must be at least {MIN_MAX_QUEUE_SIZE}"
MSG_NO_REMOTE_BUCKET = "one of remote_bucket_id, remote_bucket_name should be provided"
MSG_ID_PERMISSION = "invalid id for permission: invalid ID"


def replication_json(row: Row) -> dict[str, Any]:
    """influxd's Replication, in its Go field order, with its JSON key spellings."""
    (
        rep_id,
        org_id,
        name,
        description,
        remote_id,
        bucket_id,
        remote_bucket_id,
        remote_bucket_name,
        max_queue,
        current_queue,
        remaining,
        code,
        error,
        drop,
        max_age,
    ) = row
    out: dict[str, Any] = {"id": rep_id, "orgID": org_id, "name": name}
    if description is not None:
        out["description"] = description
    out["remoteID"] = remote_id
    out["localBucketID"] = bucket_id
    out["remoteBucketID"] = remote_bucket_id
    out["RemoteBucketName"] = remote_bucket_name or ""
    out["maxQueueSizeBytes"] = max_queue
    out["currentQueueSizeBytes"] = current_queue
    out["remainingBytesToBeSynced"] = remaining
    if code is not None:
        out["latestResponseCode"] = code
    if error is not None:
        out["latestErrorMessage"] = error
    out["dropNonRetryableData"] = bool(drop)
    out["maxAgeSeconds"] = max_age
    return out


ROWS = Rows("replications", MSG_BAD_ID, MSG_NOT_FOUND, Store.replication, replication_json)


def _list(state: ServerState, req: Request, _principal: Principal, _raw_id: str) -> Response:
    org_id = required_org(req)
    remote_id = _optional_id(req.arg("remoteID"), "invalid remote ID")
    bucket_id = _optional_id(req.arg("localBucketID"), "invalid local bucket ID")
    name = req.arg("name") or None

    def build() -> bytes:
        rows = state.store.replications(org_id, name, remote_id, bucket_id)
        return pretty_json({"replications": [replication_json(row) for row in rows] if rows else None})

    return cached_list(state, ("replications", org_id, name, remote_id, bucket_id), build)


def _optional_id(text: str, message: str) -> str | None:
    return path_id(text, message) if text else None


def _check_queue_size(fields: dict[str, Any]) -> None:
    size = fields.get("maxQueueSizeBytes")
    if size is not None and size < MIN_MAX_QUEUE_SIZE:
        raise invalid(MSG_QUEUE_TOO_SMALL)


def _bucket_must_exist(state: ServerState, bucket_id: str) -> None:
    if state.store.bucket_by_id(bucket_id) is None:
        raise invalid(f'local bucket "{bucket_id}" not found: bucket not found')


def _create(state: ServerState, req: Request, principal: Principal, _raw_id: str) -> Response:
    fields = decode_body(req.body, CREATE)
    fields.setdefault("maxQueueSizeBytes", DEFAULT_MAX_QUEUE_SIZE)
    fields.setdefault("maxAgeSeconds", DEFAULT_MAX_AGE)
    _check_queue_size(fields)
    if "remoteBucketID" not in fields and not fields.get("remoteBucketName"):
        raise ApiError(UNPROCESSABLE, MSG_NO_REMOTE_BUCKET)
    org_id = org_to_write(principal, fields, "replications")
    bucket_id, remote_id = fields.get("localBucketID"), fields.get("remoteID")
    if bucket_id is None or remote_id is None:
        raise invalid(MSG_ID_PERMISSION)
    _bucket_must_exist(state, bucket_id)
    if req.arg("validate") == "true":
        config = state.store.remote_http_config(remote_id)
        if config is None:
            raise invalid(f'remote "{remote_id}" not found')
        url, token, remote_org, insecure = config
        # influxd's quirk: a new replication is validated with the remote bucket ID only.
        cause = check_remote(
            url, token, remote_org, fields.get("remoteBucketID", ""), insecure=insecure, version=state.version
        )
        if cause is not None:
            raise invalid(f"replication parameters fail validation: {cause}")
        return no_content()
    values = {
        "id": state.ids.new(),
        "org_id": org_id,
        "name": fields.get("name", ""),
        "description": fields.get("description"),
        "remote_id": remote_id,
        "local_bucket_id": bucket_id,
        "remote_bucket_id": fields.get("remoteBucketID"),
        # The ID wins when both are given: the name is not stored.
        "remote_bucket_name": "" if "remoteBucketID" in fields else fields.get("remoteBucketName", ""),
        "max_queue_size_bytes": fields["maxQueueSizeBytes"],
        "max_age_seconds": fields["maxAgeSeconds"],
        "drop_non_retryable_data": fields.get("dropNonRetryableData", False),
    }
    try:
        row = state.store.add_replication(values)
    except sqlite3.IntegrityError as exc:
        raise _integrity(exc, remote_id) from None
    assert row is not None
    return json_response(201, replication_json(row))


def _integrity(exc: sqlite3.IntegrityError, remote_id: str | None) -> ApiError:
    message = str(exc)
    if remote_id is not None and "foreign key constraint failed" in message.lower():
        return invalid(f'remote "{remote_id}" not found: {message}')
    return internal(message)


def _update(state: ServerState, req: Request, principal: Principal, raw_id: str) -> Response:
    path_id(raw_id, MSG_BAD_ID)  # checked before the body, as in influxd
    fields = decode_body(req.body, UPDATE)
    _check_queue_size(fields)
    row = ROWS.writable(state, principal, raw_id)
    if req.arg("validate") == "true":
        return _validate_update(state, row, fields)
    try:
        updated = state.store.update_replication(row[0], fields)
    except sqlite3.IntegrityError as exc:
        raise _integrity(exc, fields.get("remoteID")) from None
    if updated is None:
        raise not_found(MSG_NOT_FOUND)
    if "maxQueueSizeBytes" in fields:
        state.replicator.resize(row[0], fields["maxQueueSizeBytes"])
        updated = state.store.replication(row[0]) or updated  # the queue may have dropped data to fit
    return json_response(200, replication_json(updated))


def _validate_update(state: ServerState, row: Row, fields: dict[str, Any]) -> Response:
    """PATCH ?validate=true: merge remoteID / remoteBucketID into the stored config, validate, store nothing."""
    config = state.store.replication_http_config(row[0])
    if config is None:
        raise not_found(MSG_NOT_FOUND)
    url, token, remote_org, insecure, bucket_id, bucket_name = config
    bucket_id = fields.get("remoteBucketID", bucket_id)
    if "remoteID" in fields:
        remote = state.store.remote_http_config(fields["remoteID"])
        if remote is None:
            raise invalid(f'remote "{fields["remoteID"]}" not found')
        url, token, remote_org, insecure = remote
    merged = (url, token, remote_org, insecure, bucket_id, bucket_name)
    return _check_http_config(state, merged, "validation fails after applying update")


def _check_http_config(state: ServerState, config: tuple[Any, ...], failure: str) -> Response:
    """Check a replication's HTTP config against its remote as influxd does: 204, or 400 `failure: cause`."""
    url, token, remote_org, insecure, bucket_id, bucket_name = config
    cause = check_remote(
        url,
        token,
        remote_org,
        _bucket_param(bucket_id, bucket_name),
        insecure=bool(insecure),
        version=state.version,
    )
    if cause is not None:
        raise invalid(f"{failure}: {cause}")
    return no_content()


def _bucket_param(bucket_id: str | None, bucket_name: str | None) -> str:
    """The `bucket` the replication writer sends: the name when set, else the ID."""
    if bucket_id is None or bucket_name:
        return bucket_name or ""
    return bucket_id


def _delete(state: ServerState, _req: Request, principal: Principal, raw_id: str) -> Response:
    row = ROWS.writable(state, principal, raw_id)
    if not state.store.delete_replication(row[0]):
        raise not_found(MSG_NOT_FOUND)
    state.replicator.remove(row[0])  # influxd deletes the queue with the replication
    return no_content()


def _validate(state: ServerState, _req: Request, _principal: Principal, raw_id: str) -> Response:
    replication_id = path_id(raw_id, MSG_BAD_ID)
    config = state.store.replication_http_config(replication_id)
    if config is None:
        raise not_found(MSG_NOT_FOUND)
    return _check_http_config(state, config, "replication failed validation")


ROUTES = Resource(
    PREFIX,
    collection={"GET": _list, "POST": _create},
    item={"GET": ROWS.get, "PATCH": _update, "DELETE": _delete},
    actions={"validate": {"POST": _validate}},
)
