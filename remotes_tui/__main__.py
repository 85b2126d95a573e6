"""`python -m remotes_tui` is the same as the `remotes-tui` command."""

from remotes_tui.cli.main import main

raise SystemExit(main())
