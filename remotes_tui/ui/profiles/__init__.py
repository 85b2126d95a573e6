"""Profile screens: the first-run app, the profile switcher (`p`), and the add/edit form they share."""

from remotes_tui.ui.profiles.first_run import FirstRunApp
from remotes_tui.ui.profiles.profile_form import ProfileFormScreen
from remotes_tui.ui.profiles.session_token import SessionTokenModal
from remotes_tui.ui.profiles.switcher import ProfileSwitcherModal

__all__ = ["FirstRunApp", "ProfileFormScreen", "ProfileSwitcherModal", "SessionTokenModal"]
