"""Shared pieces of the chasing tests: bulk seeding, a Slack-backed chaser, counting sends."""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import Engine, insert, literal, select

from app import Prometo
from bot.scheduler import Chaser
from handlers.slack.formatter import SlackFormatter
from handlers.slack.messenger import SlackMessenger
from storage.chases import CHASES, PEOPLE, PROMISES, WORKSPACES, SqlChaseStore
from tests.slack_double import TEAM, SlackDouble

TASK = re.compile(r"tarea (\d+)\b")


def seed_due(
    engine: Engine,
    count: int,
    now: datetime,
    *,
    owners: int = 100,
    tz: str = "America/Santiago",
    team_channel: str | None = None,
    due_in: timedelta = timedelta(minutes=-1),
    kind: str = "overdue",
) -> None:
    """`count` open promises whose overdue DM is due at `now`, spread over `owners` people.

    With `due_in` and `kind`: promises due `due_in` from `now`, their `kind` chase queued at
    `now` (e.g. due in 1 h, kind "reminder": the reminder DM of the 1 h lead is due now)."""
    with engine.begin() as conn:
        workspace_id: int = conn.execute(
            insert(WORKSPACES).returning(WORKSPACES.c.id),
            {
                "platform": "slack",
                "external_id": TEAM,
                "timezone": tz,
                "locale": "es",
                "team_channel": team_channel,
                "active": True,
                "created_at": now - timedelta(days=30),
            },
        ).scalar_one()
        people = [
            {
                "workspace_id": workspace_id,
                "external_id": f"U{n:05d}",
                "name": f"persona {n}",
                "timezone": tz,
                "locale": "es",
                "work_start": "00:00",
                "work_end": "23:59",
                "profile_known": True,
                "active": True,
                "last_number": count // owners + 1,
                "created_at": now - timedelta(days=30),
            }
            for n in range(owners)
        ]
        conn.execute(insert(PEOPLE), people)
        ids = [
            r.id for r in conn.execute(PEOPLE.select().where(PEOPLE.c.workspace_id == workspace_id))
        ]
        due = now + due_in
        rows = [
            {
                "workspace_id": workspace_id,
                "owner_id": ids[i % owners],
                "recorder_id": ids[i % owners],
                "number": i // owners + 1,
                "task": f"tarea {i}",
                "text": f"tarea {i} hoy",
                "lang": "es",
                "original_due": due,
                "due": due,
                "due_has_time": True,
                "status": "open",
                "created_at": now - timedelta(days=1),
                "updated_at": now - timedelta(days=1),
                "version": 1,
            }
            for i in range(count)
        ]
        for start in range(0, count, 5000):
            conn.execute(insert(PROMISES), rows[start : start + 5000])
        at = PROMISES.c.due if kind == "overdue" else literal(now)
        conn.execute(
            insert(CHASES).from_select(
                ["promise_id", "at", "kind"],
                select(PROMISES.c.id, at, literal(kind)).where(
                    PROMISES.c.workspace_id == workspace_id
                ),
            )
        )


def slack_chaser(app: Prometo, slack: SlackDouble, **options: Any) -> Chaser:
    """A chaser of `app` that sends through the real SlackMessenger to the double (or through
    `client=`, a WebClient of the caller's)."""
    # each process signs its calls, so a test can tell which process sent what
    client = options.pop("client", None) or WebClient(
        token="xoxb-test", base_url=slack.url, headers={"X-Prometo-Pid": str(os.getpid())}
    )
    options.setdefault("sweep_every", 0.2)
    return Chaser(
        store=app.store,
        chases=SqlChaseStore(app.engine),
        directory=app.directory,
        messenger=SlackMessenger(client, app.directory),
        formatter=SlackFormatter(),
        clock=app.clock,
        rules=app.rules,
        digest_at=app.settings.digest,
        **options,
    )


def tasks_sent(slack: SlackDouble) -> Counter[int]:
    """How many times each 'tarea N' reached Slack in an accepted chat.postMessage."""
    sent: Counter[int] = Counter()
    for call in slack.calls_to("chat.postMessage"):
        if not call.ok:
            continue
        match = TASK.search(str(call.args.get("text", "")))
        if match:
            sent[int(match.group(1))] += 1
    return sent
