"""Which server, org and token to use: command-line flags, then the influx CLI's variables, then a profile.

The order, field by field:
- URL: `--host`, `INFLUX_HOST`, the profile's URL.
- Org: `--org`/`--org-id`, `INFLUX_ORG`/`INFLUX_ORG_ID`, the profile's (taken as a pair from the first level
  that gives one, so a flag's name never meets a profile's ID).
- TLS: `--skip-verify`/`--ca-file`, `INFLUX_SKIP_VERIFY`, the profile's.
- Token: `INFLUX_TOKEN`, the profile's token from the token store (never a flag: argv is visible in `ps`).

The profile is `--profile NAME`, `REMOTES_TUI_PROFILE`, or, when no host is given, the active one. A
profile's token is only sent to the profile's own URL. The token store is opened (and keyring imported) only
when a profile's token is actually needed. No Textual here.

Reading a saved token may wait for the OS keyring (up to its time limit). A UI that must not wait resolves with
`defer_saved_token=True`: everything but the token is settled at once (no keyring call), and
`ResolvedConnection.read_saved_token(store)` reads it later, off the UI loop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from remotes_tui.api import ConnectionSettings, InvalidSettingsError
from remotes_tui.api.fields import check_server_url
from remotes_tui.api.ids import check_id
from remotes_tui.profiles import Profile, ProfileError, ProfileNotFoundError, ProfileStore
from remotes_tui.tokens import KeyringUnavailableError, TokenStore, profile_key

PROFILE_ENV = "REMOTES_TUI_PROFILE"
INFLUX_ENV = ("INFLUX_HOST", "INFLUX_TOKEN", "INFLUX_ORG", "INFLUX_ORG_ID", "INFLUX_SKIP_VERIFY")
_TRUE = frozenset({"1", "t", "true", "yes", "y", "on"})
_FALSE = frozenset({"0", "f", "false", "no", "n", "off"})
_ADD_HINT = "`remotes-tui profile add NAME --host URL --org ORG`"
NO_TOKEN = (
    "No token: set INFLUX_TOKEN (never put a token on the command line), or use a saved profile "
    f"(add one with {_ADD_HINT})."
)


@dataclass(frozen=True)
class ConnectionRequest:
    """What the command line asked for; None means the flag was not given."""

    host: str | None = None
    org: str | None = None
    org_id: str | None = None
    skip_verify: bool | None = None
    ca_file: str | None = None
    profile: str | None = None

    def any_connection_flag(self) -> bool:
        return any(
            (self.host, self.org, self.org_id, self.skip_verify is not None, self.ca_file, self.profile)
        )


@dataclass(frozen=True)
class ResolvedConnection:
    """The outcome: `settings` to connect with, or a `problem` sentence, or `needs_first_run`.

    `needs_token` means everything but the token is known (no usable keyring, or no token saved for the
    profile): the caller may ask for a token for this session and call `with_session_token`.
    `needs_saved_token` (only with `defer_saved_token=True`) means the profile's token is still to be read from
    the token store with `read_saved_token`, which may block: call it off the UI loop.
    """

    settings: ConnectionSettings | None
    profile_name: str | None = None
    read_only: bool = False
    needs_first_run: bool = False
    problem: str | None = None
    needs_token: bool = False
    pending: ConnectionSettings | None = field(default=None, repr=False)
    needs_saved_token: bool = False

    def with_session_token(self, token: str) -> ResolvedConnection:
        """The same connection with a token typed for this session only (never stored)."""
        if self.pending is None or not token.strip():
            return self
        try:
            settings = self.pending.with_token(token.strip())
        except InvalidSettingsError as error:
            return replace(self, problem=_sentences(error), needs_token=True)
        return replace(self, settings=settings, problem=None, needs_token=False, needs_saved_token=False)

    def read_saved_token(self, tokens: TokenStore) -> ResolvedConnection:
        """The connection with the profile's saved token, or a problem with `needs_token`.

        Blocking (the OS keyring, bounded by its time limit): run it in a thread, never on the UI loop.
        """
        if not self.needs_saved_token or self.pending is None or self.profile_name is None:
            return self
        waiting = replace(self, needs_saved_token=False)
        try:
            token = tokens.get(profile_key(self.profile_name))
        except KeyringUnavailableError as error:
            return replace(waiting, problem=str(error), needs_token=True)
        if not token:
            # A store that fell back to memory says why (no usable keyring); else the token was never saved.
            problem = tokens.warning or (
                f"No token is saved for profile {self.profile_name!r}; save one with "
                f"`remotes-tui profile add {self.profile_name} --force ...`, or set INFLUX_TOKEN."
            )
            return replace(waiting, problem=problem, needs_token=True)
        resolved = waiting.with_session_token(token)
        return replace(resolved, needs_token=resolved.settings is None)


def resolve_connection(
    request: ConnectionRequest,
    *,
    env: Mapping[str, str],
    profiles: ProfileStore,
    tokens: Callable[[], TokenStore],
    defer_saved_token: bool = False,
    require_org: bool = True,
) -> ResolvedConnection:
    """Resolve flags > environment > profile into connection settings, or say in one sentence what is missing.

    Three steps: which profile (if any), the settings without the token, then the token. With
    `defer_saved_token`, a token that must come from the token store is not read here (see the module
    docstring); `tokens` is then never called. `require_org=False` lets a command that acts on one resource by
    its ID (`remotes-tui remote get ID`) go without an organization.
    """
    values = {name: (env.get(name) or "").strip() or None for name in (*INFLUX_ENV, PROFILE_ENV)}
    early = _conflicts(request, values)
    if early:
        return ResolvedConnection(None, problem=early)
    try:
        profile = _chosen_profile(request, values, profiles)
    except ProfileError as error:
        return ResolvedConnection(None, problem=str(error))
    if profile is None and not request.any_connection_flag() and not any(values[n] for n in INFLUX_ENV):
        return ResolvedConnection(None, needs_first_run=True)

    name = profile.name if profile else None
    read_only = profile.read_only if profile else False
    pending = _settings_without_token(request, values, profile, require_org=require_org)
    if isinstance(pending, str):
        return ResolvedConnection(None, profile_name=name, read_only=read_only, problem=pending)
    resolved = ResolvedConnection(None, profile_name=name, read_only=read_only, pending=pending)
    resolved = _with_token(resolved, request, values, profile, tokens, defer_saved_token=defer_saved_token)
    if profile is None and values["INFLUX_TOKEN"] is None:  # a server given by URL, and no token for it
        return replace(resolved, problem=_no_token_for(pending.url, profiles))
    return resolved


def _chosen_profile(
    request: ConnectionRequest, values: Mapping[str, str | None], profiles: ProfileStore
) -> Profile | None:
    """The profile named (flag or environment), else the active one when no server is given; ProfileError when
    a named one does not exist or none is active among several."""
    named = request.profile or values[PROFILE_ENV]
    if named:
        try:
            return profiles.get(named)
        except ProfileNotFoundError as error:
            raise ProfileError(_not_imported_yet(named) or str(error)) from None
    if request.host or values["INFLUX_HOST"]:
        return None
    profile = profiles.active()
    if profile is None and profiles.names():
        listed = ", ".join(profiles.names())
        raise ProfileError(
            f"No profile is active; pick one with `remotes-tui profile use NAME` ({listed}), "
            "or pass --profile NAME."
        )
    return profile


def _not_imported_yet(name: str) -> str | None:
    """The sentence for a profile name that is a config of the influx CLI not imported yet, else None."""
    from remotes_tui.profiles.influx_import import influx_config_path_with

    path = influx_config_path_with(name)
    if path is None:
        return None
    return (
        f"There is no profile named {name!r} here, but the influx CLI's configs file ({path}) has one: import "
        f"it once with `remotes-tui profile import-influx` (its token goes to the OS keyring); it keeps the "
        f"name {name!r}."
    )


def _url_source(request: ConnectionRequest, values: Mapping[str, str | None]) -> str | None:
    """Where a server URL other than the profile's came from, for messages."""
    return "--host" if request.host else "INFLUX_HOST" if values["INFLUX_HOST"] else None


