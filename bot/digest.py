"""The weekly digest: what a workspace kept, kept late, renegotiated and still owes.

Computed from plain promises (bot.ports.DigestData); weeks are ISO weeks in the workspace's
timezone. The result is one neutral Message whose sections each stay under 3,000 characters
and a handful of lines, summarised ("… y 37 más") when there is more, so a Slack renderer fits
it within 50 blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.chart import trend_png
from bot.counterparts import silent
from bot.i18n import t, when
from bot.keeping import TrackRecord, by_owner, sparkline, tally, week_starts, weekly
from bot.messages import Formatter, Image, Message
from bot.model import Person, Promise, Status
from bot.ports import DigestData
from bot.stats import TREND_WEEKS, counts_text, percent, week_label

MAX_LINES = 8
MAX_PEOPLE = 15
MAX_SECTION = 2900  # under Slack's 3,000 characters per section, with room for a heading


def week_slot(moment: datetime, tz: str) -> str:
    """The ISO week of `moment` (UTC) read in `tz`, e.g. '2026-W48': one digest per slot."""
    year, week, _ = moment.astimezone(ZoneInfo(tz)).isocalendar()
    return f"{year}-W{week:02d}"


def week_start(slot: str, tz: str) -> datetime:
    """Monday 00:00 of the ISO week `slot` in `tz`, as UTC."""
    year, _, week = slot.partition("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    return datetime.combine(monday, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


@dataclass
class Report:
    """The digest's numbers, before wording."""

    on_time: list[Promise] = field(default_factory=list)  # by the date first promised
    kept_moved: list[Promise] = field(default_factory=list)  # after it, by the date in force
    late: list[Promise] = field(default_factory=list)
    renegotiated: list[Promise] = field(default_factory=list)
    overdue: list[Promise] = field(default_factory=list)
    upcoming: list[Promise] = field(default_factory=list)


def report(data: DigestData, this_week: datetime, tz: str, now: datetime) -> Report:
    """Classify promises for the week that starts at `this_week` (UTC) in `tz`, as of `now`."""
    zone = ZoneInfo(tz)
    local_start = this_week.astimezone(zone).replace(tzinfo=None)
    last_week = _utc(local_start - timedelta(days=7), zone)
    next_week = _utc(local_start + timedelta(days=7), zone)
    out = Report()
    for p in data.promises:
        if p.status is Status.DONE and p.completed_at and last_week <= p.completed_at < this_week:
            if p.completed_at <= p.original_due:
                out.on_time.append(p)
            elif p.completed_at <= p.due:
                out.kept_moved.append(p)
            else:
                out.late.append(p)
        if p.id in data.rescheduled:
            out.renegotiated.append(p)
        if p.status is Status.OPEN:
            if p.due < now:
                out.overdue.append(p)
            elif p.due < next_week:
                out.upcoming.append(p)
    return out


def trend_since(slot: str, tz: str) -> datetime:
    """Where the digest of week `slot` starts reading the track record (UTC): the Monday of
    its trend's first week."""
    return trend_weeks(week_start(slot, tz), tz)[0]


def trend_weeks(this_week: datetime, tz: str) -> list[datetime]:
    """The starts (UTC) of the TREND_WEEKS whole weeks before the one starting at `this_week`."""
    return week_starts(this_week - timedelta(days=1), tz, TREND_WEEKS)


