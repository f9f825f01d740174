"""The ChaseStore of bot/ports.py: claims of due chases and the record of every send.

PostgreSQL: claims use `SELECT … FOR UPDATE SKIP LOCKED`, so several processes share the work
and never take the same row. SQLite: one writer at a time; claims start with `BEGIN IMMEDIATE`
so the read and the write of a claim are one atomic step. Either way a delivery's unique key
is written before the send, so a chase is never planned twice for the same slot.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    bindparam,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import sqlite

from bot.model import EventKind, Person, Promise, PromiseEvent, Status, Workspace
from bot.ports import ChaseContext, DigestData, Outgoing, Replan
from bot.ports import Delivery as DeliveryRecord
from storage.models import (
    DeliveryRow,
    EventRow,
    PersonRow,
    PromiseRow,
    WorkspaceRow,
)
from storage.store import _person, _promise, _workspace

PROMISES: Table = PromiseRow.__table__  # type: ignore[assignment]
PEOPLE: Table = PersonRow.__table__  # type: ignore[assignment]
WORKSPACES: Table = WorkspaceRow.__table__  # type: ignore[assignment]
DELIVERIES: Table = DeliveryRow.__table__  # type: ignore[assignment]
EVENTS: Table = EventRow.__table__  # type: ignore[assignment]

PENDING, SENDING, SENT, FAILED, SKIPPED = "pending", "sending", "sent", "failed", "skipped"


class SqlChaseStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        # SQLite has one writer: queueing this process's writes here is cheaper than letting
        # SQLite's busy handler put threads to sleep and poll for the lock
        self._writer = threading.Lock() if not self.postgres else contextlib.nullcontext()

    # claims ---------------------------------------------------------------------------------
    def plan_due(
        self, now: datetime, limit: int, decide: Callable[[Promise, Person], Replan]
    ) -> int:
        query = (
            select(PROMISES)
            .where(PROMISES.c.next_chase_at <= now, PROMISES.c.status == Status.OPEN.value)
            .order_by(PROMISES.c.next_chase_at)
            .limit(limit)
        )
        with self._writer, self.engine.begin() as conn:
            self._claiming(conn)
            rows = conn.execute(self._locked(query)).all()
            if not rows:
                return 0
            owner_ids = {r.owner_id for r in rows}
            people = {
                r.id: _person(r)  # type: ignore[arg-type]
                for r in conn.execute(select(PEOPLE).where(PEOPLE.c.id.in_(owner_ids)))
            }
            changes: list[dict[str, Any]] = []
            outgoing: list[Outgoing] = []
            for row in rows:
                plan = decide(_promise(row), people[row.owner_id])  # type: ignore[arg-type]
                changes.append(
                    {"b_id": row.id, "b_at": plan.next_chase_at, "b_kind": plan.chase_kind}
                )
                outgoing.extend(plan.deliveries)
            self._move(conn, changes)
            self._write(conn, outgoing, now)
            return len(rows)

    def plan_digests(self, now: datetime, limit: int, decide: Callable[[Workspace], Replan]) -> int:
        query = (
            select(WORKSPACES)
            .where(
                WORKSPACES.c.active.is_(True),
                or_(WORKSPACES.c.next_digest_at.is_(None), WORKSPACES.c.next_digest_at <= now),
            )
            .order_by(WORKSPACES.c.id)
            .limit(limit)
        )
        with self._writer, self.engine.begin() as conn:
            self._claiming(conn)
            rows = conn.execute(self._locked(query)).all()
            outgoing: list[Outgoing] = []
            for row in rows:
                plan = decide(_workspace(row))  # type: ignore[arg-type]
                conn.execute(
                    update(WORKSPACES)
                    .where(WORKSPACES.c.id == row.id)
                    .values(next_digest_at=plan.next_chase_at)
                )
                outgoing.extend(plan.deliveries)
            self._write(conn, outgoing, now)
            return len(rows)

    def claim_deliveries(self, now: datetime, limit: int, lease: timedelta) -> list[DeliveryRecord]:
        ready = (
            select(DELIVERIES.c.id)
            .where(
                DELIVERIES.c.retry_at <= now,
                DELIVERIES.c.status.in_((PENDING, SENDING)),
            )
            .order_by(DELIVERIES.c.retry_at, DELIVERIES.c.id)
            .limit(limit)
        )
        with self._writer, self.engine.begin() as conn:
            self._claiming(conn)
            ids: list[int] = list(conn.execute(self._locked(ready)).scalars())
            if not ids:
                return []
            rows = conn.execute(
                update(DELIVERIES)
                .where(DELIVERIES.c.id.in_(ids))
                .values(
                    status=SENDING,
                    attempts=DELIVERIES.c.attempts + 1,
                    retry_at=now + lease,
                )
                .returning(*DELIVERIES.c)
            ).all()
        return sorted((_delivery(r) for r in rows), key=lambda d: (d.created_at, d.id))

    def context(self, deliveries: Sequence[DeliveryRecord]) -> ChaseContext:
        promise_ids = {d.promise_id for d in deliveries if d.promise_id is not None}
        workspace_ids = {d.workspace_id for d in deliveries}
        with self.engine.connect() as conn:
            promises = {
                r.id: _promise(r)  # type: ignore[arg-type]
                for r in conn.execute(select(PROMISES).where(PROMISES.c.id.in_(promise_ids)))
            }
            owner_ids = {p.owner_id for p in promises.values()}
            people = {
                r.id: _person(r)  # type: ignore[arg-type]
                for r in conn.execute(select(PEOPLE).where(PEOPLE.c.id.in_(owner_ids)))
            }
            workspaces = {
                r.id: _workspace(r)  # type: ignore[arg-type]
                for r in conn.execute(select(WORKSPACES).where(WORKSPACES.c.id.in_(workspace_ids)))
            }
        return ChaseContext(promises, people, workspaces)

    def finish(
        self,
        delivery_id: int,
        status: str,
        now: datetime,
        *,
        message_ref: str | None = None,
        channel: str | None = None,
        error: str | None = None,
        retry_at: datetime | None = None,
        event: PromiseEvent | None = None,
    ) -> None:
        values: dict[str, Any] = {"status": status, "retry_at": retry_at, "error": error}
        if status == SENT:
            values["sent_at"] = now
        if message_ref is not None:
            values["message_ref"] = message_ref[:64]
        if channel is not None:
            values["channel"] = channel[:64]
        if error is not None:
            values["error"] = error[:200]
        with self._writer, self.engine.begin() as conn:
            conn.execute(update(DELIVERIES).where(DELIVERIES.c.id == delivery_id).values(values))
            if event is not None:
                conn.execute(
                    EVENTS.insert().values(
                        promise_id=event.promise_id,
                        actor_id=event.actor_id,
                        kind=event.kind.value,
                        at=event.at,
                        reason=event.reason,
                    )
                )

    # reading --------------------------------------------------------------------------------
    def next_due(self) -> datetime | None:
        with self.engine.connect() as conn:
            moments = [
                conn.execute(select(func.min(PROMISES.c.next_chase_at))).scalar(),
                conn.execute(
                    select(func.min(DELIVERIES.c.retry_at)).where(
                        DELIVERIES.c.status.in_((PENDING, SENDING))
                    )
                ).scalar(),
                conn.execute(select(func.min(WORKSPACES.c.next_digest_at))).scalar(),
            ]
        found = [_aware(m) for m in moments if m is not None]
        return min(found) if found else None

    def digest_data(self, workspace_id: int, since: datetime, until: datetime) -> DigestData:
        rescheduled = (
            select(EVENTS.c.promise_id)
            .join(PROMISES, PROMISES.c.id == EVENTS.c.promise_id)
            .where(
                PROMISES.c.workspace_id == workspace_id,
                EVENTS.c.kind == EventKind.RESCHEDULED.value,
                EVENTS.c.at >= since,
                EVENTS.c.at < until,
            )
        )
        with self.engine.connect() as conn:
            moved: frozenset[int] = frozenset(conn.execute(rescheduled).scalars())
            rows = conn.execute(
                select(PROMISES).where(
                    PROMISES.c.workspace_id == workspace_id,
                    or_(
                        PROMISES.c.status == Status.OPEN.value,
                        and_(
                            PROMISES.c.status == Status.DONE.value,
                            PROMISES.c.completed_at >= since,
                        ),
                        PROMISES.c.id.in_(moved) if moved else PROMISES.c.id < 0,
                    ),
                )
            ).all()
            people = conn.execute(select(PEOPLE).where(PEOPLE.c.workspace_id == workspace_id)).all()
        return DigestData(
            promises=[_promise(r) for r in rows],  # type: ignore[arg-type]
            rescheduled=moved,
            people={r.id: _person(r) for r in people},  # type: ignore[arg-type]
        )

    def claim_channel_hint(self, workspace_id: int, now: datetime) -> bool:
        with self._writer, self.engine.begin() as conn:
            result = conn.execute(
                update(WORKSPACES)
                .where(WORKSPACES.c.id == workspace_id, WORKSPACES.c.channel_hint_sent_at.is_(None))
                .values(channel_hint_sent_at=now)
            )
            return bool(result.rowcount == 1)

    def deliveries(self, promise_id: int) -> Sequence[DeliveryRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(DELIVERIES)
                .where(DELIVERIES.c.promise_id == promise_id)
                .order_by(DELIVERIES.c.id)
            ).all()
        return [_delivery(r) for r in rows]

    # helpers --------------------------------------------------------------------------------
    def _claiming(self, conn: Connection) -> None:
        """SQLite: take the write lock first, so the claim's read and write are one step."""
        if not self.postgres:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    def _locked(self, query: Any) -> Any:
        return query.with_for_update(skip_locked=True) if self.postgres else query

    def _move(self, conn: Connection, changes: list[dict[str, Any]]) -> None:
        """Store each claimed promise's next chase: one statement on PostgreSQL."""
        if not self.postgres:  # in-process SQLite: executemany costs no round trips
            conn.execute(
                update(PROMISES)
                .where(PROMISES.c.id == bindparam("b_id"))
                .values(next_chase_at=bindparam("b_at"), chase_kind=bindparam("b_kind")),
                changes,
            )
            return
        conn.execute(
            text(
                "UPDATE promises AS p SET next_chase_at = v.at, chase_kind = v.kind "
                "FROM unnest(CAST(:ids AS integer[]), CAST(:ats AS timestamptz[]), "
                "CAST(:kinds AS text[])) AS v(id, at, kind) WHERE p.id = v.id"
            ),
            {
                "ids": [c["b_id"] for c in changes],
                "ats": [c["b_at"] for c in changes],
                "kinds": [c["b_kind"] for c in changes],
            },
        )

    def _write(self, conn: Connection, outgoing: list[Outgoing], now: datetime) -> None:
        if not outgoing:
            return
        if self.postgres:  # one statement, whatever the batch size
            conn.execute(
                text(
                    "INSERT INTO deliveries (key, workspace_id, promise_id, kind, slot, status,"
                    " attempts, created_at, retry_at) SELECT v.key, v.ws, v.pid, v.kind, v.slot,"
                    " :status, 0, :now, :now FROM unnest(CAST(:keys AS text[]),"
                    " CAST(:wss AS integer[]), CAST(:pids AS integer[]), CAST(:kinds AS text[]),"
                    " CAST(:slots AS text[])) AS v(key, ws, pid, kind, slot)"
                    " ON CONFLICT (key) DO NOTHING"
                ),
                {
                    "status": PENDING,
                    "now": now,
                    "keys": [o.key[:200] for o in outgoing],
                    "wss": [o.workspace_id for o in outgoing],
                    "pids": [o.promise_id for o in outgoing],
                    "kinds": [o.kind for o in outgoing],
                    "slots": [o.slot[:64] for o in outgoing],
                },
            )
            return
        rows = [
            {
                "key": o.key[:200],
                "workspace_id": o.workspace_id,
                "promise_id": o.promise_id,
                "kind": o.kind,
                "slot": o.slot[:64],
                "status": PENDING,
                "attempts": 0,
                "created_at": now,
                "retry_at": now,
            }
            for o in outgoing
        ]
        statement = sqlite.insert(DELIVERIES).on_conflict_do_nothing(index_elements=["key"])
        conn.execute(statement, rows)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _delivery(row: Any) -> DeliveryRecord:
    return DeliveryRecord(
        id=row.id,
        key=row.key,
        workspace_id=row.workspace_id,
        promise_id=row.promise_id,
        kind=row.kind,
        slot=row.slot,
        status=row.status,
        attempts=row.attempts,
        created_at=row.created_at,
        channel=row.channel,
        message_ref=row.message_ref,
        error=row.error,
        sent_at=row.sent_at,
        retry_at=row.retry_at,
    )
