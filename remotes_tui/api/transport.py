"""The HTTP layer: one pooled httpx.AsyncClient per server, and the mapping of every failure to ApiError."""

from __future__ import annotations

import json
import re
import socket
import ssl
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from remotes_tui import __version__
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
)
from remotes_tui.api.settings import ConnectionSettings

ModelT = TypeVar("ModelT", bound=BaseModel)

USER_AGENT = f"remotes-tui/{__version__}"

_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")
_DUPLICATE = "unique constraint failed: remotes.org_id, remotes.name"
_DUPLICATE_REPLICATION = "unique constraint failed: replications.org_id, replications.name"
_IN_USE = "remote-connection cannot be deleted as a replication references it"


def settings_problem(settings: ConnectionSettings) -> ApiError | None:
    """What is wrong with the settings before anything is sent, as one error (never echoing the token)."""
    problems: dict[str, str] = {}
    parts = urlsplit(settings.url.strip())
    try:
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        problems["url"] = (
            f"The server URL {settings.url!r} must look like http://host:8086 or https://host:8086."
        )
    elif not port_ok:
        problems["url"] = (
            f"The server URL {settings.url!r} has an invalid port: use a number from 1 to 65535."
        )
    if settings.token and not _HEADER_SAFE.fullmatch(settings.token):
        problems["token"] = (
            "The token contains characters that cannot be sent in an HTTP header (spaces, line breaks or "
            "non-ASCII letters). Copy it again without them."
        )
    if problems:
        return InvalidInputError(problems)
    if settings.ca_file and not settings.skip_verify:
        try:
            ssl.create_default_context(cafile=settings.ca_file)
        except (OSError, ssl.SSLError) as exc:
            return TLSError(
                f"The CA bundle {settings.ca_file} could not be used ({exc.strerror or exc}). "
                "Check the path and that it is a PEM file."
            )
    return None


def build_http_client(
    settings: ConnectionSettings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """A keep-alive client with our User-Agent, the token header, timeouts and TLS options.

    Settings that `settings_problem` rejects get a client without them; `Transport` raises the problem on the
    first request instead, so building a client never fails.
    """
    problem = settings_problem(settings)
    verify: ssl.SSLContext | bool = True
    if settings.skip_verify or urlsplit(settings.base_url).scheme.lower() == "http":
        verify = False  # plain HTTP has no TLS: skip loading the CA bundle (~20 ms of start-up)
    elif settings.ca_file and problem is None:
        verify = ssl.create_default_context(cafile=settings.ca_file)
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if settings.token and problem is None:
        headers["Authorization"] = f"Token {settings.token}"
    base_url = settings.base_url if problem is None else "http://invalid.invalid"
    return httpx.AsyncClient(
        base_url=base_url,
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
        self.problem = settings_problem(settings)

    def _scrub(self, text: str) -> str:
        """Remove the token from any text that could reach a user (a second safeguard)."""
        return text.replace(self.settings.token, "<token>") if self.settings.token else text

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        expected: tuple[int, ...] = (200,),
        context: str = "",
        subject: str | None = None,
    ) -> httpx.Response:
        """Send one request; return the response when its status is expected, else raise ApiError."""
        if self.problem is not None:
            raise self.problem
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
                f"({self._scrub(_short(exc))}). Check the server is healthy and try again.",
                url=url,
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise ConnectionFailedError(
                f"Could not talk to {self.settings.base_url}: {self._scrub(_short(exc))}.", url=url
            ) from None
        if response.status_code in expected:
            return response
        error = error_from_response(
            response, context=context, base_url=self.settings.base_url, subject=subject
        )
        error.user_message = self._scrub(error.user_message)
        if error.server_message:
            error.server_message = self._scrub(error.server_message)
        raise error

    async def get_json(
        self, path: str, *, params: Mapping[str, str] | None = None, context: str = ""
    ) -> object:
        response = await self.request("GET", path, params=params, context=context)
        return parse_json(response, self.settings.base_url)

    async def get_model(
        self, model: type[ModelT], path: str, *, params: Mapping[str, str] | None = None, context: str = ""
    ) -> ModelT:
        """GET a JSON body and validate it as `model`."""
        return self.parse(model, await self.get_json(path, params=params, context=context))

    def parse(self, model: type[ModelT], data: object) -> ModelT:
        """Validate a decoded body; a wrong shape means this is not the server we think it is."""
        try:
            return model.model_validate(data)
        except ValidationError:
            raise InvalidResponseError(
                f"{self.settings.base_url} answered with a {model.__name__} in an unexpected shape. "
                "Is this an InfluxDB OSS 2.x server?"
            ) from None

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
        detail = self._scrub(_short(causes[-1]))
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


def error_from_response(
    response: httpx.Response, *, context: str = "", base_url: str = "", subject: str | None = None
) -> ApiError:
    """Turn a non-success response into the most specific ApiError, with a sentence for the user.

    `subject` is the name the request was about, so a duplicate reads "a remote named 'x' already exists".
    """
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
    error_type, sentence = _classify(response, body, message, base_url, subject)
    prefix = f"{context}: " if context else ""
    return error_type(
        prefix + sentence, status=status, code=code, server_message=message, url=str(response.request.url)
    )


def _classify(
    response: httpx.Response, body: object, message: str | None, base_url: str, subject: str | None
) -> tuple[type[ApiError], str]:
    """The error type and the user's sentence for one failed response."""
    status = response.status_code
    lowered = (message or "").lower()
    named = f"named {subject!r}" if subject else "with this name"
    if _DUPLICATE in lowered:
        return (
            DuplicateNameError,
            f"a remote {named} already exists in this organization. Choose another name.",
        )
    if _DUPLICATE_REPLICATION in lowered:
        return (
            DuplicateNameError,
            f"a replication {named} already exists in this organization. Choose another name.",
        )
    if _IN_USE in lowered:
        return (
            RemoteInUseError,
            "the server refused: one or more replications still use this remote. Delete those replications "
            "first, or delete them together with the remote.",
        )
    detail = message or response.reason_phrase or "no details"
    if status == 401 and message and "is unauthorized" in message:
        return (
            UnauthorizedError,
            f"this token is not allowed to do that ({message}). Use a token with write permission on remotes "
            "in this organization.",
        )
    if status == 401:
        return (
            UnauthorizedError,
            f"the server rejected the token ({detail}). Check it is correct and still active.",
        )
    if status == 403:
        return ForbiddenError, f"access forbidden ({detail}). Use a token with the needed permissions."
    if status == 404 and not isinstance(body, dict):
        return (
            NotFoundError,
            f"{base_url or 'the server'} has no such endpoint ({response.request.url.path}). Is this an "
            "InfluxDB OSS 2.x server (2.2 or newer)?",
        )
    if status == 404:
        return NotFoundError, f"{_sentence(detail)} It may have been deleted; refresh."
    if status in (400, 422):
        return BadRequestError, f"the server rejected the request: {detail}."
    if status == 503:
        return (
            ServerError,
            f"the server is unavailable right now (503: {detail}). Wait a moment and try again.",
        )
    if status >= 500:
        return (
            ServerError,
            f"the server had an internal error ({status}: {detail}). Try again; if it persists, check the "
            "server's log.",
        )
    return ApiError, f"unexpected answer {status} from the server: {detail}."


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."
