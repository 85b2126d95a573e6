"""Helpers shared by every test folder: servers and settings, waiting for the app, forms, the real keyring.

- `servers`: `TEST_TOKEN`, `make_server`, `settings_for`.
- `waiting`: `wait_until`, `settle`, `main_loaded`, `main_ready` (poll states, never sleep a fixed window).
- `forms`: read and fill a screen's inputs.
- `app_actions`: create, edit and delete a remote through the real app with the keys a user presses.
- `keyring` and `fixtures`: the real Secret Service, the `fail` backend, profile fixtures.
"""
