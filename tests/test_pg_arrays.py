"""A claim on a real PostgreSQL server: its arrays (storage/pg_arrays.py) read back as sent,
its statements prepared with each new connection, and its plans by index whatever the
statistics."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_new_connection_comes_with_the_claim_prepared(pg_database: str) -> None:
    from app import create_app
    from tests.chasing.helpers import seed_due
    from tests.conftest import make_settings

    now = datetime(2026, 11, 23, 13, tzinfo=UTC)
    app = create_app(make_settings(pg_database))
    seed_due(app.engine, 20, now, owners=3)
    app.engine.dispose()  # connections made from here on are new
    claim = "statement LIKE 'WITH c AS%%' OR statement LIKE 'WITH v AS%%'"
    count = f"SELECT count(*) FROM pg_prepared_statements WHERE {claim}"
    with app.engine.begin() as conn:
        assert conn.exec_driver_sql(count).scalar() == 2
    chases = SqlChaseStore(app.engine)
    for _ in range(2):  # the claims run what the connection prepared
        assert chases.plan_due(now, 10, one_delivery_each) == 10
    with app.engine.begin() as conn:
        assert conn.exec_driver_sql(count).scalar() == 2
    app.close()


def test_connecting_to_a_database_not_migrated_yet_works_and_logs_nothing(
    pg_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.conftest import scratch_postgres

    with scratch_postgres("prometo_empty", pg_database) as url:
        engine = make_engine(url)
        with caplog.at_level(logging.DEBUG):
            with engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT 1").scalar() == 1
            engine.dispose()
    # psycopg warned "error ignored terminating <psycopg.Pipeline …>: pipeline aborted" when
    # the preparation failed inside its pipeline, as it does before `prometo migrate`
    assert [r.getMessage() for r in caplog.records if r.name.startswith("psycopg")] == []


@pytest.mark.parametrize("mode", ["force_generic_plan", "force_custom_plan"])
@pytest.mark.parametrize("rows", [0, 3000])
def test_a_claim_looks_rows_up_by_index_whatever_the_statistics(
    pg_database: str, mode: str, rows: int
) -> None:
    """A prepared claim keeps its plan, so the plan must not depend on the sizes it was made
    for: with `deliveries` analyzed while empty, the new-key check was a materialized scan of
    the whole table compared with every new key."""
    from storage.chases import _CLAIM_SETTINGS, _DUE_POSTGRES, _WRITE_POSTGRES
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
                    "EXPLAIN EXECUTE write('pending', now(), now(), '{p1/a}', '{1}', '{1}',"
                    " '{reminder}', '{s}', '{2026-01-01}', '{overdue}', '{2}', '{2026-01-01}',"
                    " '{overdue}')",
                )
                for r in conn.execute(statement)
            ]
    shown = "\n".join(plans)
    for avoided in ("Seq Scan", "Hash", "Merge", "Materialize", "Join Filter"):
        assert avoided not in shown, shown
    assert re.search(r"Index Cond: \(key = v(_\d+)?\.key\)", shown), shown
    assert "Index Cond: (id = c.promise_id)" in shown, shown
