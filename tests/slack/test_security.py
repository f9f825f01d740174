"""Requests Slack did not sign, or signed too long ago, are refused before anything happens."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from sqlalchemy import func, select

from app import Prometo
from storage.models import PromiseRow
from tests.slack.conftest import SlackSide, sign

BODY = urlencode(
    {
        "command": "/prometo",
        "text": "llamar al cliente mañana",
        "user_id": "U0ANA",
        "team_id": "T0001",
        "response_url": "http://127.0.0.1:9/nowhere",
        "trigger_id": "1.2",
    }
).encode()
FORM = "application/x-www-form-urlencoded"


def promises(prometo: Prometo) -> int:
    with prometo.store.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(PromiseRow)) or 0)


def test_unsigned_wrongly_signed_old_and_malformed_requests_get_401(
    side: SlackSide, prometo: Prometo
) -> None:
    now = str(int(time.time()))
    old = str(int(time.time()) - 301)
    attempts = {
        "unsigned": side.post(BODY, FORM, signed=False),
        "wrong secret": side.post(BODY, FORM, signature=sign(BODY, now, "not-the-secret")),
        "tampered body": side.post(BODY + b"&x=1", FORM, signature=sign(BODY, now)),
        "five minutes old": side.post(BODY, FORM, timestamp=old),
        "malformed timestamp": side.post(BODY, FORM, timestamp="tomorrow"),
        "float timestamp": side.post(BODY, FORM, timestamp=now + ".5"),
        "empty timestamp": side.post(BODY, FORM, timestamp=""),
    }
    assert {name: a.status for name, a in attempts.items()} == dict.fromkeys(attempts, 401)
    assert side.slack.calls == []
    assert promises(prometo) == 0


def test_a_correctly_signed_request_is_accepted(side: SlackSide, prometo: Prometo) -> None:
    answer = side.command("llamar al cliente el jueves")
    assert answer.status == 200
    assert promises(prometo) == 1


def test_other_paths_are_not_served(side: SlackSide) -> None:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", side.server.port, timeout=5)
    try:
        conn.request("GET", "/slack/events")
        assert conn.getresponse().status == 404
    finally:
        conn.close()


def test_slacks_url_verification_is_answered_when_signed(side: SlackSide) -> None:
    import json

    body = json.dumps({"token": "x", "challenge": "c-123", "type": "url_verification"}).encode()
    assert side.post(body, "application/json").json() == {"challenge": "c-123"}
    assert side.post(body, "application/json", signed=False).status == 401
