"""One keep-alive `httpx.AsyncClient` per server: our User-Agent, the token as an `httpx.Auth`, timeouts, TLS."""

from __future__ import annotations

import ssl

import httpx

from remotes_tui import __version__
from remotes_tui.api.auth import TokenAuth
from remotes_tui.api.fields import check_ca_file
from remotes_tui.api.settings import ConnectionSettings

USER_AGENT = f"remotes-tui/{__version__}"
KEEPALIVE_EXPIRY = 30.0
MAX_KEEPALIVE = 32
"""Idle connections kept per client: as many as a bulk import has in flight (32), or each answer beyond the
limit closes its connection and the next request pays a new one (and the server a new thread)."""


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
    return httpx.AsyncClient(
        base_url=settings.base_url,
        auth=TokenAuth(settings.token),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        verify=verify,
        transport=transport,
        limits=httpx.Limits(max_keepalive_connections=MAX_KEEPALIVE, keepalive_expiry=KEEPALIVE_EXPIRY),
        follow_redirects=False,
    )
