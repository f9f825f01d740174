"""Promise spotting in the core: offers once per message, answers, switches; real databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from app import Prometo
from bot.messages import PlainFormatter
from bot.model import Person, SuggestionStatus
from bot.promises import BookError
from bot.suggestions import ACTION_DISMISS, ACTION_MUTE, ACTION_SAVE, Offered
from storage.db import alembic_config, make_engine
from storage.suggestions import SqlSuggestionStore
from tests.conftest import SettableClock, backends, scratch_postgres

FMT = PlainFormatter()


def person(app: Prometo, name: str = "ana", workspace: str = "local") -> Person:
    return app.directory.person("console", workspace, name, name=name)


def say(app: Prometo, who: Person, text: str, ref: str, channel: str = "#equipo"):
    return app.suggestions.consider(lambda: who, channel, ref, text, FMT)


def offered(app: Prometo, who: Person, text: str, ref: str = "m1") -> Offered:
    result = say(app, who, text, ref)
    assert result is not None
    return result


def test_a_promise_is_offered_once_per_message(app: Prometo) -> None:
    ana = person(app)
    first = offered(app, ana, "te mando la propuesta mañana a las 10")
    assert first.message.text == "¿Lo guardo como promesa? martes 24 de noviembre, 10:00"
    assert first.message.details == ("«te mando la propuesta»",)
    assert [b.action for b in first.message.buttons] == [ACTION_SAVE, ACTION_DISMISS, ACTION_MUTE]
    assert {b.value for b in first.message.buttons} == {str(first.suggestion.id)}
    assert say(app, ana, "te mando la propuesta mañana a las 10", "m1") is None
    assert say(app, ana, "te mando la propuesta mañana a las 10", "m2") is not None
    assert say(app, ana, "te mando la propuesta mañana a las 10", "m1", channel="#otro")


def test_chatter_never_looks_anyone_up(app: Prometo) -> None:
    def nobody() -> Person:
        raise AssertionError("looked up for a message that is no promise")

    for text in ("hola", "¿me lo mandas mañana?", "Juan lo manda el lunes", "🎉", ""):
        assert app.suggestions.consider(nobody, "#equipo", text or "x", text, FMT) is None


def test_a_time_of_day_is_read_in_the_authors_timezone(app: Prometo) -> None:
    ana = person(app)  # the console's people start in the default zone, Santiago (10:00)
    ana.timezone = "Pacific/Honolulu"  # 03:00 there
    offer = offered(app, ana, "te llamo a las 9")
    assert offer.message.text == "¿Lo guardo como promesa? lunes 23 de noviembre, 09:00"
    ana.timezone = "Europe/Madrid"  # 14:00 there: 9:00 has passed
    assert say(app, ana, "te llamo a las 9", "m2") is None


def test_a_deactivated_person_gets_no_suggestion(app: Prometo) -> None:
    ana = person(app)
    ana.active = False
    assert say(app, ana, "te mando la propuesta mañana", "m1") is None


def test_guardar_records_the_promise_once_with_its_link(app: Prometo) -> None:
    ana = person(app)
    app.suggestions.links["console"] = lambda channel, ref: f"https://chat/{channel}/{ref}"
    offer = offered(app, ana, "le llamo al cliente el jueves")
    done = app.commands.act(ana, ACTION_SAVE, offer.suggestion.id, "es", FMT)
    assert done.ok and done.kind == "saved" and done.change is not None
    promise = done.change.promise
    assert (promise.task, promise.counterpart) == ("le llamo al cliente", "cliente")
    assert promise.source_link == "https://chat/#equipo/m1"
    assert promise.text == "le llamo al cliente el jueves"
    again = app.commands.act(ana, ACTION_SAVE, offer.suggestion.id, "es", FMT)
    assert again.kind == "already_saved" and "Ya la guardé" in again.message.text
    assert [p.id for p in app.book.open_for(ana)] == [promise.id]
    stored = SqlSuggestionStore(app.engine).get_suggestion(offer.suggestion.id)
    assert stored is not None and stored.status is SuggestionStatus.SAVED
    assert stored.promise_id == promise.id


def test_only_the_author_answers_and_only_in_their_workspace(app: Prometo) -> None:
    ana, beto = person(app), person(app, "beto")
    stranger = person(app, "ana", workspace="other")
    offer = offered(app, ana, "te paso el informe el lunes")
    for who, kind in ((beto, "spot_not_yours"), (stranger, "spot_gone")):
        for action in (ACTION_SAVE, ACTION_DISMISS, ACTION_MUTE):
            reply = app.commands.act(who, action, offer.suggestion.id, "es", FMT)
            assert (reply.ok, reply.kind) == (False, kind)
    assert app.book.open_for(ana) == [] and app.book.open_for(beto) == []
    assert say(app, beto, "te llamo mañana", "m9") is not None  # Beto's mute did nothing


def test_no_then_guardar_by_command_and_the_newest_open_one(app: Prometo) -> None:
    ana = person(app)
    first = offered(app, ana, "te mando el contrato el viernes", "m1")
    offered(app, ana, "te llamo mañana a las 11", "m2")
    dismissed = app.commands.run(ana, "no", "es", FMT)  # the newest one: m2
    assert dismissed.kind == "dismissed" and dismissed.message.text == "Vale, no la guardo."
    saved = app.commands.run(ana, f"guardar {first.suggestion.id}", "es", FMT)
    assert saved.kind == "saved"
    assert app.commands.run(ana, "guardar", "es", FMT).kind == "spot_none"
    assert app.commands.run(ana, "save 999999", "en", FMT).kind == "spot_gone"
    [promise] = app.book.open_for(ana)
    assert promise.task == "te mando el contrato"


def test_a_suggestion_whose_deadline_passed_stays_open_and_says_why(
    app: Prometo, clock: SettableClock
) -> None:
    ana = person(app)
    offer = offered(app, ana, "te llamo en una hora")
    clock.advance(hours=2)
    with pytest.raises(BookError):
        app.suggestions.act(ana, ACTION_SAVE, offer.suggestion.id, "es", FMT)
    reply = app.commands.run(ana, f"guardar {offer.suggestion.id}", "es", FMT)
    assert not reply.ok and "ya pasó" in reply.message.text
    stored = SqlSuggestionStore(app.engine).get_suggestion(offer.suggestion.id)
    assert stored is not None and stored.status is SuggestionStatus.OFFERED
    assert app.book.open_for(ana) == []


def test_muting_is_per_person_and_a_command_undoes_it(app: Prometo) -> None:
    ana, beto = person(app), person(app, "beto")
    offer = offered(app, ana, "te mando la propuesta mañana")
    muted = app.commands.act(ana, ACTION_MUTE, offer.suggestion.id, "es", FMT)
    assert muted.kind == "muted" and "/prometo sugerencias on" in muted.message.text
    assert say(app, ana, "te llamo mañana", "m2") is None
    assert say(app, beto, "te llamo mañana", "m3") is not None
    status = app.commands.run(ana, "sugerencias", "es", FMT, where="#equipo")
    assert "para ti: desactivadas. En este canal: activadas" in status.message.text
    assert app.commands.run(ana, "sugerencias on", "es", FMT).kind == "switched"
    assert say(app, ana, "te llamo mañana", "m4") is not None
    assert app.commands.run(ana, "suggestions off", "en", FMT).message.text.startswith("Done")
    assert say(app, ana, "te llamo mañana", "m5") is None


def test_a_channel_is_switched_off_by_an_admin_only(app: Prometo) -> None:
    ana, beto = person(app), person(app, "beto")
    asked: list[str] = []

    def not_admin() -> bool:
        asked.append("beto")
        return False

    refused = app.commands.run(
        beto, "sugerencias canal off", "es", FMT, where="C1", admin=not_admin
    )
    assert refused.kind == "spot_channel_admin" and asked == ["beto"]
    assert app.commands.run(ana, "sugerencias canal off", "es", FMT).kind == "spot_channel_where"
    done = app.commands.run(ana, "sugerencias canal off", "es", FMT, where="C1", admin=lambda: True)
    assert done.kind == "spot_channel_off"
    assert say(app, beto, "te llamo mañana", "m1", channel="C1") is None
    assert say(app, beto, "te llamo mañana", "m2", channel="C2") is not None
    status = app.commands.run(beto, "sugerencias", "es", FMT, where="C1", admin=not_admin)
    assert "En este canal: desactivadas" in status.message.text and asked == ["beto"]
    app.commands.run(ana, "suggestions here on", "en", FMT, where="C1", admin=lambda: True)
    assert say(app, beto, "te llamo mañana", "m3", channel="C1") is not None


def test_switching_twice_is_harmless(app: Prometo) -> None:
    ana = person(app)
    for _ in range(2):
        app.commands.run(ana, "sugerencias off", "es", FMT)
    assert say(app, ana, "te llamo mañana", "m1") is None
    for _ in range(2):
        app.commands.run(ana, "sugerencias on", "es", FMT)
    assert say(app, ana, "te llamo mañana", "m2") is not None


@pytest.fixture(params=backends())
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    with scratch_postgres("prometo_s") as url:
        yield url


def test_the_spotting_migration_goes_down_and_up_again(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    config = alembic_config(engine)
    command.upgrade(config, "head")
    assert {"suggestions", "spotting_off"} <= set(inspect(engine).get_table_names())
    command.downgrade(config, "0004")  # the revision before spotting's
    assert not {"suggestions", "spotting_off"} & set(inspect(engine).get_table_names())
    command.upgrade(config, "head")
    assert {"suggestions", "spotting_off"} <= set(inspect(engine).get_table_names())
    engine.dispose()
