"""Shared helpers for the parsing tables: reference moments and the row format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

SCL = ZoneInfo("America/Santiago")
MAD = ZoneInfo("Europe/Madrid")
NYC = ZoneInfo("America/New_York")
MEX = ZoneInfo("America/Mexico_City")
BUE = ZoneInfo("America/Argentina/Buenos_Aires")

NOWS: dict[str, datetime] = {
    "MON": datetime(2026, 11, 23, 10, 0, tzinfo=SCL),  # Monday morning
    "SUN": datetime(2026, 11, 22, 11, 0, tzinfo=SCL),  # Sunday
    "FRI": datetime(2026, 11, 27, 16, 30, tzinfo=SCL),  # Friday afternoon
    "THU": datetime(2026, 11, 26, 9, 30, tzinfo=SCL),  # Thursday
    "WED": datetime(2026, 11, 25, 20, 0, tzinfo=SCL),  # Wednesday, after work hours
    "DEC30": datetime(2026, 12, 30, 15, 0, tzinfo=SCL),  # Wednesday before New Year
    "MEX": datetime(2026, 11, 23, 10, 0, tzinfo=MEX),  # Monday, Mexico City
    "BUE": datetime(2026, 11, 23, 10, 0, tzinfo=BUE),  # Monday, Buenos Aires
    "MAD": datetime(2026, 11, 23, 10, 0, tzinfo=MAD),  # Monday, Madrid
    "NYC": datetime(2026, 11, 23, 10, 0, tzinfo=NYC),  # Monday, New York
    "NYFRI": datetime(2026, 11, 27, 16, 30, tzinfo=NYC),  # Friday afternoon, New York
    "NYSUN": datetime(2026, 11, 22, 11, 0, tzinfo=NYC),  # Sunday, New York
}


@dataclass(frozen=True)
class Row:
    """One table row: `when` is 'YYYY-MM-DD HH:MM' (+'!' when a clock time is named) or None."""

    now: str
    text: str
    when: str | None
    task: str
    lang: str | None = None

    @property
    def id(self) -> str:
        return f"{self.now}:{self.text[:60]}"


def rows(table: str, lang: str | None = None) -> list[Row]:
    """Rows from lines 'NOW | text | when | task' ('none' for no deadline); '#' lines skipped."""
    out = []
    for line in table.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        now, text, when, task = (part.strip() for part in line.split(" | "))
        out.append(Row(now, text, None if when == "none" else when, task, lang))
    return out
