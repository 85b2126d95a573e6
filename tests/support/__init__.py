"""Helpers shared by every test folder: servers and settings, waiting for the app, forms, the real keyring.

- `servers`: `TEST_TOKEN`, `make_server`, `settings_for`.
- `waiting`: `wait_until`, `settle`, `main_loaded`, `main_ready` (poll states, never sleep a fixed window).
- `forms`: read and fill a screen's inputs.
- `keys`: type as a burst, one key at a time or as one paste (`deliver`).
- `screen_text`: the top screen as plain text lines.
- `snapshots`: no secret in a stored snapshot, steady cursors.
- `app_actions`: create, edit and delete a remote through the real app with the keys a user presses.
- `keyring` and `fixtures`: the real Secret Service, the `fail` backend, profile fixtures.
- `in_process_cli`: the base of the command-line helpers (`ProfileCli`, `RemoteCli`): run in-process, `read`.
"""
