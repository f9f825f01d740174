"""Rules for periods and counted days: 'en mayo', 'este trimestre', 'el segundo lunes de marzo',
'dentro de dos jueves', '3-4pm', 'ahora'."""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import dates
from .lazy import LazyPattern
from .lexicon import MONTHS, NTH, PLURAL_WEEKDAYS, WEEKDAYS, number_value, word_set
from .pieces import CLOCK, DAY, EXACT, NOW, Context, Piece

HOUR = timedelta(hours=1)
_BEFORE_LEADS = ("antes", "before")


def counted(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'dentro de dos jueves', '3 fridays from now': the n-th such weekday after today."""
    if not m["lead"] and not m["since"]:
        return None
    n = number_value(m["n"])
    if n is None or not 1 <= n <= 52:
        return None
    first = dates.next_weekday(ctx.today, PLURAL_WEEKDAYS[m["wd"]])
    return Piece(DAY, m.start(), m.end(), day=first + timedelta(days=7 * (n - 1)))


def _month_of(m: re.Match[str], ctx: Context) -> tuple[int, int, bool]:
    """(year, month, named) for a 'de marzo' / 'del mes' / 'of next month' ending."""
    today = ctx.today
    if m["mon"]:
        month = MONTHS[m["mon"]]
        if m["y"]:
            return int(m["y"]), month, True
        return (today.year if month >= today.month else today.year + 1), month, True
    if m["next"]:
        nxt = dates.add_months(today.replace(day=1), 1)
        return nxt.year, nxt.month, True
    return today.year, today.month, False


def nth_of_month(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'el segundo lunes de marzo', 'the last Friday of the month', 'la última semana de julio',
    'el último día hábil del mes', 'la primera quincena de diciembre'."""
    nth = NTH[m["nth"]]
    year, month, named = _month_of(m, ctx)
    found = _nth_in(m, nth, year, month)
    if found is None:
        return None
    if found[0] < ctx.today and not named:  # "the last Friday of the month", said after it
        nxt = dates.add_months(date(year, month, 1), 1)
        found = _nth_in(m, nth, nxt.year, nxt.month)
    elif found[0] < ctx.today and m["mon"] and not m["y"]:
        found = _nth_in(m, nth, year + 1, month)
    if found is None:
        return None
    day, first = found
    piece = Piece(DAY, m.start(), m.end(), day=day, endish=first is not None)
    piece.first = first
    return piece


def _nth_in(m: re.Match[str], nth: int, year: int, month: int) -> tuple[date, date | None] | None:
    """The day a 'nth something of month' names, and the period's first day when it is one."""
    last = dates.month_end(year, month)
    if m["wd"]:
        return _pair(dates.nth_weekday(year, month, WEEKDAYS[m["wd"]], nth), None)
    if m["week"]:
        return _week_of_month(year, month, nth)
    if m["half"]:
        if nth == 1:
            return date(year, month, 15), date(year, month, 1)
        if nth in (2, -1):
            return last, date(year, month, 16)
        return None
    if m["biz"] or m["biz2"]:
        return _pair(dates.nth_business_day(year, month, nth), None)
    if nth < 0:
        return last + timedelta(days=nth + 1), None
    return _pair(dates.valid_date(year, month, nth), None)


def _pair(day: date | None, first: date | None) -> tuple[date, date | None] | None:
    return None if day is None else (day, first)


def _week_of_month(year: int, month: int, nth: int) -> tuple[date, date | None] | None:
    """Week n of a month: its first week holds its first working day; the deadline is that
    week's Friday, or the month's last day when the month ends sooner."""
    first_day, last = date(year, month, 1), dates.month_end(year, month)
    if nth > 0:
        monday = first_day - timedelta(days=first_day.weekday())
        if first_day.weekday() >= 5:
            monday += timedelta(days=7)
        monday += timedelta(days=7 * (nth - 1))
    else:
        last_work = last - timedelta(days=max(0, last.weekday() - 4))
        monday = last_work - timedelta(days=last_work.weekday()) + timedelta(days=7 * (nth + 1))
    friday = min(monday + timedelta(days=4), last)
    if monday > last or friday < first_day:
        return None
    return friday, max(monday, first_day)


def month_in(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'en mayo', 'para mayo', 'in May 2027': by the end of that month; 'antes de mayo': the
    day before it starts."""
    month = MONTHS[m["mon"]]
    today = ctx.today
    year = int(m["y"]) if m["y"] else today.year if month >= today.month else today.year + 1
    return _period(m, date(year, month, 1), dates.month_end(year, month), m["lead"])


def month_range(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'entre mayo y junio', 'from May to June': by the end of the later month."""
    first_month, month = MONTHS[m["m1"]], MONTHS[m["mon"]]
    today = ctx.today
    start_year = today.year if first_month >= today.month else today.year + 1
    year = start_year if month >= first_month else start_year + 1
    if m["y"]:
        year = int(m["y"])
        start_year = year if month >= first_month else year - 1
    return _period(m, date(start_year, first_month, 1), dates.month_end(year, month), None)


def year_in(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'en 2027', 'by 2027', 'a fines de 2027': 31 December of that year."""
    year = int(m["y"])
    if not ctx.today.year - 1 <= year <= ctx.today.year + 30:
        return None
    return _period(m, date(year, 1, 1), date(year, 12, 31), m["lead"])


def _period(m: re.Match[str], first: date, last: date, lead: str | None) -> Piece:
    piece = Piece(DAY, m.start(), m.end(), day=last, endish=True)
    piece.first = first
    if lead:
        piece.lead = True
        piece.before = lead.split()[0] in _BEFORE_LEADS
    return piece


def quarter(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'este trimestre', 'el próximo trimestre', 'para el Q3', 'by end of Q2 2027', 'EOQ',
    'este semestre', 'in H2': the last day of that quarter or half-year."""
    named = m["q"] or m["h"]
    if (named and not (m["lead"] or m["end"])) or (m["unit"] and not m["end"]):
        return None  # a bare "Q4" is a label ("cierro el Q4"); a bare "quarter" is a coin
    text = m.group()
    months = 6 if ("semestre" in text or m["h"]) else 3
    today = ctx.today
    index = (today.month - 1) // months  # this period, counted from 0 in the year
    year = today.year
    if m["next"]:
        index += 1
    elif named:
        digits = [c for c in named if c.isdigit()]
        index = int(digits[0]) - 1 if digits else _ORDINAL_PERIODS[named.split()[0]] - 1
        if index * months >= 12:
            return None
        if not m["y"] and dates.month_end(year, (index + 1) * months) < today:
            year += 1
    if m["y"]:
        year = int(m["y"]) if len(m["y"]) == 4 else 2000 + int(m["y"])
    year += index * months // 12
    index %= 12 // months
    last_month = (index + 1) * months
    first = date(year, last_month - months + 1, 1)
    return _period(m, first, dates.month_end(year, last_month), m["lead"])


_ORDINAL_PERIODS = {"primer": 1, "segundo": 2, "tercer": 3, "cuarto": 4}
_ORDINAL_PERIODS.update({"first": 1, "second": 2, "third": 3, "fourth": 4})

_RANGE_LEADS = ("de", "desde", "entre", "from", "between")


def clock_range(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'3-4pm', 'de 3 a 5', 'from 3 to 4', '9:30-10:30', 'entre 2 y 4 de la tarde': the later
    end is the deadline, with the later end's am/pm."""
    lead = (m["lead"] or "").strip()
    strong = bool(m["ap2"] or m["p"] or m["suf"] or m["pod"] or (m["m1"] and m["m2"]))
    if m["sep"] in ("y", "and") and lead not in ("entre", "between"):
        return None
    if not strong and lead not in _RANGE_LEADS:
        return None
    if m["p"] == "a" and ctx.lang != "en":
        return None
    h1, h2 = int(m["h1"]), int(m["h2"])
    m1, m2 = int(m["m1"] or 0), int(m["m2"] or 0)
    if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
        return None
    marker: str | None = None
    ap = m["ap2"] or (m["p"] + "m" if m["p"] else None)
    if ap:
        marker = "am" if ap.startswith("a") else "pm"
        if h2 > 12:
            return None
    elif m["pod"]:
        pod = m["pod"]
        marker = "morning" if "manana" in pod or "morning" in pod else "day"
        marker = "night" if ("noche" in pod or "night" in pod or "evening" in pod) else marker
        marker = "afternoon" if ("tarde" in pod or "afternoon" in pod) else marker
    elif h2 >= 13 or m["h2"][0] == "0" or (m["suf"] and h1 >= 13):
        marker = "24"
    return Piece(CLOCK, m.start(), m.end(), hour=h2, minute=m2, marker=marker, has_time=True)


# Words that, right before "ahora", make it no deadline ("por ahora", "hasta ahora").
_NOT_NOW_BEFORE = word_set(
    "por hasta desde de para partir recien hace justo que como for by until till just from of as"
    " and but if not no"
)
_NOT_NOW_AFTER = word_set("que bien no ni tampoco si what that on")
_NOT_YA_BEFORE = word_set("si no pues bueno ok okay listo ah y o que eso como ya pero asi")
_AFTER_WORD = LazyPattern(r"\s*([a-z]+)")
_CLAUSE_END = LazyPattern(r"\s*(?:$|[.,;:!?)\]])")


def now(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'ahora', 'ahora mismo', 'ya', 'right now', 'now': due within the hour (see __init__);
    'la próxima hora', 'within the hour': an hour from now."""
    if m["hour"]:
        return Piece(EXACT, m.start(), m.end(), exact=dates.after(ctx.now, HOUR), has_time=True)
    if m["strong"]:
        return Piece(NOW, m.start(), m.end())
    before = s[max(0, m.start() - 12) : m.start()].split()
    previous = before[-1] if before else ""
    if previous in _NOT_NOW_BEFORE:
        return None
    ends = _CLAUSE_END.match(s, m.end()) is not None
    if m["ya"]:
        # "ya" is also "already" and "ok": only a clause's last word after another word
        if not ends or not previous or previous in _NOT_YA_BEFORE or not previous.isalpha():
            return None
    elif m["now"]:
        if not ends:
            return None
    else:
        following = _AFTER_WORD.match(s, m.end())
        if following is not None and following[1] in _NOT_NOW_AFTER:
            return None
    return Piece(NOW, m.start(), m.end())
