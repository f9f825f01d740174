"""The promise book's plain data: workspaces, people, promises and their events.

Every datetime here is timezone-aware and in UTC; readers convert to their own zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class EventKind(StrEnum):
    CREATED = "created"
    RESCHEDULED = "rescheduled"
    DONE = "done"
    REOPENED = "reopened"
    CANCELLED = "cancelled"
    REMINDED = "reminded"
    OVERDUE = "overdue"
    CHECKED_IN = "checked_in"
    # promises to customers (bot.counterparts)
    ASKED = "asked"  # the "¿Llegas?" question was sent
    ON_TRACK = "on_track"  # the owner answered "Sí, llego"
    OFF_TRACK = "off_track"  # the owner answered "No llego": renegotiation opened
    PROMPTED = "prompted"  # the mid-way "¿Le avisaste a …?" was sent
    TIGHTENED = "tightened"  # a loose deadline made concrete, earlier; not a renegotiation
    COUNTERPART = "counterpart"  # whom it was promised to was set or changed
    NOTIFY = "notify"  # telling the counterpart turned on ("on") or off ("off")
    TOLD = "told"  # the counterpart was told it was kept or moved
    FOLLOW_UP = "follow_up"  # a follow-up promise was made of this one


@dataclass(frozen=True, slots=True)
class WorkHours:
    """A person's working day in their own timezone, e.g. 09:00-19:00."""

    start: time = time(9, 0)
    end: time = time(19, 0)

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(slots=True)
class Workspace:
    id: int
    platform: str
    external_id: str
    timezone: str
    locale: str
    team_channel: str | None = None
    installer: str | None = None
    digest: str | None = None
    next_digest_at: datetime | None = None
    name: str | None = None
    active: bool = True  # False once the platform uninstalled Prometo there
    digest_people: bool = False  # the digest shows each person's figures, not only the team's


@dataclass(slots=True)
class Person:
    id: int
    workspace_id: int
    external_id: str
    timezone: str
    locale: str
    work_hours: WorkHours = field(default_factory=WorkHours)
    name: str | None = None
    dm_channel: str | None = None
    profile_known: bool = False
    active: bool = True


@dataclass(slots=True)
class Promise:
    """One promise. `number` is the owner's own counter: "/prometo hecho 3"."""

    id: int
    workspace_id: int
    owner_id: int
    recorder_id: int
    number: int
    task: str
    text: str
    due: datetime
    original_due: datetime
    due_has_time: bool
    status: Status
    created_at: datetime
    updated_at: datetime
    lang: str = "es"
    counterpart: str | None = None
    completed_at: datetime | None = None
    next_chase_at: datetime | None = None
    chase_kind: str | None = None
    source_link: str | None = None
    version: int = 1
    # whom it was promised to, when that is a person of the workspace (people.id)
    counterpart_id: int | None = None
    # tell the counterpart person when it is kept or gets a new date (off by default)
    notify_counterpart: bool = False
    # when the counterpart last heard from the owner about it (a check-in), UTC
    last_heard_at: datetime | None = None
    # the promise this one follows up (checking the customer is happy after delivery)
    follow_up_of: int | None = None
    # when the current deadline was set, if it was moved or pinned down since capture (UTC)
    due_set_at: datetime | None = None

    def is_overdue(self, now: datetime) -> bool:
        """True when the promise is open and its deadline (UTC) is before `now`."""
        return self.status is Status.OPEN and self.due < now

    def kept_on_time(self) -> bool:
        """True when it was completed no later than its current deadline."""
        return (
            self.status is Status.DONE
            and self.completed_at is not None
            and self.completed_at <= self.due
        )


@dataclass(slots=True)
class NewPromise:
    """What the book asks the store to insert; the store assigns id and number."""

    workspace_id: int
    owner_id: int
    recorder_id: int
    task: str
    text: str
    due: datetime
    due_has_time: bool
    created_at: datetime
    lang: str
    counterpart: str | None = None
    source_link: str | None = None
    next_chase_at: datetime | None = None
    chase_kind: str | None = None
    counterpart_id: int | None = None
    follow_up_of: int | None = None


@dataclass(frozen=True, slots=True)
class PromiseEvent:
    promise_id: int
    kind: EventKind
    at: datetime
    actor_id: int | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    reason: str | None = None

    @property
    def renegotiated_in_time(self) -> bool:
        """For a reschedule: True when it was made no later than the deadline it moved (UTC)."""
        return (
            self.kind is EventKind.RESCHEDULED
            and self.due_before is not None
            and self.at <= self.due_before
        )


class SuggestionStatus(StrEnum):
    OFFERED = "offered"
    SAVED = "saved"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class NewSuggestion:
    """A promise spotted in a channel message, to offer its author once; instants in UTC."""

    workspace_id: int
    person_id: int
    channel: str
    message_ref: str
    task: str
    text: str
    due: datetime
    due_has_time: bool
    lang: str
    created_at: datetime
    counterpart: str | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An offered suggestion and what its author did with it (`promise_id` once saved)."""

    id: int
    workspace_id: int
    person_id: int
    channel: str
    message_ref: str
    task: str
    text: str
    due: datetime
    due_has_time: bool
    lang: str
    status: SuggestionStatus
    created_at: datetime
    counterpart: str | None = None
    promise_id: int | None = None
    decided_at: datetime | None = None
