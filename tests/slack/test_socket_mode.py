"""`prometo serve` with SLACK_APP_TOKEN, as a real process: Socket Mode end to end.

The app asks the Web API double (tests/slack_double.py) for a WebSocket URL with its app-level
token, connects to tests/slack/socket_double.py, acknowledges each envelope by its envelope_id,
and does the work: the promise is saved, the reply goes to the response_url, an event Slack
retries is handled once.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app import create_app
from tests.conftest import make_settings
from tests.slack.conftest import ANA, BETO, CARLA, CHANNEL
from tests.slack.socket_double import SocketModeDouble
from tests.slack.test_serve import ROOT, _env
from tests.slack_double import BOT_USER, TEAM, SlackDouble

APP_TOKEN = "xapp-1-A0PROMETO-1-socketmode"
TIMEOUT = 20  # generous: conditions are polled, never timed
Until = Callable[[Callable[[], bool], str], None]


def slash_command(slack: SlackDouble, text: str) -> dict[str, Any]:
    """The payload of a `slash_commands` envelope: the same fields Slack posts over HTTP."""
    return {
        "token": "verification-token-unused",
        "team_id": TEAM,
        "team_domain": "acme",
        "channel_id": CHANNEL,
        "channel_name": "ventas",
        "user_id": ANA,
        "user_name": ANA.lower(),
        "command": "/prometo",
        "text": text,
        "api_app_id": "A0PROMETO",
        "is_enterprise_install": "false",
        "response_url": f"{slack.url}response_url",
        "trigger_id": "1.1111.trigger",
    }


def event_callback(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    """The payload of an `events_api` envelope."""
    return {
        "token": "verification-token-unused",
        "team_id": TEAM,
        "api_app_id": "A0PROMETO",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
    }


def home_opened(user: str) -> dict[str, Any]:
    return {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home"}


@contextmanager
def serving(tmp_path: Path, slack: SlackDouble) -> Iterator[tuple[SocketModeDouble, Until]]:
    """`prometo serve` in Socket Mode against the doubles, with `until(condition, what)` that
    polls a condition and fails with the server's log; the server must end cleanly."""
    log_path = tmp_path / "serve.log"
    with SocketModeDouble.running() as socket_mode, log_path.open("wb") as log:
        slack.socket_url = socket_mode.url
        env = _env(
            tmp_path,
            SLACK_BOT_TOKEN="xoxb-socket",
            SLACK_APP_TOKEN=APP_TOKEN,
            SLACK_API_URL=slack.url,
        )
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "serve"],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=log,
        )

        def until(condition: Callable[[], bool], what: str) -> None:
            deadline = time.monotonic() + TIMEOUT
            while not condition():
                assert server.poll() is None, f"prometo serve exited: {log_path.read_text()}"
                assert time.monotonic() < deadline, f"{what}; log:\n{log_path.read_text()}"
                time.sleep(0.05)

        try:
            until(lambda: bool(socket_mode.handshakes), "the app never opened the WebSocket")
            yield socket_mode, until
            # SIGTERM (a deploy, systemd) stops it cleanly, as Ctrl-C does; SIGINT would not
            # reach it where the test runs as a shell's background job, which ignores it
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=TIMEOUT) == 0
        finally:
            if server.poll() is None:
                server.kill()
                server.wait(timeout=10)
    output = log_path.read_text()
    assert "Traceback" not in output, output


def home_opened_event(
    socket_mode: SocketModeDouble, user: str, event_id: str, retry: tuple[int, str] = (0, "")
) -> str:
    """Send `user`'s App Home opened as an `events_api` envelope; its envelope_id."""
    return socket_mode.envelope(
        "events_api",
        event_callback(home_opened(user), event_id),
        accepts_response_payload=False,
        retry_attempt=retry[0],
        retry_reason=retry[1],
    )


def homes_for(slack: SlackDouble, user: str) -> int:
    return sum(c.args.get("user_id") == user for c in slack.calls_to("views.publish"))


