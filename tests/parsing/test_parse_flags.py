"""Counterparts, vague phrases, past times, work hours, and the result's shape."""

from __future__ import annotations

import json
from datetime import datetime, time

import pytest
from parsing_cases import NOWS, SCL

from bot.parsing import ParsedPromise, parse_promise

MON = NOWS["MON"]

COUNTERPARTS = [
    ("llamar a Juan el jueves", "Juan"),
    ("le escribo a María José mañana", "María José"),
    ("mando la propuesta al cliente Acme el viernes", "cliente Acme"),
    ("mando la propuesta al cliente el viernes", "cliente"),
    ("le confirmo a <@U123> en 2 horas", "<@U123>"),
    ("le confirmo a <@U123|ana> mañana", "<@U123|ana>"),
    ("reunión con Pedro el martes", "Pedro"),
    ("el informe para Acme el lunes", "Acme"),
    ("LLAMAR A JUAN MAÑANA", "JUAN"),
    ("send the contract to Acme by Friday", "Acme"),
    ("call John tomorrow", "John"),
    ("email Sarah Connor on Monday", "Sarah Connor"),
    ("ping <@U999> tonight", "<@U999>"),
    ("sync with the team on Friday", "team"),
    ("mando el informe mañana", None),
    ("send the report tomorrow", None),
    ("llamo a las 3", None),
    ("te mando el doc el jueves", None),
    ("ayudo a preparar la demo el jueves", None),
]


@pytest.mark.parametrize(("text", "who"), COUNTERPARTS)
def test_counterpart(text: str, who: str | None) -> None:
    result = parse_promise(text, MON)
    assert result.counterpart == who
    if who is not None:
        assert who in result.task  # the counterpart stays in the task


VAGUE = [
    ("lo reviso lo antes posible", "lo reviso", "es"),
    ("te lo mando pronto", "te lo mando", "es"),
    ("te lo mando cuando pueda", "te lo mando", "es"),
    ("te lo mando a la brevedad", "te lo mando", "es"),
    ("te lo mando a la brevedad posible", "te lo mando", "es"),
    ("ahorita te lo mando", "te lo mando", "es"),
    ("al tiro te lo mando", "te lo mando", "es"),
    ("te lo mando cuanto antes", "te lo mando", "es"),
    ("te lo mando en cuanto pueda", "te lo mando", "es"),
    ("te lo mando apenas pueda", "te lo mando", "es"),
    ("te lo mando más tarde", "te lo mando", "es"),
    ("te lo mando en un rato", "te lo mando", "es"),
    ("LO ANTES POSIBLE TE LO MANDO", "TE LO MANDO", "es"),
    ("I'll send it ASAP", "send it", "en"),
    ("send it asap", "send it", "en"),
    ("I'll send it soon", "send it", "en"),
    ("send it as soon as possible", "send it", "en"),
    ("send it when I can", "send it", "en"),
    ("send it right away", "send it", "en"),
    ("send it later", "send it", "en"),
]


@pytest.mark.parametrize(("text", "task", "lang"), VAGUE)
def test_vague(text: str, task: str, lang: str) -> None:
    result = parse_promise(text, MON, lang=lang)
    assert result.due is None
    assert result.vague is True
    assert result.task == task


@pytest.mark.parametrize(
    "text", ["lo mando pronto, a más tardar el viernes", "send it soon, by Friday at the latest"]
)
def test_a_deadline_beats_vagueness(text: str) -> None:
    result = parse_promise(text, MON)
    assert result.due is not None and result.due.date().isoformat() == "2026-11-27"
    assert result.vague is False


PAST = [
    # (now, text, expected local due, past)
    ("WED", "hoy antes de las 6 llamo al banco", "2026-11-25T18:00", True),
    ("WED", "hoy llamo al banco", "2026-11-25T19:00", True),
    ("WED", "a las 9 llamo al banco", "2026-11-25T09:00", True),
    ("WED", "esta tarde llamo al banco", "2026-11-25T19:00", True),
    ("WED", "esta noche llamo al banco", "2026-11-25T22:00", False),
    ("WED", "mañana llamo al banco", "2026-11-26T19:00", False),
    ("WED", "el jueves llamo al banco", "2026-11-26T19:00", False),
    ("FRI", "a las 3 llamo al banco", "2026-11-27T15:00", True),
    ("FRI", "a las 5 llamo al banco", "2026-11-27T17:00", False),
    ("FRI", "hoy llamo al banco", "2026-11-27T19:00", False),
    ("MON", "el 10 de enero de 2025 llamo al banco", "2025-01-10T19:00", True),
    ("MON", "llamo al banco el 5/12/2025", "2025-12-05T19:00", True),
    ("MON", "ayer llamé al banco", "2026-11-22T19:00", True),
    ("NYFRI", "call the bank today before 4pm", "2026-11-27T16:00", True),
    ("NYFRI", "call the bank by noon", "2026-11-27T12:00", True),
]


