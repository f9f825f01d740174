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
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import sqlite

from bot.model import EventKind, Person, Promise, PromiseEvent, Status, WorkHours, Workspace
from bot.ports import ChaseContext, DigestData, Outgoing, Replan
from bot.ports import Delivery as DeliveryRecord
from storage.models import (
    DeliveryRow,
    EventRow,
    PersonRow,
    PromiseRow,
    WorkspaceRow,
)
from storage.store import _hhmm, _person, _promise, _workspace

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
        """Claim up to `limit` due open promises (oldest chase first) and store each plan.

        The hot path of the chaser: plain SQL on the driver's cursor, so 1,000 rows cost no
        per-value SQLAlchemy type processing; values are converted here as the column types
        would (aware UTC datetimes, bools, Status).
        """
        if now.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        with self._writer, self.engine.begin() as conn:
            self._claiming(conn)
            raw: Any = conn.connection.dbapi_connection
            # PostgreSQL: binary results, decoded by psycopg in C
            cursor = raw.cursor(binary=True) if self.postgres else raw.cursor()
            try:
                if self.postgres:
                    return _plan_due_postgres(cursor, now, limit, decide)
                return _plan_due_sqlite(cursor, now, limit, decide)
            finally:
                cursor.close()

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


# plan_due on the driver's cursor ------------------------------------------------------------
_PROMISE_COLUMNS = (
    "id, workspace_id, owner_id, recorder_id, number, task, text, due, original_due,"
    " due_has_time, status, created_at, updated_at, lang, counterpart, completed_at,"
    " next_chase_at, chase_kind, source_link, version"
)  # the order of Promise's fields
_PERSON_COLUMNS = (
    "id, workspace_id, external_id, timezone, locale, work_start, work_end, name, dm_channel,"
    " profile_known, active"
)
_DUE = (
    f"SELECT {_PROMISE_COLUMNS} FROM promises WHERE next_chase_at <= {{p}} AND status = {{p}}"
    " ORDER BY next_chase_at LIMIT {p}"
)
_DUE_SQLITE = _DUE.format(p="?")
_DUE_POSTGRES = _DUE.format(p="%s") + " FOR UPDATE SKIP LOCKED"
_MOVE_SQLITE = "UPDATE promises SET next_chase_at = ?, chase_kind = ? WHERE id = ?"
_MOVE_POSTGRES = (
    "UPDATE promises AS p SET next_chase_at = v.at, chase_kind = v.kind "
    "FROM unnest({}::integer[], {}::timestamptz[], {}::text[]) AS v(id, at, kind) "
    "WHERE p.id = v.id"
)
_WRITE_SQLITE = (
    "INSERT INTO deliveries (key, workspace_id, promise_id, kind, slot, status, attempts,"
    " created_at, retry_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (key) DO NOTHING"
)
_WRITE_POSTGRES = (
    "INSERT INTO deliveries (key, workspace_id, promise_id, kind, slot, status,"
    " attempts, created_at, retry_at) SELECT v.key, v.ws, v.pid, v.kind, v.slot,"
    " %s, 0, %s, %s FROM unnest({}::text[], {}::integer[], {}::integer[], {}::text[],"
    " {}::text[]) AS v(key, ws, pid, kind, slot) ON CONFLICT (key) DO NOTHING"
)
_OPEN = Status.OPEN.value
_sqlite_datetime = sqlite.DATETIME().result_processor(sqlite.dialect(), None)


def _people_query(count: int, mark: str) -> str:
    return f"SELECT {_PERSON_COLUMNS} FROM people WHERE id IN ({', '.join([mark] * count)})"


