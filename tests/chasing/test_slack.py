"""End to end: the real APScheduler sweeper, the real SlackMessenger, the Slack Web API double.

Time is a virtual clock (real time plus an offset the test moves); the scheduler runs on its own
thread as in `prometo serve`, and the test waits for what reaches the double.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app import Prometo, create_app
from bot.messages import ACTION_CHECK_IN, ACTION_DONE, ACTION_RESCHEDULE
from bot.model import Person
from handlers.console import VirtualClock
from storage.chases import SqlChaseStore
from tests.chasing.helpers import seed_due, slack_chaser, tasks_sent
from tests.conftest import make_settings
from tests.slack_double import TEAM, SlackDouble

pytestmark = pytest.mark.slow
SCL = ZoneInfo("America/Santiago")
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=SCL)


@dataclass
class World:
    app: Prometo
    slack: SlackDouble
    clock: VirtualClock

    def person(self, user: str, name: str) -> Person:
        return self.app.directory.person("slack", TEAM, user, name=name)

    def promise(self, who: Person, task: str, due: datetime, has_time: bool = True) -> int:
        change = self.app.book.make(
            who, task=task, text=task, due=due, due_has_time=has_time, lang="es"
        )
        return change.promise.id

    def travel(self, to: datetime) -> None:
        """Move the virtual clock to `to` and let the sweeper know."""
        self.clock.advance(to - self.clock.now())
        self.app.chaser.wake()

    def posts(self, channel: str | None = None) -> list[dict[str, object]]:
        return [
            c.args
            for c in self.slack.calls_to("chat.postMessage")
            if c.ok and (channel is None or c.args.get("channel") == channel)
        ]


def wait_for(condition: Callable[[], bool], what: str, limit: float = 30.0) -> None:
    """Poll until `condition` holds; a bound against hanging, not a timing assertion."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.02)


def settle(world: World) -> None:
    """Let the sweeper finish whatever it started (one more full sweep)."""
    world.app.chaser.sweep()


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    clock = VirtualClock(offset=MONDAY_10.astimezone(UTC) - datetime.now(UTC))
    settings = make_settings(database_url, prometo_team_channel="C_TEAM")
    app = create_app(settings, clock=clock)
    with SlackDouble.running() as slack:
        app.chaser = slack_chaser(app, slack)
        yield World(app, slack, clock)
        app.close()


