"""Profile screens: the first-run app, the profile switcher (`p`), and the add/edit form they share."""

from remotes_tui.ui.profile_screens.first_run import FirstRunApp
from remotes_tui.ui.profile_screens.profile_form import ProfileFormScreen
from remotes_tui.ui.profile_screens.session_token import SessionTokenModal
from remotes_tui.ui.profile_screens.switcher import ProfileSwitcherModal

__all__ = ["FirstRunApp", "ProfileFormScreen", "ProfileSwitcherModal", "SessionTokenModal"]
