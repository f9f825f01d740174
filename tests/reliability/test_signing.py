"""Item 11: requests Slack did not sign, or signed too long ago, are refused before anything
happens: 401 for each, never a 5xx, and no side effect (database and Slack double unchanged).

Time is the app's clock: the signature check reads it, so a request replayed 6 minutes later
is tested by moving the clock, not by sleeping.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable
from urllib.parse import urlencode

from app import Prometo
from bot.model import Status
from handlers.slack import ids
from tests.conftest import SettableClock
from tests.reliability.inputs import changed, rows
from tests.slack.conftest import ANA, CHANNEL, SlackSide, sign
from tests.slack_double import TEAM

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def surfaces(side: SlackSide, promise_id: int) -> dict[str, tuple[bytes, str]]:
    """One request body per surface, each of which would change something if accepted."""
    command = {
        "team_id": TEAM,
        "channel_id": CHANNEL,
        "user_id": ANA,
        "command": "/prometo",
        "text": "llamar al proveedor mañana",
        "response_url": f"{side.slack.url}response_url",
        "trigger_id": "1.2",
    }
    click = {
        "type": "block_actions",
        "user": {"id": ANA, "team_id": TEAM},
        "team": {"id": TEAM},
        "trigger_id": "2.3",
        "actions": [{"action_id": ids.DONE, "value": str(promise_id), "type": "button"}],
        "container": {"type": "view", "view_id": "VHOME"},
    }
    event = {
        "team_id": TEAM,
        "type": "event_callback",
        "event_id": "Ev0SIGNING1",
        "event": {"type": "app_home_opened", "user": ANA, "tab": "home"},
    }
    return {
        "command": (urlencode(command).encode(), FORM),
        "block_actions": (urlencode({"payload": json.dumps(click)}).encode(), FORM),
        "event": (json.dumps(event).encode(), JSON),
    }


Attempt = Callable[[SlackSide, bytes, str], int]


def _status(side: SlackSide, body: bytes, kind: str, **how: object) -> int:
    return side.post(body, kind, **how).status  # type: ignore[arg-type]


def bad_requests(side: SlackSide) -> dict[str, list[Attempt]]:
    """Each kind of bad signature, as one or more ways of sending a body."""
    now = int(side.now())

    def signed_at(stamp: str) -> Attempt:
        return lambda s, body, kind: _status(s, body, kind, timestamp=stamp)

    def headers_only(**extra: str) -> Attempt:
        return lambda s, body, kind: _status(s, body, kind, signed=False, extra=extra)

    def wrong_secret(s: SlackSide, body: bytes, kind: str) -> int:
        return _status(s, body, kind, signature=sign(body, str(now), "not-the-secret"))

    def tampered(s: SlackSide, body: bytes, kind: str) -> int:
        changed_body = body.replace(b"mana", b"MANA").replace(b"U0ANA", b"U0BETO") + b" "
        return _status(s, changed_body, kind, timestamp=str(now), signature=sign(body, str(now)))

    def other_stamp(s: SlackSide, body: bytes, kind: str) -> int:
        return _status(s, body, kind, timestamp=str(now), signature=sign(body, str(now - 1)))

    def non_numeric(stamp: str) -> Attempt:
        # signed correctly over the odd timestamp: only the timestamp itself is wrong
        return lambda s, body, kind: _status(
            s, body, kind, timestamp=stamp, signature=sign(body, stamp)
        )

    return {
        "bad signature": [wrong_secret, other_stamp],
        "timestamp 301 s old": [signed_at(str(now - 301))],
        "timestamp 301 s ahead": [signed_at(str(now + 301))],
        "missing headers": [
            headers_only(),
            headers_only(**{"X-Slack-Request-Timestamp": str(now)}),
            headers_only(**{"X-Slack-Signature": sign(b"", str(now))}),
        ],
        "non-numeric timestamp": [
            non_numeric(s) for s in ("tomorrow", "", f"{now}.5", "1.7e9", f" {now}", "²³¹")
        ],
        "tampered body": [tampered],
    }


def test_every_bad_signature_gets_401_and_changes_nothing(
    side: SlackSide, prometo: Prometo, figure: Callable[..., None]
) -> None:
    side.command("llamar al cliente el jueves")
    [promise] = prometo.book.open_for(prometo.directory.person("slack", TEAM, ANA))
    before, calls = rows(prometo.engine), len(side.slack.calls)
    statuses: dict[tuple[str, str], list[int]] = {}
    for kind, attempts in bad_requests(side).items():
        for surface, (body, content_type) in surfaces(side, promise.id).items():
            statuses[kind, surface] = [a(side, body, content_type) for a in attempts]
    every = [status for found in statuses.values() for status in found]
    of = f"{len(every)} requests: 6 kinds of bad signature × 3 surfaces"
    figure("11", "401 answers", f"{every.count(401)}/{len(every)}", of=of)
    figure("11", "5xx answers", sum(s >= 500 for s in every), of=of)
    effects = changed(before, rows(prometo.engine)) + len(side.slack.calls) - calls
    figure("11", "side effects (rows changed + Slack calls)", effects, of=of)
    assert {k: v for k, v in statuses.items() if set(v) != {401}} == {}
    assert effects == 0
    assert prometo.store.get_promise(promise.id).status is Status.OPEN  # type: ignore[union-attr]


def test_a_valid_request_replayed_after_six_minutes_is_refused(
    side: SlackSide, prometo: Prometo, clock: SettableClock, figure: Callable[..., None]
) -> None:
    side.command("llamar al cliente el jueves")
    [promise] = prometo.book.open_for(prometo.directory.person("slack", TEAM, ANA))
    stamp = side.now()
    sent = {
        surface: (body, content_type, sign(body, stamp))
        for surface, (body, content_type) in surfaces(side, promise.id).items()
    }
    first = {
        s: side.post(body, kind, timestamp=stamp, signature=signature).status
        for s, (body, kind, signature) in sent.items()
    }
    assert first == dict.fromkeys(sent, 200)  # the same bytes were fine when fresh
    assert prometo.store.get_promise(promise.id).status is Status.DONE  # type: ignore[union-attr]
    before, calls = rows(prometo.engine), len(side.slack.calls)
    clock.advance(minutes=6)
    replayed = {
        s: side.post(body, kind, timestamp=stamp, signature=signature).status
        for s, (body, kind, signature) in sent.items()
    }
    effects = changed(before, rows(prometo.engine)) + len(side.slack.calls) - calls
    of = "the same signed bytes, accepted once, replayed 6 min later (app clock moved), 3 surfaces"
    figure("11", "replays refused with 401", f"{list(replayed.values()).count(401)}/3", of=of)
    figure("11", "replay side effects", effects, of=of)
    assert replayed == dict.fromkeys(sent, 401)
    assert effects == 0


def test_a_correctly_signed_request_is_accepted(side: SlackSide, prometo: Prometo) -> None:
    assert side.command("llamar al cliente el jueves").status == 200
    assert len(prometo.book.open_for(prometo.directory.person("slack", TEAM, ANA))) == 1


def test_other_paths_and_methods_are_not_served(side: SlackSide) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", side.server.port, timeout=5)
    try:
        conn.request("GET", "/slack/events")
        assert conn.getresponse().status == 404
    finally:
        conn.close()


def test_slacks_url_verification_is_answered_only_when_signed(side: SlackSide) -> None:
    body = json.dumps({"token": "x", "challenge": "c-123", "type": "url_verification"}).encode()
    assert side.post(body, JSON).json() == {"challenge": "c-123"}
    assert side.post(body, JSON, signed=False).status == 401
