"""Chasing Teams users: the real APScheduler sweeper, the TeamsMessenger, the connector double.

Time is a virtual clock (real time plus an offset the test moves); what reaches the double is
what Teams would show: proactive 1:1 cards, updates in place, the team channel's posts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app import Prometo, create_app
from bot.model import Status
from handlers.console import VirtualClock
from storage.chases import SqlChaseStore
from tests.conftest import make_settings
from tests.slack_double import SlackDouble
from tests.teams.conftest import (
    BETO,
    CARLA,
    CHANNEL,
    TENANT,
    TeamsSide,
    serving,
    teams_options,
)
from tests.teams_double import ConnectorDouble, card_actions

pytestmark = pytest.mark.slow
SCL = ZoneInfo("America/Santiago")
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=SCL)


@dataclass
class World:
    side: TeamsSide
    clock: VirtualClock

    @property
    def app(self) -> Prometo:
        return self.side.prometo

    def travel(self, to: datetime) -> None:
        self.clock.advance(to - self.clock.now())
        self.app.chaser.wake()

    def sweep(self, to: datetime) -> None:
        self.clock.advance(to - self.clock.now())
        self.app.chaser.sweep()
        self.side.settle()

    def promise(self, text: str) -> int:
        self.side.message(text, BETO)
        beto = self.app.directory.person("teams", TENANT, BETO.aad)
        return max(p.id for p in self.app.book.open_for(beto))


def wait_for(condition: Callable[[], bool], what: str, limit: float = 30.0) -> None:
    """Poll until `condition` holds; a bound against hanging, not a timing assertion."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.02)


@pytest.fixture
def world(database_url: str, connector: ConnectorDouble) -> Iterator[World]:
    clock = VirtualClock(offset=MONDAY_10.astimezone(UTC) - datetime.now(UTC))
    app = create_app(make_settings(database_url), clock=clock, teams=teams_options(connector))
    app.chaser.sweep_every = 0.2
    with serving(app, connector) as side:
        yield World(side, clock)
    app.close()


def test_a_reminder_from_the_scheduler_reaches_the_teams_user_and_done_updates_it(
    world: World,
) -> None:
    pid = world.promise("prometo llamar al cliente a las 15")
    world.app.start_background()
    world.travel(MONDAY_10.replace(hour=14, second=5))
    connector = world.side.connector
    wait_for(lambda: len(connector.sent(BETO.chat)) == 2, "the reminder")
    reminder = connector.sent(BETO.chat)[-1]
    assert "Recordatorio" in reminder.text() and "15:00" in reminder.text()
    assert [a["data"]["action"] for a in card_actions(reminder.card())] == [
        "promise_done",
        "promise_reschedule",
        "promise_check_in",
    ]
    world.app.chaser.sweep()
    (delivery,) = SqlChaseStore(world.app.engine).deliveries(pid)
    assert (delivery.kind, delivery.status) == ("reminder", "sent")
    assert delivery.message_ref == f"{delivery.channel}:{reminder.id}"

    answer = world.side.click(
        {"action": "promise_done", "value": str(pid)}, BETO, message_id=reminder.id
    ).json()
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert world.app.store.get_promise(pid).status is Status.DONE
    assert connector.calls_to("update") == [], "the clicked card is replaced by the answer"


def test_a_reaction_on_the_reminder_keeps_the_promise_and_closes_its_card(world: World) -> None:
    pid = world.promise("prometo llamar al cliente a las 15")
    world.sweep(MONDAY_10.replace(hour=14, second=5))
    reminder = world.side.last_sent(BETO.chat)
    world.side.react(reminder.id, "heart", BETO)
    assert world.app.store.get_promise(pid).status is Status.OPEN, "❤️ is not 'done'"
    world.side.react(reminder.id, "like-tone3", BETO)
    assert world.app.store.get_promise(pid).status is Status.DONE
    (update,) = world.side.connector.calls_to("update")
    assert update.activity_id == reminder.id and "✅ Cumplida" in update.text()


