"""`python -m remotes_tui.devserver [options]`: the same as `remotes-tui serve`."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
