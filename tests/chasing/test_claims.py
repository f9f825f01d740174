"""Claims of due chases on real databases (SQLite file; PostgreSQL when configured)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from app import Prometo, create_app
from bot.model import Person, Promise
from bot.ports import Outgoing, Replan
from storage.chases import SqlChaseStore
from tests.chasing.helpers import seed_due
from tests.conftest import make_settings

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


def test_the_same_key_is_never_written_twice(chases: SqlChaseStore) -> None:
    chases.plan_due(NOW, 1000, one_delivery_each)
    with chases.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE promises SET next_chase_at = created_at, chase_kind = 'overdue'"
        )
    assert chases.plan_due(NOW, 1000, one_delivery_each) == 500
    assert len(chases.claim_deliveries(NOW, 2000, timedelta(seconds=30))) == 500


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
