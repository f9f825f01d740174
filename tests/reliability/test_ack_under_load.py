"""Item 6: 50 slow events in flight, and /prometo still acknowledges at once.

Every Web API call takes SLOW seconds on the double (users.info, views.publish, the
response_url), so each App Home opened keeps a listener busy for twice that. 50 of them arrive
together; while they are in flight, /prometo commands arrive one after another. Listeners run
on their own pool (handlers.slack.ListenerPool), and a command is acknowledged on the request
thread before its listener queues for a pool thread, so its ack waits for none of them: ack
timeouts (more than Slack's 3 s) = 0; the p99 is recorded.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from app import Prometo
from handlers.slack import ListenerPool
from tests.reliability.inputs import Sender
from tests.slack.conftest import ANA, CHANNEL, SlackSide

SLOW = 0.5  # seconds each Web API call takes
EVENTS = 50
COMMANDS = 60
SLACK_TIMEOUT = 3.0  # Slack shows the person an error when an ack takes longer


def busy(prometo: Prometo) -> int:
    pool = prometo.slack.listener_runner.listener_executor
    assert isinstance(pool, ListenerPool)
    return pool._busy


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # acks never wait on it
def test_commands_ack_at_once_while_50_slow_events_are_in_flight(
    side: SlackSide, prometo: Prometo, figure: Callable[..., None]
) -> None:
    users = [f"U0LOAD{n:04d}" for n in range(EVENTS)]
    for user in users:
        side.slack.add_user(user)
    side.command("ayuda")  # the first request authorizes the app: not part of the load
    side.slack.delay = SLOW
    events = [
        {"type": "app_home_opened", "user": user, "tab": "home", "channel": "D" + user}
        for user in users
    ]

    def send_event(n: int) -> int:
        sender = Sender(side)
        try:
            envelope = {
                "type": "event_callback",
                "team_id": "T0001",
                "event": events[n],
                "event_id": f"Ev0LOAD{n:04d}",
                "event_time": int(side.now()),
            }
            answer, _ = sender.post(json.dumps(envelope).encode(), "application/json")
            return answer.status
        finally:
            sender.close()

    with ThreadPoolExecutor(10) as pool:
        event_statuses = list(pool.map(send_event, range(EVENTS)))
    in_flight = busy(prometo)
    sender = Sender(side)
    acks: list[float] = []
    statuses = []
    try:
        for n in range(COMMANDS):
            body = urlencode(
                {
                    "team_id": "T0001",
                    "user_id": ANA,
                    "command": "/prometo",
                    "text": f"llamar al cliente {n} el jueves",
                    "channel_id": CHANNEL,
                    "response_url": f"{side.slack.url}response_url",
                    "trigger_id": f"{n}.1",
                }
            ).encode()
            answer, took = sender.post(body, "application/x-www-form-urlencoded")
            statuses.append(answer.status)
            acks.append(took)
    finally:
        sender.close()
    still_in_flight = busy(prometo)
    side.settle()
    side.slack.delay = 0.0
    cuts = statistics.quantiles(acks, n=100, method="inclusive")
    timeouts = sum(1 for a in acks if a > SLACK_TIMEOUT)
    of = (
        f"{COMMANDS} /prometo while {EVENTS} App Home events were in flight "
        f"({in_flight} listeners busy at the first command, {still_in_flight} at the last); "
        f"each Web API call {SLOW * 1000:.0f} ms"
    )
    figure("6", "ack p50", f"{cuts[49] * 1000:.1f} ms", of=of)
    figure("6", "ack p99", f"{cuts[98] * 1000:.1f} ms", of=of)
    figure("6", "ack max", f"{max(acks) * 1000:.1f} ms", of=of)
    figure("6", "ack timeouts (> 3 s)", timeouts, of=of)
    assert event_statuses == [200] * EVENTS and statuses == [200] * COMMANDS
    assert in_flight >= EVENTS // 2, "the events were not in flight when the commands came"
    assert timeouts == 0
    published = {c.args["user_id"] for c in side.slack.calls_to("views.publish")}
    assert set(users) <= published  # every slow event was handled in the end
    assert len(side.responses()) >= COMMANDS  # and every command answered
