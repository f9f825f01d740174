"""Keeping score: how each promise ended, judged against what was first promised.

`outcome(promise, events, now)` classifies one promise from its current state and its events
(reschedules and cancellations; `PromiseStore.events` gives them all), as of `now` (UTC):

- ON_TIME: kept no later than its original deadline (`Promise.original_due`).
- RENEGOTIATED: kept after the original deadline but no later than its current one, and every
  reschedule was made no later than the deadline it moved (`PromiseEvent.renegotiated_in_time`):
  the other side heard before each deadline passed.
- LATE: kept, but neither of those; or still open after a deadline was moved once it had already
  passed (renegotiated, but late), while the new deadline holds.
- BROKEN: open, and its current deadline has passed (if it is kept later it becomes LATE); or
  cancelled after its deadline in force had passed, or after a deadline was moved late.
- PENDING: open, its deadline still ahead and every move in time: not judged yet.
- WITHDRAWN: cancelled before its deadline, every move in time (an undone capture too): an honest
  withdrawal, never judged.

Windows: a promise counts at `counts_at(promise)`, its original deadline, or the moment it was
kept when that came first. A window [since, until) holds what was promised for those days plus
what was kept early. Outcomes are as of `now`, so a past window can still change: a broken
promise kept late stays "not on time", a renegotiated one is judged when kept or when its new
deadline passes.

On-time rate = ON_TIME ÷ (ON_TIME + RENEGOTIATED + LATE + BROKEN), the judged promises of the
window; there is no rate when nothing was judged. A renegotiation in time is honest, and shown
as such, but it is not "on time": on-time keeping is measured against the first promise.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple, Protocol
from zoneinfo import ZoneInfo

from bot.model import EventKind, PromiseEvent, Status


class Outcome(StrEnum):
    ON_TIME = "on_time"
    RENEGOTIATED = "renegotiated"
    LATE = "late"
    BROKEN = "broken"
    PENDING = "pending"
    WITHDRAWN = "withdrawn"


JUDGED = frozenset({Outcome.ON_TIME, Outcome.RENEGOTIATED, Outcome.LATE, Outcome.BROKEN})
# the events an outcome depends on; the store loads only these
RELEVANT = frozenset({EventKind.RESCHEDULED, EventKind.CANCELLED})


class Keepable(Protocol):
    """What judging needs of a promise: a bot.model.Promise, or a slimmer Facts."""

    @property
    def id(self) -> int: ...

    @property
    def owner_id(self) -> int: ...

    @property
    def status(self) -> Status: ...

    @property
    def original_due(self) -> datetime: ...

    @property
    def due(self) -> datetime: ...

    @property
    def completed_at(self) -> datetime | None: ...


class Facts(NamedTuple):
    """A promise's columns that keeping needs, read in bulk for windows (UTC instants)."""

    id: int
    owner_id: int
    status: Status
    original_due: datetime
    due: datetime
    completed_at: datetime | None


def outcome(promise: Keepable, events: Iterable[PromiseEvent], now: datetime) -> Outcome:
    """How `promise` stands at `now` (UTC), from its state and its events (any order, any kind)."""
    in_time = True
    cancelled_at: datetime | None = None
    for event in events:
        if event.kind is EventKind.RESCHEDULED and not event.renegotiated_in_time:
            in_time = False
        elif event.kind is EventKind.CANCELLED:
            cancelled_at = event.at if cancelled_at is None else max(cancelled_at, event.at)
    if promise.status is Status.DONE:
        done = promise.completed_at
        if done is None or done <= promise.original_due:  # (the book always sets completed_at)
            return Outcome.ON_TIME
        if in_time and done <= promise.due:
            return Outcome.RENEGOTIATED
        return Outcome.LATE
    if promise.status is Status.CANCELLED:
        # unknown moment (no event): given the benefit of the doubt
        if cancelled_at is None or (in_time and cancelled_at <= promise.due):
            return Outcome.WITHDRAWN
        return Outcome.BROKEN
    if promise.due < now:
        return Outcome.BROKEN
    return Outcome.PENDING if in_time else Outcome.LATE