@pytest.mark.parametrize(("now", "text", "due", "past"), PAST)
def test_past_flag(now: str, text: str, due: str, past: bool) -> None:
    result = parse_promise(text, NOWS[now])
    assert result.due is not None
    assert result.due.replace(tzinfo=None) == datetime.fromisoformat(due)
    assert result.past is past


WORK_HOURS = [
    ("el jueves te llamo", "2026-11-26T18:00"),
    ("te llamo a primera hora", "2026-11-23T09:00"),
    ("te llamo mañana EOD", "2026-11-24T18:00"),
    ("te llamo en la tarde", "2026-11-23T18:00"),
    ("te llamo a las 3", "2026-11-23T15:00"),
]


@pytest.mark.parametrize(("text", "due"), WORK_HOURS)
def test_work_hours_shape_the_day(text: str, due: str) -> None:
    result = parse_promise(text, MON, day_start=time(8, 0), day_end=time(18, 0))
    assert result.due is not None
    assert result.due.replace(tzinfo=None) == datetime.fromisoformat(due)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_promise("mañana", datetime(2026, 11, 23, 10, 0))


def test_as_dict_is_json() -> None:
    result = parse_promise("llamar a Juan el jueves a las 3", MON)
    data = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert data == {
        "task": "llamar a Juan",
        "due": "2026-11-26T15:00:00-03:00",
        "due_has_time": True,
        "vague": False,
        "loose": False,
        "counterpart": "Juan",
        "past": False,
        "lang": "es",
        "expression": "el jueves a las 3",
    }


def test_result_is_frozen() -> None:
    result = parse_promise("mañana", MON)
    assert isinstance(result, ParsedPromise)
    with pytest.raises(AttributeError):
        result.task = "x"  # type: ignore[misc]


def test_expression_keeps_the_original_spelling() -> None:
    result = parse_promise("Llamo a Juan el MIÉRCOLES a las 3", MON)
    assert result.expression == "el MIÉRCOLES a las 3"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("te mando el informe mañana", "es"),
        ("send the report tomorrow", "en"),
        ("5/12", "es"),
        ("llamar al cliente", "es"),
        ("call the client", "en"),
    ],
)
def test_language_detection(text: str, lang: str) -> None:
    assert parse_promise(text, MON).lang == lang


def test_slash_date_follows_the_language() -> None:
    assert str(parse_promise("5/12", MON, lang="es").due) == "2026-12-05 19:00:00-03:00"
    assert str(parse_promise("5/12", MON, lang="en").due) == "2027-05-12 19:00:00-04:00"


def test_other_timezones_stay_in_their_zone() -> None:
    result = parse_promise("mañana a las 3", NOWS["MAD"])
    assert result.due is not None and result.due.tzinfo is NOWS["MAD"].tzinfo
    assert result.due.isoformat() == "2026-11-24T15:00:00+01:00"
    assert SCL is not NOWS["MAD"].tzinfo


LOOSE = [
    ("llamar al cliente esta semana", True),
    ("mandar el informe a fin de mes", True),
    ("send the deck next week", True),
    ("cerrar el presupuesto para fin de mayo", True),
    ("llamar al cliente el viernes", False),
    ("llamar esta semana en la tarde", False),
    ("send the deck next week at 10am", False),
    ("revisar el contrato mañana", False),
    ("lo reviso pronto", False),
]


@pytest.mark.parametrize(("text", "loose"), LOOSE)
def test_loose_marks_a_deadline_that_is_only_the_end_of_a_period(text: str, loose: bool) -> None:
    result = parse_promise(text, MON)
    assert result.loose is loose
    assert (result.due is not None) or not loose
