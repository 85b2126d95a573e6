"""The command line's connection flags become the request `profiles.resolve` takes, field for field."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from remotes_tui.cli.connect import ConnectionFlags
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
    flags = ConnectionFlags.from_args(args)
    assert asdict(flags) == GIVEN
    assert flags.request() == ConnectionRequest(**GIVEN)


def test_flags_not_given_stay_not_given() -> None:
    assert asdict(ConnectionFlags().request()) == asdict(ConnectionRequest())
