"""Export and import the remotes of an org: the file format, the plan (create / update / unchanged / conflict)
and applying it with bounded concurrency. Below the UI (no Textual): the command line uses it today, and the TUI
can show the same plan before it writes anything. Tokens are never in a file."""

from remotes_tui.transfer.apply import ApplyReport, Outcome, apply_plan, bulk_client
from remotes_tui.transfer.document import (
    RemoteSpec,
    TransferDocument,
    TransferFileError,
    document_from_remotes,
    dumps,
    loads,
)
from remotes_tui.transfer.files import read_text, write_whole
from remotes_tui.transfer.plan import Action, Plan, PlanItem, make_plan
from remotes_tui.transfer.tokens import saved_tokens

__all__ = [
    "Action",
    "ApplyReport",
    "Outcome",
    "Plan",
    "PlanItem",
    "RemoteSpec",
    "TransferDocument",
    "TransferFileError",
    "apply_plan",
    "bulk_client",
    "document_from_remotes",
    "dumps",
    "loads",
    "make_plan",
    "read_text",
    "saved_tokens",
    "write_whole",
]