def test_only_the_owner_s_reaction_counts(world: World) -> None:
    pid = world.promise("prometo llamar al cliente a las 15")
    world.sweep(MONDAY_10.replace(hour=14, second=5))
    reminder = world.side.last_sent(BETO.chat)
    world.side.react(reminder.id, "2705_whiteheavycheckmark", CARLA)
    assert world.app.store.get_promise(pid).status is Status.OPEN


def test_a_429_with_retry_after_delays_the_send_and_drops_nothing(world: World) -> None:
    pid = world.promise("prometo llamar al cliente a las 15")
    connector = world.side.connector
    connector.rate_limit("send", retry_after=1, times=1)
    world.app.start_background()
    world.travel(MONDAY_10.replace(hour=14, second=5))
    wait_for(lambda: len(connector.sent(BETO.chat)) == 2, "the reminder, after the 429")
    world.app.chaser.sweep()
    attempts = [c.status for c in connector.calls_to("send", BETO.chat)]
    assert attempts == [200, 429, 200], "the confirmation, the refused reminder, the reminder"
    (delivery,) = SqlChaseStore(world.app.engine).deliveries(pid)
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_overdue_posts_and_the_digest_go_to_the_channel_chosen_in_teams(world: World) -> None:
    world.side.mention("canal aquí", BETO)
    assert "este canal" in world.side.last_sent(f"{CHANNEL};messageid=1700000000001").text()
    workspace = world.app.directory.workspace("teams", TENANT)
    assert workspace.team_channel and workspace.team_channel.startswith("tc")

    pid = world.promise("prometo enviar la propuesta a las 11")
    world.sweep(MONDAY_10.replace(hour=11, second=5))
    assert "Venció" in world.side.last_sent(BETO.chat).text()
    world.sweep(MONDAY_10.replace(hour=13, second=5))
    post = world.side.last_sent(CHANNEL)
    assert "enviar la propuesta" in post.text() and "<at>Beto Rojas</at>" in post.text()
    (mention,) = post.card()["msteams"]["entities"]
    assert mention["mentioned"]["id"] == BETO.aad
    kinds = [(d.kind, d.status) for d in SqlChaseStore(world.app.engine).deliveries(pid)]
    assert kinds == [("overdue", "sent"), ("overdue_team", "sent")]
    world.side.react(post.id, "like", BETO, channel=CHANNEL)
    assert world.app.store.get_promise(pid).status is Status.OPEN, (
        "a channel post's 👍 is not 'done'"
    )

    world.sweep(MONDAY_10 + timedelta(days=7, hours=-1, seconds=5))
    digest = world.side.last_sent(CHANNEL)
    assert "Resumen semanal" in digest.text()


def test_one_process_chases_slack_and_teams_users(
    database_url: str, connector: ConnectorDouble
) -> None:
    clock = VirtualClock(offset=MONDAY_10.astimezone(UTC) - datetime.now(UTC))
    with SlackDouble.running() as slack:
        settings = make_settings(
            database_url,
            slack_bot_token="xoxb-test",
            slack_signing_secret="secret",
            slack_api_url=slack.url,
        )
        app = create_app(settings, clock=clock, teams=teams_options(connector))
        try:
            with serving(app, connector) as side:
                world = World(side, clock)
                teams_promise = world.promise("prometo llamar al cliente a las 11")
                ana = app.directory.person("slack", "T0001", "U_ANA", name="Ana")
                due = MONDAY_10.replace(hour=11, minute=30)
                app.book.make(
                    ana, task="tarea slack", text="t", due=due, due_has_time=True, lang="es"
                )
                world.sweep(MONDAY_10.replace(hour=12))
                teams_delivery = SqlChaseStore(app.engine).deliveries(teams_promise)[0]
        finally:
            app.close()
    slack_dms = [c.args for c in slack.calls_to("chat.postMessage")]
    assert [d["channel"] for d in slack_dms] == ["DU_ANA"] and "tarea slack" in slack_dms[0]["text"]
    teams_dms = connector.sent(BETO.chat)
    assert "Venció" in teams_dms[-1].text() and "tarea slack" not in teams_dms[-1].text()
    assert (teams_delivery.kind, teams_delivery.status) == ("overdue", "sent")
