"""`prometo serve` as a real process: it refuses to start without credentials, else it serves."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.slack.conftest import SECRET, sign
from tests.slack_double import SlackDouble

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PROMETO_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}", PROMETO_TIMEZONE="UTC")
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def test_serve_without_credentials_says_what_to_set(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "serve"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "prometo console"):
        assert name in done.stderr
    assert "Traceback" not in done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_answers_slack_on_port(tmp_path: Path, slack: SlackDouble) -> None:
    port = _free_port()
    env = _env(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-serve",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.url,
        PORT=str(port),
    )
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")], cwd=tmp_path, env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with _get(port, "/healthz") as response:
                    assert response.status == 200
                break
            except OSError:
                assert server.poll() is None, "prometo serve exited"
                assert time.monotonic() < deadline, "prometo serve did not start"
                time.sleep(0.1)
        body = (
            "command=%2Fprometo&text=llamar+al+cliente+ma%C3%B1ana&user_id=U0ANA&team_id=T0001"
            f"&channel_id=C0SALES01&trigger_id=1.2&response_url={slack.url}response_url"
        ).encode()
        stamp = str(int(time.time()))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request(
                "POST",
                "/slack/events",
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Slack-Request-Timestamp": stamp,
                    "X-Slack-Signature": sign(body, stamp),
                },
            )
            assert conn.getresponse().status == 200
        finally:
            conn.close()
        while not slack.calls_to("response_url"):
            assert time.monotonic() < deadline, "no reply reached Slack"
            time.sleep(0.05)
        assert "llamar al cliente" in slack.calls_to("response_url")[0].args["text"]
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


@contextmanager
def _get(port: int, path: str) -> Iterator[http.client.HTTPResponse]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", path)
        yield conn.getresponse()
    finally:
        conn.close()
