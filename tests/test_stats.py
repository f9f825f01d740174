"""Stats and the digest's figures with plain values and fixed clocks; the commands on real
databases; the chart with and without matplotlib."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import pytest

from app import Prometo
from bot.chart import trend_png
from bot.digest import digest, trend_since, week_slot
from bot.keeping import Facts, TrackRecord
from bot.messages import PlainFormatter
from bot.model import EventKind, Person, PromiseEvent, Status
from bot.ports import DigestData
from bot.stats import stats_message
from tests.conftest import SettableClock

TZ = "America/Santiago"
# Monday 23 November 2026, 09:00 in Santiago: the W48 digest's moment
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
D = timedelta(days=1)
H = timedelta(hours=1)
FMT = PlainFormatter()
PNG = b"\x89PNG\r\n\x1a\n"


def someone(pid: int, name: str) -> Person:
    return Person(pid, 1, f"U{pid}", TZ, "es", name=name)


ANA, BETO = someone(1, "Ana"), someone(2, "Beto")
PEOPLE = {1: ANA, 2: BETO}
_ids = iter(range(1, 10_000))


def kept(owner: int, due: datetime, done: datetime) -> Facts:
    return Facts(next(_ids), owner, Status.DONE, due, due, done)


def still_open(owner: int, due: datetime) -> Facts:
    return Facts(next(_ids), owner, Status.OPEN, due, due, None)


def flat(text: str) -> str:
    return text.replace("\xa0", " ")


def history() -> TrackRecord:
    """Week of 2 Nov: Ana on time, Beto broken. Week of 9 Nov: nothing. Week of 16 Nov: Ana
    renegotiated in time and kept, Beto on time, Beto late."""
    moved = Facts(900, 1, Status.DONE, NOW - 5 * D, NOW - 3 * D, NOW - 4 * D)
    return TrackRecord(
        [
            kept(1, NOW - 19 * D, NOW - 20 * D),
            still_open(2, NOW - 18 * D),
            moved,
            kept(2, NOW - 6 * D, NOW - 6 * D),
            kept(2, NOW - 5 * D, NOW - 4 * D),
        ],
        {900: [PromiseEvent(900, EventKind.RESCHEDULED, NOW - 6 * D, 1, NOW - 5 * D, NOW - 3 * D)]},
    )


def test_stats_compares_you_with_the_team_over_both_windows() -> None:
    message = stats_message(history(), ANA, TZ, "es", NOW, FMT)
    text = flat(message.plain())
    assert message.text == "📊 Tus promesas, solo para ti"
    assert "Últimos 30 días: 50 % a tiempo (1 de 2) · equipo: 40 % a tiempo (2 de 5)" in text
    assert "✅ a tiempo: 1 · 📅 renegociadas a tiempo: 1 · 🕗 tarde: 0 · ❌ incumplidas: 0" in text
    assert "📈 A tiempo, equipo, 8 semanas: ····▅·▃·" in text and "Tú: ····█·▁·" in text
    assert "A tiempo = cumplida para la fecha prometida al principio" in text
    english = flat(stats_message(history(), BETO, TZ, "en", NOW, FMT).plain())
    assert "Last 90 days: 33% on time (1 of 3) · team: 40% on time (2 of 5)" in english
    assert "✅ on time: 1 · 📅 renegotiated in time: 0 · 🕗 late: 1 · ❌ broken: 1" in english


def test_stats_windows_are_30_and_90_days_back_from_now() -> None:
    record = TrackRecord([kept(1, NOW - 40 * D, NOW - 41 * D), kept(1, NOW - 89 * D, NOW - 95 * D)])
    text = flat(stats_message(record, ANA, TZ, "es", NOW, FMT).plain())
    # kept 95 days ago, before a deadline 89 days ago: it counts when it was kept, outside 90
    assert "Últimos 30 días: nada que medir aún" in text
    assert "Últimos 90 días: 100 % a tiempo (1 de 1)" in text


def test_stats_with_no_history_is_a_friendly_answer_not_zero_percent() -> None:
    nothing = stats_message(TrackRecord([]), ANA, TZ, "es", NOW, FMT)
    assert nothing.text == "📊 Aún no tengo cifras tuyas"
    assert "no se cumplió ni venció ninguna de tus promesas" in nothing.plain()
    assert "%" not in nothing.plain()
    # pending and withdrawn promises are not history
    unjudged = TrackRecord(
        [still_open(1, NOW + D), Facts(950, 1, Status.CANCELLED, NOW - D, NOW - D, None)],
        {950: [PromiseEvent(950, EventKind.CANCELLED, NOW - 2 * D, 1)]},
    )
    assert stats_message(unjudged, ANA, TZ, "es", NOW, FMT).text == nothing.text
    # the team's figures still show
    others = flat(stats_message(history(), someone(3, "Carla"), TZ, "en", NOW, FMT).plain())
    assert "I have no figures of yours yet" in others
    assert "Last 30 days: team: 40% on time (2 of 5)" in others


def test_stats_in_a_workspace_of_one() -> None:
    record = TrackRecord([kept(1, NOW - 2 * D, NOW - 3 * D), still_open(1, NOW - D)])
    text = flat(stats_message(record, ANA, TZ, "es", NOW, FMT).plain())
    assert "tus cifras son las del equipo" in text and "equipo:" not in text
    assert "Tú:" not in text and "· esta semana" not in text
    assert "Últimos 30 días: 50 % a tiempo (1 de 2)" in text


def data_for(record: TrackRecord) -> DigestData:
    """What digest_data would hold: here the lists are empty, the figures come from `record`."""
    return DigestData(promises=[], rescheduled=frozenset(), people=PEOPLE)


def test_the_digest_shows_team_figures_trend_and_chart() -> None:
    slot = week_slot(NOW, TZ)
    assert trend_since(slot, TZ) == datetime(2026, 9, 28, 3, 0, tzinfo=UTC)  # Monday 00:00 there
    message = digest(data_for(history()), slot, TZ, "es", NOW, FMT, record=history())
    text = flat(message.text)
    assert "Cumplidas a tiempo la semana pasada: 33 % (1 de 3)." in text
    assert "✅ 1 a tiempo · 📅 1 renegociadas a tiempo · 🕗 1 tarde · ❌ 0 incumplidas" in text
    assert "📈 A tiempo, últimas 8 semanas: ·····▅·▃ (de 50 % a 33 %)" in text
    assert "por persona" not in message.plain()
    image = message.image
    assert image is not None and image.data.startswith(PNG)
    assert image.filename == "prometo-2026-W48.png"
    assert "Semana del 28 sept: sin promesas" in image.alt
    assert "Semana del 16 nov: 33 %" in flat(image.alt)
    people = digest(data_for(history()), slot, TZ, "es", NOW, FMT, record=history(), people=True)
    assert "Beto: 50 % (1 de 2)\nAna: 0 % (0 de 1)" in flat("\n".join(people.details))
    assert (
        digest(data_for(history()), slot, TZ, "es", NOW, FMT, record=history(), chart=False).image
        is None
    )


def test_a_digest_with_nothing_measured_in_8_weeks_has_no_trend_and_no_chart() -> None:
    slot = week_slot(NOW, TZ)
    record = TrackRecord([still_open(1, NOW + D), kept(1, NOW - 70 * D, NOW - 70 * D)])
    message = digest(data_for(record), slot, TZ, "en", NOW, FMT, record=record)
    assert "No promise was due last week." in message.text
    assert "📈" not in message.text and message.image is None


def test_without_a_record_the_digest_judges_last_week_from_its_data_alone() -> None:
    slot = week_slot(NOW, TZ)
    promises = [
        _promise(1, NOW - 3 * D, NOW - 4 * D),
        _promise(2, NOW - 3 * D, None),
    ]
    data = DigestData(promises=promises, rescheduled=frozenset(), people=PEOPLE)
    message = digest(data, slot, TZ, "es", NOW, FMT)
    assert "50 % (1 de 2)" in flat(message.text)
    assert "📈" not in message.text and message.image is None


def test_without_matplotlib_there_is_no_picture_and_the_text_is_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert trend_png(["a"], [0.5], "t", "es") is None
    slot = week_slot(NOW, TZ)
    message = digest(data_for(history()), slot, TZ, "es", NOW, FMT, record=history())
    assert message.image is None and "·····▅·▃" in message.text


def test_the_chart_is_a_png_of_the_expected_size() -> None:
    png = trend_png(
        [f"w{i}" for i in range(8)], [None, 0.5, None, 1.0, 0.0, 0.2, 0.3, None], "t", "en"
    )
    assert png is not None and png.startswith(PNG)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (640, 240)


def _promise(pid: int, due: datetime, done: datetime | None):  # type: ignore[no-untyped-def]
    from bot.model import Promise

    return Promise(
        id=pid,
        workspace_id=1,
        owner_id=1,
        recorder_id=1,
        number=pid,
        task=f"tarea {pid}",
        text="",
        due=due,
        original_due=due,
        due_has_time=True,
        status=Status.DONE if done else Status.OPEN,
        created_at=due - 5 * D,
        updated_at=due,
        completed_at=done,
    )


# the commands, on real databases ------------------------------------------------------------


def person(app: Prometo, user: str) -> Person:
    return app.directory.person("slack", "T1", user, name=user)


def run(app: Prometo, who: Person, text: str, lang: str = "es", admin: bool = False) -> str:
    reply = app.commands.run(who, text, lang, FMT, admin=lambda: admin)
    return flat(reply.message.plain())


def test_the_stats_command_reads_the_book(app: Prometo, clock: SettableClock) -> None:
    ana, beto = person(app, "U_ANA"), person(app, "U_BETO")
    assert "Aún no tengo cifras tuyas" in run(app, ana, "stats")
    run(app, ana, "llamar al cliente mañana")
    run(app, beto, "enviar la propuesta mañana")
    run(app, ana, "hecho 1")
    clock.advance(days=3)
    for words in ("stats", "estadísticas", "Estadisticas", "mis cifras", "¿cómo voy?"):
        assert "Últimos 30 días: 100 % a tiempo (1 de 1) · equipo: 50 %" in run(app, ana, words)
    assert "Last 90 days: 0% on time (0 of 1)" in run(app, beto, "my stats", "en")
    # a promise called 'stats something' is still a promise
    assert "Anotado" in run(app, ana, "stats del trimestre el viernes")


def test_the_per_person_setting_and_who_may_change_it(app: Prometo) -> None:
    ana, beto = person(app, "U_ANA"), person(app, "U_BETO")  # Ana came first: the installer
    assert "muestra solo las cifras del equipo" in run(app, beto, "resumen personas")
    asked: list[str] = []

    def not_admin() -> bool:
        asked.append(beto.external_id)
        return False

    refused = app.commands.run(beto, "resumen personas on", "es", FMT, admin=not_admin)
    assert asked == ["U_BETO"], "the platform is asked when it matters"
    assert not refused.ok and "Solo quien instaló Prometo" in refused.message.text
    assert app.book.workspace_of(ana).digest_people is False
    on = app.commands.run(ana, "resumen personas sí", "es", FMT, admin=not_admin)
    assert "mostrará también las cifras de cada persona" in on.message.text
    assert asked == ["U_BETO"], "the installer needs no admin check"
    assert app.book.workspace_of(ana).digest_people is True
    assert "No entendí «quizás»" in run(app, ana, "resumen personas quizás")
    assert "only the team's figures" in run(app, beto, "digest people off", "en", admin=True)
    assert app.book.workspace_of(ana).digest_people is False
    assert "each person's figures as well" not in run(app, beto, "digest per person", "en")
