"""Per-workspace fairness: one workspace's 429 or outage never delays another's chases."""

from __future__ import annotations

from datetime import timedelta

from app import Prometo
from tests.chasing.helpers import tasks_sent
from tests.conftest import SettableClock
from tests.production.conftest import ACME, GLOBEX, installed
from tests.slack.conftest import SlackSide

ANA, GUS = "U0ANA", "U0GUS"


def promises(multi: Prometo, team: str, user: str, numbers: range, clock: SettableClock) -> None:
    """Open promises 'tarea N', due in a minute, for `user` of `team`."""
    person = multi.directory.person("slack", team, user)
    for n in numbers:
        due = clock.now() + timedelta(minutes=1)
        multi.book.make(
            person, task=f"tarea {n}", text=f"tarea {n}", due=due, due_has_time=True, lang="es"
        )


def calls_with(side: SlackSide, token: str) -> list:
    return [c for c in side.slack.calls_to("chat.postMessage") if c.token == token]


def two_workspaces(side: SlackSide, multi: Prometo, clock: SettableClock) -> tuple[str, str]:
    acme = installed(side, ACME, ANA)
    globex = installed(side, GLOBEX, GUS)
    side.slack.add_user(GUS, name="Gus")
    promises(multi, ACME, ANA, range(0, 10), clock)
    promises(multi, GLOBEX, GUS, range(100, 110), clock)
    clock.advance(minutes=2)  # every overdue DM is due now
    return acme, globex


def test_a_rate_limited_workspace_waits_alone(
    multi_side: SlackSide, multi: Prometo, clock: SettableClock
) -> None:
    acme, globex = two_workspaces(multi_side, multi, clock)
    multi_side.slack.rate_limit("chat.postMessage", retry_after=30, times=1, token=acme)
    assert multi.chaser is not None
    multi.chaser.sweep()
    sent = tasks_sent(multi_side.slack)
    assert set(range(100, 110)) <= set(sent), "Globex's chases went out on time"
    # the 429, and at most the sends to Acme that were already under way beside it
    acme_calls = calls_with(multi_side, acme)
    assert [c.status for c in acme_calls].count(429) == 1
    assert len(acme_calls) <= multi.chaser.per_workspace
    assert len(set(sent) & set(range(10))) == len(acme_calls) - 1
    assert multi.chaser.paused_until(1) == clock.now() + timedelta(seconds=30)
    clock.advance(seconds=29)
    multi.chaser.sweep()
    assert len(calls_with(multi_side, acme)) == len(acme_calls), "not a call inside Retry-After"
    clock.advance(seconds=2)
    multi.chaser.sweep()
    sent = tasks_sent(multi_side.slack)
    assert set(sent) == set(range(0, 10)) | set(range(100, 110))
    assert set(sent.values()) == {1}
    assert all(c.token == globex for c in calls_with(multi_side, globex))


def test_a_workspace_in_trouble_backs_off_alone(
    multi_side: SlackSide, multi: Prometo, clock: SettableClock
) -> None:
    acme, _ = two_workspaces(multi_side, multi, clock)
    multi_side.slack.fail("chat.postMessage", "internal_error", times=1, token=acme)
    assert multi.chaser is not None
    multi.chaser.sweep()
    assert set(range(100, 110)) <= set(tasks_sent(multi_side.slack))
    acme_calls = calls_with(multi_side, acme)
    assert len(acme_calls) <= multi.chaser.per_workspace, "Acme is left alone as it backs off"
    clock.advance(minutes=5)
    multi.chaser.sweep()
    assert set(tasks_sent(multi_side.slack)) == set(range(0, 10)) | set(range(100, 110))
