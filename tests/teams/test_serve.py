"""`prometo serve` as a real process with only Teams credentials: it serves /api/messages."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(port: int, method: str, path: str, body: bytes = b"") -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        headers = {"Content-Type": "application/json"} if body else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_serve_with_teams_credentials_alone_answers_at_api_messages(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PROMETO_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}",
        PROMETO_TIMEZONE="UTC",
        PYTHONPATH=str(ROOT),
        PORT=str(port),
        CLIENT_ID="11111111-2222-3333-4444-555555555555",
        CLIENT_SECRET="not-a-real-secret",  # never used: nothing here sends to Teams
        TENANT_ID="72f988bf-0000-4000-8000-2d7cd011db47",
    )
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "serve"],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert _request(port, "GET", "/healthz") == 200
                break
            except OSError:
                assert server.poll() is None, "prometo serve exited"
                assert time.monotonic() < deadline, "prometo serve did not start"
                time.sleep(0.1)
        assert _request(port, "POST", "/api/messages", b'{"type": "message"}') == 401
        assert _request(port, "POST", "/api/messages", b"{oops") == 400
        assert _request(port, "POST", "/slack/events", b"{}") == 404, "no Slack without Slack"
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    text = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in text and "not-a-real-secret" not in text


def test_serve_with_half_the_teams_credentials_says_what_is_missing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PROMETO_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}",
        PYTHONPATH=str(ROOT),
        CLIENT_ID="11111111-2222-3333-4444-555555555555",
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "serve"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "CLIENT_SECRET" in done.stderr and "docs/teams.md" in done.stderr
    assert "Traceback" not in done.stderr
