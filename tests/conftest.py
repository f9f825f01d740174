"""Shared fixtures: a settable clock, real databases (SQLite file; PostgreSQL when asked)."""

from __future__ import annotations

import os

# The Teams SDK loads a .env file into the environment when it is imported (python-dotenv); a
# developer's real credentials must never reach a test. Set before anything imports it.
os.environ["PYTHON_DOTENV_DISABLED"] = "1"
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import Prometo, Settings, create_app

PG_ENV = "PROMETO_TEST_DATABASE_URL"
# Monday 23 November 2026, 10:00 in Santiago (UTC-3 in southern summer).
MONDAY_10 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


@dataclass
class SettableClock:
    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        self.at += timedelta(**delta)
        return self.at


# What the Teams SDK reads from the environment (and from a .env file, at import): a real
# secret there would make tests ask Microsoft for tokens. Every test runs without them.
TEAMS_ENV = (
    "CLIENT_ID",
    "CLIENT_SECRET",
    "TENANT_ID",
    "MANAGED_IDENTITY_CLIENT_ID",
    "SERVICE_URL",
    "CLOUD",
    "DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS",
    "BOT_ID",
    "BOT_PASSWORD",
)


@pytest.fixture(autouse=True)
def no_teams_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in TEAMS_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(MONDAY_10)


@contextmanager
def scratch_postgres(prefix: str, server: str | None = None) -> Iterator[str]:
    """A new, empty PostgreSQL database on `server` (default: PG_ENV's), dropped afterwards."""
    from storage.db import normalise_url

    admin_url = make_url(normalise_url(server or os.environ[PG_ENV]))
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # fails loudly when the server is unreachable: never a skip
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    with scratch_postgres("prometo_t") as url:
        yield url


def backends() -> list[str]:
    """The databases the storage tests run on: SQLite, and PostgreSQL when PG_ENV is set."""
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that needs a PostgreSQL server (the `pg_database` fixture) runs where one is
    configured (PG_ENV), as `backends()` adds PostgreSQL only then: README's test command
    runs offline, on SQLite files, and CI sets PG_ENV and runs them all."""
    if os.environ.get(PG_ENV):
        return
    needs_server = {i for i in items if "pg_database" in getattr(i, "fixturenames", ())}
    if needs_server:
        config.hook.pytest_deselected(items=[i for i in items if i in needs_server])
        items[:] = [i for i in items if i not in needs_server]


_migrated: set[str] = set()


@pytest.fixture(params=backends())
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated, empty database: a new SQLite file, or the session's PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'prometo.db'}"
    url: str = request.getfixturevalue("pg_database")
    from storage.db import make_engine, migrate
    from storage.models import Base

    engine = make_engine(url)
    if url not in _migrated:
        migrate(engine)
        _migrated.add(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "prometo_timezone": "America/Santiago",
        "prometo_locale": "es",
        "prometo_team_channel": None,
        "slack_bot_token": None,
        "slack_signing_secret": None,
        "slack_app_token": None,
        "client_id": None,
        "client_secret": None,
        "tenant_id": None,
        "managed_identity_client_id": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def app(database_url: str, clock: SettableClock) -> Iterator[Prometo]:
    prometo = create_app(make_settings(database_url), clock=clock)
    yield prometo
    prometo.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the reliability figures the run measured (tests/reliability), one table."""
    from tests.reliability import figures, leaks

    if leaks.SESSION is not None and leaks.SESSION.leaks:
        terminalreporter.section("secrets in the logs (issue 12, item 15): the run fails", red=True)
        for line in leaks.SESSION.leaks[:50]:
            terminalreporter.write_line(line)
    if leaks.SESSION is not None and figures.RECORDED:
        of = f"{leaks.SESSION.scanned:,} log records at INFO and above, the whole run"
        figures.record("15", "tokens or secrets in the logs", len(leaks.SESSION.leaks), of=of)
    lines = figures.table()
    if lines:
        terminalreporter.section("reliability figures (issue 12)")
        for line in lines:
            terminalreporter.write_line(line)
        figures.write_json()


# Item 15 of issue 12: no token or secret in the logs of the whole run (tests/reliability/leaks.py).
def pytest_configure(config: pytest.Config) -> None:
    import logging

    from tests.reliability import leaks

    leaks.SESSION = leaks.LeakScanner()
    root = logging.getLogger()
    root.addHandler(leaks.SESSION)
    root.setLevel(min(root.level or logging.WARNING, logging.INFO))  # Prometo's default level


@pytest.fixture(scope="session", autouse=True)
def leak_scanner_knows_the_secrets() -> None:
    from tests.reliability import leaks

    assert leaks.SESSION is not None
    leaks.SESSION.secrets = leaks.suite_secrets()  # every conftest is imported by now


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.reliability import leaks

    if leaks.SESSION is not None and leaks.SESSION.leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
