"""The PromiseStore of bot/ports.py on SQLAlchemy 2.x: one short transaction per call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time
from typing import Any, TypeVar

from sqlalchemy import Engine, Select, and_, bindparam, delete, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.chasing import REMINDER
from bot.counterparts import TOLD
from bot.keeping import TrackRecord
from bot.model import (
    EventKind,
    NewPromise,
    Person,
    Promise,
    PromiseEvent,
    Status,
    WorkHours,
    Workspace,
)
from bot.ports import Clock, Outgoing, PersonDefaults, StaleWrite
from storage.models import (
    ChaseRow,
    DeliveryRow,
    EventRow,
    PersonRow,
    ProcessedEventRow,
    PromiseRow,
    UTCDateTime,
    WorkspaceRow,
)
from storage.records import track_record

T = TypeVar("T")
Row = Any  # a mapped row class of storage.models


class SqlStore:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self._clock = clock
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    # workspaces -----------------------------------------------------------------------------
    def workspace(
        self, platform: str, external_id: str, *, timezone: str, locale: str
    ) -> Workspace:
        stmt = select(WorkspaceRow).where(
            WorkspaceRow.platform == platform, WorkspaceRow.external_id == external_id
        )
        return self._get_or_create(
            stmt,
            lambda: WorkspaceRow(
                platform=platform,
                external_id=external_id,
                timezone=timezone,
                locale=locale,
                active=True,
                created_at=self._clock.now(),
            ),
            _workspace,
        )

    def get_workspace(self, workspace_id: int) -> Workspace | None:
        with self.sessions.begin() as s:
            row = s.get(WorkspaceRow, workspace_id)
            return _workspace(row) if row else None

    def save_workspace(self, workspace: Workspace) -> None:
        with self.sessions.begin() as s:
            row = s.get_one(WorkspaceRow, workspace.id)
            row.timezone, row.locale = workspace.timezone, workspace.locale
            row.team_channel, row.installer = workspace.team_channel, workspace.installer
            row.digest, row.next_digest_at = workspace.digest, workspace.next_digest_at
            row.name = workspace.name  # digest_people has its own setter: never written stale

    def set_digest_people(self, workspace_id: int, on: bool) -> None:
        with self.sessions.begin() as s:
            s.execute(
                update(WorkspaceRow)
                .where(WorkspaceRow.id == workspace_id)
                .values(digest_people=on)
                .execution_options(synchronize_session=False)
            )

    def claim_installer(self, workspace_id: int, external_id: str) -> bool:
        with self.sessions.begin() as s:
            result = s.execute(
                update(WorkspaceRow)
                .where(WorkspaceRow.id == workspace_id, WorkspaceRow.installer.is_(None))
                .values(installer=external_id)
                .execution_options(synchronize_session=False)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    # people ---------------------------------------------------------------------------------
    def person(self, workspace: Workspace, external_id: str, defaults: PersonDefaults) -> Person:
        stmt = select(PersonRow).where(
            PersonRow.workspace_id == workspace.id, PersonRow.external_id == external_id
        )
        return self._get_or_create(
            stmt,
            lambda: PersonRow(
                workspace_id=workspace.id,
                external_id=external_id,
                name=defaults.name,
                timezone=defaults.timezone,
                locale=defaults.locale,
                work_start=f"{defaults.work_hours.start:%H:%M}",
                work_end=f"{defaults.work_hours.end:%H:%M}",
                profile_known=False,
                active=True,
                last_number=0,
                created_at=self._clock.now(),
            ),
            _person,
        )

    def _get_or_create(
        self, stmt: Select[Any], make: Callable[[], Row], convert: Callable[[Row], T]
    ) -> T:
        """The row `stmt` finds, else a new one from `make`; a lost insert race reads the winner."""
        with self.sessions.begin() as s:
            found = s.scalars(stmt).one_or_none()
            if found is not None:
                return convert(found)
        try:
            with self.sessions.begin() as s:
                row = make()
                s.add(row)
                s.flush()
                return convert(row)
        except IntegrityError:
            with self.sessions.begin() as s:
                return convert(s.scalars(stmt).one())

    def get_person(self, person_id: int) -> Person | None:
        with self.sessions.begin() as s:
            row = s.get(PersonRow, person_id)
            return _person(row) if row else None

    def save_person(self, person: Person) -> None:
        with self.sessions.begin() as s:
            row = s.get_one(PersonRow, person.id)
            row.name, row.timezone, row.locale = person.name, person.timezone, person.locale
            row.work_start = f"{person.work_hours.start:%H:%M}"
            row.work_end = f"{person.work_hours.end:%H:%M}"
            row.dm_channel, row.profile_known = person.dm_channel, person.profile_known
            row.active = person.active

    # promises -------------------------------------------------------------------------------
    def add_promise(self, new: NewPromise) -> Promise:
        try:
            return self._add_promise(new)
        except IntegrityError as exc:
            if new.follow_up_of is None:
                raise
            raise StaleWrite(new.follow_up_of) from exc  # its follow-up was made meanwhile

    def _add_promise(self, new: NewPromise) -> Promise:
        with self.sessions.begin() as s:
            number = s.execute(
                update(PersonRow)
                .where(PersonRow.id == new.owner_id)
                .values(last_number=PersonRow.last_number + 1)
                .returning(PersonRow.last_number)
            ).scalar_one()
            row = PromiseRow(
                workspace_id=new.workspace_id,
                owner_id=new.owner_id,
                recorder_id=new.recorder_id,
                number=number,
                task=new.task,
                text=new.text,
                counterpart=new.counterpart,
                lang=new.lang,
                original_due=new.due,
                due=new.due,
                due_has_time=new.due_has_time,
                status=Status.OPEN.value,
                created_at=new.created_at,
                updated_at=new.created_at,
                source_link=new.source_link,
                version=1,
                counterpart_id=new.counterpart_id,
                notify_counterpart=False,
                follow_up_of=new.follow_up_of,
            )
            s.add(row)
            s.flush()
            _set_chase(s, row.id, new.next_chase_at, new.chase_kind)
            s.add(
                EventRow(
                    promise_id=row.id,
                    actor_id=new.recorder_id,
                    kind=EventKind.CREATED.value,
                    at=new.created_at,
                    due_after=new.due,
                )
            )
            return _stored(s, row.id)

    def get_promise(self, promise_id: int) -> Promise | None:
        return self._one(_PROMISES.where(PromiseRow.id == promise_id))

    def promise_by_number(self, owner_id: int, number: int) -> Promise | None:
        return self._one(
            _PROMISES.where(PromiseRow.owner_id == owner_id, PromiseRow.number == number)
        )

    def _one(self, stmt: WithChase) -> Promise | None:
        with self.sessions.begin() as s:
            found = s.execute(stmt).one_or_none()
            return _promise(*found) if found else None

    def _many(self, stmt: WithChase) -> list[Promise]:
        with self.sessions.begin() as s:
            return [_promise(*found) for found in s.execute(stmt)]

    def save_promise(
        self, promise: Promise, event: PromiseEvent, notices: Sequence[Outgoing] = ()
    ) -> Promise:
        with self.sessions.begin() as s:
            result = s.execute(
                update(PromiseRow)
                .where(PromiseRow.id == promise.id, PromiseRow.version == promise.version)
                .values(
                    task=promise.task,
                    counterpart=promise.counterpart,
                    due=promise.due,
                    due_has_time=promise.due_has_time,
                    status=promise.status.value,
                    updated_at=promise.updated_at,
                    completed_at=promise.completed_at,
                    original_due=promise.original_due,
                    counterpart_id=promise.counterpart_id,
                    notify_counterpart=promise.notify_counterpart,
                    last_heard_at=promise.last_heard_at,
                    due_set_at=promise.due_set_at,
                    version=promise.version + 1,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise StaleWrite(promise.id)
            # the promise row is now locked by this transaction, so no other save races this;
            # a sweeper holding the chase row makes this wait, then this plan wins
            _set_chase(s, promise.id, promise.next_chase_at, promise.chase_kind)
            s.add(_event_row(event))
            _queue(s, notices, promise.updated_at)
            return _stored(s, promise.id)

    def open_promises(self, owner_id: int) -> Sequence[Promise]:
        return self._many(
            _PROMISES.where(
                PromiseRow.owner_id == owner_id, PromiseRow.status == Status.OPEN.value
            ).order_by(PromiseRow.due, PromiseRow.id)
        )

    def recently_closed(self, owner_id: int, since: datetime, limit: int) -> Sequence[Promise]:
        return self._many(
            _PROMISES.where(
                PromiseRow.owner_id == owner_id,
                PromiseRow.status == Status.DONE.value,
                PromiseRow.completed_at >= since,
            )
            .order_by(PromiseRow.completed_at.desc())
            .limit(limit)
        )

    def open_with_counterpart(self, workspace_id: int) -> Sequence[Promise]:
        return self._many(
            _PROMISES.where(
                PromiseRow.workspace_id == workspace_id,
                PromiseRow.status == Status.OPEN.value,
                PromiseRow.counterpart.is_not(None),
            ).order_by(PromiseRow.due, PromiseRow.id)
        )

    def follow_up(self, promise_id: int) -> Promise | None:
        return self._one(_PROMISES.where(PromiseRow.follow_up_of == promise_id))

    def events(self, promise_id: int) -> Sequence[PromiseEvent]:
        stmt = select(EventRow).where(EventRow.promise_id == promise_id).order_by(EventRow.id)
        with self.sessions.begin() as s:
            return [_event(r) for r in s.scalars(stmt)]

    def track_record(self, workspace_id: int, since: datetime, until: datetime) -> TrackRecord:
        return track_record(self.engine, workspace_id, since, until)

    # platform events ------------------------------------------------------------------------
    def first_time(self, key: str, now: datetime) -> bool:
        """Record a platform event id; False when it was already recorded (a retry)."""
        try:
            with self.sessions.begin() as s:
                s.add(ProcessedEventRow(key=key[:200], received_at=now))
            return True
        except IntegrityError:
            return False

    # platform messages about promises (Slack) ------------------------------------------------
    def record_delivery(
        self,
        key: str,
        *,
        workspace_id: int,
        promise_id: int | None,
        kind: str,
        channel: str,
        message_ref: str,
        now: datetime,
    ) -> bool:
        """Remember a message the bot sent (channel, ts); False when `key` was already recorded."""
        try:
            with self.sessions.begin() as s:
                s.add(
                    DeliveryRow(
                        key=key[:200],
                        workspace_id=workspace_id,
                        promise_id=promise_id,
                        kind=kind[:32],
                        slot=message_ref[:64],
                        status="sent",
                        attempts=1,
                        channel=channel[:64],
                        message_ref=message_ref[:64],
                        created_at=now,
                        sent_at=now,
                    )
                )
            return True
        except IntegrityError:
            return False

    def promise_for_message(self, channel: str, message_ref: str) -> int | None:
        """The promise a sent message is about, from its channel and platform reference."""
        stmt = (
            select(DeliveryRow.promise_id)
            .where(
                or_(
                    and_(DeliveryRow.channel == channel, DeliveryRow.message_ref == message_ref),
                    DeliveryRow.message_ref == f"{channel}:{message_ref}",
                ),
                DeliveryRow.promise_id.is_not(None),
            )
            .limit(1)
        )
        with self.sessions.begin() as s:
            return s.scalars(stmt).first()

    def messages_about(self, promise_id: int) -> list[tuple[str, str]]:
        """(channel, platform reference) of every sent message about a promise to its owner or
        recorder (not what its counterpart was told), oldest first."""
        stmt = (
            select(DeliveryRow.channel, DeliveryRow.message_ref)
            .where(
                DeliveryRow.promise_id == promise_id,
                DeliveryRow.message_ref.is_not(None),
                DeliveryRow.kind.not_in(sorted(TOLD)),  # to the counterpart, not the owner
            )
            .order_by(DeliveryRow.id)
        )
        found: list[tuple[str, str]] = []
        with self.sessions.begin() as s:
            for channel, ref in s.execute(stmt):
                if channel and ref and ":" not in ref:
                    found.append((channel, ref))
                elif ref and ":" in ref:
                    head, _, tail = ref.partition(":")
                    found.append((head, tail))
        return found

    def set_workspace_active(self, platform: str, external_id: str, active: bool) -> bool:
        """Mark a workspace (un)installed; False when it is unknown.

        Uninstalled, its promises leave the chase queue (nothing more is sent there) and keep
        their history; installed again, its open promises are chased again.
        """
        from storage.installations import resume_chasing, stop_workspace

        with self.engine.begin() as conn:
            if not active:
                return stop_workspace(conn, platform, external_id)
            row = conn.execute(
                select(WorkspaceRow.id, WorkspaceRow.active).where(
                    WorkspaceRow.platform == platform, WorkspaceRow.external_id == external_id
                )
            ).first()
            if row is None:
                return False
            if not row.active:
                conn.execute(
                    update(WorkspaceRow).where(WorkspaceRow.id == row.id).values(active=True)
                )
                resume_chasing(conn, row.id)
            return True


def _hhmm(value: str, default: time) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        return default


def _workspace(row: WorkspaceRow) -> Workspace:
    return Workspace(
        id=row.id,
        platform=row.platform,
        external_id=row.external_id,
        timezone=row.timezone,
        locale=row.locale,
        team_channel=row.team_channel,
        installer=row.installer,
        digest=row.digest,
        next_digest_at=row.next_digest_at,
        name=row.name,
        active=bool(row.active),
        digest_people=bool(row.digest_people),
    )


def _person(row: PersonRow) -> Person:
    hours = WorkHours(_hhmm(row.work_start, time(9)), _hhmm(row.work_end, time(19)))
    return Person(
        id=row.id,
        workspace_id=row.workspace_id,
        external_id=row.external_id,
        timezone=row.timezone,
        locale=row.locale,
        work_hours=hours,
        name=row.name,
        dm_channel=row.dm_channel,
        profile_known=row.profile_known,
        active=row.active,
    )


# a promise with its next chase, if it has one
WithChase = Select[PromiseRow, datetime, str]
_PROMISES: WithChase = select(PromiseRow, ChaseRow.at, ChaseRow.kind).outerjoin(
    ChaseRow, ChaseRow.promise_id == PromiseRow.id
)


def _stored(s: Session, promise_id: int) -> Promise:
    """The promise as this transaction has just written it, with its next chase."""
    stmt = _PROMISES.where(PromiseRow.id == promise_id)
    return _promise(*s.execute(stmt.execution_options(populate_existing=True)).one())


# an upsert: a sweeper may be taking this promise's chase out of the queue (and putting it
# back) at this moment; this waits for it, then the book's plan, the newer, is the one kept
_UPSERT_CHASE = text(
    "INSERT INTO chases (promise_id, at, kind) VALUES (:id, :at, :kind)"
    " ON CONFLICT (promise_id) DO UPDATE SET at = excluded.at, kind = excluded.kind"
).bindparams(bindparam("at", type_=UTCDateTime))


def _set_chase(s: Session, promise_id: int, at: datetime | None, kind: str | None) -> None:
    """Store the next chase of a promise, or none."""
    if at is None:
        s.execute(delete(ChaseRow).where(ChaseRow.promise_id == promise_id))
    else:
        s.execute(_UPSERT_CHASE, {"id": promise_id, "at": at, "kind": kind or REMINDER})


def _promise(row: PromiseRow, at: datetime | None = None, kind: str | None = None) -> Promise:
    return Promise(
        id=row.id,
        workspace_id=row.workspace_id,
        owner_id=row.owner_id,
        recorder_id=row.recorder_id,
        number=row.number,
        task=row.task,
        text=row.text,
        due=row.due,
        original_due=row.original_due,
        due_has_time=row.due_has_time,
        status=Status(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        lang=row.lang,
        counterpart=row.counterpart,
        completed_at=row.completed_at,
        next_chase_at=at,
        chase_kind=kind if at is not None else None,
        source_link=row.source_link,
        version=row.version,
        counterpart_id=row.counterpart_id,
        notify_counterpart=bool(row.notify_counterpart),
        last_heard_at=row.last_heard_at,
        follow_up_of=row.follow_up_of,
        due_set_at=row.due_set_at,
    )


def _queue(s: Session, notices: Sequence[Outgoing], now: datetime) -> None:
    """Put messages in the deliveries outbox, each once by its key; the sweeper sends them."""
    for notice in notices:
        exists = s.scalar(select(DeliveryRow.id).where(DeliveryRow.key == notice.key[:200]))
        if exists is not None:
            continue
        s.add(
            DeliveryRow(
                key=notice.key[:200],
                workspace_id=notice.workspace_id,
                promise_id=notice.promise_id,
                kind=notice.kind[:32],
                slot=notice.slot[:64],
                status="pending",
                attempts=0,
                created_at=now,
                retry_at=now,
            )
        )
    if notices:
        s.flush()


def _event_row(event: PromiseEvent) -> EventRow:
    return EventRow(
        promise_id=event.promise_id,
        actor_id=event.actor_id,
        kind=event.kind.value,
        at=event.at,
        due_before=event.due_before,
        due_after=event.due_after,
        reason=event.reason,
    )


def _event(row: EventRow) -> PromiseEvent:
    return PromiseEvent(
        promise_id=row.promise_id,
        kind=EventKind(row.kind),
        at=row.at,
        actor_id=row.actor_id,
        due_before=row.due_before,
        due_after=row.due_after,
        reason=row.reason,
    )
