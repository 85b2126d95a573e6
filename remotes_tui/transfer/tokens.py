"""The API tokens an import needs, from the keyring entries of remotes that point at the same URL.

For each remote URL the plan needs, the candidates are the target server's remotes with that URL
(`remote_key(server, id)`), then the file's own remotes with that URL on the server it was exported from. At most
`MAX_LOOKUPS_PER_URL` entries are read per URL. Blocking (the OS keyring): call it off an event loop.
"""

from __future__ import annotations

from collections.abc import Iterable

from remotes_tui.api import RemoteConnection
from remotes_tui.tokens import TokenStore, remote_key
from remotes_tui.transfer.document import TransferDocument

MAX_LOOKUPS_PER_URL = 10


def saved_tokens(
    urls: Iterable[str],
    *,
    server_url: str,
    existing: Iterable[RemoteConnection],
    document: TransferDocument,
    store: TokenStore,
) -> dict[str, str]:
    """{remote URL: token} for the URLs a saved token was found for (the others are missing)."""
    existing = list(existing)
    found: dict[str, str] = {}
    for url in urls:
        keys = [remote_key(server_url, remote.id) for remote in existing if remote.remote_url == url]
        if document.server:
            keys += [
                remote_key(document.server, spec.source_id)
                for spec in document.remotes
                if spec.remote_url == url and spec.source_id
            ]
        for key in list(dict.fromkeys(keys))[:MAX_LOOKUPS_PER_URL]:
            token = store.get(key)
            if token:
                found[url] = token
                break
    return found
