"""The async service layer for InfluxDB OSS v2 remote connections: httpx + pydantic, no UI.

async with InfluxClient(ConnectionSettings(url=..., token=...)) as client:
    remotes = await client.remotes.list(org_id)
"""

from remotes_tui.api.client import InfluxClient
from remotes_tui.api.errors import (
    ApiError,
    BadRequestError,
    ConnectionFailedError,
    DuplicateNameError,
    ForbiddenError,
    InvalidInputError,
    InvalidResponseError,
    NotFoundError,
    RemoteInUseError,
    RequestTimeoutError,
    ServerError,
    TLSError,
    UnauthorizedError,
    field_errors,
)
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
from remotes_tui.api.remotes import creation_request, update_request
from remotes_tui.api.settings import ConnectionSettings

__all__ = [
    "ApiError",
    "BadRequestError",
    "Bucket",
    "ConnectionFailedError",
    "ConnectionSettings",
    "DuplicateNameError",
    "ErrorBody",
    "ForbiddenError",
    "HealthCheck",
    "InfluxClient",
    "InvalidInputError",
    "InvalidResponseError",
    "NotFoundError",
    "Organization",
    "PingInfo",
    "RemoteConnection",
    "RemoteConnectionCreationRequest",
    "RemoteConnectionUpdateRequest",
    "RemoteInUseError",
    "Replication",
    "ReplicationCreationRequest",
    "RequestTimeoutError",
    "ServerError",
    "TLSError",
    "UnauthorizedError",
    "User",
    "check_id",
    "creation_request",
    "field_errors",
    "is_valid_id",
    "update_request",
]
