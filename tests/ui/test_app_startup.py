"""Start-up hygiene: what the app imports before its first frame, and where it finds its stylesheets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from remotes_tui.app import RemotesApp
from remotes_tui.ui import styles

LAZY_MODULES = (
    "keyring",
    "httpx",
    "pydantic",
    "aiohttp",
    "remotes_tui.api",
    "remotes_tui.profiles",
    "remotes_tui.devserver",
    "remotes_tui.ui.modals",
    "remotes_tui.ui.modals.remote_form",
    "remotes_tui.ui.modals.delete_remote",
    "remotes_tui.ui.screens.help",
    "remotes_tui.ui.commands",
)


def test_the_first_frame_needs_neither_the_service_layer_nor_the_keyring() -> None:
    """Paint first: the command line and the app import httpx, pydantic, profiles and keyring only later.

    Up to the app's first frame, as `remotes-tui --profile edge` gets there: its arguments parsed, the resolver
    built (it runs in a thread after the first frame) and the app with its main screen made."""
    code = (
        "import os, sys\n"
        "from remotes_tui.cli.tui_command import build_parser\n"
        "from remotes_tui.cli.connect import connection_resolver\n"
        "from remotes_tui.app import RemotesApp\n"
        "from remotes_tui.tokens import LazyTokenStore\n"
        "args = build_parser().parse_args(['--profile', 'edge'])\n"
        "tokens = LazyTokenStore()\n"
        "app = RemotesApp(token_store=tokens, resolve=connection_resolver(args, dict(os.environ), tokens))\n"
        "assert app.main_screen is not None\n"
        f"print(','.join(m for m in {LAZY_MODULES!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported at start-up: {result.stdout.strip()}"


def test_the_app_uses_the_checkouts_stylesheets_in_order() -> None:
    paths = [Path(path) for path in RemotesApp.CSS_PATH]
    assert [path.name for path in paths] == ["global.tcss", "app.tcss"]
    assert all(path.is_file() for path in paths)
    assert paths[0].parent == Path(__file__).resolve().parents[2] / "styles"


def test_an_installed_wheels_styles_folder_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site-packages" / "remotes_tui"
    (package / "styles").mkdir(parents=True)
    for name in styles.STYLESHEETS:
        (package / "styles" / name).write_text("/* packaged */\n", encoding="utf-8")
    monkeypatch.setattr(styles, "_PACKAGE_ROOT", package)
    assert styles.styles_dir() == package / "styles"
    assert styles.stylesheet_paths() == [package / "styles" / name for name in styles.STYLESHEETS]


def test_stylesheets_use_theme_variables_not_literal_colours() -> None:
    import re

    for path in [*RemotesApp.CSS_PATH, styles.styles_dir() / "help.tcss"]:
        text = Path(path).read_text(encoding="utf-8")
        assert not re.search(r"#[0-9a-fA-F]{3,8}\b", text), f"{path} has a literal hex colour"
        assert not re.search(r"\b(rgb|hsl)a?\(", text), f"{path} has a literal colour"
        for name in ("red", "green", "blue", "yellow", "white", "black", "grey", "gray"):
            assert not re.search(rf":\s*[^;$]*\b{name}\b", text), f"{path} names the colour {name}"
