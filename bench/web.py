"""Requests a second and ack p99 of 2 web processes against one PostgreSQL database.

Two real `prometo serve` processes (waitress, PROMETO_HTTP_THREADS threads each, chasing on)
share a scratch PostgreSQL database and a Slack Web API double (its own process, --api-delay
per call). The bench is the load balancer: it sends signed `/prometo` slash commands round
robin to both, from --clients concurrent connections, as fast as they are answered, for
--seconds: requests answered per second. Then at a steady --rate (open loop, below
saturation), the ack latency p50/p99/max, which is what Slack's 3-second window sees. The
alternative from the same run: one web process under the same loads.

    .venv/bin/python bench/web.py [--db postgresql://...] [--clients 32] [--seconds 30]
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import slack_ack  # noqa: E402
from serve_rss import wait_for_port  # noqa: E402

from tests.conftest import scratch_postgres  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(db: str, api_url: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PROMETO_"))},
        "DATABASE_URL": db,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": slack_ack.SECRET,
        "SLACK_API_URL": api_url,
        "PORT": str(port),
        "PROMETO_TIMEZONE": "America/Santiago",
        "PROMETO_LOG_LEVEL": "WARNING",  # no access line per request
    }
    child = subprocess.Popen(
        [sys.executable, "app.py", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, child)
    return child, port


def _load(ports: list[int], clients: int, seconds: float, response_url: str) -> list[tuple]:
    """Closed loop: each client sends the next request as soon as its last one is answered."""
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    counter = itertools.count()
    stop = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < stop:
            n = next(counter)
            outcome = slack_ack._request(ports[n % len(ports)], n, response_url)
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _paced(ports: list[int], rate: float, seconds: float, response_url: str) -> list[tuple]:
    """Open loop: requests sent at `rate` a second whatever the answers, round robin."""
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    threads = []
    start = time.perf_counter()
    for n in range(int(rate * seconds)):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)

        def one(n: int = n) -> None:
            outcome = slack_ack._request(ports[n % len(ports)], n, response_url)
            with lock:
                results.append(outcome)

        thread = threading.Thread(target=one)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return results


def _row(name: str, results: list[tuple[float, int]], seconds: float, load: float) -> None:
    ok = sorted(ms for ms, status in results if status == 200)
    errors = len(results) - len(ok)
    cuts = statistics.quantiles(ok, n=100, method="inclusive")
    print(
        f"  {name:<30} {len(ok) / seconds:>7.1f} req/s  p50 {cuts[49]:>6.1f} ms  "
        f"p99 {cuts[98]:>7.1f} ms  max {ok[-1]:>7.1f} ms  errors {errors}  "
        f"(load average {load:.1f} before)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--api-delay", type=float, default=0.03)
    parser.add_argument("--rate", type=float, default=30.0, help="steady requests a second")
    args = parser.parse_args()
    double, api_url = slack_ack._spawn("--role", "double", "--api-delay", str(args.api_delay))
    response_url = f"{api_url}response_url"
    rows = []
    try:
        with scratch_postgres("prometo_web", args.db) as db:
            servers = [_serve(db, api_url) for _ in range(2)]
            try:
                for name, ports in (
                    ("2 web processes", [port for _, port in servers]),
                    ("1 web process", [servers[0][1]]),
                ):
                    _load(ports, args.clients, 3.0, response_url)  # warm-up
                    load = os.getloadavg()[0]
                    found = _load(ports, args.clients, args.seconds, response_url)
                    rows.append((f"{name}, closed loop", found, load))
                    load = os.getloadavg()[0]
                    paced = _paced(ports, args.rate, args.seconds, response_url)
                    rows.append((f"{name} at {args.rate:g}/s", paced, load))
            finally:
                for child, _ in servers:
                    child.terminate()
                    child.wait(timeout=30)
    finally:
        slack_ack._stop(double)
    print(
        f"\n/prometo slash commands, {args.clients} concurrent clients, {args.seconds:g} s each, "
        f"one PostgreSQL database ({os.cpu_count()} cores; Web API double "
        f"{args.api_delay * 1000:g} ms a call)"
    )
    for name, results, load in rows:
        _row(name, results, args.seconds, load)
    print("  (closed loop: as fast as answered, so its latency is mostly queueing; at a steady")
    print("  rate: the ack latency Slack sees)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
