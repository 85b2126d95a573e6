"""The palette's "Export remotes to a file…" and "Import remotes from a file…" on the main screen.

Both go through `remotes_tui.transfer`, like `remotes-tui remote export|import`: an export never holds a token;
an import shows its plan (create / update / unchanged / conflict) in a modal before anything is written, then
applies it. The API tokens an import sends come from the token store (a remote with the same URL, here or on the
server the file came from), else from the token prompt, one URL at a time; each created remote's token is saved
under its new ID, as the form does.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection
    from remotes_tui.profiles.session import Session
    from remotes_tui.tokens import TokenStore
    from remotes_tui.transfer import ApplyReport, Plan, TransferDocument
    from remotes_tui.ui.screens.write_host import WriteHost

    class TransferHost(WriteHost, Protocol):
        """The screen that offers the palette's export and import (the main screen): one connection."""

        @property
        def session(self) -> Session | None: ...


def default_file(org_name: str) -> str:
    """`remotes-<org>.json`, with anything but letters, digits, dots, dashes and underscores as a dash."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", org_name).strip("-.") or "org"
    return f"remotes-{safe}.json"


def _remotes(count: int) -> str:
    return f"{count} remote" if count == 1 else f"{count} remotes"


def import_report_text(source: str, report: ApplyReport) -> str:
    """What an import did, in one or two sentences; how to finish one that stopped."""
    from remotes_tui.api.text import quoted
    from remotes_tui.transfer import Action

    counts = report.plan.counts()
    created, updated = len(report.done_of(Action.CREATE)), len(report.done_of(Action.UPDATE))
    parts = [f"{created} created", f"{updated} updated", f"{counts['unchanged']} unchanged"]
    if counts["conflict"]:
        parts.append(f"{counts['conflict']} left as they are (they differ)")
    text = f"Imported {source}: {', '.join(parts)}."
    if report.failed:
        failed = report.failed[0]
        text += (
            f" Stopped at {quoted(failed.item.spec.name)}: {str(failed.error).rstrip('.')}; "
            f"{len(report.not_tried)} not tried. Import the same file again: it writes only what is still missing."
        )
    return text


@dataclass(frozen=True)
class PathDialog:
    """The words of the dialog that asks for a file, and whether what follows writes to the server."""

    write: bool
    title: str
    reason: str
    ok_label: str


EXPORT_DIALOG = PathDialog(
    write=False,
    title="Export remotes to a file",
    reason="The org's remotes as JSON (a .toml name: TOML). API tokens are never written; the file is relative "
    "to the current directory.",
    ok_label="Export",
)
IMPORT_DIALOG = PathDialog(
    write=True,
    title="Import remotes from a file",
    reason="An export (JSON or TOML), matched by name. You see the plan before anything is written.",
    ok_label="Show plan",
)


class TransferActions:
    """Export and import for the main screen (`screen.transfer`)."""

    def __init__(self, host: TransferHost) -> None:
        self.host = host
        self.last_export: Path | None = None
        """Where the last export was written (absolute)."""
        self.last_report: ApplyReport | None = None
        """What the last import did."""

    def _writable(self, write: bool) -> tuple[Session, str] | None:
        session = self.host.session
        if session is None or session.org is None:
            self.host.notify("Not connected yet: wait for the remotes to load.", severity="warning")
            return None
        if write and session.read_only:
            self.host.notify("This window is read-only: nothing can be imported.", severity="warning")
            return None
        return session, session.org.id

    def _ask_path(
        self,
        dialog: PathDialog,
        then: Callable[[Session, str, Path], Any],
        typed: Path | None,
        problem: str,
    ) -> None:
        """Ask for a file, then run `then(session, org_id, path)` in a worker. The input holds `typed` (the path
        that just failed, with `problem` under it), else `remotes-<org>.json`."""
        from remotes_tui.ui.modals.path_prompt import PathPrompt

        writable = self._writable(dialog.write)
        if writable is None:
            return
        session, org_id = writable
        org = session.org.name if session.org is not None else "org"

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.host.run_worker(then(session, org_id, path), group="transfer", exit_on_error=False)

        default = str(typed) if typed is not None else default_file(org)
        prompt = PathPrompt(dialog.title, dialog.reason, default, dialog.ok_label, problem=problem)
        self.host.app.push_screen(prompt, chosen)

    def _error(self, text: str) -> None:
        self.host.notify(text, title="Export/import", severity="error", timeout=10)

    # -- export ---------------------------------------------------------------------------------------

    def export(self, typed: Path | None = None, problem: str = "") -> None:
        """Ask where to export; asked again with the path as typed when it cannot be written."""
        self._ask_path(EXPORT_DIALOG, self._export, typed, problem)

    async def _export(self, session: Session, org_id: str, path: Path) -> None:
        from remotes_tui.api import ApiError
        from remotes_tui.transfer import TransferFileError, document_from_remotes, dumps, write_whole

        try:
            remotes = await session.client.remotes.list(org_id)
        except ApiError as error:
            self._error(f"Nothing was exported: {error}")
            return
        file_format = "toml" if path.suffix.lower() == ".toml" else "json"
        text = dumps(document_from_remotes(remotes, server=session.server_url, org_id=org_id), file_format)
        where = await asyncio.to_thread(lambda: path.expanduser().resolve())
        try:
            await asyncio.to_thread(write_whole, where, text)
        except TransferFileError as error:
            self.export(path, str(error))
            return
        self.last_export = where
        self.host.notify(
            f"Wrote {_remotes(len(remotes))} to {where} (no tokens).", title="Exported", timeout=10
        )

    # -- import ---------------------------------------------------------------------------------------

    def import_(self, typed: Path | None = None, problem: str = "") -> None:
        """Ask which file to import; asked again with the path as typed when it cannot be read or used."""
        self._ask_path(IMPORT_DIALOG, self._plan, typed, problem)

    async def _plan(self, session: Session, org_id: str, path: Path) -> None:
        """Read and check the file, list the org's remotes, then show the plan."""
        from remotes_tui.api import ApiError
        from remotes_tui.transfer import TransferFileError, loads, read_text
        from remotes_tui.ui.modals.import_plan import ImportPlanModal

        try:
            source = await asyncio.to_thread(path.expanduser)
            document = loads(await asyncio.to_thread(read_text, source), name=str(source))
        except TransferFileError as error:
            self.import_(path, f"{error} Nothing was imported.")
            return
        try:
            existing = await session.client.remotes.list(org_id)
        except ApiError as error:
            self._error(f"Nothing was imported: {error}")
            return

        def confirmed(plan: Plan | None) -> None:
            if plan is not None:
                self.host.run_worker(
                    self._find_tokens(session, org_id, path, document, existing, plan),
                    group="transfer",
                    exit_on_error=False,
                )

        self.host.app.push_screen(ImportPlanModal(path.name, document, existing), confirmed)

    async def _find_tokens(
        self,
        session: Session,
        org_id: str,
        path: Path,
        document: TransferDocument,
        existing: list[RemoteConnection],
        plan: Plan,
    ) -> None:
        """The saved tokens for the URLs the writes need (off the event loop); ask for the others."""
        from remotes_tui.transfer import saved_tokens

        urls = plan.token_urls()
        try:
            found = await asyncio.to_thread(
                saved_tokens,
                urls,
                server_url=session.server_url,
                existing=existing,
                document=document,
                store=session.token_store,
            )
        except Exception:  # no keyring, or it failed: ask instead
            found = {}
        missing = [url for url in urls if url not in found]
        self._ask_tokens(
            plan, missing, found, lambda tokens: self._start_apply(session, org_id, path, plan, tokens)
        )

    def _ask_tokens(
        self, plan: Plan, missing: list[str], found: dict[str, str], done: Callable[[dict[str, str]], None]
    ) -> None:
        if not missing:
            done(found)
            return
        from remotes_tui.ui.modals.remote_token_uses import ImportTokenPrompt

        url, rest = missing[0], missing[1:]
        count = sum(1 for item in plan.items if item.needs_token and item.spec.remote_url == url)

        def given(token: str | None) -> None:
            if not token:
                self.host.notify(
                    f"Import cancelled: no token for {url}. Nothing was written.",
                    severity="warning",
                    timeout=8,
                )
                return
            found[url] = token
            self._ask_tokens(plan, rest, found, done)

        self.host.app.push_screen(ImportTokenPrompt(url, _remotes(count)), given)

    def _start_apply(
        self, session: Session, org_id: str, path: Path, plan: Plan, tokens: dict[str, str]
    ) -> None:
        self.host.run_worker(
            self._apply(session, org_id, path, plan, tokens), group="transfer", exit_on_error=False
        )

    async def _apply(
        self, session: Session, org_id: str, path: Path, plan: Plan, tokens: dict[str, str]
    ) -> None:
        """Write the plan, save each created remote's token under its new ID, say what was done, reload."""
        from remotes_tui.tokens import remote_key
        from remotes_tui.transfer import apply_plan

        report = await apply_plan(session.client, org_id, plan, tokens)
        entries = [
            (remote_key(session.server_url, outcome.remote.id), tokens[outcome.item.spec.remote_url])
            for outcome in report.done
            if outcome.remote is not None
            and outcome.item.needs_token
            and outcome.item.spec.remote_url in tokens
        ]
        problem = await asyncio.to_thread(_save_tokens, session.token_store, entries)
        self.last_report = report
        text = import_report_text(path.name, report)
        if problem:
            text += f" The API tokens could not be saved: {problem}."
        bad = bool(report.failed or problem)
        self.host.notify(text, title="Imported", severity="error" if bad else "information", timeout=12)
        written = [outcome.remote.id for outcome in report.done if outcome.remote is not None]
        if written:
            self.host.reload_after_write(session, written[0])


def _save_tokens(store: TokenStore, entries: list[tuple[str, str]]) -> str | None:
    """Save each (key, token); the first problem as a sentence (never a token), else None."""
    for key, token in entries:
        try:
            store.set(key, token)
        except Exception as error:
            return str(error) or type(error).__name__
    return None
