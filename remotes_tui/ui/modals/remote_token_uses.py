"""The token prompt for the other times a remote's token is needed and none is saved: recreating a deleted remote
(`u`) and importing remotes with a new URL (the palette). Same dialog and IDs as `RemoteTokenPrompt`; the caller
saves what is typed in the keyring under the new remote, as the form does."""

from __future__ import annotations

from textual.content import Content

from remotes_tui.ui.modals.remote_token_prompt import RemoteTokenPrompt
from remotes_tui.ui.modals.token_prompt import TokenPrompt

RESTORE_REASON = (
    "No token was saved for this remote on this machine (the server never returns it), and InfluxDB needs one "
    "to create it again. Paste it: it is saved in the keyring under the new remote's ID."
)
IMPORT_REASON = (
    "No token is saved on this machine for a remote with this URL (the server never returns one). Paste the "
    "API token for it: the import sends it with {count}, and saves it in the keyring."
)


class RestoreTokenPrompt(RemoteTokenPrompt):
    """Undo: the token to create a deleted remote again with."""

    OK_LABEL = "Restore"

    def __init__(self, remote_name: str) -> None:
        TokenPrompt.__init__(
            self, Content.assemble("Token to recreate ", (remote_name, "bold")), RESTORE_REASON
        )


class ImportTokenPrompt(RemoteTokenPrompt):
    """Import: the token for every remote the import creates (or moves) at one URL."""

    OK_LABEL = "Use"

    def __init__(self, url: str, remotes: str) -> None:
        """`remotes` says how many use it ("2 remotes")."""
        TokenPrompt.__init__(
            self, Content.assemble("Token for ", (url, "bold")), IMPORT_REASON.format(count=remotes)
        )
