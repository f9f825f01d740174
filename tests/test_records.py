"""The track record on real databases (SQLite file, PostgreSQL): windows, events, the index."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from app import Prometo
from bot.keeping import Outcome, tally
from bot.model import EventKind, Person
from storage.records import window_query
from tests.conftest import SettableClock

pytestmark = pytest.mark.postgres
D = timedelta(days=1)
H = timedelta(hours=1)


def person(app: Prometo, user: str, workspace: str = "T1") -> Person:
    return app.directory.person("slack", workspace, user, name=user)


def make(app: Prometo, who: Person, task: str, due: datetime) -> int:
    change = app.book.make(who, task=task, text=task, due=due, due_has_time=True, lang="es")
    return change.promise.id


def test_windows_outcomes_and_events_come_from_one_read(app: Prometo, clock: SettableClock) -> None:
    start = clock.at
    ana, beto = person(app, "U_ANA"), person(app, "U_BETO")
    outsider = person(app, "U_OTRA", workspace="T2")
    on_time = make(app, ana, "a tiempo", start + 2 * D)
    renegotiated = make(app, ana, "renegociada", start + 2 * D)
    late = make(app, beto, "tarde", start + 2 * D)
    broken = make(app, beto, "incumplida", start + 2 * D)
    withdrawn = make(app, ana, "retirada", start + 2 * D)
    early = make(app, ana, "adelantada", start + 40 * D)  # kept long before its deadline
    future = make(app, beto, "futura", start + 40 * D)
    old = make(app, ana, "antigua", start + H)
    make(app, outsider, "otro espacio", start + 2 * D)

    clock.advance(hours=2)
    app.book.complete(ana, old)  # kept late, counts at its deadline: before the window below
    clock.advance(days=1)
    app.book.complete(ana, on_time)
    app.book.complete(ana, early)
    app.book.reschedule(ana, renegotiated, start + 4 * D, True, "espero la firma")
    app.book.cancel(ana, withdrawn)
    clock.advance(days=2)  # every first deadline has passed
    app.book.reschedule(beto, late, start + 5 * D, True, "se me pasó")
    clock.advance(hours=12)
    app.book.complete(ana, renegotiated)
    clock.advance(days=1)
    app.book.complete(beto, late)
    now = clock.at

    workspace = ana.workspace_id
    record = app.store.track_record(workspace, start + D, now)
    ids = {p.id for p in record.promises}
    assert ids == {on_time, renegotiated, late, broken, withdrawn, early}
    assert future not in ids and old not in ids
    kinds = {pid: [e.kind for e in evs] for pid, evs in record.events.items()}
    assert kinds == {
        renegotiated: [EventKind.RESCHEDULED],
        late: [EventKind.RESCHEDULED],
        withdrawn: [EventKind.CANCELLED],
    }
    move = record.events[renegotiated][0]
    assert move.due_before == start + 2 * D and move.due_after == start + 4 * D
    assert move.at.tzinfo is not None and move.renegotiated_in_time
    verdicts = {p.id: v for p, v in zip(record.promises, _outcomes(record, now), strict=True)}
    assert verdicts == {
        on_time: Outcome.ON_TIME,
        renegotiated: Outcome.RENEGOTIATED,
        late: Outcome.LATE,
        broken: Outcome.BROKEN,
        withdrawn: Outcome.WITHDRAWN,
        early: Outcome.ON_TIME,
    }
    team = tally(record.judged(now), start + D, now)
    assert (team.on_time, team.renegotiated, team.late, team.broken) == (2, 1, 1, 1)
    assert tally(record.judged(now), start + D, now, owner_id=beto.id).judged == 2

    # a window that ended before the early promise was kept, and one that starts after it
    before = app.store.track_record(workspace, start + D, start + 2 * H)
    assert {p.id for p in before.promises} == set()
    after = app.store.track_record(workspace, now, now + 60 * D)
    assert {p.id for p in after.promises} == {future}
    assert app.store.track_record(workspace + 99, start, now).promises == []


def _outcomes(record: object, now: datetime) -> list[Outcome]:
    from bot.keeping import outcome

    assert hasattr(record, "promises") and hasattr(record, "events")
    return [outcome(p, record.events.get(p.id, ()), now) for p in record.promises]


def test_the_window_query_reads_one_range_of_the_new_index(app: Prometo) -> None:
    """The plan on each database: the (workspace_id, original_due) index, not a table scan."""
    query = window_query(1, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    engine = app.engine
    with engine.begin() as conn:
        compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL enable_seqscan = off"))  # empty tables: force the choice
            plan = "\n".join(r[0] for r in conn.execute(text(f"EXPLAIN {compiled}")))
        else:
            rows = conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
            plan = "\n".join(str(r[-1]) for r in rows)
    assert "ix_promises_workspace_original_due" in plan, (plan, str(compiled))
    assert "ix_promise_events_promise_id" in plan, plan


def test_the_per_person_setting_is_stored(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    workspace = app.store.get_workspace(ana.workspace_id)
    assert workspace is not None and workspace.digest_people is False
    app.store.set_digest_people(workspace.id, True)
    workspace.team_channel = "C1"
    app.store.save_workspace(workspace)  # a stale copy saved elsewhere leaves the setting alone
    again = app.store.get_workspace(ana.workspace_id)
    assert again is not None and again.digest_people is True and again.team_channel == "C1"