def counts_at(promise: Keepable) -> datetime:
    """The instant (UTC) that places a promise in a window: its original deadline, or when it
    was kept if that came first."""
    done = promise.completed_at
    if promise.status is Status.DONE and done is not None and done < promise.original_due:
        return done
    return promise.original_due


class Judged(NamedTuple):
    """One promise's verdict: whose, where it counts (UTC), and the outcome."""

    owner_id: int
    at: datetime
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class TrackRecord:
    """The promises of a workspace that count in some window, with their relevant events."""

    promises: Sequence[Keepable]
    events: Mapping[int, Sequence[PromiseEvent]] = field(default_factory=dict)

    def judged(self, now: datetime) -> list[Judged]:
        """Every promise's verdict as of `now` (UTC), sorted by where it counts."""
        found = [
            Judged(p.owner_id, counts_at(p), outcome(p, self.events.get(p.id, ()), now))
            for p in self.promises
        ]
        found.sort(key=lambda j: j.at)
        return found


@dataclass
class Tally:
    """Counts of judged outcomes in one window, for a person or a team."""

    on_time: int = 0
    renegotiated: int = 0
    late: int = 0
    broken: int = 0

    def add(self, verdict: Outcome) -> None:
        """Count one outcome; PENDING and WITHDRAWN are not judged and are not counted."""
        if verdict is Outcome.ON_TIME:
            self.on_time += 1
        elif verdict is Outcome.RENEGOTIATED:
            self.renegotiated += 1
        elif verdict is Outcome.LATE:
            self.late += 1
        elif verdict is Outcome.BROKEN:
            self.broken += 1

    @property
    def judged(self) -> int:
        return self.on_time + self.renegotiated + self.late + self.broken

    @property
    def rate(self) -> float | None:
        """Kept on time ÷ judged, in [0, 1]; None when nothing was judged."""
        return self.on_time / self.judged if self.judged else None


def tally(
    verdicts: Iterable[Judged], since: datetime, until: datetime, owner_id: int | None = None
) -> Tally:
    """The outcomes that count in [since, until) (UTC), of one owner or (None) of everyone."""
    out = Tally()
    for v in verdicts:
        if since <= v.at < until and (owner_id is None or v.owner_id == owner_id):
            out.add(v.outcome)
    return out


def by_owner(verdicts: Iterable[Judged], since: datetime, until: datetime) -> dict[int, Tally]:
    """One Tally per owner with something judged in [since, until) (UTC)."""
    out: dict[int, Tally] = {}
    for v in verdicts:
        if since <= v.at < until and v.outcome in JUDGED:
            out.setdefault(v.owner_id, Tally()).add(v.outcome)
    return out


def weekly(
    verdicts: Sequence[Judged],
    starts: Sequence[datetime],
    end: datetime,
    owner_id: int | None = None,
) -> list[Tally]:
    """One Tally per week: week i is [starts[i], starts[i+1]) and the last ends at `end` (UTC)."""
    bounds = [*starts, end]
    out = [Tally() for _ in starts]
    for v in verdicts:
        if owner_id is not None and v.owner_id != owner_id:
            continue
        i = bisect.bisect_right(bounds, v.at) - 1
        if 0 <= i < len(out):
            out[i].add(v.outcome)
    return out


def week_starts(moment: datetime, tz: str, count: int) -> list[datetime]:
    """Monday 00:00 in `tz` (as UTC) of the `count` ISO weeks that end with `moment`'s, oldest
    first."""
    zone = ZoneInfo(tz)
    local = moment.astimezone(zone).date()
    monday = local - timedelta(days=local.weekday())
    days = (monday - timedelta(weeks=k) for k in range(count - 1, -1, -1))
    return [datetime.combine(d, time(0), tzinfo=zone).astimezone(UTC) for d in days]


BARS = "▁▂▃▄▅▆▇█"
GAP = "·"


def sparkline(rates: Sequence[float | None]) -> str:
    """Rates in [0, 1] as block characters, lowest ▁ highest █; a week with none is '·'."""
    top = len(BARS) - 1
    return "".join(GAP if r is None else BARS[round(min(max(r, 0.0), 1.0) * top)] for r in rates)
