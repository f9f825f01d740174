"""A workspace's track record for bot/keeping.py: one indexed query, whatever the window.

A promise counts in [since, until) at its original deadline, or when it was kept if that came
first (bot.keeping.counts_at). In SQL: original_due >= since, not kept before since, and either
originally due or kept before until. That is one range of the index (workspace_id,
original_due); the reschedules and cancellations the outcomes depend on come in the same query,
joined by promise (indexed), so the promises and their events are one consistent read.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Select, and_, or_, select

from bot.keeping import RELEVANT, Facts, TrackRecord
from bot.model import EventKind, PromiseEvent, Status
from storage.models import EventRow, PromiseRow

_STATUSES = {s.value: s for s in Status}
_KINDS = {k.value: k for k in EventKind}
_P = PromiseRow.__table__.c
_E = EventRow.__table__.c


def track_record(
    engine: Engine, workspace_id: int, since: datetime, until: datetime
) -> TrackRecord:
    """The promises of a workspace that count in [since, until) (UTC), with their reschedules
    and cancellations, oldest first."""
    promises: list[Facts] = []
    events: dict[int, list[PromiseEvent]] = defaultdict(list)
    with engine.connect() as conn:
        last = None
        for row in conn.execute(window_query(workspace_id, since, until)).all():
            if row[0] != last:
                last = row[0]
                status = _STATUSES.get(row[2]) or Status(row[2])
                promises.append(Facts(row[0], row[1], status, row[3], row[4], row[5]))
            if row[6] is not None:
                events[row[0]].append(
                    PromiseEvent(
                        row[0],
                        _KINDS.get(row[6]) or EventKind(row[6]),
                        row[7],
                        row[8],
                        due_before=row[9],
                        due_after=row[10],
                    )
                )
    return TrackRecord(promises, dict(events))


def window_query(workspace_id: int, since: datetime, until: datetime) -> Select[Any]:
    """The promises counting in [since, until) (UTC), each with its relevant events (or none)."""
    if since.tzinfo is None or until.tzinfo is None:
        raise ValueError("naive datetime given to the database")
    window = and_(
        _P.workspace_id == workspace_id,
        _P.original_due >= since,
        or_(_P.completed_at.is_(None), _P.completed_at >= since),
        or_(_P.original_due < until, _P.completed_at < until),
    )
    relevant = and_(_E.promise_id == _P.id, _E.kind.in_(sorted(k.value for k in RELEVANT)))
    return (
        select(
            _P.id,
            _P.owner_id,
            _P.status,
            _P.original_due,
            _P.due,
            _P.completed_at,
            _E.kind,
            _E.at,
            _E.actor_id,
            _E.due_before,
            _E.due_after,
        )
        .select_from(PromiseRow.__table__.outerjoin(EventRow.__table__, relevant))
        .where(window)
        .order_by(_P.original_due, _P.id, _E.id)
    )
