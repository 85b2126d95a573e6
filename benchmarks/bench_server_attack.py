"""Peak memory of the bundled server under large uploads: unauthenticated and authenticated.

Starts `python -m remotes_tui serve` as a subprocess, then, for each scenario, opens N connections at once
that each announce a large body (`Content-Length`) and stream it in 1 MiB pieces: without a token (the server
should answer 401 from the headers alone and close) and with one (the server should refuse the announced size
with 413 at once). Prints the server's resident memory before, its peak (VmHWM from /proc, Linux only) and
what each client saw. A fresh server per scenario, so each peak is its own.

    python benchmarks/bench_server_attack.py [--clients 6] [--megabytes 60]

Not a test: nothing here asserts anything. Loopback only; every client stops after its body or a 60 s deadline.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from _bundled_server import start_bundled_server, stop_bundled_server

TOKEN = "bench-operator-token"
PIECE = b"[" + b"1," * (512 * 1024 - 1) + b"1"  # 1 MiB of a JSON array (never closed)
_LINE = b"cpu,host=edge-01,region=eu usage_user=12.5,usage_system=3.25 1700000000000000000\n"
LP_PIECE = _LINE * (1024 * 1024 // len(_LINE)) + b"#" * (1024 * 1024 % len(_LINE) - 1) + b"\n"  # 1 MiB
CLIENT_DEADLINE = 60.0


@dataclass
class Outcome:
    status: str
    sent_mb: float
    seconds: float


def memory_kb(pid: int, field: str) -> int:
    """A VmRSS / VmHWM figure of a process, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def upload(port: int, path: str, megabytes: int, token: str | None, piece: bytes = PIECE) -> Outcome:
    """Announce `megabytes` MiB, send them piece by piece, and report the status line (or what stopped us)."""
    started = time.perf_counter()
    sent = 0
    head = (
        f"POST {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
        f"Content-Length: {megabytes * len(piece)}\r\n"
        + (f"Authorization: Token {token}\r\n" if token else "")
        + "\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=CLIENT_DEADLINE) as sock:
        try:
            sock.sendall(head.encode())
            for _ in range(megabytes):
                if time.perf_counter() - started > CLIENT_DEADLINE:
                    break
                sock.sendall(piece)
                sent += len(piece)
        except OSError:
            pass  # the server answered and closed before the whole body: the point of the fix
        try:
            answer = sock.recv(4096)
        except OSError as exc:
            answer = f"({type(exc).__name__})".encode()
    status = answer.split(b"\r\n", 1)[0].decode("latin-1") or "(closed without an answer)"
    return Outcome(status, sent / (1024 * 1024), time.perf_counter() - started)


def scenario(name: str, clients: int, megabytes: int, token: str | None, write: bool = False) -> None:
    server = start_bundled_server("--host", "127.0.0.1", token=TOKEN)
    proc, port, org_id = server.process, server.port, server.org_id
    path = f"/api/v2/write?org={org_id}&bucket=demo-bucket" if write else "/api/v2/remotes"
    try:
        time.sleep(0.3)  # let the interpreter settle before the baseline figure
        before = memory_kb(proc.pid, "VmRSS")
        outcomes: list[Outcome] = []
        lock = threading.Lock()

        def client() -> None:
            outcome = upload(port, path, megabytes, token, LP_PIECE if write else PIECE)
            with lock:
                outcomes.append(outcome)

        threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(CLIENT_DEADLINE + 10)
        took = time.perf_counter() - started
        peak = memory_kb(proc.pid, "VmHWM")
    finally:
        stop_bundled_server(server)
    statuses = sorted({o.status for o in outcomes})
    sent = sum(o.sent_mb for o in outcomes)
    print(
        f"{name:<34} RSS before {before / 1024:6.1f} MB   peak {peak / 1024:6.1f} MB   "
        f"{took:5.1f} s   client sent {sent:6.0f} MB   answers: {', '.join(statuses)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--megabytes", type=int, default=60)
    parser.add_argument("--write-megabytes", type=int, default=15, help="per write (the limit is 16 MiB)")
    args = parser.parse_args()
    print(f"{args.clients} concurrent POST /api/v2/remotes, {args.megabytes} MiB announced each")
    scenario("without a token", args.clients, args.megabytes, None)
    scenario("with the operator token", args.clients, args.megabytes, TOKEN)
    print(f"{args.clients} concurrent authenticated writes of line protocol, {args.write_megabytes} MiB each")
    scenario("writes at the body limit", args.clients, args.write_megabytes, TOKEN, write=True)


if __name__ == "__main__":
    main()
