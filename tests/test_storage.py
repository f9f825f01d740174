"""Schema and migrations on real databases."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storage.db import alembic_config, ensure_schema, head_revisions, is_current, make_engine


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
    engine.dispose()


def test_schema_is_current_after_ensure_schema(database_url: str) -> None:
    engine = make_engine(database_url)
    ensure_schema(engine)
    assert is_current(engine)
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("chases")}
    assert "ix_chases_at" in indexes
    engine.dispose()


def test_postgres_urls_use_psycopg_3() -> None:
    from storage.db import normalise_url

    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
