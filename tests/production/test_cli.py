"""The production commands as real processes, and the deploy files kept true."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from app import Settings, create_app
from storage.installations import Installation, SqlInstallations
from storage.secrets import TokenCipher
from tests.chasing.helpers import seed_due, tasks_sent
from tests.conftest import make_settings
from tests.production.conftest import KEY
from tests.reliability.fleet import wait_for
from tests.slack.conftest import SECRET
from tests.slack_double import SlackDouble

ROOT = Path(__file__).resolve().parents[2]


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    found = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PROMETO_"))}
    found.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.db'}",
        PROMETO_TIMEZONE="UTC",
        PYTHONPATH=str(ROOT),
    )
    found.update(extra)
    return found


def run(args: list[str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *args],
        cwd=tmp_path,
        env=env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_prints_a_fernet_key(tmp_path: Path) -> None:
    done = run(["secret-key"], tmp_path)
    assert done.returncode == 0
    Fernet(done.stdout.strip().encode())  # a valid key, or this raises


def test_oauth_without_a_secret_key_is_refused_with_a_reason(tmp_path: Path) -> None:
    done = run(
        ["serve"],
        tmp_path,
        SLACK_CLIENT_ID="1.2",
        SLACK_CLIENT_SECRET="client-secret-value",
        SLACK_SIGNING_SECRET=SECRET,
    )
    assert done.returncode == 2
    assert "PROMETO_SECRET_KEY" in done.stderr and "prometo secret-key" in done.stderr
    assert "Traceback" not in done.stderr and "client-secret-value" not in done.stderr


def test_rotate_key_encrypts_every_token_with_the_new_key(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    app = create_app(make_settings(url))
    SqlInstallations(app.engine, TokenCipher(KEY)).save(
        Installation("T1", None, "xoxb-1-old-key-token", datetime.now(UTC), installer_user_id="U1"),
        timezone="UTC",
        locale="es",
    )
    new = Fernet.generate_key().decode()
    done = run(["rotate-key"], tmp_path, PROMETO_SECRET_KEY=f"{new},{KEY}")
    assert done.returncode == 0, done.stderr
    assert "1 stored token" in done.stdout
    with app.engine.connect() as conn:
        stored = conn.execute(text("SELECT bot_token FROM slack_installations")).scalar_one()
    app.close()
    assert TokenCipher(new).decrypt(stored) == "xoxb-1-old-key-token"
    assert run(["rotate-key"], tmp_path, PROMETO_SECRET_KEY=new).returncode == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


@pytest.mark.slow
def test_serve_in_oauth_mode_offers_install_health_and_metrics(
    tmp_path: Path, slack: SlackDouble
) -> None:
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "serve"],
        cwd=tmp_path,
        env=env(
            tmp_path,
            SLACK_CLIENT_ID=slack.client_id,
            SLACK_CLIENT_SECRET=slack.client_secret,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=slack.url,
            PROMETO_SECRET_KEY=KEY,
            PORT=str(port),
        ),
        stdout=log,
        stderr=log,
    )
    try:

        def up() -> bool:
            assert server.poll() is None, "prometo serve exited"
            try:
                return _get(port, "/healthz")[0] == 200
            except OSError:
                return False

        wait_for(up, "prometo serve answers /healthz", 60)
        status, page = _get(port, "/slack/install")
        assert status == 200 and "slack.com/oauth/v2/authorize" in page
        status, metrics = _get(port, "/metrics")
        assert status == 200 and "prometo_chases_total" in metrics
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    lines = (tmp_path / "serve.log").read_text().splitlines()
    entries = [json.loads(line) for line in lines]
    assert any("many workspaces" in e["message"] for e in entries)
    assert not any(e["level"] == "error" for e in entries), lines
    assert slack.client_secret not in "\n".join(lines) and KEY not in "\n".join(lines)


@pytest.mark.slow
def test_worker_chases_without_http_and_stops_on_sigterm(
    tmp_path: Path, slack: SlackDouble
) -> None:
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    app = create_app(make_settings(url))
    seed_due(app.engine, 30, datetime.now(UTC), owners=3)
    app.close()
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "worker"],
        cwd=tmp_path,
        env=env(
            tmp_path,
            SLACK_BOT_TOKEN="xoxb-worker-token-value",
            SLACK_API_URL=slack.url,
            PROMETO_OVERDUE_GRACE="1d",
            PROMETO_CHASING="false",  # the worker chases whatever this says
            PROMETO_SLACK_CHANNEL_RATE="off",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: len(tasks_sent(slack)) == 30, "the worker's 30 overdue DMs", 60)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, errors = worker.communicate(timeout=30)
    assert worker.returncode == 0
    assert set(tasks_sent(slack).values()) == {1}
    assert "xoxb-worker-token-value" not in errors
    messages = [json.loads(line)["message"] for line in errors.splitlines()]
    starting = [m for m in messages if "worker starting" in m]
    assert len(starting) == 1
    # the objects made to start are frozen: no collector pass over them holds the GIL
    frozen = re.search(r"; (\d+) objects made to start left out", starting[0])
    assert frozen is not None and int(frozen.group(1)) > 10_000, starting


# deploy files ---------------------------------------------------------------------------------
def test_requirements_txt_is_generated_from_pyproject() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "requirements.py"), "--check"], capture_output=True
    )
    assert done.returncode == 0, done.stdout


def test_procfile_has_web_release_and_worker() -> None:
    lines = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert {k: v.strip() for k, v in lines.items()} == {
        "web": "prometo serve",
        "release": "prometo migrate",
        "worker": "prometo worker",
    }


def test_readme_lists_every_setting_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| `([A-Z_]+)`(?:, `([A-Z_]+)`)? \| ([^|]+) \|", readme, re.MULTILINE)
    documented = {name for row in rows for name in row[:2] if name}
    wanted = {name.upper() for name in Settings.model_fields}
    assert wanted <= documented, sorted(wanted - documented)


def test_dockerfile_is_conventional() -> None:
    docker = (ROOT / "Dockerfile").read_text()
    assert docker.startswith("#") and "FROM python:3.11-slim" in docker
    assert "USER prometo" in docker and 'CMD ["prometo", "serve"]' in docker
    assert "HEALTHCHECK" in docker and "/healthz" in docker


if os.environ.get("PROMETO_TEST_DATABASE_URL"):

    def test_a_platform_style_database_url_works_as_given() -> None:
        """Heroku and others give postgres://user:password@host:port/db?sslmode=…"""
        from tests.conftest import scratch_postgres

        with scratch_postgres("prometo_url") as url:
            given = url.replace("postgresql+psycopg://", "postgres://") + "?sslmode=prefer"
            assert given.startswith("postgres://")
            app = create_app(make_settings(given))
            try:
                workspace = app.directory.workspace("slack", "T1")
                assert app.store.get_workspace(workspace.id) is not None
            finally:
                app.close()
