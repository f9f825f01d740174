"""Calendar arithmetic on local dates, and DST-safe construction of aware datetimes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo


def at(day: date, minutes: int, tz: tzinfo) -> datetime:
    """`day` at `minutes` after local midnight (1440 = next midnight), aware in `tz`.

    A wall time that does not exist (the spring-forward gap) moves forward by the gap;
    an ambiguous one (fall back) is the first of the two.
    """
    if not 0 <= minutes < 1440:
        day += timedelta(days=minutes // 1440)
        minutes %= 1440
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz)
    offset = local.utcoffset()
    if offset is None:  # a tzinfo with no offset for this day: as astimezone reads it
        return local.astimezone(UTC).astimezone(tz)
    # through UTC and back, as local.astimezone(UTC).astimezone(tz) does, without the UTC object
    return tz.fromutc(local - offset)


def after(now: datetime, delta: timedelta) -> datetime:
    """`now` plus an exact elapsed `delta` (computed in UTC), aware in now's timezone."""
    tz = now.tzinfo
    return (now.astimezone(UTC) + delta).astimezone(tz)


def next_weekday(today: date, weekday: int) -> date:
    """The next date with `weekday` (Monday 0) strictly after `today`."""
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def weekday_in_week(today: date, weekday: int, weeks_ahead: int) -> date:
    """The date with `weekday` in the Monday-based week `weeks_ahead` weeks from today's."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7 * weeks_ahead + weekday)


def month_end(year: int, month: int) -> date:
    """The last day of `month` of `year`."""
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """`day` moved `months` months ahead, clamped to the length of the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_end(year, month + 1).day
    return date(year, month + 1, min(day.day, last))


def add_business_days(day: date, count: int) -> date:
    """`day` plus `count` working days (Monday to Friday)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def valid_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def next_day_of_month(today: date, day: int) -> date | None:
    """The next date whose day of the month is `day`, today included."""
    year, month = today.year, today.month
    if day < today.day:
        month += 1
    for _ in range(13):
        if month > 12:
            year, month = year + 1, 1
        found = valid_date(year, month, day)
        if found is not None:
            return found
        month += 1
    return None


def next_month_day(today: date, month: int, day: int) -> date | None:
    """The next `day` of `month` not before today (this year or the next)."""
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        found = valid_date(year, month, day)
        if found is not None and found >= today:
            return found
    return None


def full_year(year: int) -> int:
    """A two-digit year read as 20xx; four digits as written."""
    return 2000 + year if year < 100 else year


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The `nth` `weekday` (Monday 0) of a month; nth -1 is the last, -2 the one before it."""
    if nth > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    else:
        last = month_end(year, month)
        day = last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))
    return day if day.month == month else None


def nth_business_day(year: int, month: int, nth: int) -> date | None:
    """The `nth` working day (Monday to Friday) of a month; nth -1 is the last."""
    days = [
        date(year, month, d)
        for d in range(1, month_end(year, month).day + 1)
        if date(year, month, d).weekday() < 5
    ]
    index = nth - 1 if nth > 0 else nth
    return days[index] if -len(days) <= index < len(days) else None