def test_reminder_overdue_dm_and_team_post_reach_slack(world: World) -> None:
    ana = world.person("U_ANA", "Ana")
    pid = world.promise(ana, "enviar la propuesta <!channel>", MONDAY_10.replace(hour=15))
    world.app.start_background()
    world.travel(MONDAY_10.replace(hour=14, minute=0, second=5))
    wait_for(lambda: len(world.posts("DU_ANA")) == 1, "the reminder DM")
    reminder = world.posts("DU_ANA")[0]
    assert "Recordatorio" in str(reminder["text"]) and "15:00" in str(reminder["text"])
    assert "<!channel>" not in str(reminder), "user text must never ping"
    actions = [
        element["action_id"]
        for block in reminder["blocks"]  # type: ignore[attr-defined]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert actions == [ACTION_DONE, ACTION_RESCHEDULE, ACTION_CHECK_IN]

    world.travel(MONDAY_10.replace(hour=15, minute=0, second=5))
    wait_for(lambda: len(world.posts("DU_ANA")) == 2, "the overdue DM")
    assert "Venció" in str(world.posts("DU_ANA")[1]["text"])

    world.travel(MONDAY_10.replace(hour=17, minute=0, second=5))
    wait_for(lambda: len(world.posts("C_TEAM")) == 1, "the team post")
    team = str(world.posts("C_TEAM")[0]["text"])
    assert "U_ANA" in team and "enviar la propuesta" in team
    settle(world)

    assert len(world.slack.calls_to("conversations.open")) == 1, "the DM channel is cached"
    records = SqlChaseStore(world.app.engine).deliveries(pid)
    assert [(d.kind, d.status) for d in records] == [
        ("reminder", "sent"),
        ("overdue", "sent"),
        ("overdue_team", "sent"),
    ]
    assert all(d.message_ref and d.message_ref.split(":")[0] for d in records)
    assert world.app.store.get_promise(pid).next_chase_at is None
    history = [e.kind.value for e in world.app.book.history(pid)]
    assert history == ["created", "reminded", "overdue"]


def test_not_in_channel_is_recorded_and_the_installer_told_once(world: World) -> None:
    workspace = world.app.directory.workspace("slack", TEAM)
    workspace.installer = "U_BOSS"
    world.app.store.save_workspace(workspace)
    ana = world.person("U_ANA", "Ana")
    first = world.promise(ana, "llamar a Acme", MONDAY_10.replace(hour=11))
    second = world.promise(ana, "llamar a Initech", MONDAY_10.replace(hour=11, minute=30))
    world.app.start_background()
    world.travel(MONDAY_10.replace(hour=12))
    wait_for(lambda: len(world.posts("DU_ANA")) == 2, "both overdue DMs")
    world.slack.fail("chat.postMessage", "not_in_channel", times=2)
    world.travel(MONDAY_10.replace(hour=14))
    wait_for(lambda: len(world.posts("DU_BOSS")) == 1, "the hint to the installer")
    settle(world)
    world.travel(MONDAY_10.replace(hour=20))
    settle(world)

    chases = SqlChaseStore(world.app.engine)
    for pid in (first, second):
        team = [d for d in chases.deliveries(pid) if d.kind == "overdue_team"]
        assert [(d.status, d.error, d.attempts) for d in team] == [("failed", "not_in_channel", 1)]
    assert "/prometo canal" in str(world.posts("DU_BOSS")[0]["text"])
    assert len(world.posts("DU_BOSS")) == 1


def test_with_no_team_channel_the_owner_gets_the_dm_only(database_url: str) -> None:
    clock = VirtualClock(offset=MONDAY_10.astimezone(UTC) - datetime.now(UTC))
    app = create_app(make_settings(database_url), clock=clock)
    with SlackDouble.running() as slack:
        app.chaser = slack_chaser(app, slack)
        world = World(app, slack, clock)
        workspace = app.directory.workspace("slack", TEAM)
        workspace.installer = "U_BOSS"
        app.store.save_workspace(workspace)
        ana = world.person("U_ANA", "Ana")
        pid = world.promise(ana, "llamar a Acme", MONDAY_10.replace(hour=11))
        world.clock.advance(timedelta(hours=5))
        app.chaser.sweep()
        records = SqlChaseStore(app.engine).deliveries(pid)
        app.close()
    assert [c.args["channel"] for c in slack.calls_to("chat.postMessage")] == [
        "DU_ANA",
        "DU_BOSS",
    ]
    assert [(d.kind, d.status, d.error) for d in records] == [
        ("overdue", "sent", None),
        ("overdue_team", "skipped", "no_channel"),
    ]


def test_a_storm_of_429s_slows_the_sender_and_drops_nothing(world: World) -> None:
    seed_due(world.app.engine, 60, world.clock.now(), owners=6)
    world.slack.rate_limit("chat.postMessage", retry_after=1, times=25)
    world.app.start_background()
    wait_for(lambda: len(tasks_sent(world.slack)) == 60, "all 60 DMs")
    settle(world)
    sent = tasks_sent(world.slack)
    assert set(sent) == set(range(60)) and set(sent.values()) == {1}
    limited = [c for c in world.slack.calls_to("chat.postMessage") if c.status == 429]
    assert len(limited) == 25
    with world.app.engine.connect() as conn:
        statuses = dict(
            conn.exec_driver_sql("SELECT status, count(*) FROM deliveries GROUP BY status").all()
        )
        retried = conn.exec_driver_sql("SELECT count(*) FROM deliveries WHERE attempts > 1")
        assert retried.scalar_one() >= 1
    assert statuses == {"sent": 60}


def test_catch_up_after_an_hour_down(world: World) -> None:
    ana = world.person("U_ANA", "Ana")
    kept_reminder = world.promise(ana, "tarea 1", MONDAY_10.replace(hour=12))
    stale = world.promise(ana, "tarea 2", MONDAY_10.replace(hour=11, minute=20))
    overdue = world.promise(ana, "tarea 3", MONDAY_10.replace(hour=10, minute=40))
    later = world.promise(ana, "tarea 4", MONDAY_10 + timedelta(days=1, hours=5))
    # the bot is down from 10:00 to 11:30: nothing runs while the clock moves
    world.clock.advance(timedelta(hours=1, minutes=30))
    world.app.start_background()
    wait_for(lambda: len(world.posts("DU_ANA")) == 3, "the three chases that fell due")
    settle(world)

    chases = SqlChaseStore(world.app.engine)
    assert [d.kind for d in chases.deliveries(kept_reminder)] == ["reminder"]
    assert [d.kind for d in chases.deliveries(stale)] == ["overdue"], "a stale reminder is dropped"
    assert [d.kind for d in chases.deliveries(overdue)] == ["overdue"]
    assert chases.deliveries(later) == []
    texts = [str(p["text"]) for p in world.posts("DU_ANA")]
    assert sum("Recordatorio" in t for t in texts) == 1
    assert sorted(tasks_sent(world.slack).values()) == [1, 1, 1]
