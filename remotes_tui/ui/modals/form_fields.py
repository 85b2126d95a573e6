"""The remote form's fields (label, hint, placeholder), the values it holds, and how they become a request.

No Textual here: the checks are the service layer's own request models, so the form and the API agree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from remotes_tui.api import (
    InvalidInputError,
    RemoteConnection,
    RemoteConnectionCreationRequest,
    RemoteConnectionUpdateRequest,
    creation_request,
    normalise_url,
    update_request,
)

SaveRequest = RemoteConnectionCreationRequest | RemoteConnectionUpdateRequest

TOKEN = "remote_api_token"
KEEP_TOKEN_HINT = "Leave empty to keep the current token."


@dataclass(frozen=True)
class FormField:
    """One field: `key` is the python field name the request models use (and their errors are keyed by)."""

    key: str
    label: str
    hint: str
    placeholder: str = ""


TEXT_FIELDS = (
    FormField("name", "Name", "A short name, unique in this organization.", "e.g. central-eu"),
    FormField("description", "Description", "Optional: what this remote is for."),
    FormField(
        "remote_url",
        "Remote URL",
        "The InfluxDB that receives the data.",
        "e.g. https://influx.example.com:8086",
    ),
    FormField(TOKEN, "Remote API token", "A token with write access on the remote bucket."),
    FormField("remote_org_id", "Remote org ID", "16 hex characters; leave empty for InfluxDB 1.x."),
)
TLS_FIELD = FormField(
    "allow_insecure_tls", "Allow insecure TLS", "Skip the remote's certificate checks: only for test servers."
)


def field_hint(form_field: FormField, original: RemoteConnection | None) -> str:
    """The hint under a field; editing changes the token's and the remote org ID's."""
    if original is not None and form_field.key == TOKEN:
        return KEEP_TOKEN_HINT
    if original is not None and form_field.key == "remote_org_id" and original.remote_org_id:
        return "16 hex characters; once set it can be changed but not cleared."
    return form_field.hint


@dataclass(frozen=True)
class FormValues:
    """The form's values as typed; the token is left out of the repr.

    The field names are `creation_request`'s and `update_request`'s keywords, so the values pass as they are:
    both read a blank description or remote org ID as "none" (an update: "blank it", where allowed).
    """

    name: str = ""
    description: str = ""
    remote_url: str = ""
    remote_api_token: str = field(default="", repr=False)
    remote_org_id: str = ""
    allow_insecure_tls: bool = False

    @classmethod
    def from_remote(cls, remote: RemoteConnection | None) -> FormValues:
        """The values a form opens with: empty for a new remote, the current ones (no token) for an edit."""
        if remote is None:
            return cls()
        return cls(
            name=remote.name,
            description=remote.description or "",
            remote_url=remote.remote_url,
            remote_org_id=remote.remote_org_id or "",
            allow_insecure_tls=remote.allow_insecure_tls,
        )

    def text(self, key: str) -> str:
        """The text of one text field by its key."""
        value = getattr(self, key)
        return value if isinstance(value, str) else ""


def build_request(
    values: FormValues, *, org_id: str, original: RemoteConnection | None
) -> tuple[SaveRequest | None, dict[str, str]]:
    """The validated create (or, with `original`, update) request, or one error sentence per field.

    An update holds only the fields that differ from `original`; a blank token means "keep the current one".
    """
    fields = asdict(values)
    try:
        if original is None:
            request: SaveRequest = creation_request(org_id=org_id, **fields)
        else:
            request = update_request(original, **fields)
    except InvalidInputError as error:
        return None, dict(error.field_errors)
    return request, {}


def url_note(typed: str) -> str:
    """A note under the Remote URL when it will be saved other than typed (spaces or one trailing / dropped)."""
    saved = normalise_url(typed)
    if not saved or saved == typed:
        return ""
    return f"Will be saved as {saved} (InfluxDB matches remote URLs exactly)."


def redact(text: str, secret: str) -> str:
    """`text` with every occurrence of `secret` masked, so a library's message cannot leak a token."""
    return text.replace(secret, "••••") if secret else text
