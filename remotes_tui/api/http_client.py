"""One keep-alive `httpx.AsyncClient` per server: our User-Agent, the token as an `httpx.Auth`, timeouts, TLS."""

from __future__ import annotations

import ssl

import httpx

from remotes_tui import __version__
from remotes_tui.api.auth import TokenAuth
from remotes_tui.api.fields import check_ca_file
from remotes_tui.api.settings import ConnectionSettings

USER_AGENT = f"remotes-tui/{__version__}"


def build_http_client(
    settings: ConnectionSettings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """The client for `settings` (already checked when they were made, so this never fails)."""
    verify: ssl.SSLContext | bool = True
    if settings.skip_verify or not settings.uses_tls:
        verify = False  # plain HTTP has no TLS: skip loading the CA bundle (~20 ms of start-up)
    elif settings.ca_file:
        try:
            verify = check_ca_file(settings.ca_file)
        except ValueError:  # the file went away since the settings were made: verify with the system's CAs
            verify = True
    return httpx.AsyncClient(
        base_url=settings.base_url,
        auth=TokenAuth(settings.token),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        verify=verify,
        transport=transport,
        limits=httpx.Limits(max_keepalive_connections=8, keepalive_expiry=30.0),
        follow_redirects=False,
    )
