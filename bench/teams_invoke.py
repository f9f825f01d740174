"""How fast does a Teams card button get its answer? Prometo beside a bare Teams SDK app.

Teams gives an invoke 5 seconds. Prometo serves Teams through waitress and its WSGI bridge to
the SDK's event loop (JWT validation, then the core and the database: the "mis promesas"
refresh reads the person's promises and renders the card). The alternative is the SDK's own
hosting, FastAPI on uvicorn, with a handler that returns a fixed card and touches no database.
Each runs in its own process; a local Bot Connector double (tests/teams_double.py), which also
serves the signing keys, runs in a third. Requests are adaptiveCard/action invokes signed as
the Bot Connector signs them, sent open-loop at a fixed rate (default 20/s for 20 s) from 20
people with 10 promises each; the latency is from sending the request to reading the answer.

    .venv/bin/python bench/teams_invoke.py [--rate 20] [--seconds 20]
"""

from __future__ import annotations

import argparse
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

APP_ID = "11111111-2222-3333-4444-555555555555"
TENANT = "bench-tenant"
PEOPLE = [(f"aad-bench-{n:03d}", f"29:bench{n:03d}") for n in range(20)]
DEADLINE = 4.5


def _ready(value: object) -> None:
    print(f"READY {value}", flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin


def _options(connector: str) -> dict[str, Any]:
    from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides

    from tests.teams_double import ConnectorDouble

    cloud = with_overrides(
        PUBLIC, openid_metadata_url=f"{connector}/v1/.well-known/openidconfiguration"
    )
    return {
        "client_id": APP_ID,
        "token": ConnectorDouble.bot_token,
        "cloud": cloud,
        "service_url": connector,
    }


def role_double(key_file: str) -> None:
    from cryptography.hazmat.primitives import serialization

    from tests.teams_double import ConnectorDouble

    with ConnectorDouble.running() as connector:
        pem = connector._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        Path(key_file).write_bytes(pem)
        _ready(connector.url)


def role_ours(connector: str, database: str) -> None:
    from datetime import UTC, datetime, timedelta

    from app import Settings, create_app
    from handlers.web import HttpServer

    settings = Settings(_env_file=None, database_url=database, prometo_timezone="America/Santiago")  # type: ignore[call-arg]
    app = create_app(settings, teams=_options(connector))
    due = datetime.now(UTC) + timedelta(days=3)
    for aad, _ in PEOPLE:
        person = app.directory.person("teams", TENANT, aad, name=aad)
        for n in range(10):
            app.book.make(
                person,
                task=f"tarea {n}",
                text="t",
                due=due + timedelta(hours=n),
                due_has_time=True,
                lang="es",
            )
    server = HttpServer(app.web, host="127.0.0.1", port=0).start()
    try:
        _ready(server.port)
    finally:
        server.stop()
        app.close()


def role_bare(connector: str) -> None:
    import asyncio
    import socket

    import uvicorn
    from fastapi import FastAPI
    from microsoft_teams.api.activities import AdaptiveCardInvokeActivity
    from microsoft_teams.api.models import AdaptiveCardActionCardResponse
    from microsoft_teams.apps import ActivityContext, App, FastAPIAdapter
    from microsoft_teams.cards import AdaptiveCard, TextBlock

    web = FastAPI()
    app = App(http_server_adapter=FastAPIAdapter(app=web), **_options(connector))

    @app.on_card_action_execute
    async def refresh(
        ctx: ActivityContext[AdaptiveCardInvokeActivity],
    ) -> AdaptiveCardActionCardResponse:
        lines = [TextBlock(text=f"**#{n}** tarea {n}", wrap=True) for n in range(10)]
        return AdaptiveCardActionCardResponse(value=AdaptiveCard(body=lines))

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]

    async def main() -> None:
        await app.initialize()
        config = uvicorn.Config(web, log_level="warning")
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve(sockets=[sock]))
        await asyncio.sleep(0.5)
        await asyncio.to_thread(_ready, port)
        server.should_exit = True
        await task

    asyncio.run(main())


