"""The HTTP layer: one pooled httpx.AsyncClient per server, and the mapping of every failure to ApiError."""

from __future__ import annotations

import json
import socket
import ssl
from collections.abc import Mapping
from typing import Any

import httpx

from remotes_tui import __version__
from remotes_tui.api.errors import (
    ApiError,
    BadRequestError,
    ConnectionFailedError,
    DuplicateNameError,
    ForbiddenError,
    InvalidResponseError,
    NotFoundError,
    RemoteInUseError,
    RequestTimeoutError,
    ServerError,
    TLSError,
    UnauthorizedError,
)
from remotes_tui.api.settings import ConnectionSettings

USER_AGENT = f"remotes-tui/{__version__}"

_DUPLICATE = "unique constraint failed: remotes.org_id, remotes.name"
_DUPLICATE_REPLICATION = "unique constraint failed: replications.org_id, replications.name"
_IN_USE = "remote-connection cannot be deleted as a replication references it"


def build_http_client(
    settings: ConnectionSettings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """A keep-alive client with our User-Agent, the token header, timeouts and TLS options."""
    verify: ssl.SSLContext | bool = True
    if settings.skip_verify:
        verify = False
    elif settings.ca_file:
        verify = ssl.create_default_context(cafile=settings.ca_file)
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if settings.token:
        headers["Authorization"] = f"Token {settings.token}"
    return httpx.AsyncClient(
        base_url=settings.base_url,
        headers=headers,
        timeout=timeout,
        verify=verify,
        transport=transport,
        limits=httpx.Limits(max_keepalive_connections=8, keepalive_expiry=30.0),
        follow_redirects=False,
    )


class Transport:
    """Sends requests and turns every failure into one typed ApiError."""

    def __init__(self, settings: ConnectionSettings, http: httpx.AsyncClient) -> None:
        self.settings = settings
        self.http = http

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        expected: tuple[int, ...] = (200,),
        context: str = "",
    ) -> httpx.Response:
        """Send one request; return the response when its status is expected, else raise ApiError."""
        url = f"{self.settings.base_url}{path}"
        try:
            response = await self.http.request(method, path, params=params, json=json_body)
        except httpx.TimeoutException as exc:
            raise self._timeout(url, exc) from None
        except httpx.ConnectError as exc:
            raise self._connect_error(url, exc) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise ConnectionFailedError(
                f"The connection to {self.settings.base_url} was closed before an answer arrived "
                f"({_short(exc)}). Check the server is healthy and try again.",
                url=url,
            ) from None
        except httpx.HTTPError as exc:
            raise ConnectionFailedError(
                f"Could not talk to {self.settings.base_url}: {_short(exc)}.", url=url
            ) from None
        if response.status_code in expected:
            return response
        raise error_from_response(response, context=context, base_url=self.settings.base_url)

    async def get_json(self, path: str, *, params: Mapping[str, str] | None = None, context: str = "") -> Any:
        response = await self.request("GET", path, params=params, context=context)
        return parse_json(response, self.settings.base_url)

    def _timeout(self, url: str, exc: httpx.TimeoutException) -> RequestTimeoutError:
        if isinstance(exc, httpx.ConnectTimeout):
            return RequestTimeoutError(
                f"Connecting to {self.settings.base_url} timed out after {self.settings.connect_timeout:g} s. "
                "Check the host and port, and that no firewall blocks them.",
                url=url,
            )
        return RequestTimeoutError(
            f"{self.settings.base_url} did not answer within {self.settings.read_timeout:g} s. "
            "The server may be overloaded; try again, or raise the timeout.",
            url=url,
        )

    def _connect_error(self, url: str, exc: httpx.ConnectError) -> ApiError:
        causes = _cause_chain(exc)
        lowered = " ".join(str(c) for c in causes).lower()
        base = self.settings.base_url
        detail = _short(causes[-1])
        if any(isinstance(c, ssl.SSLError) for c in causes) or "certificate" in lowered or "ssl" in lowered:
            return TLSError(
                f"The TLS connection to {base} failed ({detail}). Check the server's certificate, give "
                "a CA bundle with --ca-file, or, only for a test server, use --skip-verify.",
                url=url,
            )
        if any(isinstance(c, socket.gaierror) for c in causes) or any(
            words in lowered
            for words in ("name or service not known", "nodename nor servname", "name resolution")
        ):
            return ConnectionFailedError(
                f"The host name in {base} could not be resolved. Check the spelling of the host and your DNS.",
                url=url,
            )
        if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in lowered:
            return ConnectionFailedError(
                f"Connection refused by {base}. Check that InfluxDB is running and listening on that "
                "host and port.",
                url=url,
            )
        return ConnectionFailedError(
            f"Could not connect to {base} ({detail}). Check the URL and that the server is reachable.",
            url=url,
        )


