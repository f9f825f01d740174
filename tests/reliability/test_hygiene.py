"""Item 15: no pickled user data in the database, no token in clear there, no job store that
persists pickled jobs; and the run's log scanner (tests/reliability/leaks.py, installed for the
whole suite by tests/conftest.py) really catches a leak.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import inspect, text

from app import Prometo
from handlers.slack import ids
from tests.production.conftest import ACME, installed, multi, multi_side  # noqa: F401  (OAuth fixtures)
from tests.reliability.leaks import TOKEN, LeakScanner, suite_secrets
from tests.slack.conftest import ANA, BETO, SECRET, SlackSide
from tests.slack.test_spotting import ephemerals, said, suggestion_id

BINARY_TYPES = re.compile(r"BLOB|BYTEA|BINARY|PICKLE|LARGEBINARY|RAW", re.IGNORECASE)
PICKLE_BYTES = re.compile(rb"^\x80[\x02-\x05]")
PICKLE_TEXT = re.compile(r"^(?:gA[SJNR]|\\x80|\x80)")  # base64 or escaped pickle headers


def realistic_session(side: SlackSide, app: Prometo) -> None:
    """What a workspace does in its first week: install, commands, buttons, a modal, a spotted
    promise saved, the App Home, reminders, an overdue notice and a Monday digest."""
    installed(side, ACME, ANA)
    side.command("llamar al cliente hoy a las 15", team=ACME)
    side.command("enviar la propuesta a <@U0BETO> el viernes", team=ACME)
    side.command("revisar el contrato mañana", team=ACME)
    side.command("lista", team=ACME)
    side.command("hecho 3", team=ACME)
    side.command("mover 2 al lunes porque falta el precio", team=ACME)
    side.command("cosas sin fecha", team=ACME)
    side.event(said("te mando los números el jueves", user=BETO), team=ACME)
    side.click(ids.SUGGESTION_SAVE, suggestion_id(ephemerals(side)[-1]), user=BETO, team=ACME)
    side.event({"type": "app_home_opened", "user": ANA, "tab": "home"}, team=ACME)
    assert app.chaser is not None
    for hours in (2, 3, 24, 24 * 6):  # reminders, overdue, the week to Monday's digest
        app.clock.advance(hours=hours)
        app.chaser.sweep()
    side.settle()


def cells(app: Prometo) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, Any]]]:
    """Every (table, column, type) the database really has, and every non-null value."""
    found = inspect(app.engine)
    columns, values = [], []
    with app.engine.connect() as conn:
        for table in found.get_table_names():
            names = [c["name"] for c in found.get_columns(table)]
            columns += [(table, c["name"], str(c["type"])) for c in found.get_columns(table)]
            quoted = ", ".join(f'"{n}"' for n in names)
            for row in conn.execute(text(f'SELECT {quoted} FROM "{table}"')):
                values += [(table, n, v) for n, v in zip(names, row, strict=True) if v is not None]
    return columns, values


def pickled(value: Any) -> bool:
    if isinstance(value, bytes | bytearray | memoryview):
        return bool(PICKLE_BYTES.match(bytes(value)))
    if not isinstance(value, str):
        return False
    if PICKLE_TEXT.match(value):
        return True
    try:  # a base64 blob of a pickle, whatever its prefix
        return bool(PICKLE_BYTES.match(base64.b64decode(value, validate=True)))
    except (binascii.Error, ValueError):
        return False


def test_no_pickled_user_data_and_no_token_in_clear_in_the_database(
    multi_side: SlackSide,  # noqa: F811
    multi: Prometo,  # noqa: F811
    figure: Callable[..., None],
) -> None:
    realistic_session(multi_side, multi)
    multi.chaser.start()  # the real APScheduler, as `prometo serve` runs it
    try:
        scheduler = multi.chaser._scheduler
        stores = {type(store).__name__ for store in scheduler._jobstores.values()}
        jobs = scheduler.get_jobs()
    finally:
        multi.chaser.shutdown()
    columns, values = cells(multi)
    backend = multi.engine.dialect.name
    binary = [c for c in columns if BINARY_TYPES.search(c[2])]
    pickles = [(t, c) for t, c, v in values if pickled(v)]
    tokens = [(t, c) for t, c, v in values if isinstance(v, str) and TOKEN.search(v)]
    tables = {c[0] for c in columns}
    of = f"{backend}, after a week's session: {len(columns)} columns in {len(tables)} tables"
    figure("15", "binary or pickle columns", len(binary), of=of)
    figure("15", "pickled values", len(pickles), of=f"{len(values)} non-null cells, {backend}")
    figure("15", "tokens in clear", len(tokens), of=f"{len(values)} non-null cells, {backend}")
    figure("15", "persistent job stores", len(stores - {"MemoryJobStore"}), of="APScheduler")
    assert binary == []
    assert pickles == []
    assert tokens == []
    assert stores == {"MemoryJobStore"} and not any(t.startswith("apscheduler") for t in tables)
    assert [job.id for job in jobs] == ["prometo-sweep"]  # a bound method, never a client
    # the session really stored what it should have
    rows = {t: sum(1 for v in values if v[0] == t) for t in tables}
    for table in ("promises", "promise_events", "deliveries", "suggestions", "slack_installations"):
        assert rows.get(table, 0) > 0, table


def test_the_log_scanner_finds_a_token_or_a_secret_wherever_it_is(
    figure: Callable[..., None],
) -> None:
    scanner = LeakScanner(suite_secrets())
    log = logging.getLogger("prometo.leak-drill")
    log.propagate = False  # the run's own scanner must not see this drill
    log.addHandler(scanner)
    try:
        log.info("nothing to see: %s asked for %s", ANA, "xoxb")
        log.info("token %s", "xoxb-1234-5678-abcdef")
        log.warning("signing with %r", {"secret": SECRET})
        try:
            raise RuntimeError(f"client_secret={suite_secrets()[2]}")
        except RuntimeError:
            log.exception("install failed")
        log.debug("xoxb-below-the-level")  # DEBUG: left to the redacting formatter
    finally:
        log.removeHandler(scanner)
    figure("15", "planted leaks the scanner caught", f"{len(scanner.leaks)}/3", of="a drill")
    assert len(scanner.leaks) == 3 and scanner.scanned == 4


def test_the_whole_run_is_scanned() -> None:
    from tests.reliability import leaks

    assert leaks.SESSION is not None and leaks.SESSION in logging.getLogger().handlers
    assert logging.getLogger().getEffectiveLevel() <= logging.INFO
    assert leaks.SESSION.secrets == suite_secrets()
