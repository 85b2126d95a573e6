"""The profile form's fields (label, hint, placeholder) and how typed values become a `Profile`. No widgets."""

from __future__ import annotations

from pydantic import ValidationError

from remotes_tui.api import is_valid_id
from remotes_tui.profiles import Profile, profile_errors

# (key, label, hint, placeholder); the key is the Profile field the errors are reported under.
TEXT_FIELDS = (
    ("name", "Profile name", "Profile name: a short name for this server, such as edge-1.", "edge-1"),
    (
        "url",
        "Server URL",
        "Server URL: an InfluxDB OSS 2.x server, http:// or https://.",
        "http://localhost:8086",
    ),
    ("org", "Organization", "Organization: its name, or its 16-character ID.", "org name or ID"),
    (
        "token",
        "Token",
        "Token: an API token for this org; kept in the OS keyring, never in a file.",
        "API token",
    ),
    ("ca_file", "CA file", "CA file: optional PEM bundle, for a private certificate authority.", "optional"),
)
HINTS = {key: hint for key, _label, hint, _placeholder in TEXT_FIELDS} | {
    "skip_verify": "Skip TLS verification: only for test servers with self-signed certificates.",
    "read_only": "Read-only: hide and disable every write action for this server.",
}
SAVE_LABEL = "Check and save"
SESSION_SAVE_LABEL = "Save profile, token in memory"
"""With no usable keyring: the profile is saved (it never holds a token), the token only kept in memory."""

FIRST_RUN_TITLE = "Connect to InfluxDB: this server is saved as a profile"
FIRST_RUN_SESSION_TITLE = "Connect to InfluxDB: profile saved, token for this session only"
FIRST_RUN_INTRO = (
    "Which InfluxDB OSS 2.x server should remotes-tui manage? It is checked, then saved as a profile; "
    "the token goes to the OS keyring. Add more later with `remotes-tui profile add`, switch with p."
)
FIRST_RUN_SESSION_INTRO = (
    "Which InfluxDB OSS 2.x server should remotes-tui manage? It is checked, then saved as a profile "
    "without its token, which is kept in memory for this session only and asked for again next time."
)
KEEP_TOKEN_HINT = "Token: leave empty to keep the saved token."
SESSION_TOKEN_HINT = (
    "Token: an API token for this org; kept in memory for this session only, never in a file."
)


def build_profile(
    *, name: str, url: str, org: str, ca_file: str, skip_verify: bool, read_only: bool
) -> tuple[Profile | None, dict[str, str]]:
    """The validated profile, or {field: sentence}. One org field: 16 hex characters is an ID, else a name."""
    org_fields = {"org_id": org} if is_valid_id(org) else {"org": org}
    try:
        profile = Profile(
            name=name,
            url=url,
            ca_file=ca_file or None,
            skip_verify=skip_verify,
            read_only=read_only,
            **org_fields,
        )
    except ValidationError as error:
        errors = profile_errors(error)
        if "org_id" in errors:
            errors.setdefault("org", errors.pop("org_id"))
        if not org:  # the model checks the org only once every field is valid; say it at once
            errors.setdefault("org", "Give the organization: its name or its 16-character ID.")
        return None, errors
    return profile, {}