def _settings_without_token(
    request: ConnectionRequest,
    values: Mapping[str, str | None],
    profile: Profile | None,
    *,
    require_org: bool,
) -> ConnectionSettings | str:
    """URL, org, TLS options from flags > environment > profile, checked; or the sentence saying what is wrong."""
    url_source = _url_source(request, values)
    raw_url = request.host or values["INFLUX_HOST"] or (profile.url if profile else None)
    if not raw_url:
        return f"No server given: pass --host URL or set INFLUX_HOST, or save a profile with {_ADD_HINT}."
    try:
        url = check_server_url(raw_url)
    except ValueError as error:
        return f"{url_source or 'The profile'}: {error}"

    org, org_id = _pick_org(request, values, profile)
    if require_org and not org and not org_id:
        return "No organization given: pass --org NAME or --org-id ID, or set INFLUX_ORG or INFLUX_ORG_ID."
    if org_id:
        try:
            org_id = check_id(org_id, "Org ID")
        except ValueError as error:
            return str(error)

    skip_env = values["INFLUX_SKIP_VERIFY"]
    skip_verify = next(
        (
            value
            for value in (request.skip_verify, _parse_bool(skip_env) if skip_env else None)
            if value is not None
        ),
        profile.skip_verify if profile else False,
    )
    ca_file = request.ca_file or (profile.ca_file if profile else None)
    try:
        return ConnectionSettings(url=url, org=org, org_id=org_id, skip_verify=skip_verify, ca_file=ca_file)
    except InvalidSettingsError as error:
        return _sentences(error)


