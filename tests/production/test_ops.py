"""Operations: /healthz, /metrics after real flows, JSON logs with request ids and no secret."""

from __future__ import annotations

import http.client
import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app import create_app
from handlers.ops.health import Health
from handlers.ops.logs import setup_logging
from handlers.web import HttpServer, Router
from storage.chases import SqlChaseStore
from storage.db import make_engine
from tests.chasing.helpers import seed_due
from tests.conftest import SettableClock, make_settings
from tests.production.conftest import ACME, KEY, installed
from tests.reliability.leaks import secrets_logged_on_purpose
from tests.slack.conftest import ANA, SECRET, SlackSide, serving
from tests.slack_double import SlackDouble


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        found = {k.lower(): v for k, v in response.getheaders()}
        return response.status, found, response.read().decode()
    finally:
        conn.close()


# /healthz -----------------------------------------------------------------------------------
def test_healthz_is_200_when_the_database_and_the_scheduler_are_fine(side: SlackSide) -> None:
    side.prometo.start_background()
    status, headers, body = fetch(side.server.port, "/healthz")
    report = json.loads(body)
    assert status == 200 and headers["content-type"] == "application/json"
    assert report == {
        "database": "ok",
        "scheduler": "ok",
        "oldest_due_seconds": 0.0,
        "status": "ok",
    }


def test_healthz_is_503_when_the_scheduler_is_not_running(side: SlackSide) -> None:
    status, _, body = fetch(side.server.port, "/healthz")  # created, never started
    assert status == 503
    assert json.loads(body)["scheduler"] == "stopped"


def test_healthz_is_503_when_due_chases_wait_too_long(
    database_url: str, clock: SettableClock
) -> None:
    app = create_app(make_settings(database_url, prometo_chasing=False), clock=clock)
    seed_due(app.engine, 3, clock.now() - timedelta(minutes=59))
    server = HttpServer(app.web, host="127.0.0.1", port=0, threads=2).start()
    try:
        status, _, body = fetch(server.port, "/healthz")
    finally:
        server.stop()
        app.close()
    report = json.loads(body)
    assert status == 503
    assert report["scheduler"] == "off" and report["database"] == "ok"
    assert report["oldest_due_seconds"] == 3600.0
    assert "behind" in report["chasing"]


def test_healthz_is_503_when_the_database_is_unreachable(clock: SettableClock) -> None:
    engine = make_engine("postgresql://prometo:pw-not-logged@127.0.0.1:1/none")
    router = Router()
    router.mount("/healthz", Health(engine, SqlChaseStore(engine), clock, lambda: None))
    server = HttpServer(router, host="127.0.0.1", port=0, threads=2).start()
    try:
        status, _, body = fetch(server.port, "/healthz")
    finally:
        server.stop()
        engine.dispose()
    report = json.loads(body)
    assert status == 503
    assert report["database"].startswith("unreachable")
    assert "pw-not-logged" not in body


# /metrics -----------------------------------------------------------------------------------
def samples(port: int) -> dict[tuple[str, tuple], float]:
    status, headers, body = fetch(port, "/metrics")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_count_what_really_happened(side: SlackSide, clock: SettableClock) -> None:
    prometo = side.prometo
    side.command("llamar al cliente hoy a las 15")
    side.command("enviar la propuesta mañana a las 10")
    side.command("hecho 2")
    clock.advance(hours=2)  # 15:00 in Madrid has passed: promise 1 is overdue
    side.slack.rate_limit("chat.postMessage", retry_after=1, times=1)
    assert prometo.chaser is not None
    prometo.chaser.sweep()
    clock.advance(seconds=2)
    prometo.chaser.sweep()
    found = samples(side.server.port)
    assert found[("prometo_promises_made_total", ())] == 2
    assert found[("prometo_promises_kept_total", ())] == 1
    assert found[("prometo_promises_overdue_total", ())] == 1
    overdue = (("kind", "overdue"), ("outcome", "sent"))
    assert found[("prometo_chases_total", overdue)] == 1
    retried = (("kind", "overdue"), ("outcome", "retried"))
    assert found[("prometo_chases_total", retried)] == 1
    posts = (("method", "chat.postMessage"),)
    assert found[("prometo_slack_ratelimited_total", posts)] == 1
    assert found[("prometo_slack_api_seconds_count", posts)] == len(
        side.slack.calls_to("chat.postMessage")
    )
    assert ("prometo_sweep_lag_seconds", ()) in found


# logs ---------------------------------------------------------------------------------------
@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = setup_logging(json_lines=True, level="DEBUG", secrets=[], stream=stream)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def test_logs_are_json_with_request_ids_and_hold_no_secret(
    database_url: str, clock: SettableClock, slack: SlackDouble, logged: io.StringIO
) -> None:
    from tests.production.conftest import oauth_settings

    settings = oauth_settings(database_url, slack, prometo_slack_rate="off")
    handler = logging.getLogger().handlers[-1]
    logging.getLogger().removeHandler(handler)  # again, now knowing the app's secrets
    setup_logging(json_lines=True, level="DEBUG", secrets=settings.secrets, stream=logged)
    app = create_app(settings, clock=clock)
    try:
        with serving(app, slack) as side:
            token = installed(side, ACME, ANA)
            side.command("llamar al cliente hoy a las 15", team=ACME)
            side.command("tarea imposible sin fecha", team=ACME)
            status, headers, _ = fetch(side.server.port, "/nowhere", {"X-Request-Id": "abc-123"})
            assert status == 404 and headers["x-request-id"] == "abc-123"
            slack.fail("views.publish", "invalid_auth")
            side.event({"type": "app_home_opened", "user": ANA, "tab": "home"}, team=ACME)
            clock.advance(hours=3)
            assert app.chaser is not None
            app.chaser.sweep()
            side.event({"type": "app_uninstalled"}, team=ACME)
    finally:
        app.close()
    lines = logged.getvalue().splitlines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert len(entries) > 20
    assert all({"time", "level", "logger", "message"} <= set(e) for e in entries)
    requests = [e for e in entries if e["logger"] == "prometo.access"]
    assert len({e["request_id"] for e in requests}) == len(requests) >= 5
    assert any(e["request_id"] == "abc-123" for e in requests)
    assert any(e.get("error") for e in entries), "the failing listener logged its traceback"
    everything = logged.getvalue()
    for secret in (token, slack.client_secret, SECRET, KEY, "xoxb-"):
        assert secret not in everything, f"{secret[:6]}… leaked into the logs"


def test_the_redactor_hides_tokens_and_secrets_wherever_they_are() -> None:
    stream = io.StringIO()
    handler = setup_logging(secrets=["s3cr3t-value"], stream=stream, level="INFO")
    try:
        log = logging.getLogger("prometo.test")
        with secrets_logged_on_purpose():  # the run's leak scanner (item 15) looks away
            log.info("token %s and %s", "xoxb-123-456-abc", "s3cr3t-value")
            try:
                raise ValueError("xapp-1-A0-secret in a traceback")
            except ValueError:
                log.exception("failed with s3cr3t-value")
    finally:
        logging.getLogger().removeHandler(handler)
    out = stream.getvalue()
    assert "xoxb-" not in out and "xapp-" not in out and "s3cr3t-value" not in out
    assert out.count("[redacted]") >= 4


def test_the_database_password_counts_as_a_secret() -> None:
    settings = make_settings("postgresql://u:hunter2-pass@127.0.0.1:5432/x")
    assert "hunter2-pass" in settings.secrets
    assert make_settings("sqlite:///x.db").secrets == []
