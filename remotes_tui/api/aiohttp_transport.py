"""An httpx transport that sends requests with aiohttp: the same `httpx.AsyncClient` above it, about 40% less
CPU per request below it (httpcore's anyio streams cost more than aiohttp's protocol on asyncio).

For bulk work only (`remotes-tui remote import`, a fleet of many servers): importing aiohttp costs 0.1-0.4 s,
so the single-server TUI and single requests keep httpx's own transport, and so does bulk work when a proxy is
configured (`bulk_transport`: httpx follows the proxy settings, this transport does not read them).
Every aiohttp failure is raised as the httpx exception httpx's transport raises for the same failure, chained
to its cause (the OS or TLS error), so `transport_errors` classifies it the same way: a refused connection, a
certificate, a dropped connection and a timeout keep their types, retries and "may have been done" notes.
Bodies are read whole (the service layer never streams).
"""

from __future__ import annotations

import ssl
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

from remotes_tui.api.settings import ConnectionSettings

if TYPE_CHECKING:
    import aiohttp


def available() -> bool:
    """True when aiohttp can be imported (it is a dependency, but a trimmed install may lack it)."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


class AiohttpTransport(httpx.AsyncBaseTransport):
    """httpx's transport interface on an aiohttp session (created on the first request, inside the loop)."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        max_connections: int = 100,
        keepalive_expiry: float = 30.0,
    ) -> None:
        self._ssl: ssl.SSLContext | bool = httpx.create_ssl_context(verify=True) if verify is True else verify
        self._max_connections = max_connections
        self._keepalive_expiry = keepalive_expiry
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[tuple[float | None, float | None, float | None], aiohttp.ClientTimeout] = {}

    def _opened(self) -> aiohttp.ClientSession:
        import aiohttp

        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections, keepalive_timeout=self._keepalive_expiry, ssl=self._ssl
            )
            self._session = aiohttp.ClientSession(
                connector=connector, auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar()
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        body = await request.aread()
        headers = [
            (name, value)
            for name, value in request.headers.multi_items()
            if name.lower() != "transfer-encoding"
        ]
        with _as_httpx_errors(request):
            async with self._opened().request(
                request.method,
                str(request.url),
                headers=headers,
                data=body or None,
                allow_redirects=False,
                compress=None,
                timeout=self._timeout(request.extensions.get("timeout", {})),
            ) as response:
                content = await response.read()
                extensions = {"http_version": b"HTTP/1.1", "reason_phrase": (response.reason or "").encode()}
                raw_headers = list(response.raw_headers)
                if _is_plain(response.headers):
                    # The body as it is: httpx keeps it without streaming it through its decoders again.
                    answer = httpx.Response(
                        response.status,
                        headers=raw_headers,
                        content=content,
                        request=request,
                        extensions=extensions,
                    )
                    answer.elapsed = timedelta(seconds=time.perf_counter() - started)
                    return answer
                return httpx.Response(
                    response.status,
                    headers=raw_headers,
                    stream=httpx.ByteStream(content),
                    request=request,
                    extensions=extensions,
                )

    def _timeout(self, timeouts: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
        """aiohttp's timeouts for httpx's, made once per distinct set (every request of a client has the same)."""
        import aiohttp

        key = (timeouts.get("pool"), timeouts.get("connect"), timeouts.get("read"))
        timeout = self._timeouts.get(key)
        if timeout is None:
            pool, connect, read = key
            timeout = aiohttp.ClientTimeout(total=None, connect=pool, sock_connect=connect, sock_read=read)
            self._timeouts[key] = timeout
        return timeout

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _is_plain(headers: Mapping[str, str]) -> bool:
    """True when the body needs no decoding (no Content-Encoding) and its length was given, so that httpx's
    `Response(content=...)` adds no header the server did not send."""
    encoding = headers.get("Content-Encoding", "").strip().lower()
    return encoding in ("", "identity") and "Content-Length" in headers


def fast_transport(settings: ConnectionSettings) -> AiohttpTransport:
    """The transport for bulk work on `settings`' server, verifying TLS exactly as the default client does."""
    from remotes_tui.api.http_client import KEEPALIVE_EXPIRY, tls_verify

    return AiohttpTransport(verify=tls_verify(settings), keepalive_expiry=KEEPALIVE_EXPIRY)


def bulk_transport(settings: ConnectionSettings) -> AiohttpTransport | None:
    """The aiohttp transport for bulk work on `settings`' server, or None: keep httpx's own transport.

    None when aiohttp is not installed, or when the environment names a proxy for the server's scheme
    (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, upper or lower case): httpx's transport follows the proxy and
    `NO_PROXY` as it does for every other request, so a large fleet or import goes where a small one goes.
    The aiohttp transport is only a CPU saving; it must never change the route. So it steps aside even when
    `NO_PROXY` exempts the server (the requests then go direct through httpx, without the saving): matching
    httpx's `NO_PROXY` rules here would be a second copy of them that could drift.
    """
    if proxy_configured(settings.base_url) or not available():
        return None
    return fast_transport(settings)


def proxy_configured(url: str) -> bool:
    """True when the environment names a proxy for `url`'s scheme (whether `NO_PROXY` exempts its host is left
    to httpx)."""
    proxies = urllib.request.getproxies()
    return bool(proxies.get(urlsplit(url).scheme) or proxies.get("all"))


@contextmanager
def _as_httpx_errors(request: httpx.Request) -> Iterator[None]:
    """aiohttp's exceptions as the httpx ones its own transport raises, `from` the original (whose chain holds
    the OS or TLS error)."""
    import aiohttp

    try:
        yield
    except aiohttp.ConnectionTimeoutError as error:
        raise httpx.ConnectTimeout(str(error) or "connect timed out", request=request) from error
    except (TimeoutError, aiohttp.ServerTimeoutError) as error:
        raise httpx.ReadTimeout(str(error) or "read timed out", request=request) from error
    except aiohttp.ClientConnectorCertificateError as error:  # chained like httpx: straight to the ssl error
        cause = error.certificate_error
        raise httpx.ConnectError(str(cause), request=request) from cause
    except aiohttp.ClientConnectorError as error:  # refused, DNS, TLS handshake: the OS or ssl error under it
        cause = error.os_error
        raise httpx.ConnectError(str(cause), request=request) from cause
    except (
        aiohttp.ServerDisconnectedError,
        aiohttp.ClientPayloadError,
        aiohttp.ClientResponseError,
    ) as error:
        raise httpx.RemoteProtocolError(str(error) or type(error).__name__, request=request) from error
    except aiohttp.ClientOSError as error:
        raise httpx.ReadError(str(error) or type(error).__name__, request=request) from error
    except aiohttp.InvalidURL as error:
        raise httpx.InvalidURL(str(error)) from error
    except aiohttp.ClientError as error:
        raise httpx.TransportError(str(error) or type(error).__name__, request=request) from error
    except ssl.SSLError as error:
        raise httpx.ConnectError(str(error), request=request) from error
    except OSError as error:
        raise httpx.ReadError(str(error) or type(error).__name__, request=request) from error
