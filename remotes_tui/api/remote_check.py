"""The connection test of one remote, from this machine, with the remote's own token.

    check = RemoteCheck(RemoteTarget.of_remote(remote, token), replications=uses, edge=client)
    report = await check.run(on_step=show)        # cancel the task to stop it

Steps, each with an outcome, its time and a sentence to act on (`check.steps` lists them all from the start):

1. `url`: the URL answers `/ping` (version and build from its headers); refused, DNS, TLS, plain HTTP behind
   https:// and time-outs each said plainly; `allowInsecureTLS` is honoured.
2. `token`: the token is valid there (`/api/v2/me`; when the token may not read its user, the org look-up).
3. `org`: the remote org exists and the token sees it (no org ID is right only for an InfluxDB 1.x remote).
4. `write:<bucket>` per remote bucket of the replications using the remote: the empty
   `POST /api/v2/write?bucket=&org=` that influxd's own validation sends (nothing is written);
   `validate:<id>` per replication: the edge server's own view, `POST /api/v2/replications/{id}/validate`.

The whole test has one deadline; steps that cannot start before it are skipped. It works as well for a remote
not yet saved (`target_from_values`): then there is no edge server view, as the edge checks saved values.
The token travels only in the Authorization header and never appears in a sentence.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import partial
from urllib.parse import urlsplit

import httpx

from remotes_tui.api import remote_check_words as words
from remotes_tui.api.client import InfluxClient
from remotes_tui.api.errors import (
    ApiError,
    DeadlineExceededError,
    EndpointNotFoundError,
    NotFoundError,
    NotInfluxDBError,
    TransportError,
    UnauthorizedError,
)
from remotes_tui.api.fields import check_remote_url, check_token
from remotes_tui.api.health import ReplicationLike
from remotes_tui.api.ids import check_id
from remotes_tui.api.models import Organization, RemoteConnection
from remotes_tui.api.settings import ConnectionSettings
from remotes_tui.api.text import quoted
from remotes_tui.api.validation import InvalidInputError

DEFAULT_DEADLINE = 20.0
"""Seconds the whole test may take (influxd itself waits up to 2 minutes for a remote)."""

CONNECT_TIMEOUT = 5.0


class Outcome(StrEnum):
    """Where a step stands; the last four are final."""

    WAITING = "waiting"
    RUNNING = "running"
    PASSED = "passed"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"

    @property
    def final(self) -> bool:
        return self not in (Outcome.WAITING, Outcome.RUNNING)


@dataclass(frozen=True, slots=True)
class CheckStep:
    """One step of the test: `seconds` is how long it took (None until it ran)."""

    key: str
    title: str
    outcome: Outcome = Outcome.WAITING
    sentence: str = ""
    seconds: float | None = None


@dataclass(frozen=True)
class RemoteTarget:
    """What the test reaches: a remote's URL, token, org ID and TLS flag (saved, or typed in a form)."""

    url: str
    token: str = field(repr=False)
    remote_org_id: str | None = None
    allow_insecure_tls: bool = False
    name: str = ""

    @classmethod
    def of_remote(cls, remote: RemoteConnection, token: str) -> RemoteTarget:
        """A saved remote with its token (from the token store, or asked for)."""
        return cls(
            url=remote.remote_url,
            token=token,
            remote_org_id=remote.remote_org_id or None,
            allow_insecure_tls=remote.allow_insecure_tls,
            name=remote.name,
        )

    @property
    def origin(self) -> str:
        """`scheme://host:port`: like influxd, the test drops the URL's path."""
        parts = urlsplit(self.url)
        return f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2]}"

    @property
    def ignored_path(self) -> str:
        return urlsplit(self.url).path.rstrip("/")


def target_from_values(
    *,
    remote_url: str,
    remote_api_token: str,
    remote_org_id: str | None = None,
    allow_insecure_tls: bool = False,
    name: str = "",
) -> RemoteTarget:
    """A target from a form's values, checked like a saved remote's; InvalidInputError names each bad field."""
    problems: dict[str, str] = {}
    url = token = ""
    org: str | None = None
    try:
        url = check_remote_url(remote_url)
    except ValueError as error:
        problems["remote_url"] = str(error)
    try:
        token = check_token(
            remote_api_token, label="Remote API token", required="paste the token to test it."
        )
    except ValueError as error:
        problems["remote_api_token"] = str(error)
    if remote_org_id and remote_org_id.strip():
        try:
            org = check_id(remote_org_id, "Remote org ID")
        except ValueError as error:
            problems["remote_org_id"] = str(error)
    if problems:
        raise InvalidInputError(problems)
    return RemoteTarget(url, token, org, allow_insecure_tls, name)


