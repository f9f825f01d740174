"""Daylight-saving changes and midnight crossings: wall times and exact durations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from parsing_cases import MAD, NYC, SCL

from bot.parsing import parse_promise

CASES = [
    # Madrid springs forward on 2026-03-29 at 02:00 -> 03:00.
    (
        datetime(2026, 3, 28, 10, 0, tzinfo=MAD),
        "mañana a las 2:30 de la madrugada llamo",
        "2026-03-29T03:30:00+02:00",
    ),
    (
        datetime(2026, 3, 28, 10, 0, tzinfo=MAD),
        "mañana a las 10 llamo",
        "2026-03-29T10:00:00+02:00",
    ),
    (datetime(2026, 3, 28, 10, 0, tzinfo=MAD), "mañana llamo", "2026-03-29T19:00:00+02:00"),
    (datetime(2026, 3, 29, 1, 30, tzinfo=MAD), "en 2 horas llamo", "2026-03-29T04:30:00+02:00"),
    (datetime(2026, 3, 29, 1, 30, tzinfo=MAD), "en 30 minutos llamo", "2026-03-29T03:00:00+02:00"),
    # Madrid falls back on 2026-10-25 at 03:00 -> 02:00.
    (datetime(2026, 10, 24, 10, 0, tzinfo=MAD), "el lunes llamo", "2026-10-26T19:00:00+01:00"),
    (
        datetime(2026, 10, 24, 10, 0, tzinfo=MAD),
        "mañana a las 02:30 llamo",
        "2026-10-25T02:30:00+02:00",
    ),
    (datetime(2026, 10, 25, 1, 30, tzinfo=MAD), "en 2 horas llamo", "2026-10-25T02:30:00+01:00"),
    # Santiago springs forward on 2026-09-06 at 00:00 -> 01:00.
    (datetime(2026, 9, 5, 23, 30, tzinfo=SCL), "en 2 horas llamo", "2026-09-06T02:30:00-03:00"),
    (datetime(2026, 9, 5, 10, 0, tzinfo=SCL), "mañana llamo", "2026-09-06T19:00:00-03:00"),
    (datetime(2026, 9, 5, 10, 0, tzinfo=SCL), "a medianoche llamo", "2026-09-06T01:00:00-03:00"),
    (
        datetime(2026, 9, 5, 10, 0, tzinfo=SCL),
        "el lunes a las 9 llamo",
        "2026-09-07T09:00:00-03:00",
    ),
    # Santiago falls back on 2026-04-05 at 00:00 -> 2026-04-04 23:00.
    (datetime(2026, 4, 4, 22, 30, tzinfo=SCL), "en 1 hora llamo", "2026-04-04T23:30:00-03:00"),
    (datetime(2026, 4, 4, 22, 30, tzinfo=SCL), "en 2 horas llamo", "2026-04-04T23:30:00-04:00"),
    (datetime(2026, 4, 3, 10, 0, tzinfo=SCL), "el domingo llamo", "2026-04-05T19:00:00-04:00"),
    # New York springs forward on 2026-03-08 at 02:00 -> 03:00, falls back on 2026-11-01.
    (
        datetime(2026, 3, 7, 10, 0, tzinfo=NYC),
        "call Bob tomorrow at 2:30am",
        "2026-03-08T03:30:00-04:00",
    ),
    (
        datetime(2026, 3, 7, 10, 0, tzinfo=NYC),
        "call Bob tomorrow at 9",
        "2026-03-08T09:00:00-04:00",
    ),
    (datetime(2026, 3, 8, 1, 30, tzinfo=NYC), "call Bob in 1 hour", "2026-03-08T03:30:00-04:00"),
    (datetime(2026, 10, 31, 10, 0, tzinfo=NYC), "call Bob tomorrow", "2026-11-01T19:00:00-05:00"),
    (datetime(2026, 11, 1, 0, 30, tzinfo=NYC), "call Bob in 2 hours", "2026-11-01T01:30:00-05:00"),
    # Midnight crossings.
    (datetime(2026, 11, 23, 23, 30, tzinfo=SCL), "en 2 horas llamo", "2026-11-24T01:30:00-03:00"),
    (
        datetime(2026, 11, 23, 23, 50, tzinfo=SCL),
        "en 20 minutos llamo",
        "2026-11-24T00:10:00-03:00",
    ),
    (datetime(2026, 12, 31, 23, 0, tzinfo=SCL), "en 3 horas llamo", "2027-01-01T02:00:00-03:00"),
    (datetime(2026, 12, 31, 23, 0, tzinfo=SCL), "mañana llamo", "2027-01-01T19:00:00-03:00"),
    (
        datetime(2026, 11, 23, 23, 30, tzinfo=NYC),
        "call Bob in 45 minutes",
        "2026-11-24T00:15:00-05:00",
    ),
    (datetime(2026, 11, 23, 0, 15, tzinfo=SCL), "mañana llamo", "2026-11-24T19:00:00-03:00"),
]


@pytest.mark.parametrize(("now", "text", "due"), CASES)
def test_dst_and_midnight(now: datetime, text: str, due: str) -> None:
    result = parse_promise(text, now)
    assert result.due is not None
    assert result.due.isoformat() == due
    assert result.due.tzinfo is now.tzinfo


@pytest.mark.parametrize(
    ("now", "minutes"),
    [
        (datetime(2026, 3, 29, 1, 30, tzinfo=MAD), 120),
        (datetime(2026, 10, 25, 1, 30, tzinfo=MAD), 180),
        (datetime(2026, 9, 5, 23, 30, tzinfo=SCL), 90),
        (datetime(2026, 11, 1, 0, 30, tzinfo=NYC), 150),
    ],
)
def test_durations_are_elapsed_time(now: datetime, minutes: int) -> None:
    result = parse_promise(f"llamo en {minutes} minutos", now)
    assert result.due is not None
    elapsed = result.due.astimezone(UTC) - now.astimezone(UTC)
    assert elapsed == timedelta(minutes=minutes)
