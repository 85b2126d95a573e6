"""Start-up benchmark: wall time from process spawn until the table holds 100 remotes and the app exits.

Runs the bundled server in a subprocess, creates 100 remotes through the API, then times (7 runs each,
min/median/max) `RemotesApp(..., exit_when_loaded=True).run(headless=True)` in a fresh interpreter, with
`python -c pass`, `python -c "import textual.app"` and the app's imports alone for reference (runs are
interleaved so a machine whose speed drifts affects every line alike), and `python -m remotes_tui` end to end
when the CLI supports `REMOTES_TUI_EXIT_WHEN_LOADED=1`. Finally it prints the ten slowest modules (cumulative)
of the app's import path from `python -X importtime`.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--remotes 100]

The target is a median under 0.45 s on a 2-core machine. The token travels only in environment variables,
never in argv.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

TOKEN = "bench-startup-token-0001"
TARGET_SECONDS = 0.45
ROOT = Path(__file__).resolve().parents[1]

APP_SNIPPET = """\
import os
from remotes_tui.api import ConnectionSettings
from remotes_tui.app import RemotesApp
from remotes_tui.tokens import MemoryTokenStore
settings = ConnectionSettings(
    url=os.environ["BENCH_URL"], token=os.environ["BENCH_TOKEN"], org_id=os.environ["BENCH_ORG_ID"]
)
app = RemotesApp(settings, token_store=MemoryTokenStore(), exit_when_loaded=True)
app.run(headless=True)
raise SystemExit(app.return_code or 0)
"""


def start_server() -> tuple[subprocess.Popen[str], str, str]:
    """The dev server on a free port: (process, URL, org ID)."""
    env = {**os.environ, "REMOTES_TUI_SERVE_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "remotes_tui", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"listening on (\S+) .*\(orgID (\w+)\)", line)
    if not match:
        process.kill()
        raise SystemExit(f"the dev server did not start: {line!r}")
    return process, match.group(1), match.group(2)


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


def time_runs(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Wall seconds from spawn to exit for each run; a failing run stops the benchmark."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
        elapsed = time.perf_counter() - started
        if result.returncode != 0 or result.stdout.strip():
            raise SystemExit(
                f"{' '.join(argv[:3])}... exited {result.returncode}; "
                f"stdout={result.stdout[-300:]!r} stderr={result.stderr[-600:]!r}"
            )
        times.append(elapsed)
    return times


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"{label:<44} min {min(times):.3f}  median {median:.3f}  max {max(times):.3f} s")
    return median


def import_profile(env: dict[str, str], top: int = 10) -> None:
    """The `top` modules with the largest cumulative import time on the app's import path."""
    snippet = "import remotes_tui.api, remotes_tui.app, remotes_tui.tokens"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", snippet],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((int(match.group(2)), len(match.group(3)) // 2, match.group(4)))
    rows.sort(reverse=True)
    print(f"\nTop {top} cumulative imports of the app's import path (python -X importtime):")
    for cumulative, depth, module in rows[:top]:
        print(f"  {cumulative / 1000:8.1f} ms  {'  ' * depth}{module}")
    heavy = [
        m
        for m in (
            "keyring",
            "remotes_tui.devserver",
            "remotes_tui.ui.modals",
            "remotes_tui.ui.commands",
            "remotes_tui.ui.screens.help",
        )
        if any(row[2] == m for row in rows)
    ]
    print(f"  lazily imported modules loaded at start-up: {', '.join(heavy) if heavy else 'none'}")


def cli_supports_exit_when_loaded() -> bool:
    cli = ROOT / "remotes_tui" / "cli" / "tui_command.py"
    return cli.is_file() and "REMOTES_TUI_EXIT_WHEN_LOADED" in cli.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--remotes", type=int, default=100)
    args = parser.parse_args(argv)

    server, url, org_id = start_server()
    try:
        create_remotes(url, org_id, args.remotes)
        env = {**os.environ, "BENCH_URL": url, "BENCH_TOKEN": TOKEN, "BENCH_ORG_ID": org_id}
        env.pop("NO_COLOR", None)
        python = sys.executable
        print(
            f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {args.remotes} remotes at {url}, "
            f"{args.runs} runs each (wall time, spawn to exit)\n"
        )
        imports = "import remotes_tui.api, remotes_tui.app, remotes_tui.tokens"
        variants: list[tuple[str, list[str], dict[str, str]]] = [
            ("python -c pass", [python, "-c", "pass"], env),
            ('python -c "import textual.app"', [python, "-c", "import textual.app"], env),
            ("imports only (api + app, no run)", [python, "-c", imports], env),
            ("RemotesApp, exit when the table is filled", [python, "-c", APP_SNIPPET], env),
        ]
        if cli_supports_exit_when_loaded():
            cli_env = {**env, "INFLUX_TOKEN": TOKEN, "REMOTES_TUI_EXIT_WHEN_LOADED": "1"}
            cli_argv = [python, "-m", "remotes_tui", "--host", url, "--org-id", org_id]
            variants.append(("python -m remotes_tui (CLI, end to end)", cli_argv, cli_env))
        # Interleaved rounds (one run of each per round, after a warm-up), so a machine that speeds up or
        # slows down during the benchmark affects every line alike.
        times: dict[str, list[float]] = {label: [] for label, _, _ in variants}
        for round_index in range(args.runs + 1):
            for label, command, variant_env in variants:
                elapsed = time_runs(command, 1, variant_env)
                if round_index:
                    times[label] += elapsed
        medians = {label: report(label, times[label]) for label, _, _ in variants}
        app_median = medians["RemotesApp, exit when the table is filled"]
        verdict = "OK" if app_median < TARGET_SECONDS else "OVER"
        print(f"\nTarget: median < {TARGET_SECONDS:.2f} s for the app: {verdict} ({app_median:.3f} s)")
        import_profile(env)
        return 0 if app_median < TARGET_SECONDS else 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    raise SystemExit(main())
