"""`remotes-tui remote export` and `remotes-tui remote import`: the command-line side of `remotes_tui.transfer`.

Export writes the remotes of an org (JSON, or TOML with `--format toml`; never a token). Import matches the
file's remotes by name, prints the plan with `--dry-run`, and otherwise creates what is missing (and with
`--update` changes what differs), a bounded number of requests at a time. The API tokens it sends come from
`--token-stdin` (one for every URL), else the keyring entry of a remote with the same URL, else a hidden prompt
per URL on a terminal; every token is checked for before the first write, and each created remote's token is
saved in the keyring, like the TUI does.
"""

from __future__ import annotations

import argparse
import asyncio
import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from remotes_tui.cli import exit_codes
from remotes_tui.cli.connection import Connection, add_connection_flags, resolve
from remotes_tui.cli.parsing import UsageError
from remotes_tui.cli.remote_parts import client_for, note, traced

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection
    from remotes_tui.transfer import ApplyReport, Outcome, Plan, PlanItem, TransferDocument

MAX_CONCURRENCY = 64
DEFAULT_CONCURRENCY = 32  # remotes_tui.transfer.apply.DEFAULT_CONCURRENCY, without importing it for --help


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `export` and `import` to the `remotes-tui remote` tree (`command` makes one sub-command)."""
    export = command("export", "write the remotes of an org to a file (JSON or TOML; never tokens)", _export)
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    export.add_argument(
        "--format", choices=("json", "toml"), help="file format (default: from FILE's suffix, else json)"
    )
    add_connection_flags(export)

    importing = command("import", "create the file's remotes that are missing (matched by name)", _import)
    importing.add_argument("file", metavar="FILE", help="an export (JSON or TOML), or - for stdin")
    importing.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    importing.add_argument("--update", action="store_true", help="also change existing remotes that differ")
    importing.add_argument(
        "--token-stdin", action="store_true", help="read one API token from stdin for every remote URL"
    )
    importing.add_argument(
        "--concurrency",
        type=_concurrency,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"requests in flight at once, 1-{MAX_CONCURRENCY} (default: %(default)s)",
    )
    importing.add_argument(
        "--json", action="store_true", help="print the plan or the outcome as one JSON document"
    )
    add_connection_flags(importing)


def _concurrency(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 1 to {MAX_CONCURRENCY}")
    return value


# -- export -------------------------------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    from remotes_tui.transfer import document_from_remotes, dumps

    file_format = args.format or ("toml" if (args.output or "").lower().endswith(".toml") else "json")
    connection = resolve(args, require_org=True)

    async def fetch() -> tuple[str, list[RemoteConnection]]:
        async with client_for(connection) as client:
            org_id = await client.resolve_org_id()
            return org_id, await client.remotes.list(org_id)

    org_id, remotes = asyncio.run(fetch())
    text = dumps(document_from_remotes(remotes, server=connection.server_url, org_id=org_id), file_format)
    if args.output:
        from remotes_tui.transfer import write_whole

        write_whole(Path(args.output), text)
        count = len(remotes)
        note(
            args,
            f"wrote {count} remote{'s' if count != 1 else ''} of org {org_id} to {args.output} (no tokens).",
        )
    else:
        sys.stdout.write(text)
    return exit_codes.OK


# -- import -------------------------------------------------------------------------------------------------


def _import(args: argparse.Namespace) -> int:
    from remotes_tui.transfer import loads

    if args.file == "-" and args.token_stdin:
        raise UsageError("stdin cannot hold both the file and the token: give the file's path.", args.prog)
    text, name = _read_input(args.file)
    document = loads(text, name=name)
    connection = resolve(args, require_org=True)
    return asyncio.run(_import_async(args, connection, document))


def _read_input(path: str) -> tuple[str, str]:
    if path == "-":
        return sys.stdin.read(), "stdin"
    from remotes_tui.transfer import read_text

    return read_text(Path(path)), path


async def _import_async(args: argparse.Namespace, connection: Connection, document: TransferDocument) -> int:
    from remotes_tui.transfer import apply_plan, bulk_client, make_plan

    async with traced(bulk_client(connection.settings, len(document.remotes)), connection) as client:
        org_id = await client.resolve_org_id()
        existing = await client.remotes.list(org_id)
        plan = make_plan(document.remotes, existing, update=args.update)
        if args.dry_run:
            _print_plan(args, connection, org_id, plan)
            return exit_codes.OK
        tokens = await asyncio.to_thread(_tokens_for, args, connection, document, existing, plan)
        saver = _TokenSaver(connection, tokens)
        progress = _Progress(args, len(plan.writes))
        try:
            report = await apply_plan(
                client,
                org_id,
                plan,
                tokens,
                concurrency=args.concurrency,
                on_done=lambda outcome: _each(outcome, saver, progress),
            )
        finally:
            progress.close()
            problems = await asyncio.to_thread(saver.close)
    _print_report(args, connection, org_id, report)
    for problem in problems:
        note(args, problem)
    if report.failed:
        return exit_codes.FAILED
    if plan.counts()["conflict"]:
        return exit_codes.CONFLICTS
    return exit_codes.OK


def _each(outcome: Outcome, saver: _TokenSaver, progress: _Progress) -> None:
    saver.saved(outcome)
    progress.step()


def _tokens_for(
    args: argparse.Namespace,
    connection: Connection,
    document: TransferDocument,
    existing: list[RemoteConnection],
    plan: Plan,
) -> dict[str, str]:
    """Every token the writes need, before the first write; UsageError names the URLs still without one."""
    from remotes_tui.cli.secret_input import is_terminal, prompt_secret, read_stdin_secret
    from remotes_tui.transfer import saved_tokens

    urls = plan.token_urls()
    if not urls:
        return {}
    if args.token_stdin:
        token = read_stdin_secret("API token")
        return dict.fromkeys(urls, token)
    found = saved_tokens(
        urls, server_url=connection.server_url, existing=existing, document=document, store=connection.tokens
    )
    missing = [url for url in urls if url not in found]
    if missing and is_terminal():
        for url in missing:
            count = sum(1 for item in plan.items if item.needs_token and item.spec.remote_url == url)
            found[url] = prompt_secret(f"API token for {url} ({count} remote{'s' if count != 1 else ''})")
        missing = []
    if missing:
        listed = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise UsageError(
            f"No API token is saved for {listed}, and stdin is not a terminal to ask for one; nothing was changed. "
            "Pipe one token for all with --token-stdin.",
            args.prog,
        )
    return found


class _TokenSaver:
    """Saves each created remote's API token in the keyring from a thread, while the next requests go out."""

    def __init__(self, connection: Connection, tokens: dict[str, str]) -> None:
        self._connection = connection
        self._tokens = tokens
        self._queue: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
        self._problems: list[str] = []
        self._thread: threading.Thread | None = None

    def saved(self, outcome: Outcome) -> None:
        from remotes_tui.tokens import remote_key

        if not outcome.ok or not outcome.item.needs_token or outcome.remote is None:
            return
        token = self._tokens.get(outcome.item.spec.remote_url)
        if not token:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="import-token-saver", daemon=True)
            self._thread.start()
        self._queue.put((remote_key(self._connection.server_url, outcome.remote.id), token))

    def _run(self) -> None:
        store = self._connection.tokens
        failures = 0
        while (entry := self._queue.get()) is not None:
            if failures:
                continue  # the keyring failed once: do not wait for it again for every remote
            try:
                store.set(*entry)
            except Exception as error:
                failures += 1
                self._problems.append(f"the API tokens could not be saved in the OS keyring ({error}).")
        if not failures and store.warning:
            self._problems.append(f"the API tokens are not in the OS keyring ({store.warning}).")

    def close(self) -> list[str]:
        """Wait for the queued tokens; the problems, one sentence each (never a token)."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
        return self._problems


class _Progress:
    """`done/total` on stderr while an import runs, only when stderr is a terminal."""

    def __init__(self, args: argparse.Namespace, total: int) -> None:
        self._shown = sys.stderr.isatty() and total > 1 and not args.json
        self._total = total
        self._done = 0

    def step(self) -> None:
        self._done += 1
        if self._shown:
            print(f"\r{self._done}/{self._total}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._shown and self._done:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)


# -- output -------------------------------------------------------------------------------------------------


def _item_line(action: str, item: PlanItem, remote_id: str, detail: str) -> tuple[str, str, str, str]:
    from remotes_tui.api.text import one_line

    return (action, one_line(item.spec.name), remote_id, detail)


def _print_rows(rows: list[tuple[str, str, str, str]]) -> None:
    if not rows:
        return
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)] + [row[3]]
        print("  ".join(cells).rstrip())


def _detail(item: PlanItem) -> str:
    from remotes_tui.transfer import Action

    hint = " (use --update to change it)" if item.action is Action.CONFLICT else ""
    return item.detail() + hint


def _print_plan(args: argparse.Namespace, connection: Connection, org_id: str, plan: Plan) -> None:
    from remotes_tui.cli.remote_output import to_json

    if args.json:
        entries = [_json_entry(item, item.action.value) for item in plan.items]
        sys.stdout.write(to_json(_json_document(connection, org_id, entries, plan.counts(), dry_run=True)))
        return
    _print_rows(
        [
            _item_line(item.action.value, item, item.existing.id if item.existing else "", _detail(item))
            for item in plan.items
        ]
    )
    print(
        f"Plan for {connection.server_url} (org {org_id}): {plan.summary()}. Nothing was changed (--dry-run)."
    )


def _print_report(args: argparse.Namespace, connection: Connection, org_id: str, report: ApplyReport) -> None:
    from remotes_tui.cli.remote_output import to_json
    from remotes_tui.transfer import Action

    written = {id(outcome.item): outcome for outcome in report.done + report.failed}
    not_tried = {id(item) for item in report.not_tried}
    rows: list[tuple[str, str, str, str]] = []
    entries: list[dict[str, Any]] = []
    counts = dict.fromkeys(("created", "updated", "unchanged", "conflict", "failed", "pending"), 0)
    for item in report.plan.items:
        outcome = written.get(id(item))
        if outcome is not None and outcome.remote is not None:
            state = "created" if item.action is Action.CREATE else "updated"
            remote_id, detail = outcome.remote.id, _detail(item)
        elif outcome is not None:
            state, remote_id, detail = "failed", item.existing.id if item.existing else "", str(outcome.error)
        elif id(item) in not_tried:
            state, remote_id, detail = "pending", item.existing.id if item.existing else "", ""
        else:
            state, remote_id, detail = (
                item.action.value,
                item.existing.id if item.existing else "",
                _detail(item),
            )
        counts[state] += 1
        rows.append(_item_line(state, item, remote_id, detail))
        entries.append(_json_entry(item, state, remote_id, outcome.error if outcome is not None else None))
    if args.json:
        sys.stdout.write(to_json(_json_document(connection, org_id, entries, counts, dry_run=False)))
        return
    _print_rows(rows)
    summary = ", ".join(
        f"{count} {state}" for state, count in counts.items() if count or state in ("created", "unchanged")
    )
    print(f"Import into {connection.server_url} (org {org_id}): {summary}.")
    if not report.complete:
        print(
            "Stopped at the first failure: what is listed as created or updated is done. Fix the cause and run "
            "the same command again; it creates only what is still missing."
        )


def _json_entry(
    item: PlanItem, state: str, remote_id: str | None = None, error: object = None
) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": item.spec.name, "action": state, "remoteURL": item.spec.remote_url}
    chosen = remote_id or (item.existing.id if item.existing else None)
    if chosen:
        entry["id"] = chosen
    if item.changes:
        entry["changes"] = list(item.changes)
    if error is not None:
        entry["error"] = str(error)
    return entry


def _json_document(
    connection: Connection,
    org_id: str,
    entries: list[dict[str, Any]],
    counts: dict[str, int],
    *,
    dry_run: bool,
) -> dict[str, Any]:
    return {
        "server": connection.server_url,
        "orgID": org_id,
        "dryRun": dry_run,
        "counts": counts,
        "remotes": entries,
    }
