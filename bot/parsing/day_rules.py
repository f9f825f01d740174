"""Rules for days: 'mañana', 'el jueves', 'el 5 de diciembre', 'la próxima semana', 'en 3 días'."""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import dates
from .clock_rules import minutes_word
from .lazy import LazyPattern
from .lexicon import (
    CLIPPED_WEEKDAYS,
    MONTHS,
    SPANISH_NUMBERS,
    WEEKDAYS,
    WORDLIKE_WEEKDAYS,
    number_value,
)
from .pieces import DAY, EXACT, Context, Piece

# What may follow a short weekday ("Mon 9am", "fri EOD") for it to count as one.
_TIME_AFTER = LazyPattern(
    r"\s*(?:\d|@|at\s|a\s+las?\s|eod|cob|morning|afternoon|evening|night|noon|temprano"
    r"|tempranito|(?:en|por|a|de)\s+la\s+(?:manana|tarde|noche)|a\s+primera|a\s+ultima"
    r"|al\s+mediodia|first\s+thing|early\b|end\s+of)"
)
_NEXT_WEEK_WORDS = ("next", "otro")
_COMING = ("que viene", "que sigue", "proximo", "entrante")


_RELDAY = {"hoy": 0, "today": 0, "tdy": 0, "2day": 0, "ayer": -1, "yesterday": -1}
_RELDAY.update({"anteayer": -2, "antier": -2})


