"""How fast do /prometo and events acknowledge over HTTP? Prometo beside a bare Bolt app.

Both are served the same way (waitress, the same WSGI wrapper, the same thread counts), each in
its own process, with a local Slack Web API double (tests/slack_double.py) in a third one that
takes --api-delay seconds per call (default 30 ms), like a server close to Slack.
Requests are slash commands signed as Slack signs them, sent open-loop at a fixed rate (default
50 requests/s for 30 s); the latency is from sending the request to reading Slack's 200.
With --events, then as many Events API callbacks (channel messages for spotting, ✅ reactions,
App Homes opened) the same way; and the servers' resident memory (RSS, and its peak) at the end.
For Prometo it also prints the time each request spent inside its WSGI application (from
its access log): what the request thread itself does, without the wait for a thread, the
GIL or a CPU that the client also sees.
Issue 12, item 10 (1,000 events and 1,000 commands): --events --rate 50 --seconds 20.

    .venv/bin/python bench/slack_ack.py [--rate 50] [--seconds 30] [--events]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-signing-secret"
USERS = [f"U0BENCH{n:03d}" for n in range(40)]
TEXTS = (
    "llamar al cliente el jueves a las 10",
    "enviar la propuesta a Acme mañana",
    "lista",
    "revisar el contrato el viernes porque lo pidió legal",
    "ayuda",
)


def _ready(value: object) -> None:
    print(f"READY {value}", flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin


def role_double(delay: float) -> None:
    from tests.slack_double import SlackDouble

    with SlackDouble.running() as slack:
        slack.delay = delay  # a Web API round trip, as from a server near Slack
        for user in USERS:
            slack.add_user(user, tz="America/Santiago", locale="es-LA")
        _ready(slack.url)


def role_ours(api_url: str, access_log: str | None = None) -> None:
    import logging

    from app import Settings, create_app
    from handlers.web import HttpServer

    if access_log:  # one line per request: "POST /slack/events 200 0.4 ms"
        access = logging.getLogger("prometo.access")
        access.addHandler(logging.FileHandler(access_log))
        access.setLevel(logging.INFO)

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite:///{tmp}/bench.db",
            slack_bot_token="xoxb-bench",
            slack_signing_secret=SECRET,
            slack_api_url=api_url,
            prometo_timezone="America/Santiago",
        )
        app = create_app(settings)
        server = HttpServer(app.web, host="127.0.0.1", port=0).start()
        _ready(server.port)
        server.stop()
        app.close()


def role_bare(api_url: str) -> None:
    from slack_bolt import Ack, App
    from slack_sdk import WebClient

    from handlers.slack import LISTENER_THREADS, ListenerPool
    from handlers.slack.server import wsgi_app
    from handlers.web import HttpServer

    bolt = App(
        client=WebClient(token="xoxb-bench", base_url=api_url),
        signing_secret=SECRET,
        token_verification_enabled=False,
        listener_executor=ListenerPool(LISTENER_THREADS),
    )

    def only_ack(ack: Ack) -> None:
        ack()

    bolt.command("/prometo")(only_ack)
    for event in ("message", "reaction_added", "app_home_opened"):
        bolt.event(event)(only_ack)
    server = HttpServer(wsgi_app(bolt, check=None), host="127.0.0.1", port=0).start()
    _ready(server.port)
    server.stop()


def _spawn(*args: str) -> tuple[subprocess.Popen[str], str]:
    child = subprocess.Popen(
        [sys.executable, __file__, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if not line.startswith("READY "):
        child.kill()
        raise SystemExit(f"child {args} did not start: {line!r}")
    return child, line.split(" ", 1)[1]


def _stop(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None
    child.stdin.close()
    try:
        child.wait(timeout=15)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _event_body(n: int) -> bytes:
    """An Events API callback: a channel message, a ✅ reaction or an App Home opened."""
    from tests.reliability.test_ack_latency import event  # the suite's own sample events

    envelope = {
        "type": "event_callback",
        "team_id": "T0001",
        "api_app_id": "A0PROMETO",
        "event": event(n, USERS, "C0BENCH01"),
        "event_id": f"Ev{os.getpid()}{n:07d}",
        "event_time": int(time.time()),
    }
    return json.dumps(envelope).encode()


def _request(port: int, n: int, response_url: str, kind: str = "command") -> tuple[float, int]:
    if kind == "event":
        return _send(port, _event_body(n), "application/json")
    fields = {
        "token": "unused",
        "team_id": "T0001",
        "team_domain": "acme",
        "channel_id": "C0BENCH01",
        "channel_name": "bench",
        "user_id": USERS[n % len(USERS)],
        "user_name": "bench",
        "command": "/prometo",
        "text": TEXTS[n % len(TEXTS)],
        "api_app_id": "A0PROMETO",
        "response_url": response_url,
        "trigger_id": f"{n}.1.bench",
    }
    return _send(port, urlencode(fields).encode(), "application/x-www-form-urlencoded")


def _send(port: int, body: bytes, content_type: str) -> tuple[float, int]:
    stamp = str(int(time.time()))
    signature = (
        "v0="
        + hmac.new(
            SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256
        ).hexdigest()
    )
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", "/slack/events", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        conn.close()
    return (time.perf_counter() - started) * 1000, status


def _load(
    port: int, rate: float, seconds: float, response_url: str, kind: str = "command"
) -> list[tuple[float, int]]:
    total = int(rate * seconds)
    results: list[tuple[float, int]] = []
    lock = threading.Lock()

    def one(n: int) -> None:
        outcome = _request(port, n, response_url, kind)
        with lock:
            results.append(outcome)

    with ThreadPoolExecutor(max_workers=64) as pool:
        start = time.perf_counter()
        for n in range(total):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, n)
    return results


def _summary(name: str, results: list[tuple[float, int]]) -> tuple[float, float]:
    latencies = sorted(ms for ms, status in results if status == 200)
    errors = sum(1 for _, status in results if status != 200)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    p50, p95, p99 = cuts[49], cuts[94], cuts[98]
    print(
        f"{name:<34} {len(results):>6} {errors:>6} {p50:>9.1f} {p95:>9.1f} {p99:>9.1f}"
        f" {latencies[-1]:>9.1f}"
    )
    return p50, p99


def _inside(path: Path, sizes: list[tuple[str, int, int]]) -> None:
    """Percentiles of the time spent inside the WSGI application, per measured run.

    `sizes` are each run's kind, warm-up and measured request counts, in the order sent (runs
    never overlap: each waits for its last answer)."""
    times = [float(line.split()[-2]) for line in path.read_text().splitlines() if line.strip()]
    at = 0
    for kind, warm, measured in sizes:
        at += warm
        found = times[at : at + measured]
        at += measured
        if len(found) < 2:
            continue
        cuts = statistics.quantiles(found, n=100, method="inclusive")
        print(
            f"Prometo, {kind}s, inside the WSGI app: p50 {cuts[49]:.2f} ms, p95 {cuts[94]:.2f},"
            f" p99 {cuts[98]:.2f}, max {max(found):.2f}"
        )


def _memory(pid: int) -> str:
    """A process's resident memory now, and its peak (Linux /proc)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return f"RSS {found.get('VmRSS', 0):.0f} MB (peak {found.get('VmHWM', 0):.0f} MB)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=30.0, help="duration of each run")
    parser.add_argument(
        "--api-delay", type=float, default=0.03, help="seconds each Web API call takes"
    )
    parser.add_argument("--events", action="store_true", help="events too, after the commands")
    parser.add_argument("--role", choices=("double", "ours", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--access-log", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "double":
        role_double(args.api_delay)
        return 0
    if args.role == "ours":
        role_ours(args.api, args.access_log)
        return 0
    if args.role == "bare":
        role_bare(args.api)
        return 0

    print(f"Ack latency over HTTP: {args.rate:g} req/s for {args.seconds:g} s each run")
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}; each server in its own process")
    print(f"Web API double answers each call after {args.api_delay * 1000:g} ms")
    double, api_url = _spawn("--role", "double", "--api-delay", str(args.api_delay))
    response_url = f"{api_url}response_url"
    rows = {}
    memory = {}
    kinds = ("command", "event") if args.events else ("command",)
    load = os.getloadavg()[0]
    access_log = Path(tempfile.mkdtemp()) / "access.log"
    sizes = []
    try:
        for name, role in (("bare Bolt app (ack only)", "bare"), ("Prometo", "ours")):
            extra = ("--access-log", str(access_log)) if role == "ours" else ()
            server, port = _spawn("--role", role, "--api", api_url, *extra)
            try:
                for kind in kinds:
                    warm = min(args.seconds, 2.0)
                    if role == "ours":
                        sizes.append((kind, int(args.rate * warm), int(args.rate * args.seconds)))
                    _load(int(port), args.rate, warm, response_url, kind)  # warm-up
                    found = _load(int(port), args.rate, args.seconds, response_url, kind)
                    rows[f"{name}, {kind}s"] = found
                time.sleep(1.0)  # the last listeners finish
                memory[name] = _memory(server.pid)
            finally:
                _stop(server)
    finally:
        _stop(double)
    print(f"load average {load:.1f} before the runs")
    print(
        f"{'server':<34} {'sent':>6} {'errors':>6} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}"
        f" {'max ms':>9}"
    )
    p99 = {name: _summary(name, found)[1] for name, found in rows.items()}
    _inside(access_log, sizes)
    for name, found in memory.items():
        print(f"{name}: {found} at the end")
    for kind in kinds:
        ours, floor = p99[f"Prometo, {kind}s"], p99[f"bare Bolt app (ack only), {kind}s"]
        print(f"Prometo p99 / floor p99, {kind}s = {ours / floor:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
