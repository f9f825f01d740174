"""bot.spotting: which chat messages read as a promise of their author, with a deadline."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.spotting import MAX_TEXT, judge, spot
from handlers.slack.formatter import plain

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=MADRID)  # Tuesday, inside work hours
DATA = Path(__file__).resolve().parents[1] / "bench" / "data"


@pytest.mark.parametrize(
    ("text", "task", "due", "lang"),
    [
        ("te mando la propuesta mañana", "te mando la propuesta", (25, 19, 0), "es"),
        ("le llamo el jueves", "le llamo", (26, 19, 0), "es"),
        ("I'll send it by Friday", "send it", (27, 19, 0), "en"),
        ("Mañana a las 9 te llamo, pero si no contesto escríbeme", "te llamo", (25, 9, 0), "es"),
        ("Dale, el viernes te lo dejo listo", "te lo dejo listo", (27, 19, 0), "es"),
        ("Voy a revisarlo el lunes", "Voy a revisarlo", (30, 19, 0), "es"),
        ("Let me check with legal and get back to you on Wednesday", None, (25, 19, 0), "en"),
        ("Sube los cambios hoy y mañana los pruebo", "los pruebo", (25, 19, 0), "es"),
        ("Te lo mando mañana, ¿vale?", "Te lo mando", (25, 19, 0), "es"),
        ("te contesto el correo mañana, hoy no llego", "te contesto el correo", (25, 19, 0), "es"),
        ("<@U02BETO> te confirmo la sala el martes", None, (1, 19, 0), "es"),
        ("te paso mañana el doc https://acme.example/d?id=7", None, (25, 19, 0), "es"),
    ],
)
def test_promises_of_the_author_with_a_deadline(
    text: str, task: str | None, due: tuple[int, int, int], lang: str
) -> None:
    parsed = spot(text, NOW)
    assert parsed is not None and parsed.due is not None
    day, hour, minute = due
    month = 12 if day < 24 else 11
    assert parsed.due == datetime(2026, month, day, hour, minute, tzinfo=MADRID)
    assert parsed.lang == lang
    if task is not None:
        assert parsed.task == task


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("¿me mandas el informe mañana?", "question"),
        ("Can you send it by Friday?", "question"),
        ("Juan lo manda mañana", "no_cue"),
        ("John will send it tomorrow", "no_cue"),
        ("Juan mando el informe el lunes", "no_cue"),  # a misspelt "mandó"
        ("Ayer mandé la propuesta", "no_cue"),
        ("I sent it on Friday", "no_cue"),
        ("Te lo mandamos el viernes", "no_cue"),
        ("We'll send it by Friday", "no_cue"),
        ("Mándame el informe mañana", "no_cue"),
        ("Please send the report by Friday", "no_cue"),
        ("I'll be out tomorrow", "no_cue"),
        ("Te digo que mañana llueve", "no_cue"),
        ("Aviso: mañana cortan el agua", "no_cue"),
        ("si me da tiempo te lo mando mañana", "hedged"),
        ("Creo que mañana te lo mando", "hedged"),
        ("I'll try to send it by Friday", "no_cue"),
        ("I'll probably send it by Friday", "no_cue"),
        ("I'll send it by Friday, hopefully", "hedged"),
        ("Mañana te lo mando, aunque podría retrasarme", "hedged"),
        ("Si el cliente confirma, mañana le mando el contrato", "conditional"),
        ("I'll send it Friday if the numbers are ready", "conditional"),
        ("I'll let you know if I'm running late tomorrow", "conditional"),
        ("Mañana no te lo mando", "negated"),
        ("I will not have it by Friday", "no_cue"),
        ("Ana dijo: te mando la propuesta mañana", "reported"),
        ("Mañana te mando un abrazo", "greeting"),
        ("te mando la propuesta mañana jaja", "joke"),
        ("Mañana lo termino 😂", "joke"),
        ("I'll fix it tomorrow, said no one ever", "joke"),
        ("> te mando la propuesta mañana", "no_words"),
        ("> te mando la propuesta mañana\nsigo esperando", "no_cue"),
        ("Me escribió “te lo mando mañana” hace dos semanas", "no_cue"),
        ("```te mando la propuesta mañana```", "code"),
        ("`te mando la propuesta mañana`", "no_words"),
        ("https://acme.example/propuesta.pdf", "no_words"),
        ("🎉🎉🎉", "no_words"),
        (":tada: :eyes:", "no_words"),
        ("Te lo mando cuando pueda", "vague"),
        ("Te llamo", "no_deadline"),
        ("Mándamelo el viernes y lo reviso", "no_deadline"),
        ("Te mando el informe del lunes", "not_a_deadline"),
        ("I'll send the notes from Monday's meeting", "not_a_deadline"),
        ("El informe que pediste el martes te lo mando hoy", "not_a_deadline"),
        ("te aviso hoy a las 9", "past"),
        ("", "empty"),
        ("   \n ", "empty"),
        ("te mando la propuesta mañana " + "x" * 40_000, "too_long"),
    ],
)
def test_what_is_not_a_promise_and_why(text: str, reason: str) -> None:
    verdict = judge(text, NOW)
    assert verdict.reason == reason
    assert verdict.is_promise is (reason == "promise")


def test_the_deadline_is_read_in_the_given_timezone_and_work_hours() -> None:
    santiago = NOW.astimezone(ZoneInfo("America/Santiago"))
    parsed = spot("te mando la propuesta mañana", santiago, day_end=time(18, 0))
    assert parsed is not None and parsed.due is not None
    assert parsed.due.tzinfo is not None and parsed.due.utcoffset() == santiago.utcoffset()
    assert (parsed.due.day, parsed.due.hour) == (25, 18)


def test_a_text_just_under_the_limit_is_still_read() -> None:
    text = "te mando la propuesta mañana. " + "bla " * ((MAX_TEXT - 40) // 4)
    assert len(text) <= MAX_TEXT and spot(text, NOW) is not None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_a_verdict_and_a_promise_is_always_due_later(text: str) -> None:
    verdict = judge(text, NOW)
    assert verdict.reason
    if verdict.parsed is not None:
        assert verdict.parsed.due is not None and verdict.parsed.due > NOW


def load(name: str) -> list[tuple[int, str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines()[1:]:
        label, lang, text = line.split("\t", 2)
        rows.append((int(label), lang, plain(text.replace("\\n", "\n"))))
    return rows


@pytest.mark.parametrize("part", ["spotting_dev.tsv", "spotting_heldout.tsv"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_labelled_messages_meet_the_precision_bar(part: str, lang: str) -> None:
    """Precision first (>= 95%, the bar), without buying it with silence (recall >= 85%)."""
    now = datetime(2026, 11, 24, 10, 0, tzinfo=MADRID)  # the moment bench/spotting.py uses
    rows = [row for row in load(part) if row[1] == lang]
    said = [(label, judge(text, now).is_promise) for label, _, text in rows]
    true = sum(1 for label, yes in said if yes and label)
    false = sum(1 for label, yes in said if yes and not label)
    missed = sum(1 for label, yes in said if label and not yes)
    assert len(rows) >= 60
    assert true / (true + false) >= 0.95, (true, false)
    assert true / (true + missed) >= 0.85, (true, missed)


def test_the_data_set_is_big_enough_and_in_both_languages() -> None:
    rows = load("spotting_dev.tsv") + load("spotting_heldout.tsv")
    assert len(rows) >= 300
    assert {lang for _, lang, _ in rows} == {"es", "en"}
    assert 0.25 < sum(label for label, _, _ in rows) / len(rows) < 0.6
