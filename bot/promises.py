"""The promise book: make, complete, reschedule, cancel, reopen and list promises.

Every change is written together with an event, so nothing is overwritten without a trace.
Only the owner or the person who recorded a promise may change it. Instants are UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.chasing import ChaseRules, next_chase
from bot.keeping import TrackRecord
from bot.model import EventKind, NewPromise, Person, Promise, PromiseEvent, Status, Workspace
from bot.ports import Clock, PromiseStore, StaleWrite

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
    ) -> None:
        self._store = store
        self._clock = clock
        self._rules = rules
        self._on_change = on_change

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
        source_link: str | None = None,
    ) -> Change:
        """Record a promise of `owner` (default: the recorder) due at `due` (aware, any zone)."""
        now = self._clock.now()
        owner = owner or recorder
        task = task.strip()
        problem = self.problem(task, due)
        if problem is not None:
            raise problem
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
        return self._save(done, PromiseEvent(promise.id, EventKind.DONE, now, actor.id))

    def reschedule(
        self,
        actor: Person,
        promise_id: int,
        due: datetime,
        due_has_time: bool,
        reason: str | None = None,
    ) -> Change:
        """Move an open promise's deadline to `due` (aware), keeping the reason."""
        promise = self._editable(actor, promise_id)
        self._require_open(promise)
        now = self._clock.now()
        due_utc = _utc(due)
        if due_utc <= now:
            raise InThePast("reschedule_past", promise)
        reason = (reason or "").strip()[:MAX_TASK] or None
        moved = replace(promise, due=due_utc, due_has_time=due_has_time, updated_at=now)
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
        return self._save(moved, event)

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
            raise NotOpen("not_open", promise, status=Status.OPEN)
        now = self._clock.now()
        again = replace(promise, status=Status.OPEN, completed_at=None, updated_at=now)
        again = self._rechase(again, now)
        return self._save(again, PromiseEvent(promise.id, EventKind.REOPENED, now, actor.id))

    def check_in(self, actor: Person, promise_id: int, note: str | None = None) -> Change:
        """Record that the other side was told there is no news yet."""
        promise = self._editable(actor, promise_id)
        self._require_open(promise)
        now = self._clock.now()
        touched = replace(promise, updated_at=now)
        return self._save(
            touched, PromiseEvent(promise.id, EventKind.CHECKED_IN, now, actor.id, reason=note)
        )

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

    def set_digest_people(self, actor: Person, on: bool) -> Workspace:
        """Show each person's figures in the weekly digest, or only the team's; only the
        workspace's installer or an admin may."""
        workspace = self.workspace_of(actor)
        if not (actor.admin or workspace.installer == actor.external_id):
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

    def _save(self, promise: Promise, event: PromiseEvent) -> Change:
        try:
            saved = self._store.save_promise(promise, event)
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
    )
