"""One keep-alive `httpx.AsyncClient` per server: our User-Agent, the token as an `httpx.Auth`, timeouts, TLS, and no
cookies (none is needed, and reading them cost a fifth of the client's work per request)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from http.cookiejar import Cookie, CookieJar
from typing import Any

import httpcore
import httpx

from remotes_tui import __version__
from remotes_tui.api.asyncio_backend import AsyncioBackend
from remotes_tui.api.auth import TokenAuth
from remotes_tui.api.fields import check_ca_file
from remotes_tui.api.settings import ConnectionSettings

USER_AGENT = f"remotes-tui/{__version__}"
KEEPALIVE_EXPIRY = 30.0
MAX_KEEPALIVE = 32
"""Idle connections kept per client: as many as a bulk import has in flight (32), or each answer beyond the
limit closes its connection and the next request pays a new one (and the server a new thread)."""


class _NoCookieJar(CookieJar):
    """Keeps nothing, whatever is offered (and is empty without walking its domains)."""

    def __iter__(self) -> Iterator[Cookie]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def set_cookie(self, cookie: Any) -> None:
        return None

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None


class _NoCookies(httpx.Cookies):
    """Cookies that read no answer: httpx would otherwise copy every answer and its request into urllib's
    cookie objects (~40 us a request) to look for a `Set-Cookie`."""

    def __init__(self) -> None:
        super().__init__(_NoCookieJar())

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class CookielessClient(httpx.AsyncClient):
    """An `httpx.AsyncClient` that keeps no cookies. InfluxDB authenticates every request with its token, so no
    cookie is ever needed (the `influx` CLI and the official client keep none either)."""

    _no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        """Cookies given to the client are ignored, like those the server sets."""


def tls_verify(settings: ConnectionSettings) -> ssl.SSLContext | bool:
    """What to verify the server's certificate with: the CA file's context, the system's CAs, or nothing."""
    if settings.skip_verify or not settings.uses_tls:
        return False  # plain HTTP has no TLS: skip loading the CA bundle (~20 ms of start-up)
    if settings.ca_file:
        try:
            return check_ca_file(settings.ca_file)
        except ValueError:  # the file went away since the settings were made: verify with the system's CAs
            return True
    return True


def build_http_client(
    settings: ConnectionSettings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """The client for `settings` (already checked when they were made, so this never fails)."""
    verify = tls_verify(settings)
    client = CookielessClient(
        base_url=settings.base_url,
        auth=TokenAuth(settings.token),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        verify=verify,
        transport=transport,
        limits=httpx.Limits(max_keepalive_connections=MAX_KEEPALIVE, keepalive_expiry=KEEPALIVE_EXPIRY),
        follow_redirects=False,
    )
    if transport is None:
        use_asyncio_backend(client)
    return client


def use_asyncio_backend(client: httpx.AsyncClient) -> None:
    """Make httpx's own transport of `client` connect with `AsyncioBackend` (proxies from the environment keep
    theirs). httpx has no argument for it, so the pool's backend is replaced before the first connection."""
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    if isinstance(pool, httpcore.AsyncConnectionPool) and not pool.connections:
        pool._network_backend = AsyncioBackend()
