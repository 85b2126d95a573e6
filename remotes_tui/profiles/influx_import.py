"""Import the influx CLI's config profiles (`~/.influxdbv2/configs`) as our profiles, tokens into the keyring.

The influx file is only read, never changed. Its format: one TOML table per profile with `url`, `token`,
`org` (a name, possibly ""), `active`, `previous` and `cookie`; the commented-out sample block the CLI
appends is ignored by the TOML parser.

What is skipped, and why (each reason is a sentence the CLI prints):
- a name already saved here, unless `overwrite=True`;
- an invalid name or URL, or no org (the influx CLI allows `org = ""`; we need one to find the remotes);
- no token: a cookie-only profile (username/password sign-in, which remotes-tui does not use) or an empty
  one cannot connect, so it is skipped rather than saved half-usable.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from remotes_tui.profiles.errors import ProfileFileError
from remotes_tui.profiles.model import Profile, first_error
from remotes_tui.profiles.store import ProfileStore
from remotes_tui.tokens import TokenStore, profile_key

CONFIGS_PATH_ENV = "INFLUX_CONFIGS_PATH"


@dataclass
class ImportReport:
    """What an import did: the names imported, the names skipped with a reason, and the new active one."""

    imported: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    active: str | None = None
    source: Path | None = None


def default_influx_configs_path() -> Path:
    """`$INFLUX_CONFIGS_PATH`, else `~/.influxdbv2/configs` (where the influx CLI keeps its profiles)."""
    override = os.environ.get(CONFIGS_PATH_ENV)
    if override:
        return Path(override).expanduser()
    return Path.home() / ".influxdbv2" / "configs"


def read_influx_configs(path: Path) -> dict[str, Any]:
    """The influx configs file as a dict of tables; ProfileFileError naming the file when unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProfileFileError(
            f"There is no influx CLI configs file at {path}; give its path with --path or INFLUX_CONFIGS_PATH."
        ) from None
    except OSError as error:
        raise ProfileFileError(
            f"The influx CLI configs file {path} cannot be read ({error.strerror})."
        ) from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ProfileFileError(f"The influx CLI configs file {path} is not valid TOML ({error}).") from None


def influx_config_path_with(name: str) -> Path | None:
    """The influx CLI's configs file when it has a config called `name` (to point a user at the import), else
    None; a missing or unreadable file has none."""
    path = default_influx_configs_path()
    try:
        tables = read_influx_configs(path)
    except ProfileFileError:
        return None
    return path if isinstance(tables.get(name), dict) else None


def import_influx_configs(
    path: Path | None, *, store: ProfileStore, tokens: TokenStore, overwrite: bool = False
) -> ImportReport:
    """Import every usable influx CLI profile. Blocking (file and keyring): run it off the UI loop.

    A keyring failure (KeyringUnavailableError) stops the import; the profiles imported before it stay.
    """
    source = path if path is not None else default_influx_configs_path()
    tables = read_influx_configs(source)
    report = ImportReport(source=source)
    existing = set(store.names())
    wanted_active: str | None = None
    for name in sorted(tables):
        table = tables[name]
        if not isinstance(table, dict):
            report.skipped.append((name, "it is not a profile table."))
            continue
        profile, token, reason = _convert(name, table)
        if reason is None and name in existing and not overwrite:
            reason = "a profile with this name already exists here (use --overwrite to replace it)."
        if reason is not None or profile is None or token is None:
            report.skipped.append((name, reason or "it is not a usable profile."))
            continue
        tokens.set(profile_key(profile.name), token)
        store.add(profile, overwrite=True)
        report.imported.append(profile.name)
        if table.get("active") is True and wanted_active is None:
            wanted_active = profile.name
    if wanted_active is not None:
        store.use(wanted_active)
        report.active = wanted_active
    return report


def _convert(name: str, table: dict[str, Any]) -> tuple[Profile | None, str | None, str | None]:
    """(profile, token, None) for a usable influx profile, else (None, None, why it is skipped)."""
    token = table.get("token")
    has_token = isinstance(token, str) and bool(token.strip())
    if not has_token and table.get("cookie"):
        return (
            None,
            None,
            (
                "it signs in with a username and password (a cookie), not a token; create an API token and add it "
                "with `remotes-tui profile add`."
            ),
        )
    if not has_token:
        return None, None, "it has no token; add it with `remotes-tui profile add`, which asks for one."
    url = table.get("url")
    org = table.get("org")
    try:
        profile = Profile(
            name=name,
            url=url if isinstance(url, str) else "",
            org=org if isinstance(org, str) else None,
        )
    except ValidationError as error:
        fields = {str(item["loc"][0]) for item in error.errors() if item.get("loc")}
        if "url" in fields:
            return None, None, f"its URL {_shown_url(url)} is not usable: {first_error(error)}"
        if "name" not in fields and not (isinstance(org, str) and org.strip()):
            return (
                None,
                None,
                (
                    'it has no org (org = ""); add it with `remotes-tui profile add NAME --host URL --org ORG`.'
                ),
            )
        return None, None, first_error(error)
    return profile, str(token).strip(), None


def _shown_url(url: object) -> str:
    """The URL quoted for a message, unless it carries credentials (which are never echoed)."""
    if not isinstance(url, str) or not url.strip():
        return "(none)"
    return "(with credentials, not shown)" if "@" in url else repr(url)
