"""Rules for clock times: 'a las 3', 'at 3pm', 'half past three', 'mediodía'."""

from __future__ import annotations

import re

from . import patterns
from .lexicon import WEEKDAYS, number_value
from .pieces import CLOCK, Context, Piece

_MARKERS = {
    "manana": "morning",
    "madrugada": "morning",
    "morning": "morning",
    "tarde": "afternoon",
    "afternoon": "afternoon",
    "evening": "night",
    "noche": "night",
    "night": "night",
    "tonight": "night",
    "dia": "day",
    "mediodia": "day",
}


# "next Friday" and "el otro lunes" skip to next week; "el próximo viernes" and "el viernes que
# viene" are the coming one, like a bare "el viernes".
def _meridiem(ap: str | None, pod: str | None) -> str | None:
    if ap:
        return "am" if ap.startswith("a") else "pm"
    if pod:
        return _MARKERS.get(pod.split()[-1])
    return None


def clock(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'a las 3', 'antes de las 12:30', 'at 3pm', '17 hrs', 'a las tres y media de la tarde'."""
    h, mi, plus, minus, enmin, lead_text, art_text, ap, pod, oclock, ap1 = m.group(
        "h", "mi", "plus", "minus", "enmin", "lead", "art", "ap", "pod", "oclock", "ap1"
    )
    if ap1:
        if ap1 == "a" and ctx.lang != "en":
            return None  # "la 3a" is "la tercera" in Spanish; "10a" is 10 am only in English
        ap = ap1 + "m"
    digit = h.isdigit()
    hour = int(h) if digit else number_value(h)
    if hour is None:
        return None
    minute = int(mi) if mi else 0
    if plus:
        minute = minutes_word(plus)
    elif minus:
        minute = 60 - minutes_word(minus)
        hour -= 1
    elif enmin:
        minute = minutes_word(enmin)
    marker = _meridiem(ap, pod)
    start = m.start()
    at_sign = s.rfind("@", max(0, start - 3), start)
    if at_sign >= 0 and not lead_text and not s[at_sign + 1 : start].strip():
        start, lead_text = at_sign, "at"  # "tomorrow @ 3"
    said = bool(marker or oclock or plus or minus or enmin) or _strong(m, s, hour, digit)
    if not said and not _bare_hour_ok(m, s, digit, lead_text, art_text):
        return None
    if hour < 0 or hour > 24 or minute > 59 or (marker in ("am", "pm") and hour > 12):
        return None
    if digit and (h[0] == "0" or hour >= 13) and marker is None:
        marker = "24"
    return Piece(CLOCK, start, m.end(), hour=hour, minute=minute, marker=marker, has_time=True)


def _strong(m: re.Match[str], s: str, hour: int, digit: bool) -> bool:
    """Whether the digits alone say it is a clock time: '10:30', '15.00', '17 hrs'."""
    if m["mi"] and (s[m.end("h")] != "." or (digit and hour >= 13)):
        return True
    if m["suf"] and digit:
        return hour >= 13 or m["h"][0] == "0" or bool(m["lead"] or m["art"])
    return False


def _bare_hour_ok(
    m: re.Match[str], s: str, digit: bool, lead_text: str | None, art_text: str | None
) -> bool:
    """Whether a bare hour ('a 11', 'at 3', 'las 4') is a clock time here."""
    lead = (lead_text or "").split()
    art = (art_text or "").strip()
    if art == "the" or not (lead or art):
        return False
    if lead and lead[0] not in _BARE_LEADS and not art:
        return False
    if not art and not (patterns.CLOCK_FOLLOW.match(s, m.end()) or _after_day_word(s, m.start())):
        return False
    return digit or bool(art) or lead[0] in ("at", "a")


# Lead-ins that may take a bare hour: "a 11", "tipo 4", "at 3", "by 5".
_BARE_LEADS: tuple[str, ...] = ("a", "tipo", "como", "hacia", "sobre", "cerca", "at", "by")
_BARE_LEADS += ("before", "around", "about", "until", "till")
_DAY_WORDS = frozenset(["hoy", "manana", "mnn", "today", "tomorrow", "tmrw", *WEEKDAYS])


def _after_day_word(s: str, start: int) -> bool:
    """Whether a day word ends right before `start` ("mañana a 11", "el jueves tipo 4")."""
    words = s[max(0, start - 20) : start].split()
    return bool(words) and words[-1].strip(",") in _DAY_WORDS


def minutes_word(word: str) -> int:
    """Minutes past the hour for 'media', 'cuarto', 'veinte', '15' (folded)."""
    word = " ".join(word.replace("-", " ").split())
    if word == "media":
        return 30
    if word == "cuarto":
        return 15
    return number_value(word) or 0


def clock_en(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'half past three', 'quarter to 5', 'ten past four pm'."""
    hour = number_value(m["h"])
    q = " ".join(m["q"].split())
    offset = 30 if q == "half" else 15 if q.endswith("quarter") else number_value(q)
    if hour is None or offset is None or not 0 < hour <= 12 or not 0 < offset < 60:
        return None
    if m["dir"] in ("to", "til"):
        hour, minute = hour - 1, 60 - offset
    else:
        minute = offset
    marker = _meridiem(m["ap"], m["pod"])
    return Piece(CLOCK, m.start(), m.end(), hour=hour, minute=minute, marker=marker, has_time=True)


def noon(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'mediodía', 'noon', 'medianoche', 'midnight'."""
    midnight = "noche" in m["w"] or m["w"] == "midnight"
    hour = 24 if midnight else 12
    return Piece(CLOCK, m.start(), m.end(), hour=hour, marker="24", has_time=True)
