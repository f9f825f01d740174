"""Claims of due chases on real databases (SQLite file; PostgreSQL when configured)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app import Prometo, create_app
from bot.model import EventKind, Person, Promise, PromiseEvent
from bot.ports import Outgoing, Replan
from storage.chases import SqlChaseStore
from storage.store import SqlStore
from tests.chasing.helpers import seed_due
from tests.conftest import SettableClock, make_settings

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


@pytest.fixture
def chases(database_url: str) -> Iterator[SqlChaseStore]:
    app = create_app(make_settings(database_url))
    seed_due(app.engine, 500, NOW, owners=10)
    yield SqlChaseStore(app.engine)
    app.close()


def one_delivery_each(promise: Promise, _owner: Person) -> Replan:
    out = Outgoing(
        key=f"p{promise.id}/overdue/x",
        workspace_id=promise.workspace_id,
        kind="overdue",
        slot="x",
        promise_id=promise.id,
    )
    return Replan(promise.due + timedelta(days=1), "overdue_team", (out,))


def _queued(chases: SqlChaseStore) -> dict[int, tuple[str, str]]:
    with chases.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT promise_id, at, kind FROM chases").all()
    return {r[0]: (str(r[1])[:16], r[2]) for r in rows}


TOMORROW = (str(NOW - timedelta(minutes=1) + timedelta(days=1))[:16], "overdue_team")


def _all_queued_for_tomorrow(chases: SqlChaseStore) -> bool:
    """Each of the 500 promises queued again for one_delivery_each's next chase."""
    queued = _queued(chases)
    return len(queued) == 500 and set(queued.values()) == {TOMORROW}


def test_plan_claims_due_promises_once_and_stores_the_next_chase(chases: SqlChaseStore) -> None:
    assert chases.plan_due(NOW - timedelta(hours=1), 1000, one_delivery_each) == 0
    assert chases.plan_due(NOW, 200, one_delivery_each) == 200
    assert chases.plan_due(NOW, 1000, one_delivery_each) == 300
    assert chases.plan_due(NOW, 1000, one_delivery_each) == 0
    assert chases.next_due() == NOW  # the deliveries, ready since they were written
    ready = chases.claim_deliveries(NOW, 1000, timedelta(seconds=30))
    assert len(ready) == 500 and len({d.key for d in ready}) == 500
    assert chases.next_due() == NOW + timedelta(seconds=30)  # when their lease lapses
    for delivery in ready:
        chases.finish(delivery.id, "sent", NOW)
    assert chases.next_due() == NOW - timedelta(minutes=1) + timedelta(days=1)
    assert _all_queued_for_tomorrow(chases)


def test_the_same_key_is_never_written_twice(chases: SqlChaseStore) -> None:
    chases.plan_due(NOW, 1000, one_delivery_each)
    with chases.engine.begin() as conn:
        # the same chases due again, as if a claim had been lost after writing its deliveries
        conn.exec_driver_sql(
            "INSERT INTO chases (promise_id, at, kind)"
            " SELECT id, created_at, 'overdue' FROM promises"
        )
    assert chases.plan_due(NOW, 1000, one_delivery_each) == 500
    assert len(chases.claim_deliveries(NOW, 2000, timedelta(seconds=30))) == 500
    # no delivery was written this time, so nothing waits on one: the next chases are queued
    assert _all_queued_for_tomorrow(chases)


def test_a_key_given_twice_in_one_claim_is_written_once(chases: SqlChaseStore) -> None:
    def twice(promise: Promise, owner: Person) -> Replan:
        plan = one_delivery_each(promise, owner)
        return Replan(plan.next_chase_at, plan.chase_kind, plan.deliveries * 2)

    assert chases.plan_due(NOW, 1000, twice) == 500
    assert len(chases.claim_deliveries(NOW, 2000, timedelta(seconds=30))) == 500