def relday(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'hoy', 'mañana', 'pasado mañana', 'tomorrow', typos included."""
    word = m["w"].split()[0]
    offset = 2 if word.startswith("pasado") or word in ("day", "dia") else _RELDAY.get(word, 1)
    return Piece(DAY, m.start(), m.end(), day=ctx.today + timedelta(days=offset))


def weekday(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'el jueves', 'el próximo martes', 'el lunes que viene', 'el martes 2', 'next Friday'."""
    word = m["wd"]
    wd = WEEKDAYS[word]
    post = " ".join((m["post"] or "").split())
    mod = (m["mod"] or "").strip()
    if (word in CLIPPED_WEEKDAYS or word in WORDLIKE_WEEKDAYS) and not _short_ok(
        word, m, s, mod, post
    ):
        return None
    if m["dn"] and m["y"] and m["mon"]:
        day = dates.valid_date(int(m["y"]), MONTHS[m["mon"]], int(m["dn"]))
        return Piece(DAY, m.start(), m.end(), day=day) if day else None
    if m["dn"]:
        day = _weekday_with_number(ctx.today, wd, int(m["dn"]), m["mon"])
        if day is not None:
            return Piece(DAY, m.start(), m.end(), day=day)
        return None
    if post in ("de esta semana", "this week", "of this week"):
        day = dates.weekday_in_week(ctx.today, wd, 0)
    elif post == "after next":
        day = dates.weekday_in_week(ctx.today, wd, 2)
    elif mod in _NEXT_WEEK_WORDS or (post and post not in _COMING):
        day = dates.weekday_in_week(ctx.today, wd, 1)
    else:
        day = dates.next_weekday(ctx.today, wd)
    return Piece(DAY, m.start(), m.end(), day=day)


# Where a clause ends: the text's end or a punctuation mark.
_CLAUSE_END = LazyPattern(r"\s*(?:$|[.,;:!?)\]]|\s-\s)")
# Deadline words that may stand right before a clipped weekday ("para el jue", "by fri").
_DEADLINE_BEFORE = LazyPattern(
    r"(?:^|\s)(?:by|before|until|till|due|para|hasta|antes\s+del?|al|desde|from|to|a)\s+$"
)
_TWO_LETTER_TIMED = ("lu", "ma", "mx", "ju")


def _short_ok(word: str, m: re.Match[str], s: str, mod: str, post: str) -> bool:
    """Whether an abbreviated weekday reads as one here (see lexicon.py's two classes)."""
    art = (m["art"] or "").split()
    timed = _TIME_AFTER.match(s, m.end()) is not None
    if word in CLIPPED_WEEKDAYS:
        if art or mod or m["dn"] or post or timed or _CLAUSE_END.match(s, m.end()):
            return True
        return _DEADLINE_BEFORE.search(s, max(0, m.start() - 12), m.start()) is not None
    if word == "mar":  # the sea, or March: martes only where marzo makes no sense
        return bool(mod or post or timed or (m["dn"] and m["mon"]))
    if len(word) == 2:
        named = bool(art) and art[0] in ("el", "este")
        return named or bool(mod or post) or (timed and word in _TWO_LETTER_TIMED)
    return bool((art and art[0] != "the") or mod or m["dn"] or post or timed)


def _weekday_with_number(today: date, wd: int, dn: int, month: str | None) -> date | None:
    if month:
        return dates.next_month_day(today, MONTHS[month], dn)
    candidate = dates.next_day_of_month(today, dn)
    for _ in range(28):
        if candidate is None or candidate.weekday() == wd:
            return candidate
        candidate = dates.next_day_of_month(candidate + timedelta(days=1), dn)
    return dates.next_day_of_month(today, dn)


def _on(today: date, month: int, day: int, year: str | None) -> date | None:
    if year:
        return dates.valid_date(dates.full_year(int(year)), month, day)
    return dates.next_month_day(today, month, day)


def date_dm(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'el 5 de diciembre', '5 dic', 'el cinco de mayo de 2027', '5th of December'."""
    day = number_value(m["d"])
    text = m.group()
    if day is None or (not m["d"].isdigit() and " de " not in text and " of " not in text):
        return None
    found = _on(ctx.today, MONTHS[m["mon"]], day, m["y"])
    return Piece(DAY, m.start(), m.end(), day=found) if found else None


def date_md(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'diciembre 5', 'Dec 5th', 'May 5, 2027'."""
    if m["mon"] == "set":
        return None
    found = _on(ctx.today, MONTHS[m["mon"]], int(m["d"]), m["y"])
    return Piece(DAY, m.start(), m.end(), day=found) if found else None


def date_num(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'5/12' (day/month in Spanish, month/day in English), '5/12/2027', '2027-12-05'."""
    if m["iy"]:
        found = dates.valid_date(int(m["iy"]), int(m["im"]), int(m["id"]))
        return Piece(DAY, m.start(), m.end(), day=found) if found else None
    sep, a, b = m["sep"], int(m["a"]), int(m["b"])
    if (sep == "." and not m["y"]) or (sep == "-" and not (m["y"] or m["art"])):
        return None
    if (a, b) == (24, 7):
        return None
    day, month = (b, a) if ctx.lang == "en" else (a, b)
    if not 1 <= month <= 12:
        day, month = month, day
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    found = _on(ctx.today, month, day, m["y"])
    return Piece(DAY, m.start(), m.end(), day=found) if found else None


# A deadline word right before a day in words or a bare ordinal ("para el dieciocho", "by 15th").
_DAY_LEAD = LazyPattern(r"(?:^|\s)(?:para|hasta|antes\s+del?|by|before|until|till|due|on)\s+$")
# What may follow a bare "15th": the clause's end or a time ("15th at 3"), not "2nd in the race".
_ORDINAL_AFTER = LazyPattern(r"\s*(?:$|[.,;:!?)\]]|(?:at|by|@|a\s+las?)(?![\w]))")
_WORD_DAY_AFTER = LazyPattern(
    r"\s*(?:$|[.,;:!?)\]]|(?:a|at|y|o|and|or|al|to|hasta|till|until|en|in|por|para|sin|como"
    r"|de\s+la|in\s+the|antes|before|a\.?m|p\.?m|de|del|of)(?![\w]))"
)


_RANGE_START = LazyPattern(r"(?:^|\s)del?\s+(?:dia\s+)?\d{1,2}\s+$")


def date_d(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'el 15', 'para el 15', 'on the 15th', '15th', 'el doce', 'the twelfth', 'el 5 del mes que
    viene': the next such day of a month, today included."""
    art, word = m["art"], m["w"]
    if word is not None:
        # A day said in words needs an article and a clause that goes on like a date's
        # ("el doce", "the twelfth at 3"), not like a count ("el uno al otro").
        value = number_value(word)
        if not art or word in ("un", "una", "uno", "cero", "zero") or value is None:
            return None
        spanish = " ".join(word.replace("-", " ").split()) in SPANISH_NUMBERS or word == "primero"
        if spanish != (art in ("el", "del")):
            return None  # "el doce", "the twelfth"; not "on dos"
        led = _DAY_LEAD.search(s, max(0, m.start() - 12), m.start()) is not None
        if not led and not _WORD_DAY_AFTER.match(s, m.end()):
            return None
    else:
        if art is None and (
            m["ord"] not in ("st", "nd", "rd", "th")
            or not (
                _ORDINAL_AFTER.match(s, m.end())
                or _DAY_LEAD.search(s, max(0, m.start() - 12), m.start())
            )
        ):
            return None  # a bare "15th" ends its clause or leads to a time, unlike "2nd place"
        if art == "al" and (
            not _RANGE_START.search(s, max(0, m.start() - 24), m.start())
            or s.startswith((" de ", " del ", " of "), m.end())
        ):
            return None  # "del 14 al 18": "al 18" only as a range's end ("al 5 de dic": dm)
        if art not in ("el", "del", "al") and not m["ord"] and not (m["this"] or m["next"]):
            return None
        value = int(m["d"])
    if not 1 <= value <= 31:
        return None
    if m["this"] or m["next"]:
        first = ctx.today.replace(day=1)
        if m["next"]:
            first = dates.add_months(first, 1)
        found = dates.valid_date(first.year, first.month, value)
    else:
        found = dates.next_day_of_month(ctx.today, value)
    return Piece(DAY, m.start(), m.end(), day=found) if found else None


def month_part(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'a fines de diciembre', 'end of December', 'a mediados de mes', 'mid-December',
    'a principios de junio', 'early next month' (the 10th: the end of the month's first third)."""
    today = ctx.today
    named = m["mon"] or m["mon2"] or m["mon3"]
    month = MONTHS[named] if named else today.month
    year = int(m["y"]) if m["y"] else today.year if month >= today.month else today.year + 1
    if m["nxt"]:
        nxt = dates.add_months(today.replace(day=1), 1)
        year, month = nxt.year, nxt.month
    if m["end"]:
        return Piece(DAY, m.start(), m.end(), day=dates.month_end(year, month), endish=True)
    day = date(year, month, 10 if m["start"] else 15)
    if day < today and not m["y"] and not m["nxt"]:
        day = dates.add_months(day, 12 if named else 1)
    piece = Piece(DAY, m.start(), m.end(), day=day, endish=bool(m["start"]))
    if m["start"]:
        piece.first = day.replace(day=1)
    return piece


def period(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'esta semana', 'la próxima semana', 'fin de mes', 'el mes que viene', 'weekend'."""
    today, kind = ctx.today, m.lastgroup
    endish = True
    if kind == "tweek":
        # said on a weekend, "esta semana" is the week about to start
        day = dates.weekday_in_week(today, 4, 1 if today.weekday() >= 5 else 0)
    elif kind == "nweek":
        day = dates.weekday_in_week(today, 4, 1)
    elif kind == "wkend":
        day, endish = max(today, dates.weekday_in_week(today, 5, 0)), False
    elif kind == "wknext":
        day, endish = dates.weekday_in_week(today, 5, 1), False
    elif kind == "tmonth":
        day = dates.month_end(today.year, today.month)
    elif kind == "nmonth":
        nxt = dates.add_months(today.replace(day=1), 1)
        day = dates.month_end(nxt.year, nxt.month)
    elif kind == "nyear":
        day = date(today.year + 1, 12, 31)
    else:
        day = date(today.year, 12, 31)
    return Piece(DAY, m.start(), m.end(), day=day, endish=endish)


_FEW = {"media": 0.5, "medio": 0.5, "few": 3.0, "couple": 2.0, "par": 2.0, "an": 1.0, "a": 1.0}


def _amount(m: re.Match[str]) -> float | None:
    raw = " ".join((m["n"] or "").split())
    if not raw:
        return 3.0 if m["approx"] in ("unos", "unas") else 1.0
    if raw[0].isdigit():
        return float(raw.replace(",", "."))
    if raw.startswith("half"):
        return 0.5
    for word in reversed(raw.split()):
        if word in _FEW:
            return _FEW[word]
    value = number_value(raw)
    return float(value) if value is not None else None


def duration(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'en 2 horas', 'en media hora', 'dentro de 15 días', 'in 45 minutes', 'en un par de días'."""
    if not m["lead"] and not (m["since"] and m["n"]) and not m["coming"]:
        return None  # "los próximos tres días", "over the next 3 days" name their end too
    amount = _amount(m)
    if amount is None or amount <= 0 or amount > 999:
        return None
    if m["half"]:
        amount += 0.5
    unit = m["u"]
    extra = minutes_word(m["n2"]) if m["n2"] else 0
    if unit[0] == "m" and not unit.startswith("mes") and not unit.startswith("month"):
        delta = timedelta(minutes=amount + extra)
    elif unit[0] == "h":
        delta = timedelta(hours=amount, minutes=extra)
    else:
        return _calendar_duration(m, unit, amount, ctx)
    return Piece(EXACT, m.start(), m.end(), exact=dates.after(ctx.now, delta), has_time=True)


def _calendar_duration(m: re.Match[str], unit: str, amount: float, ctx: Context) -> Piece | None:
    today, whole = ctx.today, round(amount)
    if "habil" in unit or unit.startswith(("business", "working")):
        day = dates.add_business_days(today, whole)
    elif unit[0] == "d":
        if amount != whole:
            return None
        day = today + timedelta(days=whole)
    elif unit[0] in "sw":
        day = today + timedelta(days=round(amount * 7))
    elif unit[0] in "fq":  # a fortnight, una quincena
        day = today + timedelta(days=round(amount * 14 if unit[0] == "f" else amount * 15))
    elif unit[0] == "a" or unit[0] == "y":
        day = dates.add_months(today, round(amount * 12))
    else:
        day = dates.add_months(today, whole)
    return Piece(DAY, m.start(), m.end(), day=day)
