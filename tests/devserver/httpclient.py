"""A tiny keep-alive HTTP client for the dev server tests (standard library only, not our api package)."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any, Protocol

READ_ONLY_TOKEN = "read-only-test-token"
_OPERATOR = object()


class ServerLike(Protocol):
    """What the client needs to know about a server (a DevServer, or an Endpoint for a CLI process)."""

    @property
    def port(self) -> int: ...
    @property
    def token(self) -> str: ...
    @property
    def org_id(self) -> str: ...
    @property
    def bucket_id(self) -> str: ...


@dataclass
class Endpoint:
    """A server known only by its port, token and org (e.g. one started through the CLI)."""

    port: int
    token: str
    org_id: str = ""
    bucket_id: str = ""


@dataclass
class Reply:
    """One HTTP answer, read fully."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class Client:
    """A keep-alive HTTP/1.1 client for one server; `token=None` sends no Authorization header."""

    def __init__(self, server: ServerLike, token: Any = _OPERATOR, scheme: str = "Token") -> None:
        self.server = server
        self.token = server.token if token is _OPERATOR else token
        self.scheme = scheme
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        token: Any = _OPERATOR,
    ) -> Reply:
        sent = dict(headers or {})
        use_token = self.token if token is _OPERATOR else token
        if use_token is not None:
            sent["Authorization"] = f"{self.scheme} {use_token}"
        data: bytes | None
        if body is None or isinstance(body, bytes):
            data = body
        elif isinstance(body, str):
            data = body.encode()
        else:
            data = json.dumps(body).encode()
            sent.setdefault("Content-Type", "application/json")
        if data is None and method in ("POST", "PUT", "PATCH"):
            data = b""
        self.conn.request(method, path, body=data, headers=sent)
        response = self.conn.getresponse()
        return Reply(response.status, response.headers, response.read())

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return self.request("POST", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return self.request("PATCH", path, body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Reply:
        return self.request("DELETE", path, **kwargs)

    def close(self) -> None:
        self.conn.close()

    # --- shortcuts for the resources the tests create -----------------------------------------------------

    def create_remote(self, **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "orgID": self.server.org_id,
            "name": "edge-1",
            "remoteURL": "https://central.example.com:8086",
            "remoteAPIToken": "remote-secret",
            "remoteOrgID": "0123456789abcdef",
            "allowInsecureTLS": False,
        }
        body.update(fields)
        reply = self.post("/api/v2/remotes", body)
        assert reply.status == 201, reply.text
        created: dict[str, Any] = reply.json()
        return created

    def create_replication(self, remote_id: str, **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "orgID": self.server.org_id,
            "name": "to-central",
            "remoteID": remote_id,
            "localBucketID": self.server.bucket_id,
            "remoteBucketName": "central-bucket",
        }
        body.update(fields)
        reply = self.post("/api/v2/replications", body)
        assert reply.status == 201, reply.text
        created: dict[str, Any] = reply.json()
        return created


def error_body(code: str, message: str) -> bytes:
    """influxd's pretty (tab-indented) error body."""
    return json.dumps({"code": code, "message": message}, indent="\t").encode()