def _with_token(
    resolved: ResolvedConnection,
    request: ConnectionRequest,
    values: Mapping[str, str | None],
    profile: Profile | None,
    tokens: Callable[[], TokenStore],
    *,
    defer_saved_token: bool,
) -> ResolvedConnection:
    """The token: INFLUX_TOKEN for this session, else the profile's saved one (read now, or later when
    deferred); never a profile's token for another server."""
    token = values["INFLUX_TOKEN"]
    if token is not None:
        return replace(resolved.with_session_token(token), needs_token=False)
    if profile is None:
        return replace(resolved, pending=None, problem=NO_TOKEN)
    assert resolved.pending is not None
    url = resolved.pending.url
    if url != profile.url:
        url_source = _url_source(request, values)
        return replace(
            resolved,
            pending=None,
            problem=f"Profile {profile.name!r} has a token for {profile.url}, which is not sent to {url} "
            f"(from {url_source}); set INFLUX_TOKEN for that server, or leave out {url_source}.",
        )
    deferred = replace(resolved, needs_saved_token=True)
    if defer_saved_token:
        return deferred
    try:
        store = tokens()
    except KeyringUnavailableError as error:
        return replace(deferred, problem=str(error), needs_token=True, needs_saved_token=False)
    return deferred.read_saved_token(store)


def _no_token_for(url: str, profiles: ProfileStore) -> str:
    """No token for a server given by URL: name the saved profiles for that server, whose token it could use."""
    try:
        same = [saved.name for saved in profiles.list() if saved.url.rstrip("/") == url.rstrip("/")]
    except ProfileError:
        same = []
    if not same:
        return NO_TOKEN
    named = " or ".join(f"--profile {name}" for name in same)
    return (
        f"No token: a server given by URL does not use a profile's saved token, but {named} opens the same "
        "server with it; or set INFLUX_TOKEN (never put a token on the command line)."
    )


def _sentences(error: InvalidSettingsError) -> str:
    """The settings' problems as plain sentences (without the "Please fix:" of the exception's text)."""
    return " ".join(error.field_errors.values())


def _conflicts(request: ConnectionRequest, values: Mapping[str, str | None]) -> str | None:
    """Contradictions worth stopping for before anything is read."""
    if request.org and request.org_id:
        return "Give the organization once: use --org or --org-id, not both."
    if not (request.org or request.org_id) and values["INFLUX_ORG"] and values["INFLUX_ORG_ID"]:
        return "INFLUX_ORG and INFLUX_ORG_ID are both set; unset one of them, or pass --org or --org-id."
    skip = values["INFLUX_SKIP_VERIFY"]
    if skip and _parse_bool(skip) is None:
        return f"INFLUX_SKIP_VERIFY must be true or false, not {skip!r}."
    return None


def _pick_org(
    request: ConnectionRequest, values: Mapping[str, str | None], profile: Profile | None
) -> tuple[str | None, str | None]:
    """(org name, org ID) from the first level that gives either, so levels are never mixed."""
    if request.org or request.org_id:
        return request.org, request.org_id
    if values["INFLUX_ORG"] or values["INFLUX_ORG_ID"]:
        return values["INFLUX_ORG"], values["INFLUX_ORG_ID"]
    if profile is not None:
        return profile.org, profile.org_id
    return None, None


def _parse_bool(text: str) -> bool | None:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None
