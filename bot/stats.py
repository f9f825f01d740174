"""`/prometo stats`: a person's promise keeping over 30 and 90 days beside the team's.

Private to the reader (platforms show it only to them). Figures come from bot.keeping: the
windows end now; the team is everyone in the same workspace, over the same windows; the trend is
the last 8 ISO weeks in the workspace's timezone, the current one so far included.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_percent

from bot.i18n import t
from bot.keeping import (
    JUDGED,
    Judged,
    Tally,
    TrackRecord,
    sparkline,
    tally,
    week_starts,
    weekly,
)
from bot.messages import Formatter, Message
from bot.model import Person
from bot.promises import PromiseBook

WINDOWS = (30, 90)  # days
TREND_WEEKS = 8
# subcommands (matched against folded text): `stats`, and `resumen personas on|off`
COMMAND = (
    r"¿?\s*(?:stats|estadisticas?|mis estadisticas|statistics|my stats|mis cifras|cifras|"
    r"mis numeros|numeros|como voy|how am i doing)\s*[.!?]?"
)
DIGEST_PEOPLE = (
    r"(?:resumen|digest)\s+(?:por persona|personas|people|per person)(?:\s+(?P<rest>.*))?"
)
_ON = frozenset({"on", "si", "sí", "activar", "activa", "activado", "yes", "enable", "true"})
_OFF = frozenset({"off", "no", "desactivar", "desactiva", "desactivado", "disable", "false"})


def for_reader(book: PromiseBook, reader: Person, lang: str, fmt: Formatter) -> Message:
    """`/prometo stats` for `reader`, as of the book's now."""
    now = book.now()
    record = book.track_record(reader, since(now))
    tz = book.workspace_of(reader).timezone
    return stats_message(record, reader, tz, lang, now, fmt)


def digest_people(
    book: PromiseBook,
    actor: Person,
    rest: str,
    lang: str,
    fmt: Formatter,
    admin: Callable[[], bool] = lambda: False,
) -> Message:
    """`resumen personas [on|off]`: say or change whether the digest names each person's
    figures; `admin` says whether the actor administers the workspace (asked only when they
    didn't install Prometo). Raises BookError when the actor may not change it."""
    word = rest.strip().strip(".!").strip().lower()
    if not word:
        on = book.workspace_of(actor).digest_people
        return Message(text=t(lang, "digest_people_state_on" if on else "digest_people_state_off"))
    if word not in _ON and word not in _OFF:
        return Message(text=t(lang, "digest_people_usage", word=fmt.escape(word[:40])))
    on = word in _ON
    book.set_digest_people(actor, on, admin)
    return Message(text=t(lang, "digest_people_on" if on else "digest_people_off"))


def since(now: datetime) -> datetime:
    """The oldest instant (UTC) the stats of `now` read: the longest window's start."""
    return now - timedelta(days=max(WINDOWS))


def percent(rate: float | None, lang: str) -> str:
    """A rate in [0, 1] as '75 %' (es) or '75%' (en); '—' for none."""
    return "—" if rate is None else format_percent(rate, locale=lang)


def rate_text(tally_: Tally, lang: str) -> str:
    """'75 % a tiempo (3 de 4)'."""
    return t(
        lang,
        "stats_rate",
        rate=percent(tally_.rate, lang),
        on_time=tally_.on_time,
        judged=tally_.judged,
    )


def counts_text(tally_: Tally, lang: str, key: str = "stats_counts") -> str:
    """'✅ a tiempo: 3 · 📅 renegociadas a tiempo: 1 · 🕗 tarde: 0 · ❌ incumplidas: 0'."""
    return t(
        lang,
        key,
        on_time=tally_.on_time,
        renegotiated=tally_.renegotiated,
        late=tally_.late,
        broken=tally_.broken,
    )


def stats_message(
    record: TrackRecord,
    reader: Person,
    tz: str,
    lang: str,
    now: datetime,
    fmt: Formatter,
) -> Message:
    """The reader's figures beside the team's, as of `now` (UTC); weeks in `tz` (workspace)."""
    verdicts = record.judged(now)
    judged = [v for v in verdicts if since(now) <= v.at < now and v.outcome in JUDGED]
    if not any(v.owner_id == reader.id for v in judged):
        return _no_history(verdicts, lang, now, fmt)
    alone = all(v.owner_id == reader.id for v in judged)
    mine = [v for v in verdicts if v.owner_id == reader.id]
    lines: list[str] = []
    for days in WINDOWS:
        begin = now - timedelta(days=days)
        you = tally(mine, begin, now)
        team = tally(verdicts, begin, now)
        line = fmt.bold(t(lang, "stats_window", days=days)) + ": "
        line += rate_text(you, lang) if you.judged else t(lang, "stats_nothing")
        if not alone:
            figure = rate_text(team, lang) if team.judged else t(lang, "stats_nothing")
            line += " · " + t(lang, "stats_team", figure=figure)
        lines.append(line)
        if you.judged:
            lines.append(counts_text(you, lang))
    if alone:
        lines.append(t(lang, "stats_alone"))
    lines.extend(trend_lines(verdicts, None if alone else reader.id, tz, lang, now))
    return Message(
        text=fmt.bold(t(lang, "stats_title")),
        details=tuple(lines),
        note=t(lang, "stats_note"),
    )


def trend_lines(
    verdicts: Sequence[Judged], reader_id: int | None, tz: str, lang: str, now: datetime
) -> list[str]:
    """The team's (and, given `reader_id`, the reader's) last 8 weeks as sparklines."""
    starts = week_starts(now, tz, TREND_WEEKS)
    team = weekly(verdicts, starts, now)
    line = t(lang, "stats_trend_team", weeks=TREND_WEEKS, spark=sparkline([w.rate for w in team]))
    if team[-1].rate is not None:
        line += " · " + t(lang, "stats_trend_last", rate=percent(team[-1].rate, lang))
    out = [line]
    if reader_id is not None:
        yours = weekly(verdicts, starts, now, owner_id=reader_id)
        out.append(t(lang, "stats_trend_you", spark=sparkline([w.rate for w in yours])))
    return out


def week_label(start: datetime, tz: str, lang: str) -> str:
    """A week by its Monday, e.g. '23 nov' / 'Nov 23'."""
    day = start.astimezone(ZoneInfo(tz)).date()
    return format_date(day, "d MMM" if lang == "es" else "MMM d", locale=lang)


def _no_history(verdicts: Sequence[Judged], lang: str, now: datetime, fmt: Formatter) -> Message:
    lines = [t(lang, "stats_empty", days=max(WINDOWS))]
    for days in WINDOWS:
        team = tally(verdicts, now - timedelta(days=days), now)
        if team.judged:
            heading = fmt.bold(t(lang, "stats_window", days=days))
            lines.append(f"{heading}: {t(lang, 'stats_team', figure=rate_text(team, lang))}")
    return Message(text=fmt.bold(t(lang, "stats_empty_title")), details=tuple(lines))
