"""Working days: Monday to Friday, read in a person's own timezone.

Pure date arithmetic for the customer side of chasing (check-ins, "¿Llegas?", follow-ups, the
digest's silent counterparts). Instants are aware; days are local calendar dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.model import WorkHours

DAY = timedelta(days=1)


def is_working_day(day: date) -> bool:
    """True from Monday to Friday."""
    return day.weekday() < 5


def working_days_between(start: date, end: date) -> list[date]:
    """The working days strictly after `start` and strictly before `end`, in order."""
    days: list[date] = []
    day = start + DAY
    while day < end:
        if is_working_day(day):
            days.append(day)
        day += DAY
    return days


def working_days_after(start: date, end: date) -> int:
    """How many working days lie in (start, end]: 'Thursday is 3 working days after Monday'."""
    count = len(working_days_between(start, end))
    return count + (1 if end > start and is_working_day(end) else 0)


def add_working_days(day: date, count: int) -> date:
    """The `count`-th working day after `day` (count >= 1)."""
    while count > 0:
        day += DAY
        if is_working_day(day):
            count -= 1
    return day


def previous_working_day(day: date) -> date:
    """The last working day strictly before `day`."""
    day -= DAY
    while not is_working_day(day):
        day -= DAY
    return day


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    return add_working_days(day, 1)


def local_day(moment: datetime, tz: str) -> date:
    """The calendar date of `moment` (aware) in `tz`."""
    return moment.astimezone(ZoneInfo(tz)).date()


def at_local(day: date, clock: time, tz: str) -> datetime:
    """A wall-clock time on `day` in `tz`, as aware UTC; a time in a DST gap moves forward."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def midday(hours: WorkHours) -> time:
    """The middle of a working day: 14:00 for 09:00-19:00."""
    start = hours.start.hour * 60 + hours.start.minute
    end = hours.end.hour * 60 + hours.end.minute
    middle = (start + end) // 2
    return time(middle // 60, middle % 60)


def clamp(clock: time, hours: WorkHours) -> time:
    """A time of day moved inside work hours: before the start -> start, after the end -> end."""
    return min(max(clock, hours.start), hours.end)
