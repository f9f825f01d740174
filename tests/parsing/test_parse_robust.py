"""Any text at all gets an answer, never an exception."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parsing_cases import NOWS, NYC, SCL

from bot.parsing import ParsedPromise, parse_promise

MON = NOWS["MON"]

BAD = [
    "",
    " ",
    "\n\t",
    "\x00",
    "mañana\x00 a las 3",
    "\ud800",
    "te llamo \udfff mañana",
    "🚀🎉🔥",
    "⏰⏰⏰ 3️⃣",
    "a" * 5000,
    "mañana " * 700,
    "a las 3 " * 600,
    "<@U123>" * 500,
    "<" * 5000,
    ":" * 5000,
    "1:1 " * 1200,
    "el el el el el el el el",
    "a las",
    "a las 99",
    "el 45",
    "el 31 de febrero",
    "99/99",
    "0/0",
    "en 0 horas",
    "en 999999 horas",
    "en 9999 días",
    "12:99",
    "25:00",
    "at 13pm",
    "ÁÉÍÓÚ ÑÑÑ",
    "İstanbul mañana",
    "ﬃ ß ΣΑΣ mañana",
    "\u202eevaw\u202c mañana",
    "right-to-left عربى غدا",
]


@pytest.mark.parametrize("text", BAD)
def test_bad_input_never_raises(text: str) -> None:
    result = parse_promise(text, MON)
    assert isinstance(result, ParsedPromise)
    assert result.due is None or result.due.tzinfo is MON.tzinfo
    result.as_dict()


@pytest.mark.parametrize("text", ["", " ", "🚀🎉🔥", "\x00"])
def test_nothing_to_read_gives_no_deadline(text: str) -> None:
    result = parse_promise(text, MON)
    assert result.due is None
    assert result.vague is False


def test_long_text_keeps_its_deadline() -> None:
    text = "contexto " * 500 + "te mando el informe el jueves"
    result = parse_promise(text, MON)
    assert result.due is not None and result.due.date().isoformat() == "2026-11-26"


_VOCABULARY = (
    "a las el la de en mañana hoy jueves viernes 3 10:30 5/12 pm am por tarde noche antes del "
    "para próximo que viene semana mes fin y media cuarto menos by at next tomorrow tonight "
    "noon in hours minutes días horas <@U1> #4821 $3.000 2x1 1:1 🚀 , . ! ? primera hora"
)
_WORDS = st.sampled_from(_VOCABULARY.split())


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def rules_never_fail() -> Iterator[None]:
    """Fail when parse_promise's safety net caught an error: the rules must never raise."""
    recorder = _Recorder()
    logger = logging.getLogger("bot.parsing.parser")
    logger.addHandler(recorder)
    try:
        yield
    finally:
        logger.removeHandler(recorder)
    assert not recorder.records, recorder.records[0].getMessage()


def test_the_safety_net_check_sees_a_failing_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.parsing.parser as parser

    def broken(*_args: object) -> None:
        raise RuntimeError("a rule bug")

    monkeypatch.setattr(parser, "_parse", broken)
    failing = pytest.raises(AssertionError, match="could not read a 10-character promise")
    with failing, rules_never_fail():
        result = parse_promise("llamar hoy", MON)
    assert result.task == "llamar hoy"  # the promise is not lost


@settings(deadline=None, max_examples=300)
@given(st.text(max_size=5000))
def test_any_text_never_raises(text: str) -> None:
    with rules_never_fail():
        result = parse_promise(text, MON)
    assert isinstance(result, ParsedPromise)
    assert result.due is None or result.due.utcoffset() is not None


@settings(deadline=None, max_examples=300)
@given(st.lists(_WORDS, max_size=40).map(" ".join), st.sampled_from([SCL, NYC]))
def test_time_like_text_never_raises(text: str, tz: object) -> None:
    now = datetime(2026, 3, 8, 1, 30, tzinfo=tz)  # type: ignore[arg-type]
    with rules_never_fail():
        result = parse_promise(text, now)
    assert result.due is None or result.due.tzinfo is tz
    assert isinstance(result.task, str)


def test_a_long_text_keeps_its_head_deadline_and_every_word() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bot.parsing import parse_promise

    now = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("America/Santiago"))
    tail = " ".join(["detalle"] * 900)
    result = parse_promise(f"enviar el informe el jueves {tail} y el viernes", now)
    assert result.due is not None and result.due.weekday() == 3  # the head's Thursday
    assert result.task.startswith("enviar el informe detalle")
    assert result.task.endswith("detalle y el viernes")
    assert result.task.count("detalle") == 900


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("mando la propuesta el juevs", 3),
        ("llamo el viernse", 4),
        ("pago el miercles", 2),
        ("voy el domigo", 6),
        ("send it thursdy", 3),
        ("subo todo el martes que viene", 1),
    ],
)
def test_weekday_typos_are_read(text: str, weekday: int) -> None:
    result = parse_promise(text, MON)
    assert result.due is not None and result.due.weekday() == weekday


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("VOY A LLAMAR AL CLIENTE EL JUEVES", "CLIENTE"),
        ("voy a enviar la cotización el lunes", None),
        ("le escribo a Omar el lunes", "Omar"),
    ],
)
def test_an_infinitive_is_not_a_counterpart(text: str, who: str | None) -> None:
    assert parse_promise(text, MON).counterpart == who


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("te llamo el VİERNES", 4),  # a Turkish keyboard's dotted capital I
        ("te llamo el vıernes", 4),  # its dotless small i
        ("send it on ſunday", 6),  # the long s
    ],
)
def test_odd_letters_fold_to_the_letter_they_stand_for(text: str, weekday: int) -> None:
    result = parse_promise(text, MON)
    assert result.due is not None and result.due.weekday() == weekday
