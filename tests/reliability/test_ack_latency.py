"""Item 10: how fast Prometo acknowledges signed events and slash commands over HTTP.

A short run in the suite (REQUESTS of each, one after another over a keep-alive connection,
the listeners working in the background meanwhile); bench/slack_ack.py runs 1,000 of each at a
steady rate against Prometo in its own process, beside a bare Bolt app, with the server's
RSS. Timings and memory are recorded, never asserted; every request must be answered 200.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from app import Prometo
from tests.reliability.inputs import Sender
from tests.slack.conftest import ANA, BETO, CHANNEL, SlackSide

REQUESTS = 100  # of each kind; bench/slack_ack.py --events runs 1,000


def rss_mb() -> float:
    """This process's resident memory (the test runner, the server and the double)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def event(n: int, users: Sequence[str] = (ANA, BETO), channel: str = CHANNEL) -> dict[str, Any]:
    """The events Prometo gets most: channel messages (spotting), ✅ reactions, App Homes.

    Also what bench/slack_ack.py sends, with its own users and channel."""
    user = users[n % len(users)]
    kinds = [
        {
            "type": "message",
            "channel": channel,
            "channel_type": "channel",
            "user": user,
            "text": f"te mando la propuesta {n} el viernes",
            "ts": f"1700000400.{n:06d}",
        },
        {
            "type": "reaction_added",
            "user": user,
            "reaction": "white_check_mark",
            "item": {"type": "message", "channel": "D" + user, "ts": f"1700000000.{n:06d}"},
        },
        {"type": "app_home_opened", "user": user, "tab": "home"},
    ]
    return kinds[n % 3]


def percentiles(seconds: list[float]) -> str:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return " / ".join(f"{cuts[p] * 1000:.1f}" for p in (49, 94, 98)) + " ms"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_ack_latency_of_events_and_commands(
    side: SlackSide, prometo: Prometo, figure: Callable[..., None]
) -> None:
    side.command("ayuda")  # the first request authorizes the app: not measured
    before = rss_mb()
    sender = Sender(side)
    took: dict[str, list[float]] = {"event": [], "command": []}
    statuses: list[int] = []
    try:
        for n in range(REQUESTS):
            envelope = {
                "type": "event_callback",
                "team_id": "T0001",
                "event": event(n),
                "event_id": f"Ev0LAT{n:05d}",
                "event_time": int(side.now()),
            }
            answer, seconds = sender.post(json.dumps(envelope).encode(), "application/json")
            statuses.append(answer.status)
            took["event"].append(seconds)
            fields = {
                "team_id": "T0001",
                "user_id": (ANA, BETO)[n % 2],
                "command": "/prometo",
                "text": ("llamar al cliente el jueves", "lista", "ayuda")[n % 3],
                "channel_id": CHANNEL,
                "response_url": f"{side.slack.url}response_url",
                "trigger_id": f"{n}.1",
            }
            body = urlencode(fields).encode()
            answer, seconds = sender.post(body, "application/x-www-form-urlencoded")
            statuses.append(answer.status)
            took["command"].append(seconds)
    finally:
        sender.close()
    side.settle()
    after = rss_mb()
    of = f"{REQUESTS} {{}} one after another, keep-alive, in-process server (SQLite)"
    figure("10", "event ack p50 / p95 / p99", percentiles(took["event"]), of=of.format("events"))
    figure(
        "10", "command ack p50 / p95 / p99", percentiles(took["command"]), of=of.format("commands")
    )
    figure("10", "RSS after", f"{after:.0f} MB ({after - before:+.0f} MB)", of="pytest process")
    assert statuses == [200] * (2 * REQUESTS)
    assert len(side.responses()) >= REQUESTS  # every command was answered
