"""What the bot says, in Spanish and English: one catalog, merged from bot/texts/*.

Dates and durations are formatted with Babel in the reader's timezone and language.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_timedelta

from bot.texts import book, chase, customers, slack, spotting, stats, teams

LANGS = ("es", "en")
_CATALOG: dict[str, dict[str, str]] = {}
for _part in (
    book.TEXTS,
    chase.TEXTS,
    slack.TEXTS,
    customers.TEXTS,
    spotting.TEXTS,
    teams.TEXTS,
    stats.TEXTS,
):
    overlap = _CATALOG.keys() & _part.keys()
    if overlap:
        raise RuntimeError(f"duplicate text keys: {sorted(overlap)}")
    _CATALOG.update(_part)


def lang_of(locale: str | None) -> str:
    """Our language for a platform locale such as 'es-LA', 'en-US' or None (Spanish first)."""
    if locale and locale[:2].lower() == "en":
        return "en"
    return "es"


def known(key: str, lang: str) -> bool:
    """True when the catalog has the text `key` in `lang` (not only in the fallback)."""
    return lang in _CATALOG.get(key, ())


def t(lang: str, key: str, **values: object) -> str:
    """The text `key` in `lang`, with `values` filled in."""
    entry = _CATALOG[key]
    template = entry.get(lang) or entry["es"]
    return template.format(**values) if values else template


def when(
    due: datetime, tz: str, lang: str, *, has_time: bool = True, now: datetime | None = None
) -> str:
    """A deadline in words in `tz`, e.g. 'jueves 26 de noviembre, 19:00'.

    The year is added when it differs from `now`'s year (both read in `tz`).
    """
    local = due.astimezone(ZoneInfo(tz))
    with_year = now is not None and now.astimezone(ZoneInfo(tz)).year != local.year
    if lang == "en":
        pattern = "EEEE, MMMM d" + (", y" if with_year else "") + (", h:mm a" if has_time else "")
    else:
        pattern = (
            "EEEE d 'de' MMMM" + (" 'de' y" if with_year else "") + (", HH:mm" if has_time else "")
        )
    return format_datetime(local, pattern, locale=lang)


def relative(due: datetime, now: datetime, lang: str) -> str:
    """How far `due` is from `now` in words: 'en 2 días', 'hace 3 horas', 'in 2 days'."""
    delta: timedelta = due - now
    return format_timedelta(
        delta, granularity="minute", threshold=1.0, add_direction=True, locale=lang
    )


def duration(delta: timedelta, lang: str) -> str:
    """A length of time in words, without direction: '3 horas', '2 days'."""
    return format_timedelta(delta, granularity="minute", threshold=1.0, locale=lang)
