"""Where the app's stylesheets live: `remotes_tui/styles/` in an installed wheel, top-level `styles/` in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]
STYLESHEETS = ("global.tcss", "app.tcss")
"""Loaded in this order: theme-wide rules first, then the main screen's layout."""


def styles_dir() -> Path:
    """The folder holding the `.tcss` files: the wheel's copy if present, else the checkout's."""
    packaged = _PACKAGE_ROOT / "styles"
    if (packaged / STYLESHEETS[0]).is_file():
        return packaged
    return _PACKAGE_ROOT.parent / "styles"


def stylesheet_paths() -> list[Path]:
    """The app's stylesheets, for `App.CSS_PATH`."""
    folder = styles_dir()
    return [folder / name for name in STYLESHEETS]
