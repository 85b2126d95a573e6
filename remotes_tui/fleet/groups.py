"""Fleet groups: named lists of saved profiles, kept in the profiles file (`remotes-tui fleet add ...`).

A group and a profile never share a name, since `--fleet NAME` takes either. Saving checks every name; the
file keeps names as given, so a profile removed later is reported when the group is opened (`selection`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from remotes_tui.fleet.errors import FleetError
from remotes_tui.profiles import ProfileStore, check_profile_name

LIST_SEPARATOR = ","
"""`--fleet a,b` separates names with commas, so no group name holds one."""


@dataclass(frozen=True)
class GroupChange:
    """What `add_to_group` or `remove_from_group` did: the group's members afterwards, and who was added or
    removed (names already in it, or not in it, are left out)."""

    name: str
    members: tuple[str, ...]
    changed: tuple[str, ...]
    created: bool = False
    deleted: bool = False


def check_group_name(value: str) -> str:
    """A group name: a valid profile name without commas (the same rules, the same namespace)."""
    try:
        name = check_profile_name(value)
    except ValueError as error:
        raise FleetError(str(error).replace("Profile name", "Group name")) from None
    if LIST_SEPARATOR in name:
        raise FleetError(
            f"Group name {name!r} has a comma, which --fleet uses between names; choose another."
        )
    return name


def add_to_group(store: ProfileStore, group: str, profiles: Sequence[str]) -> GroupChange:
    """Add saved profiles to a group, creating it; FleetError names every profile that does not exist."""
    name = check_group_name(group)
    wanted = list(dict.fromkeys(profile.strip() for profile in profiles if profile.strip()))
    if not wanted:
        raise FleetError(f"Name at least one saved profile to put in group {name!r}.")
    saved, groups = store.profiles_and_groups()
    if name in saved:
        raise FleetError(
            f"{name!r} is already a profile's name; a group needs another name (--fleet takes both)."
        )
    missing = [profile for profile in wanted if profile not in saved]
    if missing:
        raise FleetError(_missing_profiles(missing, saved) + " Nothing was saved.")
    existing = groups.get(name)
    members = list(existing or ())
    added = tuple(profile for profile in wanted if profile not in members)
    members += added
    store.save_group(name, members)
    return GroupChange(name, tuple(members), added, created=existing is None)


def remove_from_group(store: ProfileStore, group: str, profiles: Sequence[str] = ()) -> GroupChange:
    """Remove a whole group, or only some profiles from it (the group goes when none is left)."""
    groups = store.groups()
    if group not in groups:
        raise FleetError(_no_group(group, groups))
    members = groups[group]
    if not profiles:
        store.remove_group(group)
        return GroupChange(group, (), members, deleted=True)
    gone = [profile for profile in dict.fromkeys(profiles) if profile in members]
    if not gone:
        listed = ", ".join(members)
        raise FleetError(f"Group {group!r} lists none of these profiles; it lists {listed}.")
    left = [profile for profile in members if profile not in gone]
    if left:
        store.save_group(group, left)
    else:
        store.remove_group(group)
    return GroupChange(group, tuple(left), tuple(gone), deleted=not left)


def _missing_profiles(missing: Sequence[str], saved: Iterable[str]) -> str:
    names = ", ".join(repr(profile) for profile in missing)
    there = f"There is no profile {names}" if len(missing) == 1 else f"There are no profiles {names}"
    existing = ", ".join(sorted(saved))
    if not existing:
        return f"{there}: no profile is saved yet; add one with `remotes-tui profile add NAME --host URL --org ORG`."
    return f"{there}; the saved profiles are: {existing}."


def _no_group(name: str, groups: Iterable[str]) -> str:
    existing = ", ".join(sorted(groups))
    if not existing:
        return f"There is no fleet group named {name!r}, and none is saved yet (`remotes-tui fleet add GROUP PROFILE...`)."
    return f"There is no fleet group named {name!r}; the groups are: {existing}."
