"""Which of a screen's workers failed unexpectedly (a bug: a server's refusal is an answer, not a failure), so
that the screen can say it in a sentence, never with a traceback."""

from __future__ import annotations

from textual.worker import Worker, WorkerState


def unexpected_failure(event: Worker.StateChanged, group_prefix: str) -> str | None:
    """The error's type name when `event` says a worker whose group starts with `group_prefix` failed, else None."""
    if event.state is WorkerState.ERROR and event.worker.group.startswith(group_prefix):
        return type(event.worker.error).__name__
    return None
