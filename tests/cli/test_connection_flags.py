"""The command line's connection flags become the request `profiles.resolve` takes, field for field."""

from __future__ import annotations

import argparse

from remotes_tui.cli.connect import connection_request
from remotes_tui.cli.tui_command import build_parser
from remotes_tui.profiles.resolve import ConnectionRequest

GIVEN = {
    "host": "http://edge:8086",
    "org": "acme",
    "org_id": "0a1b2c3d4e5f6789",
    "skip_verify": True,
    "ca_file": "/etc/ssl/ca.pem",
    "profile": "edge",
}


def test_flags_from_the_parsed_arguments_become_the_same_request() -> None:
    args = argparse.Namespace(**GIVEN, read_only=False, refresh=5.0)
    assert connection_request(args) == ConnectionRequest(**GIVEN)


def test_flags_not_given_stay_not_given() -> None:
    assert connection_request(build_parser().parse_args([])) == ConnectionRequest()
