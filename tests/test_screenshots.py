"""The README's screenshots can be made again from the running app, and each one it shows is made that way."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_screenshot_script_makes_every_picture_the_readme_shows(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_screenshots.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    made = sorted(path.name for path in tmp_path.glob("*.svg"))
    shown = sorted(set(re.findall(r"\(screenshots/([\w-]+\.svg)\)", (ROOT / "README.md").read_text())))
    assert shown and set(shown) <= set(made), (shown, made)
    assert made == sorted(path.name for path in (ROOT / "screenshots").glob("*.svg"))
    for name in made:  # a real screen: the app's title bar and more than a few lines of text
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert text.startswith("<svg") and "remotes-tui" in text and text.count("<text") > 50, name
