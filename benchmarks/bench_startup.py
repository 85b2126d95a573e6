"""Start-up benchmark: `remotes-tui` in a real pseudo-terminal, from spawn to its first frame and to a full table.

Runs the bundled server in a subprocess, creates 100 remotes through the API, then times (7 runs each,
interleaved so a machine whose speed drifts affects every line alike):

- `python -c pass` and `python -c "import textual.app"` (spawn to exit), the reference;
- the import floor: `python -c` importing every module the filled table needs, as the command line does (the
  collector paused, httpx's own command line left out) but drawing nothing and connecting nowhere. In one
  process the filled table can never come sooner, so its ratio says what the filled-table goal can reach;
- `python -m remotes_tui --host URL --org-id ID` (token in INFLUX_TOKEN) in a 120x36 pseudo-terminal: the
  time until the terminal receives the first frame ("Loading remotes", or the table itself when the first
  frame already shows it), and until it receives the filled table (the first remote's name); then `q`, and
  the exit is waited for.

Our modules are byte-compiled first, as pip does when it installs the wheel. It prints both times as ratios to the bare `import textual.app` of the same run, with the goals (first frame
at most 1.15x, filled table at most 1.5x), and the slowest modules imported after the first frame.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--remotes 100] [--root DIR]

`--root` times another checkout with this interpreter. `--compare OTHER` times OTHER too, in the same rounds
(each round runs both trees, one after the other): on a machine whose speed drifts, this is the before/after figure
to trust. The token travels only in environment variables, never in argv.

    .venv/bin/python benchmarks/bench_startup.py --runs 11 --compare /path/to/the/old/checkout
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
import urllib.request
from pathlib import Path

from _bundled_server import start_bundled_server, stop_bundled_server

TOKEN = "bench-startup-token-0001"
FIRST_FRAME_GOAL = 1.15
FILLED_GOAL = 1.5
ROWS, COLUMNS = 36, 120
FIRST_FRAME_MARKER = b"Loading remotes"
FILLED_MARKER = b"bench-remote-000"
FIRST_FRAME_MODULES = "remotes_tui.cli.tui_command, remotes_tui.cli.connect, remotes_tui.app"
SERVICE_MODULES = "remotes_tui.profiles.resolve, remotes_tui.profiles.session"
# httpcore loads anyio's asyncio backend on the first request: the filled table needs it too.
IMPORT_FLOOR = (
    "import gc; gc.disable(); "
    "from remotes_tui.cli.main import lighten_service_layer_imports; lighten_service_layer_imports(); "
    f"import textual.app, {FIRST_FRAME_MODULES}, {SERVICE_MODULES}, anyio._backends._asyncio"
)


def create_remotes(url: str, org_id: str, count: int) -> None:
    """`count` remotes through the real API (urllib keeps this script free of extra imports)."""
    for index in range(count):
        body = {
            "name": f"bench-remote-{index:03d}",
            "orgID": org_id,
            "remoteURL": f"https://central-{index % 7}.example.com:8086",
            "remoteAPIToken": "remote-token-for-bench",
            "remoteOrgID": "0f1e2d3c4b5a6978",
            "allowInsecureTLS": index % 10 == 0,
            "description": f"benchmark remote {index}",
        }
        request = urllib.request.Request(  # noqa: S310 (the loopback URL this script started)
            f"{url}/api/v2/remotes",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()


def time_exit(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    """Wall seconds from spawn to exit; a failing run stops the benchmark."""
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])}... exited {result.returncode}: {result.stderr[-600:]!r}")
    return elapsed


def time_in_terminal(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(seconds to the first frame, seconds to the filled table) of `argv` in a pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True
    )
    os.close(slave)
    seen = b""
    marks: dict[bytes, float] = {}
    deadline = started + 60
    try:
        while len(marks) < 2:
            if time.perf_counter() > deadline or process.poll() is not None:
                raise SystemExit(f"no filled table within 60 s; the terminal got: {seen[-800:]!r}")
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            seen += os.read(master, 1 << 16)
            now = time.perf_counter() - started
            if FILLED_MARKER in seen:  # a first frame that already shows the table counts as both
                marks.setdefault(FIRST_FRAME_MARKER, now)
                marks.setdefault(FILLED_MARKER, now)
            elif FIRST_FRAME_MARKER in seen:
                marks.setdefault(FIRST_FRAME_MARKER, now)
        os.write(master, b"q")
        end = time.perf_counter() + 10
        while process.poll() is None and time.perf_counter() < end:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        os.close(master)
    return marks[FIRST_FRAME_MARKER], marks[FILLED_MARKER]


def tree_env(tree: Path) -> dict[str, str]:
    """The environment that runs `tree`'s code, byte-compiled first as pip does when it installs the wheel."""
    env = {**os.environ, "PYTHONPATH": str(tree), "TERM": "xterm-256color", "COLUMNS": str(COLUMNS)}
    env.pop("NO_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # our modules load from bytecode, not source
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "remotes_tui")], env=env, check=True)
    return env


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"{label:<46} min {min(times):.3f}  median {median:.3f}  max {max(times):.3f} s")
    return median


