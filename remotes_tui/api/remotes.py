"""Remote connections: `/api/v2/remotes` (list, get, create, update, delete)."""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import SecretStr, ValidationError

from remotes_tui.api.fields import normalise_url
from remotes_tui.api.ids import require_id
from remotes_tui.api.models import (
    REQUEST_ALIASES,
    REQUEST_LABELS,
    RemoteConnection,
    RemoteConnectionCreationRequest,
    RemoteConnections,
    RemoteConnectionUpdateRequest,
)
from remotes_tui.api.resource import ResourceService
from remotes_tui.api.validation import InvalidInputError, field_errors

_PATH = "/api/v2/remotes"


class RemotesService(ResourceService[RemoteConnection]):
    """CRUD for remote connections. Every method raises ApiError (or a subclass) on failure; `delete` is refused
    (RemoteInUseError) by the real server while a replication uses the remote."""

    _path = _PATH
    _model = RemoteConnection
    _noun = "remote connection"
    _id_label = "Remote ID"

    async def list(
        self, org_id: str, *, name: str | None = None, remote_url: str | None = None
    ) -> list[RemoteConnection]:
        """All remotes of an org; `name` and `remote_url` are exact, case-sensitive filters."""
        params = {"orgID": require_id(org_id, "Org ID", "org_id")}
        if name:
            params["name"] = name
        if remote_url:
            params["remoteURL"] = remote_url
        wrapper = await self._sender.get_model(
            RemoteConnections, _PATH, params=params, context="Could not list remote connections"
        )
        return list(wrapper.remotes or [])

    async def create(self, request: RemoteConnectionCreationRequest) -> RemoteConnection:
        return await self._create(request.to_wire(), request.name)

    async def update(self, remote_id: str, request: RemoteConnectionUpdateRequest) -> RemoteConnection:
        """PATCH only the fields set on `request`; an empty request just re-reads the remote."""
        path = self._item_path(remote_id)
        if request.is_empty():
            return await self.get(remote_id)
        response = await self._sender.request(
            "PATCH",
            path,
            json_body=request.to_wire(),
            context="Could not update the remote connection",
            subject=request.name,
        )
        return self._sender.parse_written(RemoteConnection, response, what="change")


def request_errors(error: ValidationError) -> InvalidInputError:
    """A refused request model as one InvalidInputError with a sentence per field."""
    return InvalidInputError(field_errors(error, labels=REQUEST_LABELS, aliases=REQUEST_ALIASES))


def creation_request(
    *,
    org_id: str,
    name: str,
    remote_url: str,
    remote_api_token: str,
    description: str | None = None,
    remote_org_id: str | None = None,
    allow_insecure_tls: bool = False,
) -> RemoteConnectionCreationRequest:
    """Build and validate a creation request from plain values; raise InvalidInputError per field."""
    data: dict[str, Any] = {
        "org_id": org_id,
        "name": name,
        "remote_url": remote_url,
        "remote_api_token": SecretStr(remote_api_token),
        "allow_insecure_tls": allow_insecure_tls,
    }
    if description:
        data["description"] = description
    if remote_org_id and remote_org_id.strip():
        data["remote_org_id"] = remote_org_id
    try:
        return RemoteConnectionCreationRequest.model_validate(data)
    except ValidationError as exc:
        raise request_errors(exc) from None


class RemoteSettings(Protocol):
    """The settings a new remote can copy: an existing remote's, or a transfer file entry's."""

    @property
    def name(self) -> str: ...
    @property
    def remote_url(self) -> str: ...
    @property
    def description(self) -> str | None: ...
    @property
    def remote_org_id(self) -> str | None: ...
    @property
    def allow_insecure_tls(self) -> bool: ...


def creation_request_like(
    source: RemoteSettings, *, org_id: str, token: str
) -> RemoteConnectionCreationRequest:
    """A creation request with `source`'s settings in `org_id`, with `token` (the server never returns one).

    Undo recreates a deleted remote this way, and an import creates a file's entry. Raises InvalidInputError.
    """
    return creation_request(
        org_id=org_id,
        name=source.name,
        remote_url=source.remote_url,
        remote_api_token=token,
        description=source.description,
        remote_org_id=source.remote_org_id,
        allow_insecure_tls=source.allow_insecure_tls,
    )


def update_request(
    original: RemoteConnection,
    *,
    name: str | None = None,
    description: str | None = None,
    remote_url: str | None = None,
    remote_api_token: str | None = None,
    remote_org_id: str | None = None,
    allow_insecure_tls: bool | None = None,
) -> RemoteConnectionUpdateRequest:
    """An update with only the fields that differ from `original`.

    `None` means "not edited". A blank token means "keep the current token". A description of "" blanks it
    (when the remote had one). A blank remote org ID on a remote that has none stays unset. The URL is compared
    as it would be stored (trimmed, one trailing `/` removed).
    """
    changes: dict[str, Any] = {}
    if name is not None and name.strip() != original.name:
        changes["name"] = name
    if description is not None and description != (original.description or ""):
        changes["description"] = description
    if remote_url is not None and normalise_url(remote_url) != original.remote_url:
        changes["remote_url"] = remote_url
    if remote_api_token is not None and remote_api_token.strip():
        changes["remote_api_token"] = SecretStr(remote_api_token)
    if remote_org_id is not None and remote_org_id.strip().lower() != (original.remote_org_id or "").lower():
        changes["remote_org_id"] = remote_org_id
    if allow_insecure_tls is not None and allow_insecure_tls != original.allow_insecure_tls:
        changes["allow_insecure_tls"] = allow_insecure_tls
    try:
        return RemoteConnectionUpdateRequest.model_validate(changes)
    except ValidationError as exc:
        raise request_errors(exc) from None
