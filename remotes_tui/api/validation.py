"""Input refused before anything is sent: `InvalidInputError`, and the one converter from pydantic's errors.

These are not `ApiError`s: nothing went wrong talking to a server; the caller gave a value that cannot be used.
`str(error)` and each entry of `field_errors` are sentences that say what is wrong and what to do. They never
include the rejected value unless a checker quoted it on purpose (tokens never are).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import ValidationError

WHOLE = "__whole__"
"""The key of a problem with the whole input rather than one field (a model validator's error)."""


class InvalidInputError(ValueError):
    """Input refused before any request; `field_errors` maps each python field name to one sentence."""

    def __init__(self, field_errors: Mapping[str, str]) -> None:
        self.field_errors = dict(field_errors)
        self.user_message = "Please fix: " + "; ".join(self.field_errors.values())
        super().__init__(self.user_message)

    def __str__(self) -> str:
        return self.user_message


class InvalidSettingsError(InvalidInputError):
    """`ConnectionSettings` that cannot be used (a bad URL, a token that cannot be a header, a bad CA file)."""


def _not_a_field(raw: str) -> str:
    return f"{raw} is not a field of this request."


def field_errors(
    error: ValidationError,
    *,
    labels: Mapping[str, str] | None = None,
    aliases: Mapping[str, str] | None = None,
    unknown: Callable[[str], str] = _not_a_field,
    whole: str = WHOLE,
) -> dict[str, str]:
    """{python field name: one sentence} for a ValidationError, the first problem of each field.

    A checker's own ValueError text is used as it is (it is already a sentence). `labels` name fields in
    pydantic's generic problems ("Org ID is required."), `aliases` map wire names to field names, `unknown` words
    a key the model does not have, and `whole` is the key of a problem with the whole input.
    """
    labels = labels or {}
    aliases = aliases or {}
    result: dict[str, str] = {}
    for item in error.errors(include_input=False, include_url=False, include_context=False):
        loc = item.get("loc") or ()
        raw = str(loc[0]) if loc else whole
        field = aliases.get(raw, raw)
        if field in result:
            continue
        label = labels.get(field, field.replace("_", " ").capitalize())
        kind, message = item.get("type"), str(item.get("msg", "is not valid"))
        if kind == "missing":
            message = f"{label} is required."
        elif kind == "extra_forbidden":
            message = unknown(raw)
        elif kind in ("value_error", "assertion_error"):
            message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        else:
            message = f"{label}: {message}."
        result[field] = message
    return result
