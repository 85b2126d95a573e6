"""The token as an `httpx.Auth`: each request gets `Authorization: Token …`, and the token stays out of headers
that are logged or copied (it lives in this object, not in the client's default headers)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator

import httpx


class TokenAuth(httpx.Auth):
    """InfluxDB's token scheme (`Authorization: Token <token>`); an empty token sends no header."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._token:
            request.headers["Authorization"] = f"Token {self._token}"
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """The same flow without httpx's wrapping of the synchronous one (one generator less per request)."""
        if self._token:
            request.headers["Authorization"] = f"Token {self._token}"
        yield request

    def __repr__(self) -> str:
        return "TokenAuth(token=<hidden>)"
