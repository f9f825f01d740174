"""Item 10: events are acknowledged before any of their work, and the work still happens, once.

Slack retries an event that is not answered 200 within 3 s, so nothing an event causes may
stand in front of its answer, not even a query. To prove it without timing anything, the
database is held while events arrive over the real HTTP path, signed as Slack signs them:
SQLite's write lock taken by another connection, or on PostgreSQL every table of Prometo's
locked by another session. Every one of the events (and Slack's retries of them) is answered
200 while the database is held and before anything reached Slack; once the database is free,
each event's work happens exactly once through the real WebClient and the local Slack Web API
double: one suggestion, one completion, one App Home, an uninstall that stops chasing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import Prometo
from bot.model import EventKind
from handlers.slack import ListenerPool
from storage.db import make_engine
from storage.models import Base, WorkspaceRow
from tests.reliability.inputs import errors_logged
from tests.reliability.outage import write_lock
from tests.slack.conftest import BETO, CARLA, Answer, SlackSide
from tests.slack.test_events import captured, reaction
from tests.slack.test_spotting import ephemerals, said, suggestions

SLACK_EFFECTS = ("chat.postEphemeral", "chat.update", "views.publish", "users.info")


@contextmanager
def database_held(url: str) -> Iterator[None]:
    """Nobody else writes the database (SQLite) or touches Prometo's tables (PostgreSQL)."""
    if make_url(url).get_backend_name() == "sqlite":
        with write_lock(str(make_url(url).database)):
            yield
        return
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
            conn.execute(text(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"))
            try:
                yield
            finally:
                conn.rollback()
    finally:
        engine.dispose()


def send(side: SlackSide, event: dict[str, Any], event_id: str, retry: int | None) -> Answer:
    """One Events API callback, signed, without waiting for its listener. A held database must
    not hold the answer: if it did, the request would time out and the test fail."""
    return side.event(event, event_id=event_id, retry=retry, settle=False)


def waiting(prometo: Prometo) -> int:
    """Events and listeners queued or running on the listener pool."""
    pool = prometo.slack.listener_runner.listener_executor
    assert isinstance(pool, ListenerPool)
    return pool._busy


def effects(side: SlackSide) -> dict[str, int]:
    return {method: len(side.slack.calls_to(method)) for method in SLACK_EFFECTS}


def test_events_are_acked_while_the_database_is_held_and_handled_once_after(
    side: SlackSide, prometo: Prometo, database_url: str, figure: Callable[..., None]
) -> None:
    promise, channel, ts = captured(side, prometo)  # Beto's promise, and his DM about it
    side.slack.reset()
    spotted = said("el viernes te envío el presupuesto")
    opened = {"type": "app_home_opened", "user": CARLA, "tab": "home"}  # not in the promise
    deliveries = [
        *((spotted, "Ev0ACKSPOT1", retry) for retry in (None, 1, 2)),
        *((reaction(BETO, "white_check_mark", channel, ts), "Ev0ACKDONE1", r) for r in (None, 1)),
        *((opened, "Ev0ACKHOME1", retry) for retry in (None, 3)),
    ]
    with database_held(database_url):
        answers = [send(side, event, event_id, retry) for event, event_id, retry in deliveries]
        pending = waiting(prometo)
        before = effects(side)
    side.settle()
    after = effects(side)
    of = (
        f"{len(deliveries)} signed events (a channel message, a ✅ on the owner's DM, an App Home "
        "opened, and Slack's retries of each) sent while the database was held"
    )
    acked = sum(1 for a in answers if a.status == 200)
    figure("10", "events acked while the database was held", f"{acked}/{len(deliveries)}", of=of)
    figure("10", "Slack calls made before the database was free", sum(before.values()), of=of)
    assert [a.status for a in answers] == [200] * len(deliveries)
    assert pending > 0, "the events were handled before their answers: nothing was held"
    assert before == dict.fromkeys(SLACK_EFFECTS, 0)  # no work had run when they were answered
    # and once the database is free, each event's work happens once
    offers = [o for o in ephemerals(side) if o["channel"] == spotted["channel"]]
    assert len(offers) == 1 and len(suggestions(prometo)) == 1
    kinds = [e.kind for e in prometo.book.history(promise.id)]
    assert kinds.count(EventKind.DONE) == 1
    assert after["chat.update"] == 2  # the owner's and the recorder's DM now read "kept"
    homes = [c.args["user_id"] for c in side.slack.calls_to("views.publish")]
    assert homes.count(CARLA) == 1  # her App Home, not once per delivery


def test_an_uninstall_acked_while_the_database_is_held_still_stops_chasing(
    side: SlackSide, prometo: Prometo, database_url: str
) -> None:
    side.command("lista")  # the workspace is known and active
    revoked = {"type": "tokens_revoked", "tokens": {"bot": ["UBOTPROMETO"]}}
    with database_held(database_url):
        answers = [
            send(side, {"type": "app_uninstalled"}, "Ev0ACKGONE1", None),
            send(side, {"type": "app_uninstalled"}, "Ev0ACKGONE1", 1),
            send(side, revoked, "Ev0ACKGONE2", None),
        ]
        pending = waiting(prometo)
    side.settle()
    assert [a.status for a in answers] == [200, 200, 200]
    assert pending > 0
    with prometo.store.sessions() as s:
        [row] = s.query(WorkspaceRow).all()
        assert row.active is False


def test_an_event_that_fails_before_its_listener_is_tried_again_and_handled_once(
    side: SlackSide, prometo: Prometo
) -> None:
    """The record of handled events is away (renamed by someone else): the retry check fails.

    Before the acknowledgement moved ahead of Bolt, this failure was Slack's 500, and Slack
    delivered the event again later. Now Slack got 200, so Prometo tries it again itself."""
    side.command("lista")
    prometo.slack_events.retry_after = (0.05,) * 200  # tried again until the table is back
    with prometo.engine.begin() as conn:
        conn.execute(text("ALTER TABLE processed_events RENAME TO processed_events_away"))
    opened = {"type": "app_home_opened", "user": CARLA, "tab": "home"}
    try:
        with errors_logged() as errors:
            answer = send(side, opened, "Ev0AGAIN01", None)
            retried = send(side, opened, "Ev0AGAIN01", 1)  # and Slack's own retry of it
            failed = wait_until(lambda: len(errors.unhandled) >= 2)
    finally:
        with prometo.engine.begin() as conn:
            conn.execute(text("ALTER TABLE processed_events_away RENAME TO processed_events"))
    assert failed, "the event never failed"
    assert prometo.slack_events.wait_idle(timeout=20)
    side.settle()
    assert (answer.status, retried.status) == (200, 200)  # never Slack's 500
    assert "processed_events" in errors.unhandled[0].getMessage()
    homes = [c.args["user_id"] for c in side.slack.calls_to("views.publish")]
    assert homes.count(CARLA) == 1  # handled once the table was back, not twice


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_event_that_keeps_failing_is_logged_as_lost_and_slack_still_gets_200(
    side: SlackSide, prometo: Prometo
) -> None:
    side.command("lista")
    prometo.slack_events.retry_after = (0.01, 0.01)
    with prometo.engine.begin() as conn:
        conn.execute(text("DROP TABLE processed_events"))
    opened = {"type": "app_home_opened", "user": CARLA, "tab": "home"}
    with errors_logged() as errors:
        answer = send(side, opened, "Ev0LOST01", None)
        assert wait_until(lambda: any("lost" in r.getMessage() for r in errors.records))
    assert answer.status == 200
    assert len(errors.unhandled) == 3  # the first try and two more, each with its traceback
    assert side.slack.calls_to("views.publish") == []


def wait_until(condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    """Poll `condition` until it holds (True) or `seconds` pass (False)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_event_arriving_while_the_process_stops_gets_503_for_slack_to_retry(
    side: SlackSide, prometo: Prometo
) -> None:
    """The listener pool no longer takes work: a 200 would lose the event, a 503 has Slack
    deliver it again (to the process that replaces this one)."""
    pool = prometo.slack.listener_runner.listener_executor
    assert isinstance(pool, ListenerPool)
    pool.close(timeout=5)
    answer = send(side, {"type": "app_home_opened", "user": CARLA, "tab": "home"}, "Ev0STOP1", None)
    assert answer.status == 503
    assert side.slack.calls_to("views.publish") == []
