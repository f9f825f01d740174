"""Engines and migrations: SQLite by default (created and migrated on first use), PostgreSQL too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def normalise_url(url: str) -> str:
    """Accept postgres:// and postgresql:// URLs and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys and a busy timeout."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # sessions in UTC, as every instant is stored: the driver then gives datetimes with the
    # fixed UTC offset rather than converting each one through a named zone
    connect_args = {"options": "-c timezone=UTC", **kwargs.pop("connect_args", {})}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


# any fixed number: the PostgreSQL advisory lock that one migrating process holds at a time
_MIGRATION_LOCK = 7_146_820_11


@contextmanager
def _one_at_a_time(engine: Engine) -> Iterator[None]:
    """PostgreSQL: several processes starting at once migrate one after the other."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({_MIGRATION_LOCK})")
        conn.commit()
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_MIGRATION_LOCK})")
            conn.commit()


def migrate(engine: Engine) -> None:
    """Bring the database schema up to the newest migration."""
    from alembic import command

    with _one_at_a_time(engine):
        command.upgrade(alembic_config(engine), "head")


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


def head_revisions() -> set[str]:
    """The newest migration ids, read from the files without importing Alembic (it is slow)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(source))
        parents.update(_DOWN.findall(source))
    return revisions - parents


def is_current(engine: Engine) -> bool:
    """True when the schema is already at the newest migration: one query at start."""
    try:
        with engine.connect() as conn:
            current = {
                row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))
            }
    except DBAPIError:
        return False
    return current == head_revisions()


def ensure_schema(engine: Engine) -> None:
    """Migrate when needed; cheap when the schema is already current."""
    if not is_current(engine):
        migrate(engine)  # another process may have done it meanwhile: then it is a no-op
