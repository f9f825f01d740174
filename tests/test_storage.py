"""Schema and migrations on real databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import bindparam, inspect, text

from storage.db import (
    alembic_config,
    ensure_schema,
    head_revisions,
    is_current,
    make_engine,
    normalise_url,
)
from storage.models import Base, UTCDateTime
from storage.store import SqlStore
from tests.conftest import MONDAY_10, SettableClock, backends, scratch_postgres


def test_cheap_head_check_agrees_with_alembic(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
    assert heads and head_revisions() == heads
    engine.dispose()


def test_a_new_sqlite_file_is_created_and_migrated_once(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'prometo.db'}")
    assert not is_current(engine)
    ensure_schema(engine)
    assert is_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"workspaces", "people", "promises", "promise_events", "deliveries"} <= tables
    ensure_schema(engine)  # a second start changes nothing
    assert is_current(engine)
    with engine.connect() as conn:  # off while migrating, on again after
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_schema_is_current_after_ensure_schema(database_url: str) -> None:
    engine = make_engine(database_url)
    ensure_schema(engine)
    assert is_current(engine)
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("chases")}
    assert "ix_chases_at" in indexes
    engine.dispose()


def _predicate(where: object) -> str | None:
    """An index's WHERE as comparable text, e.g. 'retry_at is not null'; None: not partial."""
    return None if where is None else str(where).strip("() ").lower()


def test_the_migrations_build_every_index_the_models_declare(database_url: str) -> None:
    """Columns, uniqueness and, for a partial index, its WHERE: a migration that leaves one out
    (0008 left deliveries.retry_at whole) fails here, which autogenerate would not notice."""
    engine = make_engine(database_url)
    ensure_schema(engine)
    dialect = engine.dialect.name
    found = inspect(engine)
    checked = 0
    for table in Base.metadata.sorted_tables:
        built = {ix["name"]: ix for ix in found.get_indexes(table.name)}
        for index in table.indexes:
            assert index.name in built, f"{table.name}: {index.name} is not in the database"
            ix = built[index.name]
            assert ix["column_names"] == [c.name for c in index.columns], index.name
            assert bool(ix["unique"]) == bool(index.unique), index.name
            reflected = ix.get("dialect_options", {}).get(f"{dialect}_where")
            wanted = _predicate(index.dialect_options[dialect]["where"])
            assert _predicate(reflected) == wanted, index.name
            checked += 1
    assert checked >= 10
    engine.dispose()


def test_postgres_urls_use_psycopg_3() -> None:

    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


@pytest.fixture(params=backends())
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    with scratch_postgres("prometo_m") as url:
        yield url


def test_the_chase_queue_migration_keeps_every_next_chase(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    config = alembic_config(engine)
    command.upgrade(config, "0002")
    at = MONDAY_10 + timedelta(hours=5)
    with engine.begin() as conn:  # a book written before 0003: chases on the promise rows
        conn.execute(
            text(
                "INSERT INTO workspaces (id, platform, external_id, timezone, locale, active,"
                " created_at) VALUES (1, 'slack', 'T1', 'UTC', 'es', :t, :now)"
            ),
            {"t": True, "now": MONDAY_10},
        )
        conn.execute(
            text(
                "INSERT INTO people (id, workspace_id, external_id, timezone, locale, work_start,"
                " work_end, profile_known, active, last_number, created_at)"
                " VALUES (1, 1, 'U1', 'UTC', 'es', '09:00', '19:00', :t, :t, 2, :now)"
            ),
            {"t": True, "now": MONDAY_10},
        )
        for number, chase in ((1, at), (2, None)):
            conn.execute(
                text(
                    "INSERT INTO promises (id, workspace_id, owner_id, recorder_id, number, task,"
                    " text, lang, original_due, due, due_has_time, status, created_at,"
                    " updated_at, next_chase_at, chase_kind, version) VALUES (:n, 1, 1, 1, :n,"
                    " 'llamar', 'llamar', 'es', :due, :due, :t, :status, :now, :now, :chase,"
                    " :kind, 1)"
                ).bindparams(
                    bindparam("due", type_=UTCDateTime),
                    bindparam("now", type_=UTCDateTime),
                    bindparam("chase", type_=UTCDateTime),
                ),
                {
                    "n": number,
                    "due": at + timedelta(hours=1),
                    "t": True,
                    "status": "open" if chase else "done",
                    "now": MONDAY_10,
                    "chase": chase,
                    "kind": "overdue" if chase else None,
                },
            )
    command.upgrade(config, "head")
    store = SqlStore(engine, SettableClock(MONDAY_10))
    first, second = store.get_promise(1), store.get_promise(2)
    assert first is not None and second is not None
    assert (first.next_chase_at, first.chase_kind) == (at, "overdue")
    assert (second.next_chase_at, second.chase_kind) == (None, None)
    assert "next_chase_at" not in {c["name"] for c in inspect(engine).get_columns("promises")}

    command.downgrade(config, "0002")
    with engine.connect() as conn:
        back = conn.execute(text("SELECT id, chase_kind FROM promises ORDER BY id")).all()
    assert [tuple(r) for r in back] == [(1, "overdue"), (2, None)]
    assert "chases" not in inspect(engine).get_table_names()
    command.upgrade(config, "head")
    assert SqlStore(engine, SettableClock(MONDAY_10)).get_promise(1) == first
    engine.dispose()
