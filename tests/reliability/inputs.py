"""Helpers for the bad-input and load items of issue 12 (6, 7, 10 to 15).

- `rows(engine)`: every row of every table, to prove that a refused request changed nothing.
- `Sender`: signed requests to POST /slack/events over one keep-alive connection, without
  waiting for the listeners after each (fuzzing and latency need thousands of round trips).
- `Errors`: a logging handler that counts what reached the app's error handler and every other
  ERROR record (an unhandled exception anywhere logs one), installed for a block of code.
"""

from __future__ import annotations

import http.client
import logging
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select

from storage.models import Base
from tests.slack.conftest import Answer, SlackSide, sign

Rows = dict[str, list[tuple[Any, ...]]]


def rows(engine: Any) -> Rows:
    """Every row of every table, ordered, as plain tuples."""
    found: Rows = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            got = conn.execute(select(table)).all()
            found[table.name] = sorted((tuple(r) for r in got), key=repr)
    return found


def changed(before: Rows, after: Rows) -> int:
    """How many rows were added, removed or altered between two snapshots."""
    total = 0
    for name in set(before) | set(after):
        old, new = set(before.get(name, ())), set(after.get(name, ()))
        total += len(old ^ new)
    return total


def difference(before: Rows, after: Rows) -> dict[str, list[tuple[Any, ...]]]:
    """The rows that differ, by table (for a failure's message)."""
    found = {}
    for name in set(before) | set(after):
        odd = set(before.get(name, ())) ^ set(after.get(name, ()))
        if odd:
            found[name] = sorted(odd, key=repr)[:5]
    return found


class Sender:
    """Signed POSTs to /slack/events on one keep-alive HTTP/1.1 connection."""

    def __init__(self, side: SlackSide) -> None:
        self.side = side
        self.conn: http.client.HTTPConnection | None = None

    def post(self, body: bytes, content_type: str) -> tuple[Answer, float]:
        """Send one signed request; the answer and the seconds it took to arrive."""
        stamp = self.side.now()
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": sign(body, stamp),
        }
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.side.server.port, 10)
            started = time.perf_counter()
            try:
                self.conn.request("POST", "/slack/events", body=body, headers=headers)
                response = self.conn.getresponse()
                answer = Answer(response.status, response.read().decode())
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()  # the server closed an idle connection: open another, once
                if attempt == 2:
                    raise
                continue
            took = time.perf_counter() - started
            if response.will_close:
                self.close()
            return answer, took
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Errors(logging.Handler):
    """ERROR records from anywhere; `unhandled` are those of the app's one error handler."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def unhandled(self) -> list[logging.LogRecord]:
        return [r for r in self.records if r.getMessage().startswith("Slack listener failed")]

    def describe(self) -> str:
        """Each distinct failure once: the exception and where it was raised."""
        seen: dict[str, int] = {}
        for r in self.records:
            where = r.getMessage()[:200]
            if r.exc_info and r.exc_info[1] is not None:
                frame = traceback.extract_tb(r.exc_info[2])[-1]
                where = (
                    f"{type(r.exc_info[1]).__name__} at {frame.filename}:{frame.lineno}: {where}"
                )
            seen[where] = seen.get(where, 0) + 1
        return "\n".join(f"{n} × {where}" for where, n in seen.items()) or "(none)"


@contextmanager
def errors_logged() -> Iterator[Errors]:
    """Count ERROR records (and exceptions in them) while the block runs."""
    handler = Errors()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
