"""The modals' and profile screens' styles live in top-level `styles/*.tcss`, use theme variables, and apply."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

import remotes_tui.ui.modals
import remotes_tui.ui.profile_screens
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.ui.profile_screens import ProfileFormScreen, ProfileSwitcherModal, SessionTokenModal
from remotes_tui.ui.styles import styles_dir
from tests.support.modal_app import ModalApp

PROJECT = Path(__file__).resolve().parents[2]


def screens_in_our_folders() -> list[type[Screen[Any]]]:
    """Every Screen class defined in remotes_tui.ui.modals and remotes_tui.ui.profile_screens."""
    found: list[type[Screen[Any]]] = []
    for package in (remotes_tui.ui.modals, remotes_tui.ui.profile_screens):
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            found += [
                cls
                for _name, cls in inspect.getmembers(module, inspect.isclass)
                if issubclass(cls, Screen) and cls.__module__ == module.__name__
            ]
    return found


def test_every_screen_is_found() -> None:
    names = {cls.__name__ for cls in screens_in_our_folders()}
    assert {
        "ConfirmModal",
        "DeleteRemoteModal",
        "RemoteFormModal",
        "ProfileFormScreen",
        "ProfileSwitcherModal",
        "SessionTokenModal",
    } <= names


@pytest.mark.parametrize("screen", screens_in_our_folders(), ids=lambda cls: cls.__name__)
def test_screens_keep_their_styles_in_the_styles_folder(screen: type[Screen[Any]]) -> None:
    assert "DEFAULT_CSS" not in vars(screen), f"{screen.__name__} has DEFAULT_CSS: move it to styles/*.tcss"
    assert "CSS" not in vars(screen), f"{screen.__name__} has inline CSS: move it to styles/*.tcss"
    paths = screen.CSS_PATH if isinstance(screen.CSS_PATH, list) else [screen.CSS_PATH]
    assert paths and all(path is not None for path in paths)
    for path in paths:
        resolved = Path(path)  # type: ignore[arg-type]
        assert resolved.parent == styles_dir() == PROJECT / "styles", resolved
        assert resolved.suffix == ".tcss" and resolved.is_file(), resolved


@pytest.mark.parametrize("name", ["modals.tcss", "profiles.tcss"])
def test_stylesheets_use_theme_variables_not_literal_colours(name: str) -> None:
    text = (PROJECT / "styles" / name).read_text(encoding="utf-8")
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b", text), f"{name} has a literal hex colour"
    assert not re.search(r"\b(rgb|hsl)a?\(", text), f"{name} has a literal colour"
    for colour in ("red", "green", "blue", "yellow", "white", "black", "grey", "gray", "ansi_"):
        assert not re.search(rf":\s*[^;$]*\b{colour}", text), f"{name} names the colour {colour}"


def saved_profiles(tmp_path: Path) -> ProfileStore:
    store = ProfileStore(tmp_path / "profiles.toml")
    store.add(Profile(name="edge-1", url="http://edge-1:8086", org="plant"))
    store.use("edge-1")
    return store


@pytest.mark.parametrize(
    ("make", "dialog", "width"),
    [
        (lambda store: ProfileSwitcherModal(store, MemoryTokenStore()), "#switcher-dialog", 90),
        (lambda store: SessionTokenModal("edge-1", "No token is saved."), "#session-token-dialog", 70),
        (lambda store: ProfileFormScreen(store, MemoryTokenStore()), "#profile-form", 80),
    ],
    ids=["switcher", "session-token", "profile-form"],
)
async def test_profiles_tcss_sizes_and_centres_each_dialog(
    make: Any, dialog: str, width: int, tmp_path: Path
) -> None:
    """The widths come from styles/profiles.tcss (modals.tcss alone would make every dialog 86 wide)."""
    app = ModalApp(make(saved_profiles(tmp_path)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        region = app.screen.query_one(dialog).region
        assert region.width == width
        assert abs(region.x - (120 - region.right)) <= 1  # centred