def late_imports(root: Path, env: dict[str, str], top: int = 10) -> None:
    """The slowest modules the CLI imports after its first frame (profiles, the service layer, httpx...)."""
    before = f"import {FIRST_FRAME_MODULES}"
    after = (
        "from remotes_tui.cli.main import lighten_service_layer_imports; lighten_service_layer_imports(); "
        f"import {SERVICE_MODULES}"
    )
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"{before}; {after}"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    loaded_first: set[str] = set()
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if not match:
            continue
        module, depth = match.group(4), len(match.group(3)) // 2
        if module in ("remotes_tui.cli.tui_command", "remotes_tui.cli.connect", "remotes_tui.app"):
            loaded_first.add(module)
        rows.append((int(match.group(2)), depth, module))
    # Everything imported after the last first-frame module is late: keep those a level or two down.
    last_first = max(i for i, row in enumerate(rows) if row[2] in loaded_first) if loaded_first else -1
    late = sorted((row for row in rows[last_first + 1 :] if row[1] <= 5), reverse=True)
    print("\nSlowest imports after the first frame (python -X importtime, cumulative):")
    for cumulative, depth, module in late[:top]:
        print(f"  {cumulative / 1000:8.1f} ms  {'  ' * depth}{module}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--remotes", type=int, default=100)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--compare", type=Path, help="another checkout, timed in the same rounds")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    others = [args.compare.resolve()] if args.compare else []
    if root in others:
        parser.error("--compare names the same checkout as --root: give another one")

    server = start_bundled_server(token=TOKEN, cwd=root, quiet=True)
    url, org_id = server.url, server.org_id
    try:
        create_remotes(url, org_id, args.remotes)
        python = sys.executable
        cli = [python, "-m", "remotes_tui", "--host", url, "--org-id", org_id]
        print(
            f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {args.remotes} remotes at {url}, "
            f"{args.runs} runs each, code from {root}{''.join(f' and {other}' for other in others)}\n"
        )
        trees = [root, *others]
        envs = {tree: tree_env(tree) for tree in trees}
        env = envs[root]
        cli_envs = {tree: {**envs[tree], "INFLUX_TOKEN": TOKEN} for tree in trees}
        times: dict[str, list[float]] = {"pass": [], "textual": [], "floor": []}
        for tree in trees:
            times[f"first {tree}"], times[f"filled {tree}"] = [], []
        for round_index in range(args.runs + 1):  # the first round warms the caches and is not counted
            results = {
                "pass": time_exit([python, "-c", "pass"], env, root),
                "textual": time_exit([python, "-c", "import textual.app"], env, root),
                "floor": time_exit([python, "-c", IMPORT_FLOOR], env, root),
            }
            for tree in trees if round_index % 2 else reversed(trees):  # neither tree always goes first
                results[f"first {tree}"], results[f"filled {tree}"] = time_in_terminal(
                    cli, cli_envs[tree], tree
                )
            if round_index:
                for key, value in results.items():
                    times[key].append(value)
        report("python -c pass (spawn to exit)", times["pass"])
        textual = report('python -c "import textual.app" (spawn to exit)', times["textual"])
        floor = report("import floor (spawn to exit)", times["floor"])
        for tree in trees:
            label = "remotes-tui" if not others else str(tree)
            first = report(f"{label}: first frame on the terminal", times[f"first {tree}"])
            filled = report(f"{label}: filled table on the terminal", times[f"filled {tree}"])
            first_ratio, filled_ratio = first / textual, filled / textual
            print(
                f"\n{label}: first frame  {first_ratio:.2f}x the bare import (goal <= {FIRST_FRAME_GOAL}x): "
                f"{'OK' if first_ratio <= FIRST_FRAME_GOAL else 'OVER'}"
            )
            print(
                f"{label}: filled table {filled_ratio:.2f}x the bare import (goal <= {FILLED_GOAL}x): "
                f"{'OK' if filled_ratio <= FILLED_GOAL else 'OVER'}\n"
            )
        print(
            f"import floor: {floor / textual:.2f}x the bare import: every module the filled table needs, imported "
            f"and nothing run{'' if not others else f' ({root})'}. In one process the filled table cannot beat it."
        )
        late_imports(root, env)
        return 0
    finally:
        stop_bundled_server(server, timeout=5)


if __name__ == "__main__":
    raise SystemExit(main())
