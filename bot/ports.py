"""What the core needs from the outside world, as protocols.

People and channels are opaque platform references, so Teams fits beside Slack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple, Protocol

from bot.keeping import TrackRecord
from bot.messages import Message
from bot.model import (
    NewPromise,
    NewSuggestion,
    Person,
    Promise,
    PromiseEvent,
    Suggestion,
    SuggestionStatus,
    WorkHours,
    Workspace,
)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


@dataclass(frozen=True, slots=True)
class PersonDefaults:
    """What a person starts with before the platform tells us more."""

    timezone: str
    locale: str
    name: str | None = None
    work_hours: WorkHours = field(default_factory=WorkHours)


class StaleWrite(Exception):
    """The promise changed since it was read; the caller should reload and retry."""


class PromiseStore(Protocol):
    def workspace(
        self, platform: str, external_id: str, *, timezone: str, locale: str
    ) -> Workspace:
        """The workspace, created with these defaults when new."""
        ...

    def get_workspace(self, workspace_id: int) -> Workspace | None: ...

    def save_workspace(self, workspace: Workspace) -> None: ...

    def set_digest_people(self, workspace_id: int, on: bool) -> None:
        """Whether the workspace's digest shows each person's figures (only this column)."""
        ...

    def claim_installer(self, workspace_id: int, external_id: str) -> bool:
        """Make this person the workspace's contact unless it has one; True when it took."""
        ...

    def person(self, workspace: Workspace, external_id: str, defaults: PersonDefaults) -> Person:
        """The person, created with these defaults when new."""
        ...

    def get_person(self, person_id: int) -> Person | None: ...

    def save_person(self, person: Person) -> None: ...

    def add_promise(self, new: NewPromise) -> Promise:
        """Insert a promise with the next number of its owner and its `created` event."""
        ...

    def get_promise(self, promise_id: int) -> Promise | None: ...

    def promise_by_number(self, owner_id: int, number: int) -> Promise | None: ...

    def save_promise(
        self, promise: Promise, event: PromiseEvent, notices: Sequence[Outgoing] = ()
    ) -> Promise:
        """Write the changed promise and its event atomically; raise StaleWrite on a lost race.

        `notices` go into the deliveries outbox in the same transaction (a key already there is
        left alone), so a message about the change is neither lost nor sent twice.
        """
        ...

    def open_promises(self, owner_id: int) -> Sequence[Promise]:
        """Open promises of one owner, earliest deadline first."""
        ...

    def recently_closed(self, owner_id: int, since: datetime, limit: int) -> Sequence[Promise]:
        """Promises of one owner completed since `since` (UTC), newest first."""
        ...

    def events(self, promise_id: int) -> Sequence[PromiseEvent]: ...

    def track_record(self, workspace_id: int, since: datetime, until: datetime) -> TrackRecord:
        """The workspace's promises that count in [since, until) (UTC, bot.keeping.counts_at),
        with their reschedules and cancellations."""
        ...

    def open_with_counterpart(self, workspace_id: int) -> Sequence[Promise]:
        """Open promises of a workspace that name whom they were made to, earliest first."""
        ...

    def follow_up(self, promise_id: int) -> Promise | None:
        """The follow-up made of a promise, if any."""
        ...


