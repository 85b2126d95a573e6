"""`ResourceService`: get, create and delete of one kind of resource, shared by remotes and replications.

Both live under a collection path (`/api/v2/remotes`, `/api/v2/replications`), are read and deleted by ID, and
are created by a POST that answers 201 and is never retried; only the noun in the messages differs.
"""

from __future__ import annotations

from typing import Any, Generic

from remotes_tui.api.ids import require_id
from remotes_tui.api.sender import ModelT, RequestSender
from remotes_tui.api.text import quoted


class ResourceService(Generic[ModelT]):
    """The calls every resource has. Every method raises ApiError (or a subclass) on failure."""

    _path: str
    """The collection, e.g. `/api/v2/remotes`."""
    _model: type[ModelT]
    """What the server answers for one resource."""
    _noun: str
    """The resource in messages: "Could not load the {noun}"."""
    _id_label: str
    """The ID in messages about a malformed ID, e.g. "Remote ID"."""

    def __init__(self, sender: RequestSender) -> None:
        self._sender = sender

    def _item_path(self, resource_id: str) -> str:
        """The resource's own path; an ID that is not 16 hex characters fails here, before any request."""
        return f"{self._path}/{require_id(resource_id, self._id_label, 'id')}"

    async def get(self, resource_id: str) -> ModelT:
        return await self._sender.get_model(
            self._model, self._item_path(resource_id), context=f"Could not load the {self._noun}"
        )

    async def delete(self, resource_id: str) -> None:
        await self._sender.delete(self._item_path(resource_id), context=f"Could not delete the {self._noun}")

    async def _create(self, body: dict[str, Any], name: str) -> ModelT:
        """POST a new resource. Never retried: a lost answer may mean it was created."""
        response = await self._sender.request(
            "POST",
            self._path,
            json_body=body,
            expected=(201,),
            context=f"Could not create {self._noun} {quoted(name)}",
            subject=name,
        )
        return self._sender.parse_written(self._model, response, what=self._noun)
