"""Fleet groups in the profiles file, and which servers `--fleet` means; bad input is one sentence that says
what to do."""

from __future__ import annotations

import tomllib

import pytest

from remotes_tui.fleet import FleetError, add_to_group, remove_from_group, select_fleet
from remotes_tui.profiles import Profile, ProfileStore


def save(store: ProfileStore, name: str, url: str = "", org: str = "plant") -> Profile:
    profile = Profile(name=name, url=url or f"https://{name}.example.com:8086", org=org)
    store.add(profile)
    return profile


def test_a_group_is_saved_in_the_profiles_file_and_survives_profile_changes(
    profile_store: ProfileStore,
) -> None:
    for name in ("edge-1", "edge-2", "edge-3"):
        save(profile_store, name)
    change = add_to_group(profile_store, "plant-a", ["edge-1", "edge-2", "edge-1"])
    assert (
        change.created and change.members == ("edge-1", "edge-2") and change.changed == ("edge-1", "edge-2")
    )
    change = add_to_group(profile_store, "plant-a", ["edge-2", "edge-3"])
    assert not change.created and change.changed == ("edge-3",)
    profile_store.use("edge-1")  # any other write keeps the groups
    save(profile_store, "edge-4")
    data = tomllib.loads(profile_store.path.read_text())
    assert data["groups"] == {"plant-a": {"profiles": ["edge-1", "edge-2", "edge-3"]}}
    assert data["active"] == "edge-1"
    assert profile_store.groups() == {"plant-a": ("edge-1", "edge-2", "edge-3")}


def test_adding_an_unknown_profile_saves_nothing_and_lists_the_saved_ones(
    profile_store: ProfileStore,
) -> None:
    save(profile_store, "edge-1")
    with pytest.raises(FleetError) as refused:
        add_to_group(profile_store, "plant-a", ["edge-1", "edge-9", "edge-8"])
    assert str(refused.value) == (
        "There are no profiles 'edge-9', 'edge-8'; the saved profiles are: edge-1. Nothing was saved."
    )
    assert profile_store.groups() == {}


@pytest.mark.parametrize(
    ("group", "message"),
    [
        ("edge-1", "'edge-1' is already a profile's name; a group needs another name (--fleet takes both)."),
        ("a,b", "Group name 'a,b' has a comma, which --fleet uses between names; choose another."),
        ("  ", "Group name must not be blank: use a short name such as edge-1 or default."),
    ],
)
def test_a_group_name_must_be_usable_with_fleet(
    profile_store: ProfileStore, group: str, message: str
) -> None:
    save(profile_store, "edge-1")
    with pytest.raises(FleetError) as refused:
        add_to_group(profile_store, group, ["edge-1"])
    assert str(refused.value) == message


def test_removing_a_group_or_some_of_its_profiles(profile_store: ProfileStore) -> None:
    for name in ("edge-1", "edge-2"):
        save(profile_store, name)
    add_to_group(profile_store, "plant-a", ["edge-1", "edge-2"])
    change = remove_from_group(profile_store, "plant-a", ["edge-2"])
    assert change.members == ("edge-1",) and not change.deleted
    change = remove_from_group(profile_store, "plant-a", ["edge-1"])
    assert change.deleted and profile_store.groups() == {}
    with pytest.raises(FleetError) as refused:
        remove_from_group(profile_store, "plant-a")
    assert "There is no fleet group named 'plant-a', and none is saved yet" in str(refused.value)


def test_the_fleet_is_every_saved_profile_or_the_names_and_groups_given(profile_store: ProfileStore) -> None:
    for name in ("edge-3", "edge-1", "edge-2"):
        save(profile_store, name)
    add_to_group(profile_store, "plant-a", ["edge-2", "edge-3"])
    assert [p.name for p in select_fleet(None, profile_store).profiles] == ["edge-1", "edge-2", "edge-3"]
    chosen = select_fleet("plant-a, edge-1,,plant-a", profile_store)
    assert [p.name for p in chosen.profiles] == ["edge-2", "edge-3", "edge-1"]
    assert chosen.notes == ()


def test_an_empty_fleet_says_how_to_add_servers(profile_store: ProfileStore) -> None:
    with pytest.raises(FleetError) as refused:
        select_fleet(None, profile_store)
    assert str(refused.value).startswith("The fleet is empty: no profile is saved. Add each server with ")
    with pytest.raises(FleetError) as refused:
        select_fleet(" , ", profile_store)
    assert str(refused.value).startswith("--fleet names no profile or group: give names separated by commas")


def test_a_group_naming_a_profile_that_no_longer_exists_says_how_to_fix_it(
    profile_store: ProfileStore,
) -> None:
    for name in ("edge-1", "edge-2"):
        save(profile_store, name)
    add_to_group(profile_store, "plant-a", ["edge-1", "edge-2"])
    profile_store.remove("edge-2")
    with pytest.raises(FleetError) as refused:
        select_fleet("plant-a", profile_store)
    assert str(refused.value) == (
        "Fleet group 'plant-a' names profile 'edge-2', which does not exist: take it out with "
        "`remotes-tui fleet remove plant-a edge-2`, or save it again with `remotes-tui profile add`."
    )


def test_an_unknown_name_lists_the_profiles_and_groups(profile_store: ProfileStore) -> None:
    save(profile_store, "edge-1")
    add_to_group(profile_store, "plant-a", ["edge-1"])
    with pytest.raises(FleetError) as refused:
        select_fleet("edge-9", profile_store)
    assert str(refused.value) == (
        "There is no profile or fleet group named 'edge-9'; the profiles are: edge-1; the groups are: plant-a."
    )


def test_two_profiles_for_the_same_server_are_shown_once(profile_store: ProfileStore) -> None:
    save(profile_store, "edge-1", url="https://edge.example.com:8086")
    save(profile_store, "edge-1-again", url="HTTPS://EDGE.example.com:8086/")
    save(profile_store, "edge-1-other-org", url="https://edge.example.com:8086", org="lab")
    chosen = select_fleet(None, profile_store)
    assert [p.name for p in chosen.profiles] == ["edge-1", "edge-1-other-org"]
    assert chosen.notes == (
        "Profiles 'edge-1' and 'edge-1-again' are the same server (https://edge.example.com:8086, org plant): "
        "it is shown once, as 'edge-1'.",
    )