class DeliveryError(Exception):
    """A platform refused a message.

    `permanent` errors (channel gone, bot not in channel, user deactivated) must not be retried;
    others may be, after `retry_after` seconds when the platform said so.
    """

    def __init__(self, code: str, *, permanent: bool, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.permanent = permanent
        self.retry_after = retry_after


class Messenger(Protocol):
    """A platform that can deliver the core's messages."""

    def send_dm(self, person: Person, message: Message) -> str:
        """Send a direct message; return the platform's reference to it. Raises DeliveryError."""
        ...

    def post(self, channel: str, message: Message) -> str:
        """Post to a channel; return the platform's reference to the message."""
        ...

    def update(self, ref: str, message: Message) -> None:
        """Replace a message the bot sent earlier."""
        ...


class ChaseMeter(Protocol):
    """Where the chaser reports what it does (metrics)."""

    def chase(self, kind: str, outcome: str) -> None:
        """One delivery of `kind` ended: sent, failed, retried, skipped (or error)."""
        ...

    def sweep(self, lag: float) -> None:
        """A sweep starts; the oldest due chase waited `lag` seconds."""
        ...


class Outgoing(NamedTuple):
    """A message to send, written (with its unique key) before anyone sends it.

    Named tuples, this and Replan: a claim makes a thousand of each, and a frozen dataclass
    costs three times as much to build."""

    key: str
    workspace_id: int
    kind: str
    slot: str
    promise_id: int | None = None


class Replan(NamedTuple):
    """What the sweeper decided for one due promise: deliveries to write, the next chase (UTC)."""

    next_chase_at: datetime | None
    chase_kind: str | None
    deliveries: tuple[Outgoing, ...] = ()


@dataclass(frozen=True, slots=True)
class Delivery:
    """One recorded send: `status` is pending, sending, sent, failed or skipped."""

    id: int
    key: str
    workspace_id: int
    promise_id: int | None
    kind: str
    slot: str
    status: str
    attempts: int
    created_at: datetime
    channel: str | None = None
    message_ref: str | None = None
    error: str | None = None
    sent_at: datetime | None = None
    retry_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DigestData:
    """What a weekly digest is computed from: a workspace's recent and open promises."""

    promises: Sequence[Promise]
    rescheduled: frozenset[int]
    people: dict[int, Person]


@dataclass(frozen=True, slots=True)
class ChaseContext:
    """What a batch of deliveries is about, loaded at once: promises, people, workspaces."""

    promises: dict[int, Promise]
    people: dict[int, Person]
    workspaces: dict[int, Workspace]


class ChaseStore(Protocol):
    """Claims of due chases and the record of every send, safe with several processes."""

    def plan_due(
        self, now: datetime, limit: int, decide: Callable[[Promise, Person], Replan]
    ) -> int:
        """Claim up to `limit` open promises whose next chase is due at `now` (UTC).

        For each, `decide` says what to write; the deliveries and the new `next_chase_at` are
        stored in the same transaction as the claim. A next chase that follows a delivery waits
        on it and is queued again when the delivery ends (`finish`). Returns how many promises
        were claimed.
        """
        ...

    def plan_digests(self, now: datetime, limit: int, decide: Callable[[Workspace], Replan]) -> int:
        """Claim workspaces whose digest is due at `now` or was never scheduled; as plan_due.

        `Replan.next_chase_at` is the workspace's next digest time.
        """
        ...

    def claim_deliveries(self, now: datetime, limit: int, lease: timedelta) -> list[Delivery]:
        """Take up to `limit` deliveries ready to send (pending and due, or a lapsed lease).

        Each is marked sending until `now + lease`, so a crashed sender's work comes back.
        """
        ...

    def renew(self, held: Mapping[int, int], until: datetime) -> set[int]:
        """Extend to `until` the lease of deliveries still claimed as `held` says.

        `held` maps a delivery id to its `attempts` when claimed (the claim's fencing token);
        returns the ids renewed. A delivery sent, put back, or claimed by another sender since
        (its lease had lapsed) is left alone and not returned: it is no longer ours to send.
        """
        ...

    def context(self, deliveries: Sequence[Delivery]) -> ChaseContext:
        """The promises, their owners and the workspaces that `deliveries` are about."""
        ...

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
        """Record how a send ended: sent (with the platform ref), failed, skipped or pending.

        `event` goes into the promise's history in the same transaction (reminded, overdue).
        When it ended (sent, failed, skipped) and `rearm`, the promise's next chase, which
        waited on this delivery, is queued again, unless the book planned the promise anew.
        """
        ...

    def next_due(self) -> datetime | None:
        """The earliest moment (UTC) at which something may become due: chase, retry, digest."""
        ...

    def oldest_due(self, now: datetime) -> datetime | None:
        """When the oldest chase or send that is due at `now` and not yet sent fell due (UTC)."""
        ...

    def digest_data(self, workspace_id: int, since: datetime, until: datetime) -> DigestData:
        """Open promises plus those closed or rescheduled in [since, until) (UTC)."""
        ...

    def claim_channel_hint(self, workspace_id: int, now: datetime) -> bool:
        """True the first time only: the installer may be told how to set a team channel."""
        ...

    def deliveries(self, promise_id: int) -> Sequence[Delivery]:
        """Every delivery about one promise, oldest first."""
        ...


class SuggestionStore(Protocol):
    """Promises spotted in channel messages, offered once each, and who turned spotting off."""

    def offer(self, new: NewSuggestion) -> Suggestion | None:
        """Record a suggestion; None when its message (workspace, channel, ref) already had one."""
        ...

    def get_suggestion(self, suggestion_id: int) -> Suggestion | None: ...

    def latest_offered(self, person_id: int) -> Suggestion | None:
        """The person's newest suggestion still waiting for an answer."""
        ...

    def decide(
        self,
        suggestion_id: int,
        before: Sequence[SuggestionStatus],
        after: SuggestionStatus,
        now: datetime,
        promise_id: int | None = None,
    ) -> bool:
        """Move a suggestion from one of `before` to `after`; False when it was in none of them."""
        ...

    def mutes(self, workspace_id: int, person_id: int, channel: str | None) -> frozenset[str]:
        """Where spotting is off: 'person' (for this person), 'channel' (in this channel)."""
        ...

    def set_muted(
        self, workspace_id: int, scope: str, target: str, off: bool, by: int, now: datetime
    ) -> None:
        """Turn spotting off (or back on) for one person ('person', their id) or channel."""
        ...
