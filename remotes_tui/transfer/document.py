"""The export file: the remotes of one org, in JSON or TOML, with the API's field names and never a token.

    {"kind": "remotes-tui/remotes", "version": 1, "server": "http://edge:8086", "orgID": "…",
     "remotes": [{"name": "central", "remoteURL": "https://central:8086", "remoteOrgID": "…",
                  "allowInsecureTLS": false, "description": "…", "id": "…"}]}

`server` and each remote's `id` say where the file came from: an import looks up the API token saved for that
remote (`remote_key(server, id)`) when the target has no remote with the same URL. Reading checks every entry with
the same rules as `remote create` (`creation_request`), and refuses a file that names a remote twice.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from remotes_tui.api import InvalidInputError, RemoteConnection, creation_request, is_valid_id
from remotes_tui.api.text import quoted

KIND = "remotes-tui/remotes"
VERSION = 1
FORMATS = ("json", "toml")
_PLACEHOLDER_ORG = "0000000000000001"
_PLACEHOLDER_TOKEN = "checked-on-import"
_REMOTE_KEYS = {"name", "description", "remoteURL", "remoteOrgID", "allowInsecureTLS", "id", "orgID"}


class TransferFileError(ValueError):
    """An export file that cannot be read or used: `str()` is one sentence naming the file and the problem."""


@dataclass(frozen=True)
class RemoteSpec:
    """One remote as the file describes it (normalised as the server would store it)."""

    name: str
    remote_url: str
    description: str | None = None
    remote_org_id: str | None = None
    allow_insecure_tls: bool = False
    source_id: str | None = None

    def wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": self.name,
            "remoteURL": self.remote_url,
            "allowInsecureTLS": self.allow_insecure_tls,
        }
        if self.description:
            body["description"] = self.description
        if self.remote_org_id:
            body["remoteOrgID"] = self.remote_org_id
        if self.source_id:
            body["id"] = self.source_id
        return body


@dataclass(frozen=True)
class TransferDocument:
    """The remotes of one org and where they came from."""

    remotes: tuple[RemoteSpec, ...]
    server: str | None = None
    org_id: str | None = None

    def wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {"kind": KIND, "version": VERSION}
        if self.server:
            body["server"] = self.server
        if self.org_id:
            body["orgID"] = self.org_id
        body["remotes"] = [spec.wire() for spec in self.remotes]
        return body


def document_from_remotes(
    remotes: Iterable[RemoteConnection], *, server: str, org_id: str
) -> TransferDocument:
    """The document for an export, sorted by name so two exports of the same org are the same file."""
    specs = tuple(
        RemoteSpec(
            name=remote.name,
            remote_url=remote.remote_url,
            description=remote.description or None,
            remote_org_id=remote.remote_org_id or None,
            allow_insecure_tls=remote.allow_insecure_tls,
            source_id=remote.id,
        )
        for remote in sorted(remotes, key=lambda remote: remote.name)
    )
    return TransferDocument(specs, server=server.rstrip("/"), org_id=org_id)


def dumps(document: TransferDocument, file_format: str = "json") -> str:
    """The file's text: JSON (tab indent, like the influx CLI's) or TOML."""
    body = document.wire()
    if file_format == "toml":
        import tomli_w

        return tomli_w.dumps(body)
    return json.dumps(body, indent="\t", ensure_ascii=False) + "\n"


def guess_format(name: str, text: str) -> str:
    """TOML for a `.toml` file, JSON for `.json`; otherwise JSON when the text starts like JSON."""
    lowered = name.lower()
    if lowered.endswith(".toml"):
        return "toml"
    if lowered.endswith(".json"):
        return "json"
    return "json" if text.lstrip().startswith(("{", "[")) else "toml"


def loads(text: str, *, name: str = "the file", file_format: str | None = None) -> TransferDocument:
    """Parse and check an export file; TransferFileError says what is wrong, naming the file and the entry."""
    chosen = file_format or guess_format(name, text)
    try:
        data: object = tomllib.loads(text) if chosen == "toml" else json.loads(text)
    except (ValueError, RecursionError) as error:
        detail = type(error).__name__ if isinstance(error, RecursionError) else str(error).split("\n")[0]
        raise TransferFileError(f"{name} is not valid {chosen.upper()} ({detail}).") from None
    if isinstance(data, list):  # `remotes-tui remote list --json` output is accepted too
        data = {"remotes": data}
    if not isinstance(data, dict) or not isinstance(data.get("remotes"), list):
        raise TransferFileError(
            f"{name} has no list of remotes: export one with `remotes-tui remote export --output FILE`."
        )
    kind = data.get("kind", KIND)
    if kind != KIND or data.get("version", VERSION) != VERSION:
        raise TransferFileError(f"{name} is not a remotes-tui export of version {VERSION} (kind {kind!r}).")
    server = data.get("server")
    org_id = data.get("orgID")
    specs = tuple(_spec(entry, index, name) for index, entry in enumerate(data["remotes"]))
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise TransferFileError(
                f"{name} names the remote {quoted(spec.name)} twice; an import matches remotes by name, so keep one."
            )
        seen.add(spec.name)
    return TransferDocument(
        specs,
        server=server.rstrip("/") if isinstance(server, str) and server.strip() else None,
        org_id=org_id if isinstance(org_id, str) else None,
    )


def _spec(entry: object, index: int, name: str) -> RemoteSpec:
    where = f"{name}, remote {index + 1}"
    if not isinstance(entry, dict):
        raise TransferFileError(f"{where} is not an object with a name and a remoteURL.")
    if isinstance(entry.get("name"), str):
        where += f" ({quoted(entry['name'])})"
    unknown = sorted(set(entry) - _REMOTE_KEYS)
    if "remoteAPIToken" in unknown:
        raise TransferFileError(f"{where} holds a remoteAPIToken: tokens never go in a file; remove it.")
    if unknown:
        raise TransferFileError(f"{where} has keys a remote does not have: {', '.join(unknown)}.")
    values = {key: entry.get(key) for key in ("name", "remoteURL", "description", "remoteOrgID", "id")}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            raise TransferFileError(f"{where}: {key} must be a string.")
    allow = entry.get("allowInsecureTLS", False)
    if not isinstance(allow, bool):
        raise TransferFileError(f"{where}: allowInsecureTLS must be true or false.")
    try:
        request = creation_request(
            org_id=_PLACEHOLDER_ORG,
            name=values["name"] or "",
            remote_url=values["remoteURL"] or "",
            remote_api_token=_PLACEHOLDER_TOKEN,
            description=values["description"],
            remote_org_id=values["remoteOrgID"],
            allow_insecure_tls=allow,
        )
    except InvalidInputError as error:
        raise TransferFileError(f"{where}: {' '.join(error.field_errors.values())}") from None
    source_id = values["id"]
    return RemoteSpec(
        name=request.name,
        remote_url=request.remote_url,
        description=request.description or None,
        remote_org_id=request.remote_org_id,
        allow_insecure_tls=request.allow_insecure_tls,
        source_id=source_id.lower() if source_id and is_valid_id(source_id) else None,
    )
