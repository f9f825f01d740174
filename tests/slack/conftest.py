"""The Slack side of end-to-end tests: the real HTTP server, requests signed as Slack signs them.

Prometo's WebClient talks to tests/slack_double.py's SlackDouble (via SLACK_API_URL); slash
command replies go to a `response_url` that also points at the double, recorded as the method
"response_url".
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest

from app import Prometo, Settings, create_app
from handlers.slack import ListenerPool
from handlers.web import HttpServer
from tests.conftest import SettableClock, make_settings
from tests.slack_double import TEAM, Call, SlackDouble

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ANA, BETO, CARLA = "U0ANA", "U0BETO", "U0CARLA"
CHANNEL = "C0SALES01"


@dataclass
class Answer:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class SlackSide:
    """Sends what Slack sends, to Prometo's real endpoint, and waits for the listeners."""

    server: HttpServer
    slack: SlackDouble
    prometo: Prometo
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    # raw HTTP -----------------------------------------------------------------------------
    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: str | None = None,
        signature: str | None = None,
        extra: dict[str, str] | None = None,
        signed: bool = True,
        settle: bool = True,
    ) -> Answer:
        """A POST to /slack/events, signed as Slack signs it; then, unless `settle` is False,
        the wait for the listeners it started."""
        headers = {"Content-Type": content_type}
        if signed:
            stamp = timestamp if timestamp is not None else self.now()
            headers["X-Slack-Request-Timestamp"] = stamp
            headers["X-Slack-Signature"] = signature or sign(body, stamp)
        headers.update(extra or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("POST", "/slack/events", body=body, headers=headers)
            response = conn.getresponse()
            answer = Answer(response.status, response.read().decode())
        finally:
            conn.close()
        if settle:
            self.settle()
        return answer

    def now(self) -> str:
        """The Unix time Slack signs with: the app's clock, which tests move instead of sleeping."""
        return str(int(self.prometo.clock.now().timestamp()))

    def settle(self) -> None:
        """Wait until every listener started by the requests so far has finished."""
        pool = self.prometo.slack.listener_runner.listener_executor
        assert isinstance(pool, ListenerPool)
        assert pool.wait_idle(timeout=20), "Slack listeners still busy after 20 s"

    # Slack's payloads -------------------------------------------------------------------
    def command(
        self,
        text: str,
        *,
        user: str = ANA,
        command: str = "/prometo",
        channel: str = CHANNEL,
        team: str = TEAM,
    ) -> Answer:
        """A slash command, as the form fields Slack posts."""
        n = next(self._ids)
        fields = {
            "token": "verification-token-unused",
            "team_id": team,
            "team_domain": "acme",
            "channel_id": channel,
            "channel_name": "ventas",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0PROMETO",
            "is_enterprise_install": "false",
            "response_url": f"{self.slack.url}response_url",
            "trigger_id": f"{n}.1111.trigger",
        }
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def interactive(self, payload: dict[str, Any]) -> Answer:
        """A shortcut, button or view submission: a form with one `payload` JSON field."""
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str = ANA,
        where: str = "ephemeral",
        channel: str = CHANNEL,
        message_ts: str = "1700000000.000001",
        state: dict[str, Any] | None = None,
        team: str = TEAM,
    ) -> Answer:
        """A block_actions payload for one button, in an ephemeral, a message or the home tab."""
        n = next(self._ids)
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "api_app_id": "A0PROMETO",
            "token": "verification-token-unused",
            "team": {"id": team, "domain": "acme"},
            "trigger_id": f"{n}.2222.trigger",
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b1",
                    "value": value,
                    "action_ts": "1700000000.111111",
                }
            ],
        }
        if where == "home":
            payload["container"] = {"type": "view", "view_id": "VHOME"}
            payload["view"] = {"id": "VHOME", "type": "home", "blocks": []}
        else:
            payload["container"] = {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": where == "ephemeral",
            }
            payload["channel"] = {"id": channel, "name": "ventas"}
            payload["response_url"] = f"{self.slack.url}response_url"
            if where == "message":
                payload["message"] = {"type": "message", "ts": message_ts, "text": "…"}
        if state is not None:
            payload["state"] = {"values": state}
        return self.interactive(payload)

    def submit(
        self,
        callback_id: str,
        values: dict[str, Any],
        meta: str,
        *,
        user: str = ANA,
        team: str = TEAM,
    ) -> Answer:
        """A view_submission payload for a modal."""
        return self.interactive(
            {
                "type": "view_submission",
                "team": {"id": team, "domain": "acme"},
                "user": {"id": user, "username": user.lower(), "team_id": team},
                "api_app_id": "A0PROMETO",
                "token": "verification-token-unused",
                "trigger_id": "9.3333.trigger",
                "view": {
                    "id": "VMODAL1",
                    "team_id": team,
                    "type": "modal",
                    "callback_id": callback_id,
                    "private_metadata": meta,
                    "state": {"values": values},
                    "hash": "1700000000.abc",
                },
                "response_urls": [],
            }
        )

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry: int | None = None,
        team: str = TEAM,
        settle: bool = True,
    ) -> Answer:
        """An Events API `event_callback` envelope (a retry carries X-Slack-Retry-Num)."""
        envelope = {
            "token": "verification-token-unused",
            "team_id": team,
            "api_app_id": "A0PROMETO",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):08d}",
            "event_time": int(self.now()),
            "authorizations": [{"team_id": team, "user_id": "UBOTPROMETO", "is_bot": True}],
        }
        extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(
            json.dumps(envelope).encode(),
            "application/json",
            extra=extra if retry else None,
            settle=settle,
        )

    # what reached Slack -----------------------------------------------------------------
    def responses(self) -> list[Call]:
        return self.slack.calls_to("response_url")

    def last_response(self) -> dict[str, Any]:
        found = self.responses()
        assert found, "no response_url post"
        return found[-1].args


def sign(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    """Slack's request signature: v0= HMAC-SHA256 over 'v0:{timestamp}:{raw body}'."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def text_of(args: dict[str, Any]) -> str:
    """Everything a person would read in a message: fallback text and every block's text."""
    parts = [str(args.get("text") or "")]
    parts.append(json.dumps(args.get("blocks") or [], ensure_ascii=False))
    return "\n".join(parts)


@pytest.fixture
def slack() -> Iterator[SlackDouble]:
    with SlackDouble.running() as double:
        double.add_user(ANA, tz="Europe/Madrid", locale="es-ES", name="Ana")
        double.add_user(BETO, tz="America/Santiago", locale="es-LA", name="Beto")
        double.add_user(CARLA, tz="America/New_York", locale="en-US", name="Carla")
        yield double


@pytest.fixture
def prometo(database_url: str, clock: SettableClock, slack: SlackDouble) -> Iterator[Prometo]:
    app = create_app(slack_settings(database_url, slack), clock=clock)
    yield app
    app.close()


@contextmanager
def serving(prometo: Prometo, slack: SlackDouble) -> Iterator[SlackSide]:
    """Prometo's real HTTP server on an ephemeral port, and the Slack side that talks to it."""
    server = HttpServer(prometo.web, host="127.0.0.1", port=0, threads=8).start()
    try:
        yield SlackSide(server, slack, prometo)
    finally:
        server.stop()


def slack_settings(database_url: str, slack: SlackDouble) -> Settings:
    return make_settings(
        database_url,
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SECRET,
        slack_api_url=slack.url,
    )


@pytest.fixture
def side(prometo: Prometo, slack: SlackDouble) -> Iterator[SlackSide]:
    with serving(prometo, slack) as slack_side:
        yield slack_side
