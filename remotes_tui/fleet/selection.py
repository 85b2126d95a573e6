"""Which servers `--fleet` means: every saved profile, or the profiles and groups named (`--fleet a,plant-b`).

Refused with a sentence (FleetError): a name that is neither a profile nor a group (or is both), a group that
names a profile that no longer exists, a fleet with no server. Two profiles for the same server and org are
shown once, under the first name, and `notes` says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from remotes_tui.fleet.errors import FleetError
from remotes_tui.fleet.groups import LIST_SEPARATOR
from remotes_tui.profiles import Profile, ProfileStore

_ADD_PROFILE = "`remotes-tui profile add NAME --host URL --org ORG`"


@dataclass(frozen=True)
class FleetSelection:
    """The profiles of the fleet, in the order named (all profiles: by name), and what the user should know."""

    profiles: tuple[Profile, ...]
    notes: tuple[str, ...] = ()
    label: str = "all saved profiles"


def parse_names(spec: str) -> list[str]:
    """`a, b,,c` -> ['a', 'b', 'c']."""
    return [name.strip() for name in spec.split(LIST_SEPARATOR) if name.strip()]


def select_fleet(spec: str | None, store: ProfileStore) -> FleetSelection:
    """The fleet `--fleet` asks for: None means every saved profile. Blocking (reads the profiles file)."""
    profiles, groups = store.profiles_and_groups()
    if spec is None:
        if not profiles:
            raise FleetError(
                f"The fleet is empty: no profile is saved. Add each server with {_ADD_PROFILE} (or "
                "`remotes-tui profile import-influx`), then run `remotes-tui --fleet` again."
            )
        chosen = [profiles[name] for name in sorted(profiles)]
        label = "all saved profiles"
    else:
        names = parse_names(spec)
        if not names:
            raise FleetError(
                "--fleet names no profile or group: give names separated by commas (--fleet edge-1,plant-a), "
                "or --fleet alone for every saved profile."
            )
        chosen = _expand(names, profiles, groups)
        label = ", ".join(names)
    unique, notes = _one_per_server(chosen)
    return FleetSelection(tuple(unique), tuple(notes), label)


def server_identity(profile: Profile) -> tuple[str, str]:
    """What makes two profiles the same server: the URL (case-insensitive, no trailing /) and the org."""
    return profile.url.rstrip("/").casefold(), profile.org_label


def _expand(
    names: Sequence[str], profiles: Mapping[str, Profile], groups: Mapping[str, Sequence[str]]
) -> list[Profile]:
    chosen: dict[str, Profile] = {}
    for name in names:
        if name in profiles and name in groups:
            raise FleetError(
                f"{name!r} is both a profile and a fleet group; rename the group "
                f"(`remotes-tui fleet remove {name}`, then `fleet add` under another name)."
            )
        if name in profiles:
            chosen.setdefault(name, profiles[name])
        elif name in groups:
            members = groups[name]
            if not members:
                raise FleetError(
                    f"Fleet group {name!r} lists no profile; add some with `remotes-tui fleet add {name} "
                    "PROFILE...`."
                )
            missing = [member for member in members if member not in profiles]
            if missing:
                raise FleetError(_missing_members(name, missing))
            for member in members:
                chosen.setdefault(member, profiles[member])
        else:
            raise FleetError(_unknown(name, profiles, groups))
    return list(chosen.values())


def _missing_members(group: str, missing: Sequence[str]) -> str:
    listed = ", ".join(repr(member) for member in missing)
    remove = f"`remotes-tui fleet remove {group} {' '.join(missing)}`"
    if len(missing) == 1:
        return (
            f"Fleet group {group!r} names profile {listed}, which does not exist: take it out with {remove}, "
            "or save it again with `remotes-tui profile add`."
        )
    return (
        f"Fleet group {group!r} names profiles {listed}, which do not exist: take them out with {remove}, "
        "or save them again with `remotes-tui profile add`."
    )


def _unknown(name: str, profiles: Mapping[str, Profile], groups: Mapping[str, Sequence[str]]) -> str:
    parts = []
    if profiles:
        parts.append(f"the profiles are: {', '.join(sorted(profiles))}")
    if groups:
        parts.append(f"the groups are: {', '.join(sorted(groups))}")
    if not parts:
        return f"There is no profile or fleet group named {name!r}, and no profile is saved yet: add one with {_ADD_PROFILE}."
    return f"There is no profile or fleet group named {name!r}; " + "; ".join(parts) + "."


def _one_per_server(chosen: Sequence[Profile]) -> tuple[list[Profile], list[str]]:
    first: dict[tuple[str, str], Profile] = {}
    notes: list[str] = []
    for profile in chosen:
        identity = server_identity(profile)
        kept = first.get(identity)
        if kept is None:
            first[identity] = profile
            continue
        notes.append(
            f"Profiles {kept.name!r} and {profile.name!r} are the same server ({kept.url}, org "
            f"{kept.org_label}): it is shown once, as {kept.name!r}."
        )
    return list(first.values()), notes
