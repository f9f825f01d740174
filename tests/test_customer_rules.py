"""Promises to customers, the pure parts: working days, counterparts, silence, follow-up dates,
concrete choices for vague and loose deadlines (which the parser must read back exactly)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.choices import for_loose, for_vague
from bot.counterparts import (
    distinct,
    follow_up_due,
    matches,
    same_day,
    shown,
    silent,
    to_counterpart,
    user_ids,
    user_ref,
    words,
)
from bot.model import Person, Promise, Status, WorkHours
from bot.parsing import parse_promise
from bot.workdays import (
    add_working_days,
    midday,
    previous_working_day,
    working_days_after,
    working_days_between,
)

SCL = ZoneInfo("America/Santiago")
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 11, d) for d in range(23, 30))


def owner(tz: str = "America/Santiago", hours: WorkHours | None = None) -> Person:
    return Person(1, 1, "U1", tz, "es", hours or WorkHours(time(9), time(19)), name="Ana")


def promise(n: int = 1, **kw: object) -> Promise:
    made = datetime(2026, 11, 23, 10, tzinfo=SCL).astimezone(UTC)
    due = datetime(2026, 11, 26, 19, tzinfo=SCL).astimezone(UTC)
    values: dict[str, object] = {
        "id": n,
        "workspace_id": 1,
        "owner_id": 1,
        "recorder_id": 1,
        "number": n,
        "task": "enviar la propuesta",
        "text": "enviar la propuesta",
        "due": due,
        "original_due": due,
        "due_has_time": False,
        "status": Status.OPEN,
        "created_at": made,
        "updated_at": made,
    }
    values.update(kw)
    return Promise(**values)  # type: ignore[arg-type]


def test_working_days_skip_the_weekend() -> None:
    assert working_days_between(MON, THU) == [TUE, WED]
    assert working_days_after(MON, THU) == 3
    assert working_days_after(FRI, date(2026, 11, 30)) == 1  # Friday -> Monday
    assert working_days_after(THU, SUN) == 1
    assert add_working_days(THU, 3) == date(2026, 12, 1)  # Fri, Mon, Tue
    assert previous_working_day(date(2026, 11, 30)) == FRI
    assert previous_working_day(SUN) == FRI
    assert midday(WorkHours(time(9), time(19))) == time(14)
    assert midday(WorkHours(time(8, 30), time(17))) == time(12, 45)


def test_counterparts_match_loosely_whatever_the_case_and_accents() -> None:
    assert words("al Cliente ÁCME, S.A.") == ["cliente", "acme", "sa"]
    assert matches(words("acme"), "cliente Ácme")
    assert matches(words("ACME sa"), "Acme S.A.")
    assert matches(words("gonza"), "Gonzalo")
    assert matches(words("acme"), "Acmex Corp")  # the start of a word counts
    assert not matches(words("beta"), "cliente Acme")
    assert not matches([], "Acme") and not matches(words("acme"), None)
    listed = [
        promise(1, counterpart="cliente Acme"),
        promise(2, counterpart="Beta"),
        promise(3, counterpart="ACME", due=promise().due - timedelta(days=1)),
        promise(4, counterpart="@Beto", counterpart_id=9),
    ]
    assert [p.id for p in to_counterpart(listed, "acme")] == [3, 1]  # earliest first
    assert [p.id for p in to_counterpart(listed, "@Beto", person_id=9)] == [4]
    assert [p.id for p in to_counterpart(listed, "whatever", person_id=9)] == [4]
    assert distinct(listed) == [
        ("@Beto", 9),
        ("ACME", None),
        ("Beta", None),
        ("cliente Acme", None),
    ]


def test_people_are_referenced_as_ids_and_shown_by_name() -> None:
    beto = Person(2, 1, "U0BETO", "UTC", "es", name="Beto")
    assert user_ids("a <@U0BETO> y <@U0CARLA> y <@U0BETO>") == ["U0BETO", "U0CARLA"]
    assert user_ref(" <@U0BETO> ") == "U0BETO" and user_ref("<@U0BETO> y más") is None
    assert shown("llamar a <@U0BETO> y <@U0X>", {"U0BETO": beto}) == "llamar a @Beto y @U0X"


def test_silence_counts_working_days_since_they_last_heard() -> None:
    friday_late = datetime(2026, 12, 4, 18, tzinfo=SCL)  # 9 working days after Monday 23
    quiet = promise(counterpart="Acme", due=friday_late + timedelta(days=7))
    assert silent(quiet, friday_late, "America/Santiago", 5)
    assert not silent(quiet, datetime(2026, 11, 30, 18, tzinfo=SCL), "America/Santiago", 5)
    told = promise(counterpart="Acme", last_heard_at=datetime(2026, 12, 1, 10, tzinfo=SCL))
    assert not silent(told, friday_late, "America/Santiago", 5)
    assert not silent(promise(), friday_late, "America/Santiago", 5), "nobody to tell"
    assert not silent(promise(counterpart="Acme", status=Status.DONE), friday_late, "UTC", 5)


def test_a_follow_up_is_due_at_the_end_of_the_working_day_n_working_days_later() -> None:
    kept = datetime(2026, 11, 26, 16, tzinfo=SCL)  # Thursday
    due = follow_up_due(kept, owner(), 3)
    assert due == datetime(2026, 12, 1, 19, tzinfo=SCL)  # Fri, Mon, Tue at 19:00
    assert follow_up_due(kept, owner(hours=WorkHours(time(8), time(17))), 1) == datetime(
        2026, 11, 27, 17, tzinfo=SCL
    )


def test_same_day_counts_open_promises_in_the_owners_timezone() -> None:
    thursday = promise().due
    others = [promise(n, due=thursday - timedelta(hours=n)) for n in range(2, 7)]
    others.append(promise(7, due=thursday, status=Status.DONE))
    others.append(promise(8, due=thursday + timedelta(days=1)))
    assert same_day(others, thursday, "America/Santiago") == 5
    assert same_day(others, thursday, "America/Santiago", but=2) == 4


def labels(choices: list) -> list[str]:
    return [c.label for c in choices]


def test_vague_choices_come_from_the_owners_work_hours() -> None:
    monday_10 = datetime(2026, 11, 23, 10, tzinfo=SCL)
    assert labels(for_vague(monday_10, owner(), "es")) == [
        "hoy 18:00",
        "mañana 12:00",
        "viernes 12:00",
    ]
    assert labels(for_vague(monday_10, owner(), "en")) == [
        "today 6:00 PM",
        "tomorrow 12:00 PM",
        "Friday 12:00 PM",
    ]
    thursday_late = datetime(2026, 11, 26, 18, 30, tzinfo=SCL)
    assert labels(for_vague(thursday_late, owner(), "es")) == ["mañana 12:00", "martes 12:00"]
    saturday = datetime(2026, 11, 28, 11, tzinfo=SCL)
    assert labels(for_vague(saturday, owner(), "es")) == ["lunes 12:00", "miércoles 12:00"]
    early = owner(hours=WorkHours(time(7), time(11)))
    assert labels(for_vague(monday_10, early, "es")) == ["mañana 09:00", "viernes 09:00"]


def test_loose_choices_stay_inside_the_period() -> None:
    monday_10 = datetime(2026, 11, 23, 10, tzinfo=SCL)
    friday_end = datetime(2026, 11, 27, 19, tzinfo=SCL)
    assert labels(for_loose(monday_10, owner(), friday_end, "es")) == [
        "hoy 12:00",
        "jueves 12:00",
        "viernes 12:00",
    ]
    next_friday = datetime(2026, 12, 4, 19, tzinfo=SCL)  # "la próxima semana"
    assert labels(for_loose(monday_10, owner(), next_friday, "es")) == [
        "lunes 30 12:00",
        "jueves 3 12:00",
        "viernes 4 12:00",
    ]
    friday_late = datetime(2026, 11, 27, 17, tzinfo=SCL)
    assert for_loose(friday_late, owner(), friday_end, "es") == []


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 23, 10, tzinfo=SCL),
        datetime(2026, 11, 26, 18, 30, tzinfo=SCL),
        datetime(2026, 11, 28, 11, tzinfo=SCL),
        datetime(2026, 12, 31, 9, tzinfo=SCL),
    ],
)
def test_every_choice_reads_back_as_the_same_moment(now: datetime, lang: str) -> None:
    who = owner()
    ends = [now + timedelta(days=d) for d in (3, 10, 20)]
    choices = for_vague(now, who, lang) + [
        c for end in ends for c in for_loose(now, who, end.replace(hour=19, minute=0), lang)
    ]
    assert choices
    for choice in choices:
        read = parse_promise(f"llamar {choice.phrase}", now, lang=lang)
        assert read.due == choice.at, (choice, read)
        assert read.due_has_time