def test_the_next_chase_waits_on_the_delivery_and_comes_back_once_it_ends(
    chases: SqlChaseStore,
) -> None:
    chases.plan_due(NOW, 1000, one_delivery_each)
    assert _queued(chases) == {}, "a promise with a delivery in flight leaves the queue"
    first, second, third, fourth, fifth = chases.claim_deliveries(NOW, 5, timedelta(minutes=1))

    chases.finish(first.id, "pending", NOW, retry_at=NOW + timedelta(seconds=5))
    assert _queued(chases) == {}, "a send to retry is not over"
    chases.finish(first.id, "sent", NOW, message_ref="1.0", channel="D1")
    chases.finish(second.id, "failed", NOW, error="account_inactive")
    chases.finish(third.id, "skipped", NOW, error="stale")
    assert _queued(chases) == {d.promise_id: TOMORROW for d in (first, second, third)}

    chases.finish(fourth.id, "skipped", NOW, error="closed", rearm=False)
    assert fourth.promise_id not in _queued(chases), "a closed promise is not chased again"

    # the book planned the fifth anew while its delivery was in flight: its plan stays
    with chases.engine.begin() as conn:
        conn.exec_driver_sql(
            f"INSERT INTO chases (promise_id, at, kind) SELECT id, due, 'overdue' FROM promises "
            f"WHERE id = {fifth.promise_id}"
        )
    booked = _queued(chases)[fifth.promise_id or 0]
    chases.finish(fifth.id, "sent", NOW, message_ref="2.0", channel="D1")
    assert _queued(chases)[fifth.promise_id or 0] == booked

    # a delivery that ends twice (a lapsed lease sent it again) queues its next chase once
    first_chase = _queued(chases).pop(first.promise_id or 0)
    with chases.engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM chases WHERE promise_id = {first.promise_id}")
    chases.finish(first.id, "sent", NOW, message_ref="1.1", channel="D1")
    assert first.promise_id not in _queued(chases) and first_chase == TOMORROW


def test_a_lease_hides_a_send_until_it_lapses(chases: SqlChaseStore) -> None:
    chases.plan_due(NOW, 1000, one_delivery_each)
    lease = timedelta(seconds=30)
    first = chases.claim_deliveries(NOW, 10, lease)
    assert [d.attempts for d in first] == [1] * 10
    chases.finish(first[0].id, "sent", NOW, message_ref="D1:1.0", channel="D1")
    later = NOW + timedelta(seconds=10)
    rest = chases.claim_deliveries(later, 1000, lease)
    assert len(rest) == 490 and {d.id for d in rest}.isdisjoint(d.id for d in first)
    lapsed = NOW + timedelta(minutes=5)
    again = chases.claim_deliveries(lapsed, 1000, lease)
    assert {d.id for d in again} == {d.id for d in first[1:] + rest}
    assert {d.attempts for d in again} == {2}
    (sent,) = [d for d in chases.deliveries(first[0].promise_id or 0)]
    assert (sent.status, sent.message_ref, sent.channel) == ("sent", "D1:1.0", "D1")


