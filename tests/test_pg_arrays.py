"""A claim on a real PostgreSQL server: its arrays (storage/pg_arrays.py) read back as sent,
its connection held and prepared, and its plans by index whatever the statistics."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.model import Person, Promise
from bot.ports import Replan
from storage import pg_arrays
from storage.chases import SqlChaseStore
from storage.db import make_engine
from tests.chasing.test_claims import one_delivery_each

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def cursor(pg_database: str) -> Iterator[Any]:
    url = pg_database.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, options="-c timezone=UTC", autocommit=True) as conn:
        cur = conn.cursor(binary=True)
        pg_arrays.register(cur)
        yield cur


def _read(cursor: Any, cast: str, packed: bytes) -> Any:
    return cursor.execute(f"SELECT %b::{cast}[]", (packed,)).fetchone()[0]


TEXTS = [
    ["p1/reminder/2026-11-26T12:00/24h"] * 3,
    ["llamar a Begoña 📞", "", "NULL", 'comillas " y \\ barra', "{llaves}, comas", " espacio "],
    [None, "a", None],
    [None],
    [],
]


@pytest.mark.parametrize("values", TEXTS)
def test_texts_come_back_as_sent(cursor: Any, values: list[str | None]) -> None:
    assert _read(cursor, "text", pg_arrays.texts(values)) == values


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
            ),
        )
    )
)
@settings(max_examples=150, deadline=None)
def test_any_text_comes_back_as_sent(cursor: Any, values: list[str | None]) -> None:
    assert _read(cursor, "text", pg_arrays.texts(values)) == values


@pytest.mark.parametrize(
    "values", [[1, 2, 3], [-(2**31), 2**31 - 1, 0], [7] * 600, [None, 5], [None], []]
)
def test_integers_come_back_as_sent(cursor: Any, values: list[int | None]) -> None:
    assert _read(cursor, "integer", pg_arrays.int4s(values)) == values


def test_an_integer_out_of_range_is_refused_not_wrapped() -> None:
    with pytest.raises(ValueError, match="out of range"):
        pg_arrays.int4s([1, 2**31])
    with pytest.raises(ValueError, match="out of range"):
        pg_arrays.int4s([None, -(2**31) - 1])


MADRID = timezone(timedelta(hours=1))
INSTANTS = [
    [datetime(2026, 11, 26, 12, 0, tzinfo=UTC)] * 4,
    [datetime(2026, 11, 26, 12, 0, 0, 123456, tzinfo=UTC), datetime(1999, 12, 31, 23, tzinfo=UTC)],
    [datetime(2026, 3, 29, 3, 30, tzinfo=MADRID), None],
    [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)],
    [None],
    [],
]


@pytest.mark.parametrize("values", INSTANTS)
def test_instants_come_back_as_the_same_moments(cursor: Any, values: list[datetime | None]) -> None:
    assert _read(cursor, "timestamptz", pg_arrays.instants(values)) == values


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        pg_arrays.instants([datetime(2026, 11, 26, 12, tzinfo=UTC), datetime(2026, 11, 26, 12)])


NOW = datetime(2026, 11, 23, 13, tzinfo=UTC)
CLAIM = "statement LIKE 'WITH c AS%' OR statement LIKE 'WITH v AS%'"
PREPARED = f"SELECT count(*) FROM pg_prepared_statements WHERE {CLAIM}"


@pytest.fixture
def app(pg_database: str) -> Iterator[Any]:
    """A serving process on a database of its own with 20 chases due at NOW."""
    from app import create_app
    from tests.chasing.helpers import seed_due
    from tests.conftest import make_settings, scratch_postgres

    with scratch_postgres("prometo_claims", pg_database) as url:
        prometo = create_app(make_settings(url))
        seed_due(prometo.engine, 20, NOW, owners=3)
        yield prometo
        prometo.close()


def _claim_connection(chases: SqlChaseStore) -> Any:
    return chases._claims._held.dbapi_connection


def _counts(app: Any) -> tuple[int, int]:
    """(chases due at NOW, deliveries written)."""
    with app.engine.connect() as conn:
        due = conn.exec_driver_sql("SELECT count(*) FROM chases WHERE at <= %(now)s", {"now": NOW})
        written = conn.exec_driver_sql("SELECT count(*) FROM deliveries")
        return due.scalar_one(), written.scalar_one()


def test_claims_run_on_one_held_connection_that_keeps_its_statements(app: Any) -> None:
    chases = SqlChaseStore(app.engine)
    pid = chases.open_claims(10)
    held = _claim_connection(chases)
    assert held.info.backend_pid == pid
    assert held.execute(PREPARED).fetchone()[0] == 2  # prepared when opened
    assert _counts(app) == (20, 0)  # and a claim of 10 rehearsed, undone
    # a pooled connection's rollback, as every read's end, dropped them when claims ran on
    # pooled connections; pooled connections no longer prepare them at all
    with app.engine.connect() as conn:
        assert conn.exec_driver_sql(PREPARED.replace("%", "%%")).scalar_one() == 0
    for _ in range(2):
        assert chases.plan_due(NOW, 10, one_delivery_each) == 10
    assert _claim_connection(chases) is held
    assert held.execute(PREPARED).fetchone()[0] == 2  # the same two, not prepared again
    # the claim's settings were its transactions' only: a pooler in transaction mode would
    # hand a session's to other clients
    for name in ("synchronous_commit", "enable_seqscan", "enable_hashjoin"):
        assert held.execute(f"SHOW {name}").fetchone()[0] == "on"
    assert _counts(app) == (0, 20)


def test_a_claim_connection_that_died_is_replaced_and_its_claim_runs_once(app: Any) -> None:
    chases = SqlChaseStore(app.engine)
    pid = chases.open_claims(10)
    before = _owners_seen(chases, 5)
    with app.engine.connect() as conn:  # as a server restart or an idle timeout would
        conn.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
    after = _owners_seen(chases, 5)
    assert chases.open_claims(10) != pid
    assert _counts(app) == (10, 10)
    # the owners held went with the connection: another server could reuse row versions
    assert not any(a is b for a in after.values() for b in before.values())


def _owners_seen(chases: SqlChaseStore, limit: int) -> dict[int, Person]:
    """The owner `decide` was given for each promise of a claim of `limit`, by promise id."""
    seen: dict[int, Person] = {}

    def recording(promise: Promise, owner: Person) -> Replan:
        assert owner.id == promise.owner_id
        seen[promise.id] = owner
        return one_delivery_each(promise, owner)

    assert chases.plan_due(NOW, limit, recording) == limit
    return seen


def _people(app: Any) -> dict[int, str]:
    with app.engine.connect() as conn:
        return dict(conn.exec_driver_sql("SELECT id, timezone FROM people").all())


def test_claims_keep_the_owners_they_read_until_a_row_changes(app: Any) -> None:
    chases = SqlChaseStore(app.engine)
    chases.open_claims(6)  # the rehearsal reads the owners of the first six
    first = _owners_seen(chases, 6)
    assert len({p.id for p in first.values()}) == 3
    assert {p.id: p.timezone for p in first.values()} == _people(app)
    changed = min(p.id for p in first.values())
    with app.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE people SET timezone = 'Europe/Madrid', dm_channel = 'D2' WHERE id = %(id)s",
            {"id": changed},
        )
    later = _owners_seen(chases, 6)
    for owner in later.values():
        if owner.id == changed:  # read again: its row has a new version
            assert (owner.timezone, owner.dm_channel) == ("Europe/Madrid", "D2")
        else:  # the very people read before, not read again
            assert any(owner is held for held in first.values())
    assert {p.id: p.timezone for p in later.values()} == _people(app)


def test_the_owners_claims_keep_are_bounded_and_a_claim_gets_all_of_its_own(app: Any) -> None:
    chases = SqlChaseStore(app.engine)
    chases._claims.owners.capacity = 2
    seen = _owners_seen(chases, 10)  # three owners, though two are kept
    assert len({p.id for p in seen.values()}) == 3
    assert len(chases._claims.owners._known) == 2
    assert len(_owners_seen(chases, 10)) == 10


def test_a_failed_claim_is_undone_whole_and_the_next_one_runs(app: Any) -> None:
    chases = SqlChaseStore(app.engine)
    chases.open_claims(10)
    seen: list[int] = []

    def fails_on_the_fifth(promise: Promise, owner: Person) -> Replan:
        seen.append(promise.id)
        if len(seen) == 5:
            raise RuntimeError("a bug in a policy")
        return one_delivery_each(promise, owner)

    with pytest.raises(RuntimeError):
        chases.plan_due(NOW, 10, fails_on_the_fifth)
    assert _counts(app) == (20, 0)
    assert chases.plan_due(NOW, 20, one_delivery_each) == 20
    assert _counts(app) == (0, 20)


def test_disposing_the_engine_closes_the_claim_connection(app: Any) -> None:
    chases = SqlChaseStore(app.engine)
    pid = chases.open_claims(10)
    app.engine.dispose()
    assert _claim_connection_gone(app, pid)
    assert chases.plan_due(NOW, 5, one_delivery_each) == 5  # and a later claim opens one


def _claim_connection_gone(app: Any, pid: int | None) -> bool:
    for _ in range(100):  # the server process ends a moment after its client leaves
        with app.engine.connect() as conn:
            there = conn.exec_driver_sql(f"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}")
            if there.scalar_one() == 0:
                return True
        time.sleep(0.05)
    return False


def test_opening_claims_on_a_database_not_migrated_yet_fails_and_logs_nothing(
    pg_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.conftest import scratch_postgres

    with scratch_postgres("prometo_empty", pg_database) as url:
        engine = make_engine(url)
        with caplog.at_level(logging.DEBUG):
            with engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT 1").scalar() == 1
            with pytest.raises(psycopg.errors.UndefinedTable):
                SqlChaseStore(engine).open_claims(10)
            engine.dispose()
    # psycopg warned "error ignored terminating <psycopg.Pipeline …>: pipeline aborted" when
    # the statements failed inside its pipeline
    assert [r.getMessage() for r in caplog.records if r.name.startswith("psycopg")] == []


@pytest.mark.parametrize("mode", ["force_generic_plan", "force_custom_plan"])
@pytest.mark.parametrize("rows", [0, 3000])
def test_a_claim_looks_rows_up_by_index_whatever_the_statistics(
    pg_database: str, mode: str, rows: int
) -> None:
    """A prepared claim keeps its plan, so the plan must not depend on the sizes it was made
    for: with `deliveries` analyzed while empty, the new-key check was a materialized scan of
    the whole table compared with every new key."""
    from storage.chases import _CLAIM_SETTINGS, _DUE_POSTGRES, _OWNERS_POSTGRES, _WRITE_POSTGRES
    from tests.conftest import make_settings, scratch_postgres

    with scratch_postgres("prometo_plans", pg_database) as url:
        from app import create_app

        create_app(make_settings(url)).close()
        raw = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(raw, options="-c timezone=UTC", autocommit=True) as conn:
            conn.execute(
                "INSERT INTO deliveries (key, workspace_id, kind, slot, status, attempts,"
                " created_at) SELECT 'k' || n, 1, 'reminder', 's', 'sent', 1, now()"
                " FROM generate_series(1, %s) AS n",
                (rows,),
            )
            conn.execute("VACUUM ANALYZE")
            for name, value in (*_CLAIM_SETTINGS, ("plan_cache_mode", mode)):
                conn.execute(f"SET {name} TO {value}")
            due = _DUE_POSTGRES.replace("%s", "$1", 1).replace("%s", "$2", 1)
            conn.execute(f"PREPARE due(timestamptz, int2) AS {due}")
            owners = _OWNERS_POSTGRES.replace("%s", "$1")
            conn.execute(f"PREPARE owners(int4[]) AS {owners}")
            casts = re.findall(r"\{\}::(\w+)\[\]", _WRITE_POSTGRES)
            typed = [f"${n}::{cast}[]" for n, cast in enumerate(casts, 4)]
            write = re.sub(r"\{\}::\w+\[\]", "{}", _WRITE_POSTGRES).format(*typed)
            write = write.replace("%s", "$1", 1).replace("%s", "$2", 1).replace("%s", "$3", 1)
            kinds = ", ".join(f"{cast}[]" for cast in casts)
            conn.execute(f"PREPARE write(text, timestamptz, timestamptz, {kinds}) AS {write}")
            plans = [
                r[0]
                for statement in (
                    "EXPLAIN EXECUTE due(now(), 1000)",
                    "EXPLAIN EXECUTE owners('{1,2,3}')",
                    "EXPLAIN EXECUTE write('pending', now(), now(), '{p1/a}', '{1}', '{1}',"
                    " '{reminder}', '{s}', '{2026-01-01}', '{overdue}', '{2}', '{2026-01-01}',"
                    " '{overdue}')",
                )
                for r in conn.execute(statement)
            ]
    shown = "\n".join(plans)
    for avoided in ("Seq Scan", "Hash", "Merge", "Materialize", "Memoize", "Join Filter"):
        assert avoided not in shown, shown
    assert re.search(r"Index Cond: \(key = v(_\d+)?\.key\)", shown), shown
    assert "Index Cond: (id = c.promise_id)" in shown, shown
    assert "Index Cond: (id = ANY (" in shown, shown