def _spawn(*args: str) -> tuple[subprocess.Popen[str], str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("CLIENT_ID", "CLIENT_SECRET", "TENANT_ID")
    }
    process = subprocess.Popen(
        [sys.executable, __file__, "--role", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("READY "):
            return process, line.split(" ", 1)[1].strip()
    raise SystemExit(f"{args[0]} did not start")


def _invoke(port: int, n: int, connector: str, token: str) -> float:
    aad, mri = PEOPLE[n % len(PEOPLE)]
    body = {
        "type": "invoke",
        "name": "adaptiveCard/action",
        "id": f"bench-{n}",
        "channelId": "msteams",
        "serviceUrl": connector,
        "locale": "es-ES",
        "from": {"id": mri, "name": aad, "aadObjectId": aad},
        "recipient": {"id": f"28:{APP_ID}", "name": "Prometo"},
        "conversation": {"id": f"a:{mri}", "conversationType": "personal", "tenantId": TENANT},
        "value": {
            "action": {
                "type": "Action.Execute",
                "verb": "teams_list",
                "data": {"action": "teams_list"},
            }
        },
    }
    data = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/api/messages", body=data, headers=headers)
        response = conn.getresponse()
        answer = json.loads(response.read() or b"{}")
    finally:
        conn.close()
    elapsed = time.perf_counter() - started
    if response.status != 200 or answer.get("type") != "application/vnd.microsoft.card.adaptive":
        raise SystemExit(f"unexpected answer {response.status}: {str(answer)[:200]}")
    return elapsed


def _run(
    name: str, port: int, connector: str, token: str, rate: float, seconds: float
) -> list[float]:
    for n in range(20):  # warm up: the JWKS fetch, the first database connections
        _invoke(port, n, connector, token)
    latencies: list[float] = []
    lock = threading.Lock()
    count = int(rate * seconds)
    with ThreadPoolExecutor(max_workers=64) as pool:
        start = time.perf_counter()
        for n in range(count):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            future = pool.submit(_invoke, port, n, connector, token)
            future.add_done_callback(
                lambda f: (lock.acquire(), latencies.append(f.result()), lock.release())
            )
    return latencies


def _report(name: str, latencies: list[float]) -> None:
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100)
    late = sum(1 for x in latencies if x > DEADLINE)
    print(
        f"{name:<34} n={len(ms):>4}  p50 {q[49]:7.1f} ms  p95 {q[94]:7.1f} ms  "
        f"p99 {q[98]:7.1f} ms  max {ms[-1]:7.1f} ms  over {DEADLINE}s: {late}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--role", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role:
        role, *rest = args.role
        {"double": role_double, "ours": role_ours, "bare": role_bare}[role](*rest)
        return
    import jwt

    with tempfile.TemporaryDirectory() as folder:
        key_file = os.path.join(folder, "key.pem")
        double, connector = _spawn("double", key_file)
        from cryptography.hazmat.primitives import serialization

        key = serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None)
        now = int(time.time())
        claims = {
            "iss": "https://api.botframework.com",
            "aud": APP_ID,
            "iat": now,
            "exp": now + 3600,
        }
        claims["serviceurl"] = connector
        token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "prometo-test-key"})  # type: ignore[arg-type]
        ours, our_port = _spawn("ours", connector, f"sqlite:///{folder}/bench.db")
        bare, bare_port = _spawn("bare", connector)
        try:
            print(f"load: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
            print(
                f"open loop, {args.rate:g} invokes/s for {args.seconds:g} s,"
                " each a signed 'mis promesas' refresh"
            )
            _report(
                "Prometo (waitress + bridge + core)",
                _run("ours", int(our_port), connector, token, args.rate, args.seconds),
            )
            _report(
                "bare Teams SDK (FastAPI, uvicorn)",
                _run("bare", int(bare_port), connector, token, args.rate, args.seconds),
            )
            print(f"load after: {os.getloadavg()[0]:.2f}")
        finally:
            for process in (ours, bare, double):
                assert process.stdin is not None
                process.stdin.close()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