@dataclass(frozen=True, slots=True)
class ReplicationUse:
    """A replication that uses the remote: its ID, name and remote bucket (name, or ID when targeted by ID)."""

    id: str
    name: str
    bucket: str

    @classmethod
    def of(cls, replication: ReplicationLike) -> ReplicationUse:
        return cls(replication.id, replication.name, replication.remote_bucket)


@dataclass(frozen=True)
class CheckReport:
    """The finished test: every step, the remote's version and build when it answered, the total time."""

    steps: tuple[CheckStep, ...]
    seconds: float
    version: str | None = None
    build: str | None = None

    @property
    def failed(self) -> tuple[CheckStep, ...]:
        return tuple(step for step in self.steps if step.outcome is Outcome.FAILED)

    @property
    def passed(self) -> bool:
        """No step failed (warnings and skips allowed)."""
        return not self.failed

    def summary(self) -> str:
        """One line: "All 5 checks passed in 0.4 s" or "2 of 5 checks failed"."""
        done = [step for step in self.steps if step.outcome is not Outcome.SKIPPED]
        if self.failed:
            return f"{len(self.failed)} of {len(done)} checks failed ({self.seconds:.1f} s)"
        return f"All {len(done)} checks passed ({self.seconds:.1f} s)"


StepResult = tuple[Outcome, str]


