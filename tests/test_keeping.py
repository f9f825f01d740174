"""bot/keeping.py with plain values and fixed clocks: outcomes, windows, rates, weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.keeping import (
    Facts,
    Judged,
    Outcome,
    Tally,
    TrackRecord,
    by_owner,
    counts_at,
    outcome,
    sparkline,
    tally,
    week_starts,
    weekly,
)
from bot.model import EventKind, Promise, PromiseEvent, Status

DUE = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)  # Thursday 19:00 in Santiago
H = timedelta(hours=1)
D = timedelta(days=1)


def facts(
    status: Status = Status.OPEN,
    *,
    due: datetime = DUE,
    original: datetime = DUE,
    done: datetime | None = None,
    owner: int = 1,
    pid: int = 1,
) -> Facts:
    return Facts(pid, owner, status, original, due, done)


def moved(at: datetime, before: datetime, after: datetime) -> PromiseEvent:
    return PromiseEvent(1, EventKind.RESCHEDULED, at, 1, due_before=before, due_after=after)


def cancelled(at: datetime) -> PromiseEvent:
    return PromiseEvent(1, EventKind.CANCELLED, at, 1)


def test_kept_by_the_original_deadline_is_on_time_even_after_moves() -> None:
    assert outcome(facts(Status.DONE, done=DUE), [], DUE + D) is Outcome.ON_TIME
    assert outcome(facts(Status.DONE, done=DUE - D), [], DUE - H) is Outcome.ON_TIME
    # moved to Friday in time, then kept on Thursday anyway
    later = DUE + D
    event = moved(DUE - D, DUE, later)
    kept = facts(Status.DONE, due=later, done=DUE - H)
    assert outcome(kept, [event], later) is Outcome.ON_TIME


def test_a_move_before_the_deadline_then_kept_by_the_new_one_is_renegotiated() -> None:
    friday, monday = DUE + D, DUE + 4 * D
    events = [moved(DUE - H, DUE, friday), moved(friday, friday, monday)]  # at == deadline: in time
    kept = facts(Status.DONE, due=monday, done=monday - H)
    assert outcome(kept, events, monday) is Outcome.RENEGOTIATED
    # kept after the renegotiated deadline: late
    assert outcome(kept._replace(completed_at=monday + H), events, monday + D) is Outcome.LATE


def test_a_move_after_the_deadline_makes_it_late_while_open_and_once_kept() -> None:
    friday = DUE + D
    late_move = [moved(DUE + H, DUE, friday)]
    still_open = facts(due=friday)
    assert outcome(still_open, late_move, DUE + 2 * H) is Outcome.LATE
    assert outcome(still_open, late_move, friday + H) is Outcome.BROKEN  # missed again
    kept = facts(Status.DONE, due=friday, done=friday - H)
    assert outcome(kept, late_move, friday) is Outcome.LATE
    # one late move among in-time ones is enough
    mixed = [moved(DUE - D, DUE, friday), moved(friday + H, friday, friday + D)]
    kept_again = facts(Status.DONE, due=friday + D, done=friday + 2 * H)
    assert outcome(kept_again, mixed, friday + D) is Outcome.LATE


def test_open_promises_are_pending_until_their_current_deadline_passes_then_broken() -> None:
    assert outcome(facts(), [], DUE - H) is Outcome.PENDING
    assert outcome(facts(), [], DUE) is Outcome.PENDING  # the deadline itself is still in time
    assert outcome(facts(), [], DUE + timedelta(seconds=1)) is Outcome.BROKEN
    # renegotiated in time: not judged until the new deadline
    friday = DUE + D
    events = [moved(DUE - H, DUE, friday)]
    assert outcome(facts(due=friday), events, DUE + H) is Outcome.PENDING
    assert outcome(facts(due=friday), events, friday + H) is Outcome.BROKEN
    # broken, then kept: late
    assert outcome(facts(Status.DONE, done=DUE + 3 * D), [], DUE + 3 * D) is Outcome.LATE


def test_cancelled_in_time_is_withdrawn_and_after_the_deadline_broken() -> None:
    gone = facts(Status.CANCELLED)
    assert outcome(gone, [cancelled(DUE - H)], DUE + D) is Outcome.WITHDRAWN
    assert outcome(gone, [cancelled(DUE)], DUE + D) is Outcome.WITHDRAWN
    assert outcome(gone, [cancelled(DUE + H)], DUE + D) is Outcome.BROKEN
    # the last cancellation counts (cancelled, reopened, cancelled again late)
    assert outcome(gone, [cancelled(DUE + H), cancelled(DUE - D)], DUE + D) is Outcome.BROKEN
    # a deadline moved late, then withdrawn before the new one: still broken
    friday = DUE + D
    events = [moved(DUE + H, DUE, friday), cancelled(DUE + 2 * H)]
    assert outcome(facts(Status.CANCELLED, due=friday), events, friday) is Outcome.BROKEN
    # no cancellation event known: the benefit of the doubt
    assert outcome(gone, [], DUE + D) is Outcome.WITHDRAWN


def test_events_of_other_kinds_change_nothing() -> None:
    noise = [
        PromiseEvent(1, EventKind.CREATED, DUE - 3 * D, 1, due_after=DUE),
        PromiseEvent(1, EventKind.REMINDED, DUE - H),
        PromiseEvent(1, EventKind.OVERDUE, DUE),
        PromiseEvent(1, EventKind.CHECKED_IN, DUE - 2 * H, 1),
        PromiseEvent(1, EventKind.REOPENED, DUE - 2 * H, 1),
    ]
    assert outcome(facts(), noise, DUE - H) is Outcome.PENDING
    assert outcome(facts(Status.DONE, done=DUE), noise, DUE) is Outcome.ON_TIME


def test_a_full_promise_works_as_well_as_facts() -> None:
    promise = Promise(
        id=7,
        workspace_id=1,
        owner_id=3,
        recorder_id=3,
        number=1,
        task="llamar",
        text="llamar",
        due=DUE + D,
        original_due=DUE,
        due_has_time=True,
        status=Status.DONE,
        created_at=DUE - 5 * D,
        updated_at=DUE,
        completed_at=DUE + H,
    )
    assert outcome(promise, [moved(DUE - H, DUE, DUE + D)], DUE + D) is Outcome.RENEGOTIATED


def test_a_promise_counts_at_its_original_deadline_unless_kept_before_it() -> None:
    assert counts_at(facts()) == DUE
    assert counts_at(facts(Status.DONE, done=DUE - 3 * D)) == DUE - 3 * D
    assert counts_at(facts(Status.DONE, done=DUE + 3 * D, due=DUE + 4 * D)) == DUE
    assert counts_at(facts(Status.CANCELLED, due=DUE + 9 * D)) == DUE


def test_the_rate_divides_on_time_by_every_judged_promise() -> None:
    t = Tally()
    assert t.rate is None and t.judged == 0
    for verdict in (
        Outcome.ON_TIME,
        Outcome.ON_TIME,
        Outcome.RENEGOTIATED,
        Outcome.LATE,
        Outcome.BROKEN,
        Outcome.PENDING,
        Outcome.WITHDRAWN,
    ):
        t.add(verdict)
    assert (t.on_time, t.renegotiated, t.late, t.broken, t.judged) == (2, 1, 1, 1, 5)
    assert t.rate == pytest.approx(0.4)


def test_windows_owners_and_weeks() -> None:
    now = DUE + 10 * D
    record = TrackRecord(
        promises=[
            facts(Status.DONE, done=DUE - H, owner=1, pid=1),  # on time, counts DUE - H
            facts(owner=2, pid=2),  # open past due: broken, counts DUE
            facts(Status.DONE, original=DUE - 8 * D, due=DUE - 8 * D, done=DUE, pid=3),  # late
            facts(original=now + D, due=now + D, pid=4),  # pending
            facts(Status.DONE, original=now + D, due=now + D, done=now - H, owner=2, pid=5),
        ]
    )
    verdicts = record.judged(now)
    assert [v.at for v in verdicts] == sorted(v.at for v in verdicts)
    week = tally(verdicts, DUE - 2 * D, DUE + 2 * D)
    assert (week.on_time, week.broken, week.late, week.judged) == (1, 1, 0, 2)
    everything = tally(verdicts, DUE - 30 * D, now)
    assert (everything.on_time, everything.late, everything.broken) == (2, 1, 1)
    assert tally(verdicts, DUE - 30 * D, now, owner_id=2).judged == 2
    owners = by_owner(verdicts, DUE - 30 * D, now)
    assert {k: v.judged for k, v in owners.items()} == {1: 2, 2: 2}
    starts = [DUE - 14 * D, DUE - 7 * D, DUE, DUE + 7 * D]
    weeks = weekly(verdicts, starts, now)
    assert [w.judged for w in weeks] == [1, 1, 1, 1]
    assert [w.rate for w in weekly(verdicts, starts, now, owner_id=2)] == [None, None, 0.0, 1.0]


def test_week_boundaries_belong_to_the_week_they_start() -> None:
    verdicts = [Judged(1, DUE, Outcome.ON_TIME)]
    assert [w.judged for w in weekly(verdicts, [DUE - 7 * D, DUE], DUE + 7 * D)] == [0, 1]
    assert [w.judged for w in weekly(verdicts, [DUE - 7 * D], DUE)] == [0]  # `end` is exclusive


def test_week_starts_are_local_mondays_across_a_dst_change() -> None:
    # Santiago moves from UTC-4 to UTC-3 on Sunday 6 September 2026
    tz = "America/Santiago"
    starts = week_starts(datetime(2026, 9, 16, 15, tzinfo=UTC), tz, 4)
    local = [s.astimezone(ZoneInfo(tz)) for s in starts]
    assert [d.strftime("%a %d %H:%M") for d in local] == [
        "Mon 24 00:00",
        "Mon 31 00:00",
        "Mon 07 00:00",
        "Mon 14 00:00",
    ]
    assert starts[2] - starts[1] == timedelta(days=7, hours=-1)
    monday = week_starts(datetime(2026, 11, 23, 3, 0, tzinfo=UTC), tz, 1)  # Monday 00:00 there
    assert monday == [datetime(2026, 11, 23, 3, 0, tzinfo=UTC)]


def test_sparkline() -> None:
    assert sparkline([0.0, 0.5, 1.0, None, 0.93, 0.07]) == "▁▅█·█▁"
    assert sparkline([]) == ""
    assert sparkline([None] * 3) == "···"
    assert sparkline([1.5, -1.0]) == "█▁"
