"""The health helpers of the UI: gauge, "ago", styles for every state."""

from __future__ import annotations

import pytest

from remotes_tui.api.health import Health, HealthState
from remotes_tui.ui.health_view import ago, gauge_bar, health_style


@pytest.mark.parametrize(
    ("fill", "bar"),
    [
        (0.0, "··········"),
        (1.0, "██████████"),
        (0.5, "█████·····"),
        (0.83, "████████▎·"),
        (2.0, "██████████"),
    ],
)
def test_gauge_fills_in_eighths(fill: float, bar: str) -> None:
    assert gauge_bar(fill, 10) == bar
    assert len(gauge_bar(fill, 10)) == 10


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.2, "just now"), (4.9, "4 s ago"), (61, "1 min ago"), (7300, "2 h ago"), (3 * 86_400, "3 d ago")],
)
def test_ago_reads_like_a_person(seconds: float, text: str) -> None:
    assert ago(seconds) == text


def test_every_state_has_a_style() -> None:
    for state in HealthState:
        assert health_style(Health(state))


def test_queued_bytes_share_their_unit_when_they_can() -> None:
    from remotes_tui.ui.widgets.replication_card import bytes_of

    assert bytes_of(46 * 1024**2, 64 * 1024**2) == "46.0 of 64.0 MiB"
    assert bytes_of(3 * 1024, 64 * 1024**2) == "3.0 KiB of 64.0 MiB"
    assert bytes_of(0, 64 * 1024**2) == "0 B of 64.0 MiB"
    assert bytes_of(None, 64 * 1024**2) == "— of 64.0 MiB"
