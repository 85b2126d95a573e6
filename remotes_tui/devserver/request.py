"""A parsed HTTP request, with Go-style query access (the first value of a repeated parameter wins)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl


@dataclass(slots=True)
class Request:
    """What the router needs: method, decoded path (trailing slash already stripped), query, headers, body."""

    method: str
    path: str
    query_string: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    _query: dict[str, str] | None = None

    def arg(self, name: str) -> str:
        """Like Go's `r.URL.Query().Get(name)`: the first value, or "" when absent."""
        if self._query is None:
            query: dict[str, str] = {}
            if self.query_string:
                for key, value in parse_qsl(self.query_string, keep_blank_values=True):
                    query.setdefault(key, value)
            self._query = query
        return self._query.get(name, "")
