"""Pydantic models mirroring the InfluxDB OSS v2 contract for remotes, replications, orgs, buckets and errors.

Field names are snake_case in Python and keep the server's camelCase keys as aliases, so
`model.model_dump(by_alias=True)` is exactly the wire format. Responses ignore unknown keys so a newer
server does not break us; requests are validated here because the server validates nothing on create.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, SecretStr

from remotes_tui.api.fields import (
    BucketID,
    OrgID,
    RemoteAPIToken,
    RemoteID,
    RemoteOrgID,
    RemoteURL,
    ResourceID,
    blank_is_none,
)


class ApiModel(BaseModel):
    """Base for response models: accept aliases and field names, ignore unknown keys."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore", frozen=True, defer_build=True)


class RequestModel(BaseModel):
    """Base for request models: strict about unknown fields, so a typo is an error, not a silent no-op."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid", defer_build=True)

    def to_wire(self) -> dict[str, Any]:
        """The JSON body to send: aliases, only the fields that were set, tokens revealed."""
        body = self.model_dump(by_alias=True, exclude_unset=True)
        for key, value in body.items():
            if isinstance(value, SecretStr):
                body[key] = value.get_secret_value()
        return body


# -- values of requests (each rule once, for create and update alike) ------------------------------------


def check_name(value: str) -> str:
    """A remote's or replication's name: not blank (the server would store "" and then refuse a second one)."""
    if not value.strip():
        raise ValueError("Name must not be blank: give the remote a short name such as central-eu.")
    return value.strip()


def refuse_clearing(value: object) -> object:
    """A blank remote org ID in an update: the server keeps the old one (null is ignored, "" is refused)."""
    if isinstance(value, str) and not value.strip():
        raise ValueError(
            "Remote org ID cannot be cleared once set (the server keeps it): enter the new org ID."
        )
    return value


Name = Annotated[str, AfterValidator(check_name)]
OptionalRemoteOrgID = Annotated[RemoteOrgID | None, BeforeValidator(blank_is_none)]


# -- what remotes and replications have alike ------------------------------------------------------------


class OrgResource(ApiModel):
    """What the server returns first for a remote or a replication: its ID, name, org and description."""

    id: ResourceID
    name: str
    org_id: ResourceID = Field(alias="orgID")
    description: str | None = None


class CreationRequest(RequestModel):
    """What every creation body starts with (POST of a remote or a replication): a name, a description, the org."""

    name: Name
    description: str | None = None
    org_id: OrgID = Field(alias="orgID")


# -- remotes ---------------------------------------------------------------------------------------------


class RemoteConnection(OrgResource):
    """A remote connection as the server returns it (the token is never returned)."""

    remote_url: str = Field(alias="remoteURL")
    remote_org_id: str | None = Field(default=None, alias="remoteOrgID")
    allow_insecure_tls: bool = Field(default=False, alias="allowInsecureTLS")


class RemoteConnections(ApiModel):
    """The list wrapper; the real server answers `{"remotes": null}` when nothing matches."""

    remotes: list[RemoteConnection] | None = None


class RemoteConnectionCreationRequest(CreationRequest):
    """POST /api/v2/remotes body, validated the way a user expects (the server checks nothing)."""

    remote_url: RemoteURL = Field(alias="remoteURL")
    remote_api_token: RemoteAPIToken = Field(alias="remoteAPIToken")
    remote_org_id: OptionalRemoteOrgID = Field(default=None, alias="remoteOrgID")
    allow_insecure_tls: bool = Field(default=False, alias="allowInsecureTLS")

    def to_wire(self) -> dict[str, Any]:
        body = super().to_wire()
        body.setdefault("allowInsecureTLS", self.allow_insecure_tls)
        if not body.get("description"):
            body.pop("description", None)
        if body.get("remoteOrgID") is None:
            body.pop("remoteOrgID", None)
        return body


class RemoteConnectionUpdateRequest(RequestModel):
    """PATCH /api/v2/remotes/{id} body: only the fields that were set are sent.

    A description can be blanked with "" (the server stores ""). The remote org ID cannot be cleared: the
    server ignores null and rejects "".
    """

    name: Name | None = None
    description: str | None = None
    remote_url: RemoteURL | None = Field(default=None, alias="remoteURL")
    remote_api_token: RemoteAPIToken | None = Field(default=None, alias="remoteAPIToken")
    remote_org_id: Annotated[RemoteOrgID | None, BeforeValidator(refuse_clearing)] = Field(
        default=None, alias="remoteOrgID"
    )
    allow_insecure_tls: bool | None = Field(default=None, alias="allowInsecureTLS")

    def is_empty(self) -> bool:
        """True when nothing would change."""
        return not self.model_fields_set


# -- replications ----------------------------------------------------------------------------------------


class Replication(OrgResource):
    """A replication stream; note the server's real key for the remote bucket name is `RemoteBucketName`."""

    remote_id: ResourceID = Field(alias="remoteID")
    local_bucket_id: ResourceID = Field(alias="localBucketID")
    remote_bucket_id: str | None = Field(default=None, alias="remoteBucketID")
    remote_bucket_name: str | None = Field(
        default=None,
        validation_alias=AliasChoices("RemoteBucketName", "remoteBucketName"),
        serialization_alias="remoteBucketName",
    )
    max_queue_size_bytes: int = Field(alias="maxQueueSizeBytes")
    current_queue_size_bytes: int | None = Field(default=None, alias="currentQueueSizeBytes")
    remaining_bytes_to_be_synced: int | None = Field(default=None, alias="remainingBytesToBeSynced")
    latest_response_code: int | None = Field(default=None, alias="latestResponseCode")
    latest_error_message: str | None = Field(default=None, alias="latestErrorMessage")
    drop_non_retryable_data: bool = Field(default=False, alias="dropNonRetryableData")
    max_age_seconds: int | None = Field(default=None, alias="maxAgeSeconds")

    @property
    def remote_bucket(self) -> str:
        """The remote bucket as a user thinks of it: its name, or its ID when targeted by ID."""
        return self.remote_bucket_name or self.remote_bucket_id or ""