@pytest.mark.slow
def test_socket_mode_acks_envelopes_saves_the_promise_and_acts_once_per_event(
    tmp_path: Path, slack: SlackDouble
) -> None:
    with serving(tmp_path, slack) as (socket_mode, until):
        # Connecting: apps.connections.open with the app-level token, then the WebSocket.
        [opened] = slack.calls_to("apps.connections.open")
        assert opened.headers["authorization"] == f"Bearer {APP_TOKEN}"
        assert socket_mode.handshakes == ["GET /link/?ticket=t-1 HTTP/1.1"]

        # A slash command: acknowledged by envelope_id, then answered on its response_url.
        command = socket_mode.envelope(
            "slash_commands",
            slash_command(slack, "llamar al cliente el jueves"),
            accepts_response_payload=True,
        )
        assert socket_mode.ack(command, TIMEOUT) == {"envelope_id": command}
        until(lambda: bool(slack.calls_to("response_url")), "no reply reached Slack")
        [reply] = slack.calls_to("response_url")
        assert reply.args["response_type"] == "ephemeral"
        assert "llamar al cliente" in reply.args["text"]

        # An event, then Slack's retry of it (same event_id, retry_attempt 1): one action.
        # (Beto and Carla: Ana's home is also refreshed by her new promise.)
        first = home_opened_event(socket_mode, BETO, "Ev0SOCKET01")
        assert socket_mode.ack(first, TIMEOUT) == {"envelope_id": first}
        until(lambda: homes_for(slack, BETO) == 1, "the App Home was not published")
        retry = home_opened_event(socket_mode, BETO, "Ev0SOCKET01", retry=(1, "timeout"))
        assert socket_mode.ack(retry, TIMEOUT) == {"envelope_id": retry}
        until(
            lambda: "event Ev0SOCKET01 already handled" in (tmp_path / "serve.log").read_text(),
            "the retry was not recognised",
        )
        other = home_opened_event(socket_mode, CARLA, "Ev0SOCKET02")
        assert socket_mode.ack(other, TIMEOUT) == {"envelope_id": other}
        until(lambda: homes_for(slack, CARLA) == 1, "a new event was not handled")
        assert homes_for(slack, BETO) == 1

        # Every envelope acknowledged exactly once; nothing else came over the socket.
        acked = [m["envelope_id"] for m in socket_mode.received]
        assert acked == [command, first, retry, other]
        assert socket_mode.protocol_errors == []

    # The promise is in the database Prometo served from, due on Thursday in Ana's timezone.
    reader = create_app(make_settings(f"sqlite:///{tmp_path / 'serve.db'}"), migrate=False)
    try:
        ana = reader.directory.person("slack", TEAM, ANA)
        [promise] = reader.book.open_for(ana)
        assert promise.task == "llamar al cliente"
        assert ana.timezone == "Europe/Madrid"  # from users.info on the Web API double
        assert promise.due.astimezone(ZoneInfo(ana.timezone)).weekday() == 3
    finally:
        reader.close()


@pytest.mark.slow
def test_an_event_is_acknowledged_before_its_work_while_the_database_is_held(
    tmp_path: Path, slack: SlackDouble
) -> None:
    """Bolt's middleware checks an event against the database (is it a retry?) before its
    listener runs. The envelope's acknowledgement does not wait for that: it comes while this
    test holds SQLite's one write lock, and the work follows once the lock is let go."""
    with serving(tmp_path, slack) as (socket_mode, until):
        held = sqlite3.connect(tmp_path / "serve.db", timeout=TIMEOUT)
        held.execute("BEGIN IMMEDIATE")
        try:
            envelope = home_opened_event(socket_mode, BETO, "Ev0HELD01")
            assert socket_mode.ack(envelope, TIMEOUT) == {"envelope_id": envelope}
            assert homes_for(slack, BETO) == 0  # the work waits for the database
        finally:
            held.rollback()
            held.close()
        until(lambda: homes_for(slack, BETO) == 1, "the event was not handled afterwards")
        assert [m["envelope_id"] for m in socket_mode.received] == [envelope]
