"""httpcore's network backend on a plain asyncio protocol, for httpx's own transport (the TUI's and single calls').

httpcore's default backend reads through anyio, which stops the socket's reading after every read and starts it
again before the next: a list of 1,000 remotes (270 KB) arrived in ~3 ms where the socket itself takes ~1. This
protocol keeps reading into one buffer (up to a bound), and holds what httpcore writes until it reads the answer,
so the headers and the body of a request leave in one send (two sends woke the server twice per POST).

Nothing to import beyond asyncio, so it costs the TUI's start-up nothing. Every failure is raised as the httpcore
exception anyio's backend raises, `from` the OS or TLS error, so httpx and `transport_errors` classify it the same.
"""

# ruff: noqa: ASYNC109 - the `timeout` parameters are httpcore's interface, not a choice made here

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Coroutine, Iterable
from typing import Any

import httpcore

_HELD_WRITES = 64 * 1024
"""Bytes of a request held before they are sent anyway (a large body is not kept whole in memory)."""
_READ_AHEAD = 1024 * 1024
"""Bytes read ahead of httpcore before the socket's reading pauses."""

SocketOption = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


class _Protocol(asyncio.Protocol):
    """One connection's bytes: what arrived and not yet read, the end, the error, and write flow control."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.eof = False
        self.error: BaseException | None = None
        self._data_waiter: asyncio.Future[None] | None = None
        self._drain_waiter: asyncio.Future[None] | None = None
        self._reading_paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > _READ_AHEAD and self.transport is not None and not self._reading_paused:
            self.transport.pause_reading()
            self._reading_paused = True
        self._wake()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof = True
        self.error = exc
        self._wake()
        if self._drain_waiter is not None and not self._drain_waiter.done():
            self._drain_waiter.set_result(None)

    def pause_writing(self) -> None:
        self._drain_waiter = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        if self._drain_waiter is not None and not self._drain_waiter.done():
            self._drain_waiter.set_result(None)
        self._drain_waiter = None

    def _wake(self) -> None:
        if self._data_waiter is not None and not self._data_waiter.done():
            self._data_waiter.set_result(None)

    async def wait_for_data(self) -> None:
        self._data_waiter = asyncio.get_running_loop().create_future()
        try:
            await self._data_waiter
        finally:
            self._data_waiter = None

    async def drain(self) -> None:
        if self._drain_waiter is not None:
            await asyncio.shield(self._drain_waiter)

    def take(self, max_bytes: int) -> bytes:
        data = bytes(self.buffer[:max_bytes])
        del self.buffer[:max_bytes]
        if self._reading_paused and len(self.buffer) <= _READ_AHEAD // 2 and self.transport is not None:
            self.transport.resume_reading()
            self._reading_paused = False
        return data


class AsyncioStream(httpcore.AsyncNetworkStream):
    """A connection as httpcore uses it."""

    def __init__(self, transport: asyncio.Transport, protocol: _Protocol) -> None:
        self._transport = transport
        self._protocol = protocol
        self._held: list[bytes] = []
        self._held_size = 0

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        protocol = self._protocol
        try:
            async with asyncio.timeout(timeout):
                await self._flush()
                while not protocol.buffer and not protocol.eof:
                    await protocol.wait_for_data()
        except TimeoutError as error:
            raise httpcore.ReadTimeout(str(error)) from error
        if protocol.buffer:
            return protocol.take(max_bytes)
        if protocol.error is not None:
            raise httpcore.ReadError(str(protocol.error)) from protocol.error
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        self._held.append(buffer)
        self._held_size += len(buffer)
        if self._held_size >= _HELD_WRITES:
            try:
                async with asyncio.timeout(timeout):
                    await self._flush()
            except TimeoutError as error:
                raise httpcore.WriteTimeout(str(error)) from error

    async def _flush(self) -> None:
        """Send what is held, in one write, and wait while the socket's send buffer is full. On a connection
        already lost nothing is sent: the read that follows meets its end or its error."""
        if not self._held:
            return
        data = self._held[0] if len(self._held) == 1 else b"".join(self._held)
        self._held.clear()
        self._held_size = 0
        if self._transport.is_closing() or self._protocol.error is not None:
            return
        self._transport.write(data)
        await self._protocol.drain()

    async def aclose(self) -> None:
        self._held.clear()
        self._transport.close()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                await self._flush()
                transport = await loop.start_tls(
                    self._transport, self._protocol, ssl_context, server_hostname=server_hostname
                )
        except TimeoutError as error:
            self._transport.close()
            raise httpcore.ConnectTimeout(str(error)) from error
        except (OSError, EOFError) as error:  # ssl.SSLError is an OSError
            self._transport.close()
            raise httpcore.ConnectError(str(error)) from error
        if transport is None:  # the connection closed during the handshake
            raise httpcore.ConnectError("the connection closed during the TLS handshake")
        self._protocol.transport = transport  # flow control now goes through TLS
        return AsyncioStream(transport, self._protocol)

    def get_extra_info(self, info: str) -> Any:
        transport = self._transport
        if info == "ssl_object":
            return transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return transport.get_extra_info("sockname")
        if info == "server_addr":
            return transport.get_extra_info("peername")
        if info == "socket":
            return transport.get_extra_info("socket")
        if (
            info == "is_readable"
        ):  # an idle connection with something to read was closed or broken by the server
            protocol = self._protocol
            return bool(protocol.buffer) or protocol.eof or transport.is_closing()
        return None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Opens `AsyncioStream`s."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        local = None if local_address is None else (local_address, 0)
        connecting = asyncio.get_running_loop().create_connection(_Protocol, host, port, local_addr=local)
        return await _opened(connecting, timeout, socket_options)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[SocketOption] | None = None
    ) -> httpcore.AsyncNetworkStream:
        connecting = asyncio.get_running_loop().create_unix_connection(_Protocol, path)
        return await _opened(connecting, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def _opened(
    connecting: Coroutine[Any, Any, tuple[asyncio.Transport, _Protocol]],
    timeout: float | None,
    socket_options: Iterable[SocketOption] | None,
) -> AsyncioStream:
    """Wait for a connection (TCP or Unix socket) within `timeout`; its failures as httpcore's exceptions."""
    try:
        async with asyncio.timeout(timeout):
            transport, protocol = await connecting
    except TimeoutError as error:
        raise httpcore.ConnectTimeout(str(error)) from error
    except OSError as error:
        raise httpcore.ConnectError(str(error)) from error
    _apply(transport, socket_options)
    return AsyncioStream(transport, protocol)


def _apply(transport: asyncio.BaseTransport, options: Iterable[SocketOption] | None) -> None:
    """Set the socket options httpx was given (asyncio already sets TCP_NODELAY)."""
    sock: socket.socket | None = transport.get_extra_info("socket")
    if sock is None:
        return
    for option in options or ():
        sock.setsockopt(*option)