class Replications(ApiModel):
    """The list wrapper; `{"replications": null}` when nothing matches."""

    replications: list[Replication] | None = None


class ReplicationCreationRequest(CreationRequest):
    """POST /api/v2/replications body."""

    remote_id: RemoteID = Field(alias="remoteID")
    local_bucket_id: BucketID = Field(alias="localBucketID")
    remote_bucket_id: str | None = Field(default=None, alias="remoteBucketID")
    remote_bucket_name: str | None = Field(default=None, alias="remoteBucketName")
    max_queue_size_bytes: int = Field(default=67108860, alias="maxQueueSizeBytes", ge=33554430)
    drop_non_retryable_data: bool = Field(default=False, alias="dropNonRetryableData")
    max_age_seconds: int = Field(default=604800, alias="maxAgeSeconds", ge=0)

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)


# -- tenancy and system ----------------------------------------------------------------------------------


class Organization(ApiModel):
    """An organization (only the fields we use)."""

    id: ResourceID
    name: str
    description: str | None = None


class Organizations(ApiModel):
    orgs: list[Organization] | None = None


class Bucket(ApiModel):
    """A bucket (only the fields we use)."""

    id: ResourceID
    name: str
    org_id: str | None = Field(default=None, alias="orgID")


class Buckets(ApiModel):
    buckets: list[Bucket] | None = None


class User(ApiModel):
    """Who a token belongs to (`GET /api/v2/me`)."""

    id: str
    name: str
    status: str | None = None


class HealthCheck(ApiModel):
    """`GET /health`."""

    name: str
    status: str
    message: str | None = None
    version: str | None = None
    commit: str | None = None


class PingInfo(ApiModel):
    """What `/ping` tells: the build (OSS or Cloud) and version."""

    build: str | None = None
    version: str | None = None

    @property
    def is_cloud(self) -> bool:
        return (self.build or "").lower() == "cloud"


class ErrorBody(ApiModel):
    """The server's error body; only `code` is required by the contract, and even that may be missing."""

    code: str | None = None
    message: str | None = None
    op: str | None = None
    err: str | None = None


# -- turning a refused request into sentences -------------------------------------------------------------

REQUEST_LABELS = {
    "name": "Name",
    "description": "Description",
    "org_id": "Org ID",
    "remote_url": "Remote URL",
    "remote_api_token": "Remote API token",
    "remote_org_id": "Remote org ID",
    "allow_insecure_tls": "Allow insecure TLS",
    "remote_id": "Remote ID",
    "local_bucket_id": "Local bucket ID",
}
REQUEST_ALIASES = {
    "orgID": "org_id",
    "remoteURL": "remote_url",
    "remoteAPIToken": "remote_api_token",
    "remoteOrgID": "remote_org_id",
    "allowInsecureTLS": "allow_insecure_tls",
    "remoteID": "remote_id",
    "localBucketID": "local_bucket_id",
}
