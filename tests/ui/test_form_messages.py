"""The forms' and dialogs' messages are `@dataclass` messages (as Textual's own widgets declare theirs).

No hand-written `__init__`, and a field that carries a token is left out of the repr, so a message printed
in a log or a traceback never shows a token.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import pytest
from textual.message import Message

import remotes_tui.ui.modals
import remotes_tui.ui.profile_screens
from remotes_tui.profiles import Profile
from remotes_tui.ui.profile_screens.profile_form import ProfileFormScreen
from remotes_tui.ui.profile_screens.switcher import ProfileSwitcherModal


def messages_in_our_folders() -> list[type[Message]]:
    """Every Message class declared in remotes_tui.ui.modals and remotes_tui.ui.profile_screens."""
    found: list[type[Message]] = []
    for package in (remotes_tui.ui.modals, remotes_tui.ui.profile_screens):
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            for _name, owner in inspect.getmembers(module, inspect.isclass):
                if owner.__module__ != module.__name__:
                    continue
                found += [
                    member
                    for member in vars(owner).values()
                    if inspect.isclass(member) and issubclass(member, Message)
                ]
    return found


def test_the_forms_declare_messages() -> None:
    names = {cls.__qualname__ for cls in messages_in_our_folders()}
    assert {"RemoteFormModal.Saved", "DeleteRemoteModal.DeleteFinished", "ProfileFormScreen.Checked"} <= names


@pytest.mark.parametrize("message", messages_in_our_folders(), ids=lambda cls: cls.__qualname__)
def test_each_message_is_a_dataclass_and_keeps_tokens_out_of_its_repr(message: type[Message]) -> None:
    assert dataclasses.is_dataclass(message), f"{message.__qualname__} is not a @dataclass message"
    init = message.__dict__.get("__init__")
    assert init is not None and init.__code__.co_filename == "<string>", "a hand-written __init__"
    for field in dataclasses.fields(message):
        if "token" in field.name:
            assert field.repr is False, f"{message.__qualname__}.{field.name} would show a token in its repr"


def test_a_token_never_shows_in_a_message_repr() -> None:
    profile = Profile(name="edge", url="http://edge:8086", org="plant")
    token = "token-in-a-message-0005"
    assert token not in repr(ProfileFormScreen.TokenReady(profile, token))
    assert token not in repr(ProfileSwitcherModal.TokenFound(profile, token))
    assert ProfileFormScreen.TokenReady(profile, token).token == token
