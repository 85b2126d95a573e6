"""How health looks on screen: the label's colour, a queue gauge, "4 s ago". Pure text helpers, no widgets.

The label itself is a word (`failing 401`), so colour only repeats what the text says (NO_COLOR still reads).
The service layer is imported for type checking only: the main screen uses these before the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remotes_tui.api.health import Health

_STYLES = (
    "bold $text-error",  # failing
    "bold $text-warning",  # queue over the threshold
    "$text-muted",  # no data yet
    "$text-muted",  # unknown
    "$text-success",  # ok
    "$text-muted",  # unused
)
"""By `HealthState` value (worst first)."""
_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL = "█"
_EMPTY = "·"


def health_style(health: Health) -> str:
    """The Textual style of a health label (a theme variable, so every theme keeps its meaning)."""
    return _STYLES[health.state]


def gauge_bar(fill: float, width: int) -> str:
    """A bar `width` cells wide, filled to `fill` (0..1) in eighths of a cell; the rest dotted."""
    if width <= 0:
        return ""
    fill = min(max(fill, 0.0), 1.0)
    eighths = round(fill * width * 8)
    full, part = divmod(eighths, 8)
    bar = _FULL * full
    if part and full < width:
        bar += _EIGHTHS[part]
    return bar + _EMPTY * (width - len(bar))


def ago(seconds: float) -> str:
    """`seconds` in the past, as a person says it: "just now", "4 s ago", "3 min ago", "2 h ago", "5 d ago"."""
    if seconds < 1:
        return "just now"
    if seconds < 60:
        return f"{int(seconds)} s ago"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86_400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86_400)} d ago"
