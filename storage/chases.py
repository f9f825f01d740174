"""The ChaseStore of bot/ports.py: claims of due chases and the record of every send.

PostgreSQL: claims use `SELECT … FOR UPDATE SKIP LOCKED`, so several processes share the work
and never take the same row. SQLite: one writer at a time; claims start with `BEGIN IMMEDIATE`
so the read and the write of a claim are one atomic step. Either way a delivery's unique key
is written before the send, so a chase is never planned twice for the same slot.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from functools import partial
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    event,
    func,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects import sqlite

from bot.chasing import REMINDER
from bot.model import EventKind, Person, Promise, PromiseEvent, Status, WorkHours, Workspace
from bot.ports import ChaseContext, DigestData, Outgoing, Replan
from bot.ports import Delivery as DeliveryRecord
from storage.models import (
    ChaseRow,
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
CHASES: Table = ChaseRow.__table__  # type: ignore[assignment]
EVENTS: Table = EventRow.__table__  # type: ignore[assignment]

PENDING, SENDING, SENT, FAILED, SKIPPED = "pending", "sending", "sent", "failed", "skipped"


class SqlChaseStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        # SQLite has one writer: queueing this process's writes here is cheaper than letting
        # SQLite's busy handler put threads to sleep and poll for the lock
        self._writer = threading.Lock() if not self.postgres else contextlib.nullcontext()
        self._claims = _ClaimConnection(engine)

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
        with _collector_paused():
            return self._plan_due(now, limit, decide)

    def _plan_due(
        self, now: datetime, limit: int, decide: Callable[[Promise, Person], Replan]
    ) -> int:
        if self.postgres:
            claim = partial(_plan_due_postgres, now=now, limit=limit, decide=decide)
            return self._claims.run(claim)
        with self._writer, self.engine.begin() as conn:
            self._claiming(conn)
            raw: Any = conn.connection.dbapi_connection
            cursor = raw.cursor()
            try:
                return _plan_due_sqlite(cursor, now, limit, decide)
            finally:
                cursor.close()

    def open_claims(self, batch: int) -> int | None:
        """PostgreSQL: open the connection claims of `batch` run on, prepared, as a process
        starts (its first claim need not); returns its server process id. SQLite: nothing."""
        return self._claims.open(batch) if self.postgres else None

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

    def renew(self, held: Mapping[int, int], until: datetime) -> set[int]:
        """Extend the lease of deliveries still claimed as `held` says (id: attempts).

        `attempts` is the claim's fencing token: each claim adds one, so a delivery whose
        lease lapsed and that another sender claimed since is not renewed (nor returned)."""
        if not held:
            return set()
        pairs = list(held.items())
        kept: set[int] = set()
        with self._writer, self.engine.begin() as conn:
            for start in range(0, len(pairs), 400):  # under SQLite's bound-parameter limit
                chunk = pairs[start : start + 400]
                rows = conn.execute(
                    update(DELIVERIES)
                    .where(
                        DELIVERIES.c.status == SENDING,
                        tuple_(DELIVERIES.c.id, DELIVERIES.c.attempts).in_(chunk),
                    )
                    .values(retry_at=until)
                    .returning(DELIVERIES.c.id)
                )
                kept.update(rows.scalars())
        return kept

    def context(self, deliveries: Sequence[DeliveryRecord]) -> ChaseContext:
        promise_ids = {d.promise_id for d in deliveries if d.promise_id is not None}
        workspace_ids = {d.workspace_id for d in deliveries}
        with self.engine.connect() as conn:
            promises = {
                r.id: _promise(r)  # type: ignore[arg-type]
                for r in conn.execute(select(PROMISES).where(PROMISES.c.id.in_(promise_ids)))
            }
            # owners, and the counterparts that notices go to
            owner_ids = {p.owner_id for p in promises.values()} | {
                p.counterpart_id for p in promises.values() if p.counterpart_id is not None
            }
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
        rearm: bool = True,
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
            if rearm and status in (SENT, FAILED, SKIPPED):
                conn.execute(_REARM, {"id": delivery_id})
            statement = update(DELIVERIES).where(DELIVERIES.c.id == delivery_id)
            if status == SENT:  # recorded once: a record tried again after its commit's answer
                # was lost (the database went away) adds no second event to the history
                statement = statement.where(DELIVERIES.c.status != SENT)
            changed = conn.execute(statement.values(values)).rowcount
            if event is not None and changed:
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
                conn.execute(select(func.min(CHASES.c.at))).scalar(),
                conn.execute(
                    select(func.min(DELIVERIES.c.retry_at)).where(
                        DELIVERIES.c.retry_at.is_not(None),  # the partial index
                        DELIVERIES.c.status.in_((PENDING, SENDING)),
                    )
                ).scalar(),
                conn.execute(select(func.min(WORKSPACES.c.next_digest_at))).scalar(),
            ]
        found = [_aware(m) for m in moments if m is not None]
        return min(found) if found else None

    def oldest_due(self, now: datetime) -> datetime | None:
        with self.engine.connect() as conn:
            moments = [
                conn.execute(select(func.min(CHASES.c.at))).scalar(),
                conn.execute(
                    select(func.min(DELIVERIES.c.retry_at)).where(
                        DELIVERIES.c.status.in_((PENDING, SENDING)), DELIVERIES.c.retry_at <= now
                    )
                ).scalar(),
            ]
        found = [m for m in (_aware(m) for m in moments if m is not None) if m <= now]
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
        # by the unique key, bytewise: "p12/…" (chases) and "p12:…" (platform messages), and not
        # "p120/…", which sorts between them; deliveries.promise_id is indexed only once sent
        key = DELIVERIES.c.key
        mine = or_(
            and_(key >= f"p{promise_id}/", key < f"p{promise_id}0"),
            and_(key >= f"p{promise_id}:", key < f"p{promise_id};"),
        )
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(DELIVERIES)
                .where(mine, DELIVERIES.c.promise_id == promise_id)
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


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a claim, which holds its rows locked until it ends.

    A claim of 1,000 makes thousands of objects (rows, promises, plans), none in a cycle: all
    go by reference counting when it ends. Left on, the collector passed over them every 700
    allocations, and those still alive were moved on toward the oldest generation, until a
    full pass over the whole process (110,000 objects after start: 32 ms) fell inside a claim,
    the 18th of a process, every time. Never turned on here if someone else had it off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
# one row per due chase: the promise, in the order of Promise's fields (its next chase from
# `chases`), then its owner: on SQLite the owner's columns, on PostgreSQL only the version of
# the owner's row, as the claims keep the owners they have read (_Owners)
_PROMISE_COLUMNS = (
    "p.id, p.workspace_id, p.owner_id, p.recorder_id, p.number, p.task, p.text, p.due,"
    " p.original_due, p.due_has_time, p.status, p.created_at, p.updated_at, p.lang,"
    " p.counterpart, p.completed_at, c.at, c.kind, p.source_link, p.version,"
    " p.counterpart_id, p.notify_counterpart, p.last_heard_at, p.follow_up_of, p.due_set_at"
)
_OWNER = 25  # where a due row's owner begins
_PERSON_COLUMNS = (
    "id, workspace_id, external_id, timezone, locale, work_start, work_end, name, dm_channel,"
    " profile_known, active"
)
_DUE_SQLITE = (
    f"SELECT {_PROMISE_COLUMNS}, {', '.join('o.' + c for c in _PERSON_COLUMNS.split(', '))}"
    " FROM chases c JOIN promises p ON p.id = c.promise_id JOIN people o ON o.id = p.owner_id"
    " WHERE c.at <= ? ORDER BY c.at LIMIT ?"
)
# PostgreSQL: each due row's promise, then its owner's row version, looked up by primary key
# for that row (a LATERAL subquery kept whole by OFFSET 0 can only be the inner side of its
# join), so no plan can scan either table, whatever the statistics it was made with. A row's
# xmin is the transaction that wrote this version of it: any change to a person gives a new one.
_LOOKED_UP = (
    ", LATERAL (SELECT * FROM promises WHERE id = c.promise_id OFFSET 0) AS p"
    ", LATERAL (SELECT xmin FROM people WHERE id = p.owner_id OFFSET 0) AS o"
)
# the claim takes the due rows out of the queue (locked until it commits), not the promises
# (ARRAY(): the ids are found once, then deleted by key, whatever the planner thinks of IN);
# the book waits only when it changes the chase of a promise being claimed, and then its plan,
# made from the newer promise, is stored last
_DUE_POSTGRES = (
    "WITH c AS (DELETE FROM chases WHERE ctid = ANY(ARRAY(SELECT ctid FROM chases"
    " WHERE at <= %s ORDER BY at LIMIT %s FOR UPDATE SKIP LOCKED))"
    f" RETURNING promise_id, at, kind) SELECT {_PROMISE_COLUMNS}, o.xmin FROM c{_LOOKED_UP}"
)  # by ctid: the rows the index scan found and locked are deleted where they lie (a TID
# scan), not looked up again through the primary key (1,000 more index descents). A locked
# row cannot move before this transaction ends, so its ctid stays its own.
# the owners a claim has not met yet, or whose rows changed since (by index, as above)
_OWNERS_POSTGRES = f"SELECT {_PERSON_COLUMNS}, xmin FROM people WHERE id = ANY(%s)"
_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# a claim's settings: no flush of its own (below), and plans by design: index scans, nested
# loops that look each row up by index (no cache of looked-up rows: filling it cost about
# 0.5 ms a claim of 1,000 different owners), and the generic plan every time, as planning
# each claim anew for its `now` and limit found nothing better and cost more
_CLAIM_SETTINGS = (
    ("synchronous_commit", "off"),
    ("enable_seqscan", "off"),
    ("enable_hashjoin", "off"),
    ("enable_mergejoin", "off"),
    ("enable_material", "off"),
    ("enable_memoize", "off"),
    ("plan_cache_mode", "force_generic_plan"),
)
# for the transaction only, sent with each claim (in the same round trip): set for the session,
# a pooler in transaction mode (PgBouncer) would hand them to other clients' transactions
_SETTINGS = "SELECT " + ", ".join(f"set_config('{n}', '{v}', true)" for n, v in _CLAIM_SETTINGS)
_BEGIN, _COMMIT = "BEGIN", "COMMIT"
_MOVE_SQLITE = "UPDATE chases SET at = ?, kind = ? WHERE promise_id = ?"
_DROP_SQLITE = "DELETE FROM chases WHERE promise_id = ?"
_KNOWN_SQLITE = "SELECT key FROM deliveries WHERE key IN ({})"
_WRITE_SQLITE = (
    "INSERT INTO deliveries (key, workspace_id, promise_id, kind, slot, status, attempts,"
    " created_at, retry_at, next_chase_at, next_chase_kind)"
    " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)"
)
# One statement writes a claim's deliveries and puts back in the queue the promises that wait
# on none: those with no delivery this time (the three arrays), and those whose deliveries
# were all written before (their keys exist: no row in `new`), each with its next chase. The
# queue row of a promise with a new delivery stays out: the delivery carries its next chase
# and brings it back when it ends (`finish`). A promise twice in the queue's insert (two
# deliveries) goes in once.
_WRITE_POSTGRES = (
    "WITH v AS (SELECT * FROM unnest({}::text[], {}::integer[], {}::integer[], {}::text[],"
    " {}::text[], {}::timestamptz[], {}::text[]) AS v(key, ws, pid, kind, slot, next_at,"
    " next_kind)), new AS (INSERT INTO deliveries (key, workspace_id, promise_id, kind, slot,"
    " status, attempts, created_at, retry_at, next_chase_at, next_chase_kind)"
    " SELECT v.key, v.ws, v.pid, v.kind, v.slot, %s, 0, %s, %s, v.next_at, v.next_kind FROM v"
    " WHERE NOT EXISTS (SELECT FROM deliveries d WHERE d.key = v.key OFFSET 0)"
    " RETURNING promise_id)"
    " INSERT INTO chases (promise_id, at, kind)"
    " SELECT * FROM unnest({}::integer[], {}::timestamptz[], {}::text[])"
    " UNION ALL SELECT v.pid, v.next_at, v.next_kind FROM v WHERE v.next_at IS NOT NULL"
    " AND v.pid NOT IN (SELECT promise_id FROM new WHERE promise_id IS NOT NULL)"
    " ON CONFLICT (promise_id) DO NOTHING"
)  # not ON CONFLICT for deliveries: its speculative insertion per row cost 20-35% more here.
# Nobody else can be writing these keys: a key names its promise, whose queue row this claim
# holds. Were it to happen anyway, the unique key refuses the insert, and the claim is undone
# whole and retried. Back in the queue, the book's newer plan for a promise (a row there
# already) has the last word.
# when a delivery ends, the chase that was waiting on it goes back in the queue, unless the
# book has planned the promise anew meanwhile (its row is there) or it was already re-armed
_REARM = text(
    "INSERT INTO chases (promise_id, at, kind)"
    " SELECT promise_id, next_chase_at, next_chase_kind FROM deliveries"
    " WHERE id = :id AND promise_id IS NOT NULL AND next_chase_at IS NOT NULL"
    " AND status IN ('pending', 'sending')"
    " ON CONFLICT (promise_id) DO NOTHING"
)
_sqlite_datetime = sqlite.DATETIME().result_processor(sqlite.dialect(), None)
_STATUSES = {s.value: s for s in Status}


def _from_sqlite(value: str | None) -> datetime | None:
    """A datetime column read from SQLite text, as UTCDateTime gives it: aware, in UTC."""
    if value is None:
        return None
    moment: datetime
    try:  # the naive UTC text SQLAlchemy writes, read as UTC in one step
        return datetime.fromisoformat(value + "+00:00")
    except ValueError:  # another form; parse it as SQLAlchemy would
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
    if value is None or value.tzinfo is UTC:  # sessions are in UTC (storage.db)
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _raw_person(r: Sequence[Any], hours: dict[tuple[Any, Any], WorkHours]) -> Person:
    """A person from its columns (_PERSON_COLUMNS) at the start of `r`; `hours` holds the
    working days read so far, since most people keep the same few (parsing two times per
    person cost more than the rest)."""
    span = (r[5], r[6])
    work = hours.get(span)
    if work is None:
        work = hours[span] = WorkHours(_hhmm(r[5], time(9)), _hhmm(r[6], time(19)))
    return Person(r[0], r[1], r[2], r[3], r[4], work, r[7], r[8], bool(r[9]), bool(r[10]))


def _raw_promise(r: Sequence[Any], moment: Callable[[Any], datetime | None]) -> Promise:
    return Promise(
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
        _STATUSES[r[10]] if r[10] in _STATUSES else Status(r[10]),
        moment(r[11]),  # type: ignore[arg-type]
        moment(r[12]),  # type: ignore[arg-type]
        r[13],
        r[14],
        moment(r[15]),
        moment(r[16]),
        r[17],
        r[18],
        r[19],
        r[20],
        bool(r[21]),
        moment(r[22]),
        r[23],
        moment(r[24]),
    )


def _status(value: str) -> Status:
    return _STATUSES.get(value) or Status(value)


def _native_promise(r: Sequence[Any]) -> Promise:
    """A due row read from PostgreSQL in a UTC session: its values are already as a Promise
    holds them (aware UTC instants, bools), so they go in as slices, not one by one."""
    return Promise(*r[:10], _status(r[10]), *r[11:_OWNER])  # type: ignore[call-arg]


def _owners_in_rows() -> Callable[[Sequence[Any]], Person]:
    """SQLite: each due row's owner from its columns, made once per person in a claim."""
    people: dict[int, Person] = {}
    hours: dict[tuple[Any, Any], WorkHours] = {}

    def owner(row: Sequence[Any]) -> Person:
        person = people.get(row[_OWNER])
        if person is None:
            person = people[row[_OWNER]] = _raw_person(row[_OWNER:], hours)
        return person

    return owner