def test_concurrent_claimers_never_share_a_delivery(chases: SqlChaseStore) -> None:
    chases.plan_due(NOW, 1000, one_delivery_each)
    taken: list[list[int]] = [[], [], []]

    def claimer(n: int) -> None:
        store = SqlChaseStore(chases.engine)  # its own writer lock, like another process
        while batch := store.claim_deliveries(NOW, 7, timedelta(minutes=1)):
            taken[n].extend(d.id for d in batch)

    threads = [threading.Thread(target=claimer, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [i for share in taken for i in share]
    assert len(everything) == len(set(everything)) == 500


def test_the_channel_hint_is_claimed_once(app: Prometo) -> None:
    chases = SqlChaseStore(app.engine)
    workspace = app.directory.workspace("slack", "T1")
    assert chases.claim_channel_hint(workspace.id, NOW) is True
    assert chases.claim_channel_hint(workspace.id, NOW) is False


def test_the_book_changing_a_promise_during_its_claim_has_the_last_word(
    chases: SqlChaseStore,
) -> None:
    store = SqlStore(chases.engine, SettableClock(NOW))
    inside, release = threading.Event(), threading.Event()
    claimed: list[Promise] = []

    def slow(promise: Promise, owner: Person) -> Replan:  # holds the claim open
        claimed.append(promise)
        inside.set()
        assert release.wait(30)
        return Replan(promise.due + timedelta(hours=3), "overdue_team")  # nothing to send

    claim = threading.Thread(target=lambda: chases.plan_due(NOW, 1, slow))
    claim.start()
    assert inside.wait(30)
    (promise,) = claimed
    booked = NOW + timedelta(days=2)
    moved = replace(promise, next_chase_at=booked, chase_kind="reminder")
    event = PromiseEvent(promise.id, EventKind.RESCHEDULED, NOW)
    saving = threading.Thread(target=lambda: store.save_promise(moved, event))
    saving.start()
    saving.join(0.5)
    assert saving.is_alive(), "the book waits for the claim holding the promise's chase"
    release.set()
    claim.join(30)
    saving.join(30)
    assert _queued(chases)[promise.id] == (str(booked)[:16], "reminder")


def test_a_renewed_lease_is_kept_and_a_taken_one_is_not_renewed(chases: SqlChaseStore) -> None:
    chases.plan_due(NOW, 1000, one_delivery_each)
    lease = timedelta(seconds=30)
    mine = chases.claim_deliveries(NOW, 3, lease)
    held = {d.id: d.attempts for d in mine}
    # renewed before it lapses: nobody else can claim it
    assert chases.renew(held, NOW + timedelta(seconds=55)) == set(held)
    others = chases.claim_deliveries(NOW + timedelta(seconds=40), 1000, lease)
    assert held.keys().isdisjoint(d.id for d in others)
    # the last one is not renewed again, lapses, and another sender takes it (attempts 2)
    first_two = {d.id: d.attempts for d in mine[:2]}
    assert chases.renew(first_two, NOW + timedelta(seconds=100)) == set(first_two)
    later = NOW + timedelta(seconds=60)
    taken = [d for d in chases.claim_deliveries(later, 1000, lease) if d.id in held]
    assert [(d.id, d.attempts) for d in taken] == [(mine[2].id, 2)]
    # so its old claim renews nothing: it is the other sender's to send
    assert chases.renew(held, later + lease) == set(first_two)
    # one sent: not renewed either (nor put back to sending)
    chases.finish(mine[1].id, "sent", later, message_ref="D1:1.0", channel="D1")
    assert chases.renew(held, later + lease) == {mine[0].id}
    assert chases.renew({}, later) == set()


def test_a_send_recorded_twice_keeps_its_first_record_and_one_event(
    chases: SqlChaseStore,
) -> None:
    chases.plan_due(NOW, 1000, one_delivery_each)
    (delivery,) = chases.claim_deliveries(NOW, 1, timedelta(minutes=1))
    promise_id = delivery.promise_id or 0
    event = PromiseEvent(promise_id, EventKind.OVERDUE, NOW)
    chases.finish(delivery.id, "sent", NOW, message_ref="D1:1.0", channel="D1", event=event)
    # the same record again: its first commit's answer was lost, the database went away
    later = NOW + timedelta(seconds=3)
    chases.finish(delivery.id, "sent", later, message_ref="D1:1.0", channel="D1", event=event)
    (sent,) = chases.deliveries(promise_id)
    assert (sent.status, sent.message_ref, sent.sent_at) == ("sent", "D1:1.0", NOW)
    with chases.engine.connect() as conn:
        kinds = conn.exec_driver_sql(
            f"SELECT kind FROM promise_events WHERE promise_id = {promise_id}"
        ).scalars()
        assert list(kinds) == ["overdue"]


def test_a_claim_hands_over_each_promise_and_owner_as_the_book_reads_them(
    database_url: str,
) -> None:
    """Whatever the session's timezone (PostgreSQL: UTC as storage.db sets it, and another),
    the promise `decide` gets is the book's own: the same instants, in UTC, and its owner."""
    app = create_app(make_settings(database_url))
    seed_due(app.engine, 30, NOW, owners=4)
    sessions = [SqlChaseStore(app.engine)]
    if app.engine.dialect.name == "postgresql":
        from storage.db import make_engine

        other = make_engine(database_url, connect_args={"options": "-c timezone=Asia/Kolkata"})
        sessions.append(SqlChaseStore(other))
    seen: list[tuple[Promise, Person]] = []

    def keep(promise: Promise, owner: Person) -> Replan:
        seen.append((promise, owner))  # and due again at once, for the next session
        return Replan(NOW - timedelta(minutes=1), "overdue")

    try:
        book = app.store
        for chases in sessions:
            seen.clear()
            assert chases.plan_due(NOW, 100, keep) == 30
            for promise, owner in seen:
                stored = book.get_promise(promise.id)
                assert stored is not None
                assert replace(promise, next_chase_at=None, chase_kind=None) == replace(
                    stored, next_chase_at=None, chase_kind=None
                )
                instants = (promise.due, promise.created_at, promise.next_chase_at)
                assert all(i is not None and i.tzinfo is UTC for i in instants)
                assert promise.next_chase_at is not None and promise.next_chase_at <= NOW
                assert owner == book.get_person(owner.id)
    finally:
        for chases in sessions[1:]:
            chases.engine.dispose()
        app.close()


@pytest.mark.parametrize("enabled", [True, False])
def test_a_claim_runs_with_the_cycle_collector_paused_and_leaves_it_as_it_was(
    chases: SqlChaseStore, enabled: bool
) -> None:
    """A claim's objects go by reference counting; a collector pass inside a claim, over the
    whole process, kept its rows locked for tens of milliseconds."""
    collecting: list[bool] = []

    def noting(promise: Promise, owner: Person) -> Replan:
        collecting.append(gc.isenabled())
        return one_delivery_each(promise, owner)

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert chases.plan_due(NOW, 50, noting) == 50
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError):  # and after a claim that failed
            chases.plan_due(NOW, 50, _fails)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert collecting == [False] * 50


def _fails(promise: Promise, owner: Person) -> Replan:
    raise RuntimeError("a bug in a policy")
