"""The command line: `remotes-tui` and its sub-commands (the TUI, `serve`, `profile`), and the demo wiring."""
