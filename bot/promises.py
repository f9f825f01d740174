"""The promise book: make, complete, reschedule, cancel, reopen and list promises.

Every change is written together with an event, so nothing is overwritten without a trace.
Only the owner or the person who recorded a promise may change it. Instants are UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.chasing import ChaseRules, next_chase
from bot.counterparts import (
    MAX_COUNTERPART,
    CustomerRules,
    follow_up_due,
    notice_kept,
    notice_moved,
    tells,
)
from bot.i18n import t
from bot.keeping import TrackRecord
from bot.model import EventKind, NewPromise, Person, Promise, PromiseEvent, Status, Workspace
from bot.ports import Clock, Outgoing, PersonDefaults, PromiseStore, StaleWrite

MAX_TASK = 1000


class BookError(Exception):
    """A user mistake or refusal; `key` names the text that explains it."""

    def __init__(self, key: str, promise: Promise | None = None, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.promise = promise
        self.values = values


class NotFound(BookError):
    pass


class Forbidden(BookError):
    def __init__(self, promise: Promise, owner: Person) -> None:
        super().__init__("forbidden", promise)
        self.owner = owner


class NotOpen(BookError):
    pass


class InThePast(BookError):
    pass


class Conflict(BookError):
    pass


@dataclass(frozen=True, slots=True)
class Change:
    """A promise after a change, with the people a platform needs to tell about it."""

    promise: Promise
    owner: Person
    recorder: Person


class PromiseBook:
    def __init__(
        self,
        store: PromiseStore,
        clock: Clock,
        rules: ChaseRules,
        on_change: Callable[[Change], None] | None = None,
        *,
        customers: CustomerRules | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._rules = rules
        self._on_change = on_change
        self.customers = customers or CustomerRules()

    def now(self) -> datetime:
        """The book's current instant (UTC)."""
        return self._clock.now()

    def make(
        self,
        recorder: Person,
        *,
        task: str,
        text: str,
        due: datetime,
        due_has_time: bool,
        lang: str,
        owner: Person | None = None,
        counterpart: str | None = None,
        counterpart_id: int | None = None,
        source_link: str | None = None,
        follow_up_of: int | None = None,
    ) -> Change:
        """Record a promise of `owner` (default: the recorder) due at `due` (aware, any zone).

        `counterpart` is whom it was made to, as typed; `counterpart_id` the workspace person
        it names, when it is one.
        """
        now = self._clock.now()
        owner = owner or recorder
        task = task.strip()
        problem = self.problem(task, due)
        if problem is not None:
            raise problem
        counterpart = (counterpart or "").strip() or None
        if counterpart is not None and len(counterpart) > MAX_COUNTERPART:
            raise BookError("counterpart_too_long", length=len(counterpart), limit=MAX_COUNTERPART)
        if counterpart_id is not None:
            other = self._store.get_person(counterpart_id)
            if other is None or other.workspace_id != owner.workspace_id:
                counterpart_id = None
        due_utc = _utc(due)
        new = NewPromise(
            workspace_id=owner.workspace_id,
            owner_id=owner.id,
            recorder_id=recorder.id,
            task=task,
            text=text[: MAX_TASK * 2],
            due=due_utc,
            due_has_time=due_has_time,
            created_at=now,
            lang=lang,
            counterpart=counterpart,
            source_link=source_link,
            counterpart_id=counterpart_id,
            follow_up_of=follow_up_of,
        )
        chase = next_chase(_as_promise(new), owner, now, self._rules)
        if chase:
            new.next_chase_at, new.chase_kind = chase.at, chase.kind
        promise = self._store.add_promise(new)
        return self._changed(Change(promise, owner, recorder))

    def problem(self, task: str, due: datetime) -> BookError | None:
        """Why a promise of `task` due at `due` (aware) can't be recorded now, or None."""
        task = task.strip()
        if not task:
            return BookError("no_task")
        if len(task) > MAX_TASK:
            return BookError("too_long", length=len(task), limit=MAX_TASK)
        due_utc = _utc(due)
        if due_utc <= self._clock.now():
            return InThePast("past", due=due_utc, task=task)
        return None

    def get(self, actor: Person, promise_id: int) -> Promise:
        """A promise the actor may see; raises NotFound."""
        promise = self._store.get_promise(promise_id)
        if promise is None or promise.workspace_id != actor.workspace_id:
            raise NotFound("not_found_id")
        return promise

    def by_number(self, actor: Person, number: int) -> Promise:
        """The actor's own promise with this number; raises NotFound."""
        promise = self._store.promise_by_number(actor.id, number)
        if promise is None:
            raise NotFound("not_found", number=number)
        return promise

    def complete(self, actor: Person, promise_id: int) -> Change:
        """Mark a promise kept now."""
        promise = self._editable(actor, promise_id)
        if promise.status is Status.DONE:
            raise NotOpen("already_done", promise)
        self._require_open(promise)
        now = self._clock.now()
        done = replace(
            promise,
            status=Status.DONE,
            completed_at=now,
            updated_at=now,
            next_chase_at=None,
            chase_kind=None,
        )
        notices = (notice_kept(done),) if tells(done) else ()
        return self._save(done, PromiseEvent(promise.id, EventKind.DONE, now, actor.id), notices)

    def reschedule(
        self,
        actor: Person,
        promise_id: int,
        due: datetime,
        due_has_time: bool,
        reason: str | None = None,
    ) -> Change:
        """Move an open promise's deadline to `due` (aware), with the reason, which it needs.

        Made no later than the deadline it moves, it is a renegotiation in time
        (PromiseEvent.renegotiated_in_time); the first deadline stays in `original_due`.
        A counterpart who asked to be told hears of the new date through the outbox.
        """
        promise = self._editable(actor, promise_id)
        self._require_open(promise)
        now = self._clock.now()
        due_utc = _utc(due)
        if due_utc <= now:
            raise InThePast("reschedule_past", promise)
        reason = (reason or "").strip()[:MAX_TASK] or None
        if reason is None:
            raise BookError("reason_needed", promise)
        moved = replace(
            promise, due=due_utc, due_has_time=due_has_time, updated_at=now, due_set_at=now
        )
        notices: tuple[Outgoing, ...] = ()
        if tells(moved):
            notices = (notice_moved(moved),)
            moved = replace(moved, last_heard_at=now)  # they are being told right now
        moved = self._rechase(moved, now)
        event = PromiseEvent(
            promise.id,
            EventKind.RESCHEDULED,
            now,
            actor.id,
            due_before=promise.due,
            due_after=due_utc,
            reason=reason,
        )
        return self._save(moved, event, notices)

    def cancel(self, actor: Person, promise_id: int, *, reason: str | None = None) -> Change:
        """Cancel an open promise."""
        promise = self._editable(actor, promise_id)
        self._require_open(promise)
        now = self._clock.now()
        gone = replace(
            promise, status=Status.CANCELLED, updated_at=now, next_chase_at=None, chase_kind=None
        )
        return self._save(
            gone, PromiseEvent(promise.id, EventKind.CANCELLED, now, actor.id, reason=reason)
        )

    def reopen(self, actor: Person, promise_id: int) -> Change:
        """Open a kept or cancelled promise again, with its current deadline."""
        promise = self._editable(actor, promise_id)
        if promise.status is Status.OPEN:
            raise NotOpen("already_open", promise)
        now = self._clock.now()
        again = replace(promise, status=Status.OPEN, completed_at=None, updated_at=now)
        again = self._rechase(again, now)
        return self._save(again, PromiseEvent(promise.id, EventKind.REOPENED, now, actor.id))

    def check_in(self, actor: Person, promise_id: int, note: str | None = None) -> Change:
        """Record that the other side was told there is no news yet; the next check-in moves."""
        promise = self._editable(actor, promise_id)
        self._require_open(promise)
        now = self._clock.now()
        touched = self._rechase(replace(promise, updated_at=now, last_heard_at=now), now)
        return self._save(
            touched, PromiseEvent(promise.id, EventKind.CHECKED_IN, now, actor.id, reason=note)
        )

    def answer_ask(self, actor: Person, promise_id: int, on_track: bool) -> Change:
        """Record the owner's answer to "¿Llegas?": on track, or not (then a new date is due)."""
        promise = self._editable(actor, promise_id)
        self._require_open(promise)
        now = self._clock.now()
        kind = EventKind.ON_TRACK if on_track else EventKind.OFF_TRACK
        return self._save(
            replace(promise, updated_at=now), PromiseEvent(promise.id, kind, now, actor.id)
        )

    def tighten(self, actor: Person, promise_id: int, due: datetime, due_has_time: bool) -> Change:
        """Make a loose deadline ("esta semana") concrete: earlier, never moved before.

        Not a renegotiation: the concrete moment becomes what was promised (`original_due`).
        """
        promise = self._editable(actor, promise_id)
        self._require_open(promise)
        now = self._clock.now()
        due_utc = _utc(due)
        if due_utc <= now:
            raise InThePast("reschedule_past", promise)
        if promise.due != promise.original_due or due_utc > promise.due:
            raise BookError("cannot_tighten", promise)
        tight = replace(
            promise,
            due=due_utc,
            original_due=due_utc,
            due_has_time=due_has_time,
            updated_at=now,
            due_set_at=now,
        )
        tight = self._rechase(tight, now)
        event = PromiseEvent(
            promise.id,
            EventKind.TIGHTENED,
            now,
            actor.id,
            due_before=promise.due,
            due_after=due_utc,
        )
        return self._save(tight, event)

    def set_counterpart(
        self, actor: Person, promise_id: int, counterpart: str, counterpart_id: int | None = None
    ) -> Change:
        """Say whom a promise was made to: text as typed, and the person when it names one."""
        promise = self._editable(actor, promise_id)
        self._require_open(promise)
        counterpart = counterpart.strip()
        if not counterpart:
            raise BookError("counterpart_needed", promise)
        if len(counterpart) > MAX_COUNTERPART:
            raise BookError(
                "counterpart_too_long", promise, length=len(counterpart), limit=MAX_COUNTERPART
            )
        if counterpart_id is not None:
            other = self._store.get_person(counterpart_id)
            if other is None or other.workspace_id != promise.workspace_id:
                counterpart_id = None
        now = self._clock.now()
        named = replace(
            promise,
            counterpart=counterpart,
            counterpart_id=counterpart_id,
            notify_counterpart=promise.notify_counterpart and counterpart_id is not None,
            updated_at=now,
        )
        named = self._rechase(named, now)
        event = PromiseEvent(promise.id, EventKind.COUNTERPART, now, actor.id, reason=counterpart)
        return self._save(named, event)

    def set_notify(self, actor: Person, promise_id: int, on: bool) -> Change:
        """Turn on or off telling the counterpart person when it is kept or gets a new date."""
        promise = self._editable(actor, promise_id)
        self._require_open(promise)
        if promise.counterpart_id is None or promise.counterpart_id == promise.owner_id:
            raise BookError("notify_no_person", promise)
        if promise.notify_counterpart == on:
            raise BookError("notify_already_on" if on else "notify_already_off", promise)
        now = self._clock.now()
        toggled = replace(promise, notify_counterpart=on, updated_at=now)
        event = PromiseEvent(
            promise.id, EventKind.NOTIFY, now, actor.id, reason="on" if on else "off"
        )
        return self._save(toggled, event)

    def follow_up(self, actor: Person, promise_id: int) -> Change:
        """Make the follow-up of a kept promise: check with the counterpart that all is well,
        `CustomerRules.follow_up_days` working days after it was kept, chased like any promise.
        One per promise: asking again finds the first."""
        promise = self._editable(actor, promise_id)
        if promise.status is not Status.DONE:
            raise NotOpen("follow_up_not_kept", promise, status=promise.status)
        if promise.follow_up_of is not None:
            raise BookError("follow_up_of_follow_up", promise)
        existing = self._store.follow_up(promise.id)
        if existing is not None:
            raise BookError("follow_up_exists", existing)
        owner = self.person(promise.owner_id)
        kept_at = promise.completed_at or self._clock.now()
        due = follow_up_due(max(kept_at, self._clock.now()), owner, self.customers.follow_up_days)
        task = _follow_up_task(promise)
        try:
            change = self.make(
                actor,
                owner=owner,
                task=task,
                text=task,
                due=due,
                due_has_time=False,
                lang=promise.lang,
                counterpart=promise.counterpart,
                counterpart_id=promise.counterpart_id,
                source_link=promise.source_link,
                follow_up_of=promise.id,
            )
        except StaleWrite as exc:  # a second click won the race: that follow-up stands
            raise Conflict("conflict", promise) from exc
        now = self._clock.now()
        self._save(
            replace(promise, updated_at=now),
            PromiseEvent(
                promise.id, EventKind.FOLLOW_UP, now, actor.id, due_after=change.promise.due
            ),
        )
        return change

    def with_counterpart(self, actor: Person) -> Sequence[Promise]:
        """Open promises of the actor's workspace that name whom they were made to."""
        return self._store.open_with_counterpart(actor.workspace_id)

    def people_named(self, actor: Person, user_ids: Sequence[str]) -> dict[str, Person]:
        """The actor's workspace people with these platform user ids, created when new."""
        workspace = self._store.get_workspace(actor.workspace_id)
        if workspace is None:
            return {}
        defaults = PersonDefaults(
            timezone=workspace.timezone, locale=workspace.locale, work_hours=actor.work_hours
        )
        return {uid: self._store.person(workspace, uid, defaults) for uid in user_ids}

    def follow_up_of(self, promise: Promise) -> Promise | None:
        """The follow-up made of `promise`, if there is one."""
        return self._store.follow_up(promise.id)

    def open_for(self, person: Person) -> Sequence[Promise]:
        """The person's open promises, earliest deadline (so overdue) first."""
        return sorted(self._store.open_promises(person.id), key=lambda p: p.due)

    def recently_kept(self, person: Person, days: int = 7, limit: int = 10) -> Sequence[Promise]:
        """The person's promises kept in the last `days` days, newest first."""
        since = self._clock.now() - timedelta(days=days)
        return self._store.recently_closed(person.id, since, limit)

    def set_team_channel(self, actor: Person, channel: str) -> Workspace:
        """Choose the channel where the actor's workspace hears of overdue promises and digests."""
        workspace = self._store.get_workspace(actor.workspace_id)
        if workspace is None:
            raise NotFound("not_found_id")
        workspace.team_channel = channel
        self._store.save_workspace(workspace)
        return workspace

    def workspace_of(self, actor: Person) -> Workspace:
        """The actor's workspace."""
        workspace = self._store.get_workspace(actor.workspace_id)
        if workspace is None:
            raise NotFound("not_found_id")
        return workspace

    def track_record(self, actor: Person, since: datetime) -> TrackRecord:
        """The promises of the actor's workspace that count from `since` until now (UTC)."""
        return self._store.track_record(actor.workspace_id, since, self._clock.now())

    def set_digest_people(
        self, actor: Person, on: bool, admin: Callable[[], bool] = lambda: False
    ) -> Workspace:
        """Show each person's figures in the weekly digest, or only the team's; only the
        workspace's installer or an admin may (`admin` is asked only when it matters)."""
        workspace = self.workspace_of(actor)
        if workspace.installer != actor.external_id and not admin():
            raise BookError("digest_people_forbidden")
        self._store.set_digest_people(workspace.id, on)
        workspace.digest_people = on
        return workspace

    def history(self, promise_id: int) -> Sequence[PromiseEvent]:
        """Every event of a promise, oldest first."""
        return self._store.events(promise_id)

    def person(self, person_id: int) -> Person:
        """A person by id; the store guarantees referenced people exist."""
        person = self._store.get_person(person_id)
        if person is None:
            raise NotFound("not_found_id")
        return person

    def editable(self, actor: Person, promise_id: int) -> Promise:
        """A promise the actor may change (owner or recorder); raises NotFound or Forbidden."""
        return self._editable(actor, promise_id)

    def visible(self, actor: Person, promise_id: int) -> Promise:
        """A promise whose history the actor may read: owner, recorder, or the person it was
        made to; raises NotFound or Forbidden."""
        promise = self.get(actor, promise_id)
        if actor.id not in (promise.owner_id, promise.recorder_id, promise.counterpart_id):
            raise Forbidden(promise, self.person(promise.owner_id))
        return promise

    def _editable(self, actor: Person, promise_id: int) -> Promise:
        promise = self.get(actor, promise_id)
        if actor.id not in (promise.owner_id, promise.recorder_id):
            raise Forbidden(promise, self.person(promise.owner_id))
        return promise

    def _require_open(self, promise: Promise) -> None:
        if promise.status is not Status.OPEN:
            raise NotOpen("not_open", promise, status=promise.status)

    def _rechase(self, promise: Promise, now: datetime) -> Promise:
        chase = next_chase(promise, self.person(promise.owner_id), now, self._rules)
        if chase is None:
            return replace(promise, next_chase_at=None, chase_kind=None)
        return replace(promise, next_chase_at=chase.at, chase_kind=chase.kind)

    def _save(
        self, promise: Promise, event: PromiseEvent, notices: Sequence[Outgoing] = ()
    ) -> Change:
        try:
            saved = self._store.save_promise(promise, event, notices)
        except StaleWrite as exc:
            raise Conflict("conflict", promise) from exc
        change = Change(saved, self.person(saved.owner_id), self.person(saved.recorder_id))
        return self._changed(change)

    def _changed(self, change: Change) -> Change:
        if self._on_change is not None:
            self._on_change(change)
        return change


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("deadline must be timezone-aware")
    return moment.astimezone(UTC)


def _follow_up_task(promise: Promise) -> str:
    """The follow-up's task in the promise's language, within MAX_TASK."""
    who = promise.counterpart or t(promise.lang, "follow_up_nobody")
    head = t(promise.lang, "follow_up_task", who=who, task="")
    room = MAX_TASK - len(head)
    task = promise.task if len(promise.task) <= room else promise.task[: room - 1] + "…"
    return t(promise.lang, "follow_up_task", who=who, task=task)


def _as_promise(new: NewPromise) -> Promise:
    return Promise(
        id=0,
        workspace_id=new.workspace_id,
        owner_id=new.owner_id,
        recorder_id=new.recorder_id,
        number=0,
        task=new.task,
        text=new.text,
        due=new.due,
        original_due=new.due,
        due_has_time=new.due_has_time,
        status=Status.OPEN,
        created_at=new.created_at,
        updated_at=new.created_at,
        lang=new.lang,
        counterpart=new.counterpart,
        counterpart_id=new.counterpart_id,
        follow_up_of=new.follow_up_of,
    )