class _Owners:
    """PostgreSQL: the owners one store's claims have read, each with its row's version.

    Due chases come back to the same people again and again, so a claim reads only the version
    of each owner's row (its xmin), and the people it does not hold at that version, in one
    more round trip. Shipping and building each owner again was about a tenth of a claim's
    work. Forgotten with the claim connection (a new server could reuse versions), and bounded:
    past `capacity`, those read longest ago go first.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._known: dict[int, tuple[Any, Person]] = {}
        self._hours: dict[tuple[Any, Any], WorkHours] = {}

    def unknown(self, rows: Sequence[Sequence[Any]]) -> list[int]:
        """The owners of `rows` (owner id, then the version at _OWNER) not held as they are."""
        known, missing = self._known, set()
        for row in rows:
            held = known.get(row[2])
            if held is None or held[0] != row[_OWNER]:
                missing.add(row[2])
        return sorted(missing)

    def learn(self, people: Sequence[Sequence[Any]]) -> None:
        """People read as _OWNERS_POSTGRES reads them, each held from now on."""
        for r in people:
            self._known.pop(r[0], None)  # to the end: read last, dropped last
            self._known[r[0]] = (r[11], _raw_person(r, self._hours))

    def of(self, row: Sequence[Any]) -> Person:
        return self._known[row[2]][1]

    def trim(self) -> None:
        """Down to `capacity`, after a claim (not during it: its owners must stay)."""
        while len(self._known) > self.capacity:
            del self._known[next(iter(self._known))]

    def forget(self) -> None:
        self._known.clear()


class _Plans:
    """What `decide` said for each claimed promise.

    A promise with a delivery leaves the queue: its next chase is written on the delivery and
    comes back when the delivery ends (`finish`), so a claim only deletes queue rows, which is
    cheaper than moving them. A promise whose deliveries were all written before (their keys
    exist) or that has none moves to its next chase at once, or leaves when it has none.
    """

    def __init__(
        self,
        rows: Sequence[Sequence[Any]],
        promise: Callable[[Sequence[Any]], Promise],
        owner: Callable[[Sequence[Any]], Person],
        decide: Callable[[Promise, Person], Replan],
    ) -> None:
        self.moved: list[tuple[int, datetime, str]] = []
        self.ended: list[int] = []
        self.outgoing: list[tuple[Outgoing, datetime | None, str | None]] = []
        self.waiting: dict[int, tuple[datetime | None, str]] = {}
        keys: set[str] = set()
        for row in rows:
            plan = decide(promise(row), owner(row))
            at, kind = plan.next_chase_at, plan.chase_kind or REMINDER
            if plan.deliveries:
                self.waiting[row[0]] = (at, kind)
                for o in plan.deliveries:
                    if o.key not in keys:  # one insert may not carry a key twice
                        keys.add(o.key)
                        self.outgoing.append((o, at, kind if at else None))
            elif at is None:
                self.ended.append(row[0])
            else:
                self.moved.append((row[0], at, kind))

    def settle(self, written: set[int]) -> None:
        """`written`: promises with a delivery written now; they leave the queue."""
        for promise_id, (at, kind) in self.waiting.items():
            if promise_id in written or at is None:
                self.ended.append(promise_id)
            else:
                self.moved.append((promise_id, at, kind))


def _sqlite_delivery(
    o: Outgoing, stamp: str | None, at: str | None, kind: str | None
) -> tuple[Any, ...]:
    return (
        o.key[:200],
        o.workspace_id,
        o.promise_id,
        o.kind,
        o.slot[:64],
        PENDING,
        stamp,
        stamp,
        at,
        kind,
    )


def _plan_due_sqlite(
    cursor: Any, now: datetime, limit: int, decide: Callable[[Promise, Person], Replan]
) -> int:
    rows = cursor.execute(_DUE_SQLITE, (_to_sqlite(now), limit)).fetchall()
    if not rows:
        return 0
    plans = _Plans(rows, partial(_raw_promise, moment=_from_sqlite), _owners_in_rows(), decide)
    # this claim holds SQLite's write lock (BEGIN IMMEDIATE): the keys not there now are new
    keys = [o.key[:200] for o, _, _ in plans.outgoing]
    there: set[str] = set()
    for i in range(0, len(keys), 500):  # under SQLite's bound-parameter limit
        chunk = keys[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        there.update(k for (k,) in cursor.execute(_KNOWN_SQLITE.format(marks), chunk))
    stamp = _to_sqlite(now)
    new = [(o, at, kind) for o, at, kind in plans.outgoing if o.key[:200] not in there]
    cursor.executemany(
        _WRITE_SQLITE,
        [_sqlite_delivery(o, stamp, _to_sqlite(at), kind) for o, at, kind in new],
    )
    plans.settle({o.promise_id for o, _, _ in new if o.promise_id is not None})
    cursor.executemany(_MOVE_SQLITE, [(_to_sqlite(at), kind, id_) for id_, at, kind in plans.moved])
    cursor.executemany(_DROP_SQLITE, [(id_,) for id_ in plans.ended])
    return len(rows)


def _arrays(statement: str, *columns: Any) -> tuple[str, tuple[Any, ...]]:
    """`statement` with one placeholder per array: binary ones (packed, or dumped by psycopg,
    where text arrays would go through a quoting regex per element), text for a list all of
    NULLs, whose element type psycopg cannot tell."""
    marks = [
        "%b" if isinstance(column, bytes) or any(v is not None for v in column) else "%s"
        for column in columns
    ]
    return statement.format(*marks), columns


def _writes(cursor: Any, plans: _Plans, now: datetime) -> tuple[str, tuple[Any, ...]]:
    """The claim's one write: its deliveries' seven columns and the moved promises' three."""
    sent, ats, after = _columns(plans.outgoing, 3)
    keys, wss, kinds, slots, pids = _columns(sent, 5)
    if keys and max(map(len, keys)) > 200:
        keys = [key[:200] for key in keys]
    if slots and max(map(len, slots)) > 64:
        slots = [slot[:64] for slot in slots]
    ids, back_at, back_kind = _columns(plans.moved, 3)
    texts, ints, instants = _packers(cursor)
    statement, arrays = _arrays(
        _WRITE_POSTGRES,
        texts(keys),
        ints(wss),
        ints(pids),
        texts(kinds),
        texts(slots),
        instants(ats),
        texts(after),
        ints(ids),
        instants(back_at),
        texts(back_kind),
    )
    return statement, (*arrays[:7], PENDING, now, now, *arrays[7:])  # in the order written


