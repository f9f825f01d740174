"""Concrete deadlines to offer for a vague promise ("pronto") or a loose one ("esta semana").

Pure: computed from `now` (aware) and the owner's timezone and work hours. Each choice comes
with a short label for a button ("hoy 18:00", "mañana 12:00", "viernes 12:00") and the words
that the parser reads back as the same moment ("el viernes a las 12:00"), for typed commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel.dates import format_date, format_time

from bot.model import Person, WorkHours
from bot.workdays import (
    add_working_days,
    at_local,
    is_working_day,
    local_day,
    midday,
    next_working_day,
)

MAX_CHOICES = 3
NOON = time(12, 0)
MARGIN = timedelta(hours=1)  # a choice leaves at least this long to do the thing
WEEK = 6  # within this many days a weekday name is unambiguous ("el viernes")


@dataclass(frozen=True, slots=True)
class Choice:
    """A concrete deadline: `at` (aware UTC), a button label, and words the parser reads."""

    at: datetime
    label: str
    phrase: str


def for_vague(now: datetime, owner: Person, lang: str) -> list[Choice]:
    """Choices for a promise with no date: today near the end of work, the next working day at
    noon, and the end of the working week (or two working days later) at noon."""
    hours = owner.work_hours
    tz = owner.timezone
    today = local_day(now, tz)
    options: list[tuple[date, time]] = []
    late = _before_end(hours)
    if is_working_day(today) and at_local(today, late, tz) >= now + MARGIN:
        options.append((today, late))
    second = next_working_day(today)
    options.append((second, _noon(hours)))
    friday = today + timedelta(days=4 - today.weekday()) if today.weekday() < 5 else None
    third = friday if friday is not None and friday > second else add_working_days(second, 2)
    options.append((third, _noon(hours)))
    return _choices(options, now, owner, lang)


def for_loose(now: datetime, owner: Person, end: datetime, lang: str) -> list[Choice]:
    """Choices inside a loose deadline that ends at `end` ("esta semana" = Friday at the end of
    work): noon on the first, middle and last working days of its last working week."""
    hours = owner.work_hours
    tz = owner.timezone
    today, last = local_day(now, tz), local_day(end, tz)
    days: list[date] = []
    day = today
    while day <= last:
        if is_working_day(day) and now + MARGIN <= at_local(day, _noon(hours), tz) < end:
            days.append(day)
        day += timedelta(days=1)
    days = days[-5:]
    if not days:
        return []
    picked = sorted({days[0], days[(len(days) - 1) // 2 + (len(days) > 3)], days[-1]})
    return _choices([(d, _noon(hours)) for d in picked], now, owner, lang)


def _choices(
    options: list[tuple[date, time]], now: datetime, owner: Person, lang: str
) -> list[Choice]:
    tz = owner.timezone
    today = local_day(now, tz)
    out: list[Choice] = []
    seen: set[datetime] = set()
    for day, clock in options:
        at = at_local(day, clock, tz)
        if at in seen or at < now + MARGIN:
            continue
        seen.add(at)
        out.append(Choice(at, _label(day, clock, today, lang), _phrase(day, clock, today, lang)))
    return out[:MAX_CHOICES]


def _noon(hours: WorkHours) -> time:
    return NOON if hours.start <= NOON < hours.end else midday(hours)


def _before_end(hours: WorkHours) -> time:
    """An hour before the end of work (18:00 for 09:00-19:00), not before the start."""
    end = datetime.combine(date(2000, 1, 3), hours.end) - MARGIN
    return max(end.time(), hours.start)


def _day_word(day: date, today: date, lang: str) -> str:
    if day == today:
        return "hoy" if lang == "es" else "today"
    if day == today + timedelta(days=1):
        return "mañana" if lang == "es" else "tomorrow"
    if (day - today).days <= WEEK:
        return format_date(day, "EEEE", locale=lang)
    return format_date(day, "EEEE d" if lang == "es" else "EEEE, MMM d", locale=lang)


def _label(day: date, clock: time, today: date, lang: str) -> str:
    """A button's words: 'viernes 12:00', 'tomorrow 12:00 PM'."""
    shown = f"{clock:%H:%M}" if lang == "es" else format_time(clock, "h:mm a", locale="en")
    return f"{_day_word(day, today, lang)} {shown}"


def _phrase(day: date, clock: time, today: date, lang: str) -> str:
    """Words the parser reads as this moment: 'el viernes a las 12:00', 'on 12/4 at 12:00'."""
    hhmm = f"{clock:%H:%M}"
    if lang == "es":
        if day == today:
            return f"hoy a las {hhmm}"
        if day == today + timedelta(days=1):
            return f"mañana a las {hhmm}"
        if (day - today).days <= WEEK:
            return f"el {format_date(day, 'EEEE', locale='es')} a las {hhmm}"
        return f"el {day.day}/{day.month} a las {hhmm}"
    if day == today:
        return f"today at {hhmm}"
    if day == today + timedelta(days=1):
        return f"tomorrow at {hhmm}"
    if (day - today).days <= WEEK:
        return f"on {format_date(day, 'EEEE', locale='en')} at {hhmm}"
    return f"on {day.month}/{day.day} at {hhmm}"