def _cause_chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from, innermost last (httpx wraps the OS error)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def parse_json(response: httpx.Response, base_url: str) -> Any:
    """Decode a JSON body or raise InvalidResponseError naming the URL."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidResponseError(
            f"{base_url} answered {response.request.method} {response.request.url.path} with a body that is "
            "not JSON. Is this URL an InfluxDB 2.x server?",
            status=response.status_code,
            url=str(response.request.url),
        ) from None


def error_from_response(response: httpx.Response, *, context: str = "", base_url: str = "") -> ApiError:
    """Turn a non-success response into the most specific ApiError, with a sentence for the user."""
    status = response.status_code
    code: str | None = None
    message: str | None = None
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    if isinstance(body, dict):
        code = body.get("code") if isinstance(body.get("code"), str) else None
        message = body.get("message") if isinstance(body.get("message"), str) else None
    elif response.content:
        message = response.text.strip()[:200] or None
    url = str(response.request.url)
    lowered = (message or "").lower()
    prefix = f"{context}: " if context else ""
    kwargs: dict[str, Any] = {"status": status, "code": code, "server_message": message, "url": url}

    if _DUPLICATE in lowered:
        return DuplicateNameError(
            f"{prefix}a remote with this name already exists in this organization. Choose another name.",
            **kwargs,
        )
    if _DUPLICATE_REPLICATION in lowered:
        return DuplicateNameError(
            f"{prefix}a replication with this name already exists in this organization. Choose another name.",
            **kwargs,
        )
    if _IN_USE in lowered:
        return RemoteInUseError(
            f"{prefix}the server refused: one or more replications still use this remote. Delete those "
            "replications first, or delete them together with the remote.",
            **kwargs,
        )
    detail = message or response.reason_phrase or "no details"
    if status == 401:
        if message and "is unauthorized" in message:
            return UnauthorizedError(
                f"{prefix}this token is not allowed to do that ({message}). Use a token with write "
                "permission on remotes in this organization.",
                **kwargs,
            )
        return UnauthorizedError(
            f"{prefix}the server rejected the token ({detail}). Check the token is correct and still active.",
            **kwargs,
        )
    if status == 403:
        return ForbiddenError(f"{prefix}access forbidden ({detail}).", **kwargs)
    if status == 404:
        if not isinstance(body, dict):
            return NotFoundError(
                f"{prefix}{base_url or 'the server'} has no such endpoint ({response.request.url.path}). Is "
                "this an InfluxDB OSS 2.x server (2.2 or newer)?",
                **kwargs,
            )
        return NotFoundError(f"{prefix}{_sentence(detail)} It may have been deleted; refresh.", **kwargs)
    if status in (400, 422):
        return BadRequestError(f"{prefix}the server rejected the request: {detail}.", **kwargs)
    if status >= 500:
        return ServerError(
            f"{prefix}the server had an internal error ({status}: {detail}). Try again; if it persists, "
            "check the server's log.",
            **kwargs,
        )
    return ApiError(f"{prefix}unexpected answer {status} from the server: {detail}.", **kwargs)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."
