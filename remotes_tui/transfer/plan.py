"""What an import would do, decided before anything is written: each remote of the file is matched by name
against the org's remotes and becomes one of

- create     no remote of that name exists;
- unchanged  one exists with the same fields;
- update     one exists with other fields, and the import may change it (`update=True`);
- conflict   one exists with other fields, and the import may not change it.

A second import of the same file is all "unchanged". Remotes of the org that the file does not name are left
alone. An update that points a remote at another URL needs that URL's token, like a create.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from remotes_tui.api import RemoteConnection, RemoteConnectionUpdateRequest, update_request
from remotes_tui.transfer.document import RemoteSpec

FIELD_LABELS = {
    "name": "name",
    "description": "description",
    "remote_url": "remote URL",
    "remote_org_id": "remote org ID",
    "allow_insecure_tls": "allow insecure TLS",
}


class Action(Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class PlanItem:
    """One remote of the file and what the import does with it; `existing` is the org's remote of that name."""

    action: Action
    spec: RemoteSpec
    existing: RemoteConnection | None = None
    changes: tuple[str, ...] = ()

    @property
    def needs_token(self) -> bool:
        """A create, or an update that moves the remote to another URL, sends that URL's API token."""
        return self.action is Action.CREATE or (self.action is Action.UPDATE and "remote_url" in self.changes)

    def update_request(self, token: str | None = None) -> RemoteConnectionUpdateRequest:
        """The PATCH body that makes the existing remote match the file (only the fields that differ)."""
        assert self.existing is not None
        return changes_for(self.existing, self.spec, token)

    def describe_changes(self) -> str:
        return ", ".join(FIELD_LABELS.get(name, name) for name in self.changes)

    def detail(self) -> str:
        """What the plan does to it, for a listing: the URL of a create, an update's changes, a conflict's
        differences ("" when unchanged)."""
        if self.action is Action.CREATE:
            return self.spec.remote_url
        if self.action is Action.UPDATE:
            return f"changes: {self.describe_changes()}"
        if self.action is Action.CONFLICT:
            return f"differs in {self.describe_changes()}"
        return ""


@dataclass(frozen=True)
class Plan:
    """The items in file order; `untouched` are the org's remotes the file does not name."""

    items: tuple[PlanItem, ...]
    untouched: tuple[RemoteConnection, ...] = field(default=())

    def of(self, action: Action) -> list[PlanItem]:
        return [item for item in self.items if item.action is action]

    def counts(self) -> dict[str, int]:
        return {action.value: len(self.of(action)) for action in Action}

    @property
    def writes(self) -> list[PlanItem]:
        """The items that send a request: creates and updates."""
        return [item for item in self.items if item.action in (Action.CREATE, Action.UPDATE)]

    def token_urls(self) -> list[str]:
        """The remote URLs whose API token the writes need, in first-use order."""
        return list(dict.fromkeys(item.spec.remote_url for item in self.items if item.needs_token))

    def summary(self) -> str:
        counts = self.counts()
        parts = [
            f"{counts['create']} to create",
            f"{counts['update']} to update",
            f"{counts['unchanged']} unchanged",
            f"{counts['conflict']} conflict{'s' if counts['conflict'] != 1 else ''}",
        ]
        return ", ".join(parts)


def changes_for(
    existing: RemoteConnection, spec: RemoteSpec, token: str | None = None
) -> RemoteConnectionUpdateRequest:
    """The update that makes `existing` match `spec`. A file without a remote org ID has no say on it (the server
    cannot clear one); a file without a description blanks it."""
    return update_request(
        existing,
        description=spec.description or "",
        remote_url=spec.remote_url,
        remote_org_id=spec.remote_org_id,
        allow_insecure_tls=spec.allow_insecure_tls,
        remote_api_token=token,
    )


def make_plan(specs: Sequence[RemoteSpec], existing: Iterable[RemoteConnection], *, update: bool) -> Plan:
    """Match the file's remotes to the org's by name (exactly, as the server compares them)."""
    by_name = {remote.name: remote for remote in existing}
    items: list[PlanItem] = []
    for spec in specs:
        match = by_name.pop(spec.name, None)
        if match is None:
            items.append(PlanItem(Action.CREATE, spec))
            continue
        changed = tuple(sorted(changes_for(match, spec).model_fields_set))
        if not changed:
            items.append(PlanItem(Action.UNCHANGED, spec, match))
        else:
            items.append(PlanItem(Action.UPDATE if update else Action.CONFLICT, spec, match, changed))
    return Plan(tuple(items), tuple(sorted(by_name.values(), key=lambda remote: remote.name)))
