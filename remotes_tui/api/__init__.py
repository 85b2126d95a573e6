"""The async service layer for InfluxDB OSS v2 remote connections: httpx + pydantic, no UI.

async with InfluxClient(ConnectionSettings(url=..., token=...)) as client:
    remotes = await client.remotes.list(org_id)

Failures of a call are `ApiError`s (the tree is in `remotes_tui.api.errors`); input refused before anything is
sent is an `InvalidInputError` (settings: `InvalidSettingsError`).
"""

from remotes_tui.api.client import InfluxClient
from remotes_tui.api.errors import (
    ApiError,
    BadRequestError,
    ClientStatusError,
    ConnectionDroppedError,
    ConnectionFailedError,
    ConnectionRefusedByHostError,
    ConnectTimeoutError,
    DeadlineExceededError,
    DuplicateNameError,
    EndpointNotFoundError,
    ForbiddenError,
    HostNotFoundError,
    InvalidResponseError,
    NotFoundError,
    NotInfluxDBError,
    PayloadTooLargeError,
    PlainHTTPServerError,
    ReadTimeoutError,
    RemoteInUseError,
    RequestTimeoutError,
    ServerError,
    StatusError,
    TLSError,
    TooManyRequestsError,
    TransportError,
    UnauthorizedError,
    UnavailableError,
)
from remotes_tui.api.fields import normalise_url
from remotes_tui.api.ids import check_id, is_valid_id
from remotes_tui.api.models import (
    Bucket,
    ErrorBody,
    HealthCheck,
    Organization,
    PingInfo,
    RemoteConnection,
    RemoteConnectionCreationRequest,
    RemoteConnectionUpdateRequest,
    Replication,
    ReplicationCreationRequest,
    User,
)
from remotes_tui.api.remotes import creation_request, creation_request_like, update_request
from remotes_tui.api.settings import ConnectionSettings
from remotes_tui.api.validation import InvalidInputError, InvalidSettingsError, field_errors

__all__ = [
    "ApiError",
    "BadRequestError",
    "Bucket",
    "ClientStatusError",
    "ConnectTimeoutError",
    "ConnectionDroppedError",
    "ConnectionFailedError",
    "ConnectionRefusedByHostError",
    "ConnectionSettings",
    "DeadlineExceededError",
    "DuplicateNameError",
    "EndpointNotFoundError",
    "ErrorBody",
    "ForbiddenError",
    "HealthCheck",
    "HostNotFoundError",
    "InfluxClient",
    "InvalidInputError",
    "InvalidResponseError",
    "InvalidSettingsError",
    "NotFoundError",
    "NotInfluxDBError",
    "Organization",
    "PayloadTooLargeError",
    "PingInfo",
    "PlainHTTPServerError",
    "ReadTimeoutError",
    "RemoteConnection",
    "RemoteConnectionCreationRequest",
    "RemoteConnectionUpdateRequest",
    "RemoteInUseError",
    "Replication",
    "ReplicationCreationRequest",
    "RequestTimeoutError",
    "ServerError",
    "StatusError",
    "TLSError",
    "TooManyRequestsError",
    "TransportError",
    "UnauthorizedError",
    "UnavailableError",
    "User",
    "check_id",
    "creation_request",
    "creation_request_like",
    "field_errors",
    "is_valid_id",
    "normalise_url",
    "update_request",
]
