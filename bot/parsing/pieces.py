"""The pieces a text's time expression is made of: a day, a clock time, a part of the day..."""

from __future__ import annotations

from datetime import date, datetime

DAY, CLOCK, PART, EXACT, VAGUE, NOW = "day", "clock", "part", "exact", "vague", "now"


class Piece:
    """One matched expression; `start`/`end` index the original text."""

    __slots__ = (
        "bare",
        "before",
        "day",
        "end",
        "endish",
        "exact",
        "first",
        "has_time",
        "hour",
        "kind",
        "lead",
        "marker",
        "minute",
        "part",
        "rule",
        "start",
    )

    def __init__(
        self,
        kind: str,
        start: int,
        end: int,
        *,
        day: date | None = None,
        hour: int = 0,
        minute: int = 0,
        marker: str | None = None,
        part: str | None = None,
        bare: bool = False,
        exact: datetime | None = None,
        has_time: bool = False,
        endish: bool = False,
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.day = day
        self.hour = hour
        self.minute = minute
        # clock: am, pm, morning, afternoon, night, day, 24 (a 24-hour time as written)
        self.marker = marker
        # part of the day: eod, early, lunch, morning, afternoon, night, dawn
        self.part = part
        self.bare = bare  # a bare "morning"/"night": only counts right after a day
        self.exact = exact
        self.has_time = has_time
        self.endish = endish  # already a period's end: "antes de fin de mes" is not a day less
        self.before = False  # "antes del viernes": the day before
        # a period's first day: "antes de mayo" is the day before it (30 April), not before
        # its end; for a holiday, the day after the last working day before it
        self.first: date | None = None
        self.rule = ""  # the name of the rule that read it (rules.RULES)
        self.lead = False  # had a deadline lead-in ("para", "by", "a más tardar")


class Context:
    """What the rules need to resolve a match: the reference moment and reading conventions."""

    __slots__ = ("country", "day_end", "day_start", "lang", "now", "today")

    def __init__(
        self,
        now: datetime,
        today: date,
        lang: str,
        day_start: int,
        day_end: int,
        country: str | None = None,
    ) -> None:
        self.now = now
        self.country = country  # ISO 3166 code for holidays; None: told by now's timezone
        self.today = today
        self.lang = lang
        self.day_start = day_start  # minutes after local midnight
        self.day_end = day_end