def _from_sqlite(value: str | None) -> datetime | None:
    """A datetime column read from SQLite text, as UTCDateTime gives it: aware, in UTC."""
    if value is None:
        return None
    moment: datetime
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:  # not a form SQLAlchemy writes; parse it as SQLAlchemy would
        moment = _sqlite_datetime(value)  # type: ignore[misc, assignment]
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _to_sqlite(value: datetime | None) -> str | None:
    """An aware datetime as UTCDateTime stores it in SQLite: naive UTC text, microseconds."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the database")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _from_postgres(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _raw_person(row: Sequence[Any]) -> Person:
    return Person(
        id=row[0],
        workspace_id=row[1],
        external_id=row[2],
        timezone=row[3],
        locale=row[4],
        work_hours=WorkHours(_hhmm(row[5], time(9)), _hhmm(row[6], time(19))),
        name=row[7],
        dm_channel=row[8],
        profile_known=bool(row[9]),
        active=bool(row[10]),
    )


def _raw_promises(
    rows: Sequence[Sequence[Any]], moment: Callable[[Any], datetime | None]
) -> list[Promise]:
    statuses = {s.value: s for s in Status}
    return [
        Promise(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            moment(r[7]),  # type: ignore[arg-type]
            moment(r[8]),  # type: ignore[arg-type]
            bool(r[9]),
            statuses[r[10]] if r[10] in statuses else Status(r[10]),
            moment(r[11]),  # type: ignore[arg-type]
            moment(r[12]),  # type: ignore[arg-type]
            r[13],
            r[14],
            moment(r[15]),
            moment(r[16]),
            r[17],
            r[18],
            r[19],
        )
        for r in rows
    ]


def _plans(
    promises: list[Promise], people: dict[int, Person], decide: Callable[[Promise, Person], Replan]
) -> tuple[list[tuple[int, datetime | None, str | None]], list[Outgoing]]:
    changes: list[tuple[int, datetime | None, str | None]] = []
    outgoing: list[Outgoing] = []
    for promise in promises:
        plan = decide(promise, people[promise.owner_id])
        changes.append((promise.id, plan.next_chase_at, plan.chase_kind))
        outgoing.extend(plan.deliveries)
    return changes, outgoing


def _plan_due_sqlite(
    cursor: Any, now: datetime, limit: int, decide: Callable[[Promise, Person], Replan]
) -> int:
    rows = cursor.execute(_DUE_SQLITE, (_to_sqlite(now), _OPEN, limit)).fetchall()
    if not rows:
        return 0
    owner_ids = list({r[2] for r in rows})
    people: dict[int, Person] = {}
    for i in range(0, len(owner_ids), 500):  # under SQLite's bound-parameter limit
        chunk = owner_ids[i : i + 500]
        for person in cursor.execute(_people_query(len(chunk), "?"), chunk).fetchall():
            people[person[0]] = _raw_person(person)
    changes, outgoing = _plans(_raw_promises(rows, _from_sqlite), people, decide)
    cursor.executemany(_MOVE_SQLITE, [(_to_sqlite(at), kind, id_) for id_, at, kind in changes])
    if outgoing:
        stamp = _to_sqlite(now)
        cursor.executemany(
            _WRITE_SQLITE,
            [
                (
                    o.key[:200],
                    o.workspace_id,
                    o.promise_id,
                    o.kind,
                    o.slot[:64],
                    PENDING,
                    stamp,
                    stamp,
                )
                for o in outgoing
            ],
        )
    return len(rows)


def _arrays(statement: str, *columns: list[Any]) -> tuple[str, tuple[list[Any], ...]]:
    """`statement` with one placeholder per array: binary ones (psycopg dumps them in C, where
    text arrays go through a quoting regex per element), text for an all-NULL array, whose
    element type psycopg cannot tell."""
    marks = ["%b" if any(v is not None for v in column) else "%s" for column in columns]
    return statement.format(*marks), columns


def _plan_due_postgres(
    cursor: Any, now: datetime, limit: int, decide: Callable[[Promise, Person], Replan]
) -> int:
    rows = cursor.execute(_DUE_POSTGRES, (now.astimezone(UTC), _OPEN, limit)).fetchall()
    if not rows:
        return 0
    owner_ids = list({r[2] for r in rows})
    people = {
        person[0]: _raw_person(person)
        for person in cursor.execute(
            f"SELECT {_PERSON_COLUMNS} FROM people WHERE id = ANY(%b::integer[])", (owner_ids,)
        ).fetchall()
    }
    changes, outgoing = _plans(_raw_promises(rows, _from_postgres), people, decide)
    cursor.execute(
        *_arrays(
            _MOVE_POSTGRES,
            [c[0] for c in changes],
            [c[1] for c in changes],
            [c[2] for c in changes],
        )
    )
    if outgoing:
        statement, arrays = _arrays(
            _WRITE_POSTGRES,
            [o.key[:200] for o in outgoing],
            [o.workspace_id for o in outgoing],
            [o.promise_id for o in outgoing],
            [o.kind for o in outgoing],
            [o.slot[:64] for o in outgoing],
        )
        cursor.execute(statement, (PENDING, now, now, *arrays))
    return len(rows)