class RemoteCheck:
    """One run of the connection test (see the module docstring). Not reusable: make one per run."""

    def __init__(
        self,
        target: RemoteTarget,
        *,
        replications: Iterable[ReplicationUse | ReplicationLike] = (),
        edge: InfluxClient | None = None,
        deadline: float = DEFAULT_DEADLINE,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`clock` times the steps (a test may fix it so a snapshot is the same on every run)."""
        self.target = target
        self._clock = clock
        self.uses = [
            use if isinstance(use, ReplicationUse) else ReplicationUse.of(use) for use in replications
        ]
        self.edge = edge
        self.deadline = deadline
        self._transport = transport
        self._steps: dict[str, CheckStep] = {step.key: step for step in self._plan()}
        self._on_step: Callable[[CheckStep], None] | None = None
        self._ends = 0.0
        self._version: str | None = None
        self._build: str | None = None
        self._org: Organization | ApiError | None = None
        self._token_refused = False

    @property
    def steps(self) -> tuple[CheckStep, ...]:
        """Every step in order, as it stands now."""
        return tuple(self._steps.values())

    def _plan(self) -> list[CheckStep]:
        steps = [
            CheckStep("url", "URL answers"),
            CheckStep("token", "Token is valid"),
            CheckStep("org", "Remote org exists"),
        ]
        if not self.uses:
            steps.append(CheckStep("writes", "Writes to the remote bucket"))
            return steps
        for bucket, names in self._buckets().items():
            steps.append(CheckStep(f"write:{bucket}", f"Bucket {quoted(bucket)} accepts writes ({names})"))
        if self.edge is None:
            steps.append(CheckStep("edge", "Edge server's own check"))
        else:
            for use in self.uses:
                steps.append(CheckStep(f"validate:{use.id}", f"Edge server validates {quoted(use.name)}"))
        return steps

    def _buckets(self) -> dict[str, str]:
        """Each remote bucket once, with the names of the replications writing to it."""
        names: dict[str, list[str]] = {}
        for use in self.uses:
            names.setdefault(use.bucket, []).append(use.name)
        return {bucket: ", ".join(group) for bucket, group in names.items()}

    # -- running ------------------------------------------------------------------------------------------

    async def run(self, on_step: Callable[[CheckStep], None] | None = None) -> CheckReport:
        """Run every step in order; `on_step` sees each step when it starts and when it ends.

        Cancelling the task stops the test at once: the steps not finished read "Cancelled." (also through
        `on_step`) and the cancellation goes on.
        """
        self._on_step = on_step
        started = self._clock()
        self._ends = asyncio.get_running_loop().time() + self.deadline
        try:
            await self._run_steps()
        except asyncio.CancelledError:
            self._finish_all(Outcome.SKIPPED, "Cancelled.")
            raise
        return CheckReport(self.steps, self._clock() - started, self._version, self._build)

    async def _run_steps(self) -> None:
        try:
            check_remote_url(self.target.url)  # a saved remote's URL may predate this app's rules
            settings: ConnectionSettings | None = self._remote_settings()
        except ValueError as error:  # InvalidSettingsError too
            self._set("url", Outcome.FAILED, str(error), 0.0)
            settings = None
        if settings is not None:
            async with InfluxClient(settings, transport=self._transport) as client:
                await self._step("url", lambda: self._ping(client))
                if self._steps["url"].outcome is Outcome.PASSED:
                    await self._step("token", lambda: self._token(client))
                    await self._step("org", lambda: self._org_step(client))
                    await self._writes(client)
        self._finish_all(Outcome.SKIPPED, self._why_not_run(), local_only=True)
        await self._edge_checks()

    def _remote_settings(self) -> ConnectionSettings:
        return ConnectionSettings(
            url=self.target.origin,
            token=self.target.token,
            skip_verify=self.target.allow_insecure_tls,
            connect_timeout=min(CONNECT_TIMEOUT, self.deadline),
            read_timeout=self.deadline,
            deadline=self.deadline,
            attempts=1,
        )

    async def _step(self, key: str, action: Callable[[], Awaitable[StepResult]]) -> Outcome:
        """Run one step under the test's deadline, timing it and reporting its start and end."""
        loop = asyncio.get_running_loop()
        if loop.time() >= self._ends:
            self._set(key, Outcome.SKIPPED, f"Not run: the test reached its {self.deadline:g} s limit.")
            return Outcome.SKIPPED
        self._set(key, Outcome.RUNNING, "")
        started = self._clock()
        try:
            async with asyncio.timeout_at(self._ends):
                outcome, sentence = await action()
        except (TimeoutError, DeadlineExceededError):
            outcome, sentence = Outcome.FAILED, words.too_slow(self._where(key), self.deadline)
        except ApiError as error:  # a step's own handling missed it: still one plain sentence
            outcome, sentence = Outcome.FAILED, error.user_message
        seconds = None if outcome is Outcome.SKIPPED else self._clock() - started
        self._set(key, outcome, sentence, seconds)
        return outcome

    def _where(self, key: str) -> str:
        if key.startswith("validate:"):
            return self.edge.settings.base_url if self.edge is not None else "The edge server"
        return self.target.origin

    def _set(self, key: str, outcome: Outcome, sentence: str, seconds: float | None = None) -> None:
        step = replace(self._steps[key], outcome=outcome, sentence=sentence, seconds=seconds)
        self._steps[key] = step
        if self._on_step is not None:
            self._on_step(step)

    def _finish_all(self, outcome: Outcome, sentence: str, *, local_only: bool = False) -> None:
        """Give every step that has not ended this outcome (`local_only`: not the edge server's steps)."""
        for key, step in list(self._steps.items()):
            if local_only and (key.startswith("validate:") or key == "edge"):
                continue
            if not step.outcome.final:
                self._set(key, outcome, sentence)

    def _why_not_run(self) -> str:
        url = self._steps["url"]
        if url.outcome is not Outcome.PASSED:
            return "Not run: the URL check failed."
        if self._token_refused:
            return "Not run: the remote refused the token."
        if not self.uses:
            return "No replication uses this remote yet: there is no remote bucket to check."
        return f"Not run: the test reached its {self.deadline:g} s limit."

    # -- the steps ----------------------------------------------------------------------------------------

    async def _ping(self, client: InfluxClient) -> StepResult:
        try:
            info = await client.system.ping(accept_1x=True)
        except NotInfluxDBError as error:
            return Outcome.FAILED, error.user_message
        except ApiError as error:
            return Outcome.FAILED, words.unreachable(error, self.target.origin, self.deadline)
        self._version, self._build = info.version, info.build
        build = f" {info.build}" if info.build else ""
        sentence = f"InfluxDB{build} {info.version} answers."
        if self.target.ignored_path:
            sentence += f" The path {self.target.ignored_path} is ignored, as the edge server ignores it."
        if self.target.allow_insecure_tls and self.target.origin.startswith("https://"):
            sentence += " Its certificate was not verified (Allow insecure TLS)."
        return Outcome.PASSED, sentence

    @property
    def _is_1x(self) -> bool:
        return (self._version or "").lstrip("v").startswith("1.")

    async def _token(self, client: InfluxClient) -> StepResult:
        try:
            user = await client.system.me()
        except ApiError as error:
            if isinstance(error, UnauthorizedError) and not words.is_permission_refusal(error):
                self._token_refused = True
                return Outcome.FAILED, words.token_refused(error)
            if not (words.is_permission_refusal(error) or isinstance(error, EndpointNotFoundError)):
                return Outcome.FAILED, words.unreachable(error, self.target.origin, self.deadline)
            return await self._token_by_org(client)
        return Outcome.PASSED, f"The remote knows the token (it belongs to user {quoted(user.name)})."

    async def _token_by_org(self, client: InfluxClient) -> StepResult:
        """/api/v2/me is not allowed for this token (or missing, on 1.x): the org look-up tells instead."""
        cannot_tell = (
            "The remote does not let this token read its user, so it could not be checked on its own; the "
            "write check below tests it."
        )
        if not self.target.remote_org_id or self._is_1x:
            return Outcome.WARNING, cannot_tell
        found = await self._find_org(client)
        if isinstance(found, UnauthorizedError) and not words.is_permission_refusal(found):
            self._token_refused = True
            return Outcome.FAILED, words.token_refused(found)
        if isinstance(found, Organization) or (
            isinstance(found, NotFoundError) and not isinstance(found, EndpointNotFoundError)
        ):
            return Outcome.PASSED, "The remote knows the token (it may not read its user, which is fine)."
        return Outcome.WARNING, cannot_tell

    async def _find_org(self, client: InfluxClient) -> Organization | ApiError:
        """The remote org, or the error looking it up (asked once, shared by the token and org steps)."""
        if self._org is None:
            try:
                self._org = await client.orgs.find(org_id=self.target.remote_org_id)
            except ApiError as error:
                self._org = error
        return self._org

    async def _org_step(self, client: InfluxClient) -> StepResult:
        org_id = self.target.remote_org_id
        if self._token_refused:
            return Outcome.SKIPPED, "Not checked: the remote refused the token."
        if self._is_1x:
            if org_id:
                return Outcome.PASSED, "InfluxDB 1.x has no orgs: the remote org ID is not used."
            return Outcome.PASSED, "No remote org ID, as an InfluxDB 1.x remote needs."
        if not org_id:
            return (
                Outcome.FAILED,
                "No remote org ID: InfluxDB 2.x refuses writes without one. Enter the remote org ID (`influx "
                "org list` on the remote shows it).",
            )
        found = await self._find_org(client)
        if isinstance(found, Organization):
            return Outcome.PASSED, f"Org {quoted(found.name)} ({found.id}) exists and the token sees it."
        if isinstance(found, NotFoundError) and not isinstance(found, EndpointNotFoundError):
            return Outcome.FAILED, words.org_not_visible(org_id)
        if words.is_permission_refusal(found):
            return (
                Outcome.WARNING,
                "The token may not read orgs, so the org could not be confirmed; the write check below tests it.",
            )
        if isinstance(found, UnauthorizedError):
            return Outcome.FAILED, words.token_refused(found)
        if isinstance(found, TransportError):
            return Outcome.FAILED, words.unreachable(found, self.target.origin, self.deadline)
        return Outcome.FAILED, found.user_message

    async def _writes(self, client: InfluxClient) -> None:
        if self._token_refused:
            return
        for bucket in self._buckets():
            await self._step(f"write:{bucket}", partial(self._write, client, bucket))

    async def _write(self, client: InfluxClient, bucket: str) -> StepResult:
        org = self.target.remote_org_id or ""
        try:
            await client.system.empty_write(bucket, org)
        except ApiError as error:
            sentence = words.write_refused(error, bucket, org, self.target.origin, self.deadline)
            return Outcome.FAILED, sentence
        return Outcome.PASSED, f"The remote accepts writes to bucket {quoted(bucket)} with this token."

    async def _edge_checks(self) -> None:
        """The edge server's own view of each replication (it may differ from this machine's)."""
        if not self.uses:
            return
        edge = self.edge
        if edge is None:
            self._set(
                "edge",
                Outcome.SKIPPED,
                "The edge server checks saved values only: save the remote, then test it from the list (t).",
            )
            return
        for use in self.uses:
            await self._step(f"validate:{use.id}", partial(self._validate, edge, use))

    async def _validate(self, edge: InfluxClient, use: ReplicationUse) -> StepResult:
        try:
            await edge.replications.validate(use.id)
        except ApiError as error:
            return Outcome.FAILED, words.edge_validation_failed(error)
        return (
            Outcome.PASSED,
            f"The edge server itself can write to bucket {quoted(use.bucket)} (its own network and certificates).",
        )