def digest(
    data: DigestData,
    slot: str,
    tz: str,
    lang: str,
    now: datetime,
    fmt: Formatter,
    *,
    silence_days: int = 5,
    record: TrackRecord | None = None,
    people: bool = False,
    chart: bool = True,
) -> Message:
    """The weekly digest for ISO week `slot` in `tz`, in `lang`, as of `now` (UTC).

    It counts the open promises whose counterpart heard nothing for more than `silence_days`
    working days (bot.counterparts.silent). Its figures come from `record` (the workspace's
    track record since `trend_since(slot)`): last week's team on-time rate and counts, the
    8-week trend as a sparkline and, with `chart`, as a PNG; each person's rate only when
    `people` (a workspace setting). Without a record they are judged from `data` alone: last
    week only, reschedules unknown.
    """
    this_week = week_start(slot, tz)
    rep = report(data, this_week, tz, now)
    week_words = when(this_week, tz, lang, has_time=False, now=now)
    starts = trend_weeks(this_week, tz)
    last_week = starts[-1]
    verdicts = (record if record is not None else TrackRecord(data.promises)).judged(now)
    team = tally(verdicts, last_week, this_week)
    if team.judged:
        rate = t(
            lang,
            "digest_rate_team",
            rate=percent(team.rate, lang),
            on_time=team.on_time,
            total=team.judged,
        )
        rate += "\n" + counts_text(team, lang, "digest_keeping")
    else:
        rate = t(lang, "digest_rate_none")
    image = None
    if record is not None:
        weeks = weekly(verdicts, starts, this_week)
        if any(w.judged for w in weeks):
            rate += "\n" + _trend_line([w.rate for w in weeks], lang)
            if chart:
                image = _chart(starts, [w.rate for w in weeks], slot, tz, lang)
    rate += _silence(data, tz, now, lang, silence_days)
    sections: list[str] = []
    for key, items in (
        ("digest_on_time", rep.on_time),
        ("digest_kept_moved", rep.kept_moved),
        ("digest_late", rep.late),
        ("digest_renegotiated", rep.renegotiated),
        ("digest_overdue", rep.overdue),
        ("digest_upcoming", rep.upcoming),
    ):
        if items:
            lines = (_line(p, data.people, tz, lang, now, fmt) for p in sorted(items, key=_due))
            heading = fmt.bold(t(lang, key, count=len(items)))
            sections.append(_section(heading, lines, len(items), MAX_LINES, lang))
    per_person = by_owner(verdicts, last_week, this_week) if people else {}
    if per_person:
        ranked = sorted(per_person.items(), key=lambda kv: (-kv[1].judged, kv[0]))
        lines = (
            t(
                lang,
                "digest_person_line",
                who=_who(owner_id, data.people, fmt),
                rate=percent(one.rate, lang),
                on_time=one.on_time,
                total=one.judged,
            )
            for owner_id, one in ranked
        )
        heading = fmt.bold(t(lang, "digest_people"))
        sections.append(_section(heading, lines, len(ranked), MAX_PEOPLE, lang))
    if not sections:
        sections.append(t(lang, "digest_empty"))
    return Message(
        text=t(lang, "digest_title", week=week_words) + "\n" + rate,
        details=tuple(sections),
        image=image,
    )


def _trend_line(rates: list[float | None], lang: str) -> str:
    known = [r for r in rates if r is not None]
    line = t(lang, "digest_trend", weeks=len(rates), spark=sparkline(rates))
    if len(known) > 1:
        span = t(
            lang, "digest_trend_range", first=percent(known[0], lang), last=percent(known[-1], lang)
        )
        line += f" ({span})"
    elif known:
        line += f" ({percent(known[0], lang)})"
    return line


def _chart(
    starts: list[datetime], rates: list[float | None], slot: str, tz: str, lang: str
) -> Image | None:
    labels = [week_label(s, tz, lang) for s in starts]
    title = t(lang, "chart_title")
    png = trend_png(labels, rates, title, lang)
    if png is None:
        return None
    points = "; ".join(
        t(
            lang,
            "chart_point",
            week=label,
            rate=t(lang, "chart_none") if r is None else percent(r, lang),
        )
        for label, r in zip(labels, rates, strict=True)
    )
    alt = t(lang, "chart_alt", weeks=len(rates), points=points)
    return Image(data=png, alt=alt, filename=f"prometo-{slot}.png", title=title)


def _silence(data: DigestData, tz: str, now: datetime, lang: str, days: int) -> str:
    """A line counting counterparts left without news, each read in its owner's timezone."""
    count = 0
    for p in data.promises:
        owner = data.people.get(p.owner_id)
        if silent(p, now, owner.timezone if owner else tz, days):
            count += 1
    return "\n" + t(lang, "digest_silent", count=count, days=days) if count else ""


def _section(heading: str, lines: Iterable[str], count: int, limit: int, lang: str) -> str:
    text = heading
    shown = 0
    for line in lines:
        if shown >= limit or len(text) + len(line) + 1 > MAX_SECTION - 40:
            break
        text += "\n" + line
        shown += 1
    if shown < count:
        text += "\n" + t(lang, "digest_more", count=count - shown)
    return text


def _line(
    p: Promise, people: dict[int, Person], tz: str, lang: str, now: datetime, fmt: Formatter
) -> str:
    task = fmt.escape(p.task if len(p.task) <= 150 else p.task[:149] + "…")
    return t(
        lang,
        "digest_line",
        task=task,
        who=_who(p.owner_id, people, fmt),
        when=when(p.due, tz, lang, has_time=p.due_has_time, now=now),
    )


def _who(owner_id: int, people: dict[int, Person], fmt: Formatter) -> str:
    person = people.get(owner_id)
    return fmt.person(person) if person else f"#{owner_id}"


def _due(p: Promise) -> datetime:
    return p.due


def _utc(local: datetime, zone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=zone).astimezone(UTC)
