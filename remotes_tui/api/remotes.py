"""Remote connections: `/api/v2/remotes` (list, get, create, update, delete)."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr, ValidationError

from remotes_tui.api.errors import InvalidInputError, InvalidResponseError, field_errors
from remotes_tui.api.ids import check_id
from remotes_tui.api.models import (
    RemoteConnection,
    RemoteConnectionCreationRequest,
    RemoteConnections,
    RemoteConnectionUpdateRequest,
)
from remotes_tui.api.transport import Transport, parse_json

_PATH = "/api/v2/remotes"


def _valid_id(value: str, what: str) -> str:
    try:
        return check_id(value, what)
    except ValueError as exc:
        raise InvalidInputError({"id": str(exc)}) from None


def _parse(data: Any, base_url: str) -> RemoteConnection:
    try:
        return RemoteConnection.model_validate(data)
    except ValidationError:
        raise InvalidResponseError(
            f"{base_url} returned a remote connection in an unexpected shape. Is it an InfluxDB 2.x server?"
        ) from None


class RemotesService:
    """CRUD for remote connections. Every method raises ApiError (or a subclass) on failure."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    async def list(
        self, org_id: str, *, name: str | None = None, remote_url: str | None = None
    ) -> list[RemoteConnection]:
        """All remotes of an org; `name` and `remote_url` are exact, case-sensitive filters."""
        params = {"orgID": _valid_id(org_id, "Org ID")}
        if name:
            params["name"] = name
        if remote_url:
            params["remoteURL"] = remote_url
        data = await self._t.get_json(_PATH, params=params, context="Could not list remote connections")
        try:
            wrapper = RemoteConnections.model_validate(data)
        except ValidationError:
            raise InvalidResponseError(
                f"{self._t.settings.base_url} returned a remote list in an unexpected shape."
            ) from None
        return list(wrapper.remotes or [])

    async def get(self, remote_id: str) -> RemoteConnection:
        rid = _valid_id(remote_id, "Remote ID")
        data = await self._t.get_json(f"{_PATH}/{rid}", context="Could not load the remote connection")
        return _parse(data, self._t.settings.base_url)

    async def create(self, request: RemoteConnectionCreationRequest) -> RemoteConnection:
        response = await self._t.request(
            "POST",
            _PATH,
            json_body=request.to_wire(),
            expected=(201, 200),
            context=f"Could not create remote connection {request.name!r}",
        )
        return _parse(parse_json(response, self._t.settings.base_url), self._t.settings.base_url)

    async def update(self, remote_id: str, request: RemoteConnectionUpdateRequest) -> RemoteConnection:
        """PATCH only the fields set on `request`; an empty request just re-reads the remote."""
        rid = _valid_id(remote_id, "Remote ID")
        if request.is_empty():
            return await self.get(rid)
        response = await self._t.request(
            "PATCH",
            f"{_PATH}/{rid}",
            json_body=request.to_wire(),
            context="Could not update the remote connection",
        )
        return _parse(parse_json(response, self._t.settings.base_url), self._t.settings.base_url)

    async def delete(self, remote_id: str) -> None:
        rid = _valid_id(remote_id, "Remote ID")
        await self._t.request(
            "DELETE", f"{_PATH}/{rid}", expected=(204, 200), context="Could not delete the remote connection"
        )


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
        raise InvalidInputError(field_errors(exc)) from None


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
    (when the remote had one). A blank remote org ID on a remote that has none stays unset.
    """
    changes: dict[str, Any] = {}
    if name is not None and name.strip() != original.name:
        changes["name"] = name
    if description is not None and description != (original.description or ""):
        changes["description"] = description
    if remote_url is not None and remote_url.strip() != original.remote_url:
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
        raise InvalidInputError(field_errors(exc)) from None
