"""The promise book on real databases: lifecycle, events, numbering and the permission rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app import Prometo
from bot.messages import PlainFormatter
from bot.model import EventKind, Person, Status
from bot.promises import Conflict, Forbidden, InThePast, NotFound, NotOpen
from tests.conftest import SettableClock

SCL = ZoneInfo("America/Santiago")
THURSDAY_19 = datetime(2026, 11, 26, 19, 0, tzinfo=SCL)


def person(app: Prometo, user: str, workspace: str = "T1") -> Person:
    return app.directory.person("slack", workspace, user, name=user)


def make(
    app: Prometo,
    who: Person,
    task: str = "llamar al cliente",
    due: datetime = THURSDAY_19,
    **kw: object,
):
    return app.book.make(
        who, task=task, text=f"{task} el jueves", due=due, due_has_time=False, lang="es", **kw
    )  # type: ignore[arg-type]


def test_make_stores_the_promise_in_utc_with_a_created_event(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    change = make(app, ana)
    stored = app.store.get_promise(change.promise.id)
    assert stored is not None
    assert stored.task == "llamar al cliente"
    assert stored.due == datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
    assert stored.original_due == stored.due
    assert stored.status is Status.OPEN and stored.number == 1
    assert stored.next_chase_at is not None and stored.next_chase_at < stored.due
    assert [e.kind for e in app.book.history(stored.id)] == [EventKind.CREATED]


def test_numbers_are_per_owner_and_never_reused(app: Prometo) -> None:
    ana, beto = person(app, "U_ANA"), person(app, "U_BETO")
    first = make(app, ana).promise
    second = make(app, ana, "enviar la propuesta").promise
    other = make(app, beto).promise
    assert (first.number, second.number, other.number) == (1, 2, 1)
    app.book.cancel(ana, second.id)
    assert make(app, ana, "tercera").promise.number == 3
    assert app.book.by_number(ana, 1).id == first.id
    assert app.book.by_number(beto, 1).id == other.id


def test_complete_on_time_and_late(app: Prometo, clock: SettableClock) -> None:
    ana = person(app, "U_ANA")
    on_time = make(app, ana).promise
    late = make(app, ana, "revisar el contrato", due=clock.at + timedelta(hours=1)).promise
    clock.advance(hours=2)
    kept = app.book.complete(ana, on_time.id).promise
    clock.advance(minutes=1)
    kept_late = app.book.complete(ana, late.id).promise
    assert kept.status is Status.DONE and kept.kept_on_time()
    assert kept_late.status is Status.DONE and not kept_late.kept_on_time()
    assert kept.next_chase_at is None
    assert [p.id for p in app.book.recently_kept(ana)] == [late.id, on_time.id]  # newest first
    with pytest.raises(NotOpen):
        app.book.complete(ana, on_time.id)


def test_reschedule_keeps_the_reason_and_both_dates(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    promise = make(app, ana).promise
    friday = datetime(2026, 11, 27, 19, 0, tzinfo=SCL)
    moved = app.book.reschedule(ana, promise.id, friday, False, "espero la firma").promise
    assert moved.due == friday.astimezone(UTC)
    assert moved.original_due == promise.due
    event = app.book.history(promise.id)[-1]
    assert event.kind is EventKind.RESCHEDULED
    assert (event.due_before, event.due_after) == (promise.due, moved.due)
    assert event.reason == "espero la firma"
    assert event.actor_id == ana.id


def test_reschedule_to_the_past_changes_nothing(app: Prometo, clock: SettableClock) -> None:
    ana = person(app, "U_ANA")
    promise = make(app, ana).promise
    with pytest.raises(InThePast):
        app.book.reschedule(ana, promise.id, clock.at - timedelta(hours=1), True, None)
    assert app.store.get_promise(promise.id) == promise
    assert len(app.book.history(promise.id)) == 1


def test_cancel_and_reopen(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    promise = make(app, ana).promise
    gone = app.book.cancel(ana, promise.id).promise
    assert gone.status is Status.CANCELLED and gone.next_chase_at is None
    assert app.book.open_for(ana) == []
    back = app.book.reopen(ana, promise.id).promise
    assert back.status is Status.OPEN and back.next_chase_at is not None
    kinds = [e.kind for e in app.book.history(promise.id)]
    assert kinds == [EventKind.CREATED, EventKind.CANCELLED, EventKind.REOPENED]


def test_only_owner_or_recorder_may_change_a_promise(app: Prometo) -> None:
    ana, beto, carla = person(app, "U_ANA"), person(app, "U_BETO"), person(app, "U_CARLA")
    promise = make(app, beto, owner=ana).promise  # Beto recorded a promise that Ana made
    assert (promise.owner_id, promise.recorder_id) == (ana.id, beto.id)
    for attempt in (app.book.complete, app.book.cancel, app.book.check_in):
        with pytest.raises(Forbidden) as refused:
            attempt(carla, promise.id)
        assert refused.value.owner.id == ana.id
    with pytest.raises(Forbidden):
        app.book.reschedule(carla, promise.id, THURSDAY_19 + timedelta(days=1), False)
    assert app.store.get_promise(promise.id) == promise
    assert app.book.check_in(beto, promise.id).promise.status is Status.OPEN
    assert app.book.complete(ana, promise.id).promise.status is Status.DONE


def test_other_workspaces_cannot_see_a_promise(app: Prometo) -> None:
    ana = person(app, "U_ANA", "T1")
    stranger = person(app, "U_ANA", "T2")  # the same user id in another workspace
    promise = make(app, ana).promise
    with pytest.raises(NotFound):
        app.book.complete(stranger, promise.id)
    with pytest.raises(NotFound):
        app.book.by_number(stranger, promise.number)


def test_a_stale_write_is_refused(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    promise = make(app, ana).promise
    app.book.check_in(ana, promise.id)
    from bot.model import PromiseEvent

    with pytest.raises(Conflict):
        app.book._save(promise, PromiseEvent(promise.id, EventKind.DONE, promise.created_at))
    assert app.store.get_promise(promise.id).version == 2  # type: ignore[union-attr]


def test_open_promises_come_earliest_deadline_first(app: Prometo, clock: SettableClock) -> None:
    ana = person(app, "U_ANA")
    later = make(app, ana, "después").promise
    soon = make(app, ana, "pronto", due=clock.at + timedelta(hours=1)).promise
    clock.advance(hours=3)  # `soon` is overdue now
    assert [p.id for p in app.book.open_for(ana)] == [soon.id, later.id]
    assert app.book.open_for(ana)[0].is_overdue(clock.at)


def test_make_refuses_a_past_deadline_and_an_empty_task(app: Prometo, clock: SettableClock) -> None:
    ana = person(app, "U_ANA")
    with pytest.raises(InThePast):
        make(app, ana, due=clock.at - timedelta(minutes=1))
    with pytest.raises(Exception, match="no_task"):
        make(app, ana, task="   ")
    assert app.book.open_for(ana) == []


def test_the_same_person_twice_is_one_row(app: Prometo) -> None:
    assert person(app, "U_ANA").id == person(app, "U_ANA").id
    assert app.directory.workspace("slack", "T1").id == app.directory.workspace("slack", "T1").id


def test_data_survives_a_restart(database_url: str, clock: SettableClock) -> None:
    from app import create_app
    from tests.conftest import make_settings

    first = create_app(make_settings(database_url), clock=clock)
    promise = make(first, person(first, "U_ANA")).promise
    first.close()
    second = create_app(make_settings(database_url), clock=clock)
    assert second.store.get_promise(promise.id) == promise
    second.close()


def test_every_change_reaches_the_platform_listeners(app: Prometo) -> None:
    seen: list[tuple[int, Status]] = []
    app.listeners.append(lambda change: seen.append((change.promise.id, change.promise.status)))
    ana = person(app, "U_ANA")
    promise = make(app, ana).promise
    app.book.complete(ana, promise.id)
    app.book.reopen(ana, promise.id)
    assert seen == [(promise.id, Status.OPEN), (promise.id, Status.DONE), (promise.id, Status.OPEN)]


def test_new_people_get_the_configured_work_hours(database_url: str, clock: SettableClock) -> None:
    from datetime import time

    from app import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings(database_url, prometo_work_hours="08:30-17:00"), clock=clock)
    ana = person(app, "U_ANA")
    assert (ana.work_hours.start, ana.work_hours.end) == (time(8, 30), time(17, 0))
    promise = make(app, ana, due=datetime(2026, 11, 26, 17, 0, tzinfo=SCL)).promise
    assert promise.due.astimezone(SCL).hour == 17
    reply = app.commands.run(ana, "llamar al cliente el viernes", "es", PlainFormatter())
    assert reply.change is not None
    assert reply.change.promise.due.astimezone(SCL).time() == time(17, 0)
    app.close()


def test_the_first_person_to_use_a_workspace_is_its_contact(app: Prometo) -> None:
    person(app, "U_FIRST")
    person(app, "U_SECOND")
    assert app.directory.workspace("slack", "T1").installer == "U_FIRST"
    person(app, "U_OTHER", "T2")
    assert app.directory.workspace("slack", "T2").installer == "U_OTHER"


def test_a_reschedule_is_in_time_only_until_the_deadline_it_moves() -> None:
    from bot.model import PromiseEvent

    due = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
    later = due + timedelta(days=2)

    def moved(at: datetime) -> PromiseEvent:
        return PromiseEvent(1, EventKind.RESCHEDULED, at, 1, due_before=due, due_after=later)

    assert moved(due - timedelta(hours=1)).renegotiated_in_time
    assert moved(due).renegotiated_in_time
    assert not moved(due + timedelta(seconds=1)).renegotiated_in_time
    assert not PromiseEvent(1, EventKind.DONE, due - timedelta(hours=1)).renegotiated_in_time