def _columns(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    """`rows` as `width` lists, one per column (empty ones when there are no rows)."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]


def _packers(cursor: Any) -> tuple[Callable[[Any], Any], ...]:
    """How `cursor` sends arrays of text, integers and instants: packed whole (pg_arrays) on
    a connection that speaks UTF-8, else as lists for psycopg to dump."""
    if cursor.connection.info.encoding != "utf-8":
        return list, list, list
    from storage import pg_arrays

    pg_arrays.register(cursor)
    return pg_arrays.texts, pg_arrays.int4s, pg_arrays.instants


class _ClaimConnection:
    """PostgreSQL: the connection one store's claims run on, held from one claim to the next.

    A connection taken from the pool for each claim cost two round trips before the claim
    began: the pool's ping, and the BEGIN that psycopg sends and waits for. And any rollback
    on it, by whoever used it in between, made psycopg drop the statements prepared on it.
    This one is held, runs in autocommit mode, and sends its own BEGIN in the pipeline that
    claims and its COMMIT with the write: a claim is two round trips, on statements prepared
    once per connection.

    It is closed on any error, so no claim starts on a connection in an unknown state. A claim
    that fails on a connection held since an earlier claim (the server restarted, or dropped it
    while idle) runs once more on a new one: a claim is one transaction, so it either took its
    rows and wrote their deliveries, or did neither, and running it again claims what is due
    then. The pool counts it as checked out (app.pool_size counts it among the sweeper's); it
    goes when the engine is disposed.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._held: Any = None  # the pool's proxy for the connection, while held
        self._watching = False
        self.owners = _Owners()

    def open(self, batch: int) -> int:
        """Open and prepare the connection now (a process's start), not on its first claim,
        and rehearse a claim of `batch`: claimed, decided and undone, so that its rows, the
        server process's memory and this process's grow once, here, and not in the first
        claim. Returns the server process id it is served by."""
        with self._lock:
            raw = self._connection()
            try:
                _plan_due_postgres(
                    raw, self.owners, datetime.now(UTC), batch, _rehearsal, rehearse=True
                )
            except BaseException:
                self._drop()
                raise
            return int(raw.info.backend_pid)

    def run(self, claim: Callable[[Any, _Owners], int]) -> int:
        import psycopg

        with self._lock:
            kept = self._held is not None
            try:
                return claim(self._connection(), self.owners)
            except psycopg.OperationalError:
                self._drop()
                if not kept:
                    raise
            except BaseException:
                self._drop()
                raise
            try:  # once more, on a new connection
                return claim(self._connection(), self.owners)
            except BaseException:
                self._drop()
                raise

    def close(self, *_: object) -> None:
        with self._lock:
            self._drop()

    def _connection(self) -> Any:
        if self._held is None:
            if not self._watching:  # the engine's dispose() closes it with the pool's own
                event.listen(self.engine, "engine_disposed", self.close)
                self._watching = True
            held = self.engine.raw_connection()
            try:
                raw: Any = held.dbapi_connection
                raw.autocommit = True
                _prepare(raw)
            except BaseException:
                held.invalidate()
                raise
            self._held = held
        return self._held.dbapi_connection

    def _drop(self) -> None:
        self.owners.forget()
        held, self._held = self._held, None
        if held is not None:  # closed: never back in the pool in autocommit mode
            held.invalidate()


def _prepare(raw: Any) -> None:
    """A claim connection's statements prepared and run once on no rows (a limit of 0, empty
    arrays: nothing is written). A new server process looks up the tables, indexes and types
    a statement uses the first time it plans it; this way a process's first claim does not
    pay for that."""
    cursor = raw.cursor(binary=True)
    nothing = _Plans((), _native_promise, _never, _never)  # the write with no rows
    try:
        with _pipeline(raw):
            cursor.execute(_BEGIN)
            cursor.execute(_SETTINGS, prepare=True)
            cursor.execute(_DUE_POSTGRES, (_PG_EPOCH, 0), prepare=True)
            cursor.execute(_OWNERS_POSTGRES, ([0],), prepare=True)
            cursor.execute(*_writes(cursor, nothing, _PG_EPOCH), prepare=True)
            cursor.execute(_COMMIT)
    finally:
        cursor.close()


@contextlib.contextmanager
def _pipeline(raw: Any) -> Iterator[None]:
    """`raw.pipeline()`, raising the first error of its statements. An error aborts the
    pipeline, so leaving it fails too, and psycopg then logs a warning ("error ignored
    terminating …") unless the statements' own error was caught inside."""
    import psycopg

    failure: psycopg.Error | None = None
    try:
        with raw.pipeline():
            try:
                yield
            except psycopg.Error as error:
                failure = error
    except psycopg.Error as error:
        failure = failure or error
    if failure is not None:
        raise failure


def _undo(raw: Any) -> None:
    """ROLLBACK, sent past psycopg: psycopg drops every statement prepared on a connection
    when it sees a ROLLBACK go by, and these were all prepared in earlier transactions."""
    from psycopg import pq

    result = raw.pgconn.exec_(b"ROLLBACK")
    if result.status != pq.ExecStatus.COMMAND_OK:
        raise RuntimeError(f"ROLLBACK failed: {result.error_message.decode(errors='replace')}")


def _rehearsal(promise: Promise, owner: Person) -> Replan:
    """A delivery for each promise, as a claim of due chases writes (never written)."""
    out = Outgoing(f"p{promise.id}/rehearsal", promise.workspace_id, REMINDER, "-", promise.id)
    return Replan(promise.due, REMINDER, (out,))


def _never(*_: object) -> Any:
    raise AssertionError("a claim of no rows has no owners and decides nothing")


def _plan_due_postgres(
    raw: Any,
    owners: _Owners,
    now: datetime,
    limit: int,
    decide: Callable[[Promise, Person], Replan],
    rehearse: bool = False,
) -> int:
    # The claim needs no flush of its own: the sender's claim of these deliveries commits
    # synchronously before any send, and its commit flushes all the log written before it,
    # this transaction's included. A server crash in between loses the claim whole (queue
    # rows and deliveries together), so the chases are simply claimed again.
    # Every statement of a claim is written to go by an index. Stale statistics (a new or
    # bulk-loaded table, autovacuum behind or off) must not turn one into a scan: the new-key
    # check of 1,000 deliveries became 1,000 scans of `deliveries` that way. So scans are off
    # for the claim's transaction, and its plans are fixed by design, not by the statistics.
    # Nor may a join, since a prepared statement keeps its plan (PostgreSQL switched the
    # insert to a generic plan after five claims on a connection): with `deliveries` analyzed
    # while empty, as on a new install, the plan compared each new key with a materialized
    # scan of the whole table, and a claim forced to keep it took 18, then 47, then 106 ms of
    # the server's time; with the tables analyzed while empty, the due rows' promises and
    # owners were found by scanning both tables. With hash joins, merge joins and
    # materializing off, and the lookups written as LATERAL ones, a plan looks each row up by
    # index whatever the sizes it was made for.
    # Two round trips (a pipeline each): BEGIN, the settings and the claim; the write and
    # COMMIT.
    cursor = raw.cursor(binary=True)  # binary results, decoded by psycopg in C
    try:
        with _pipeline(raw):
            cursor.execute(_BEGIN)
            cursor.execute(_SETTINGS, prepare=True)
            cursor.execute(_DUE_POSTGRES, (now.astimezone(UTC), limit), prepare=True)
        rows = cursor.fetchall()
        if not rows:
            raw.execute(_COMMIT)
            return 0
        unknown = owners.unknown(rows)
        if unknown:  # a third round trip, for people not met or changed since
            owners.learn(cursor.execute(_OWNERS_POSTGRES, (unknown,), prepare=True).fetchall())
        # a session in UTC (storage.db) gives every instant already as stored: no conversion
        if rows[0][11].tzinfo is UTC:  # created_at, never NULL
            plans = _Plans(rows, _native_promise, owners.of, decide)
        else:
            plans = _Plans(rows, partial(_raw_promise, moment=_from_postgres), owners.of, decide)
        owners.trim()
        if rehearse:  # all but the write, then undone: nothing changes
            _writes(cursor, plans, now)
            _undo(raw)
            return len(rows)
        # a failed write fails the commit with it, and the claim is undone whole
        with _pipeline(raw):
            if plans.outgoing or plans.moved or plans.waiting:
                cursor.execute(*_writes(cursor, plans, now), prepare=True)
            cursor.execute(_COMMIT)
        return len(rows)
    finally:
        cursor.close()
