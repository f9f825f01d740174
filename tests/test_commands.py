"""The command language and button actions of the core, on a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app import Prometo
from bot import messages as msg
from bot.messages import PlainFormatter
from bot.model import EventKind, Person, Status
from bot.promises import InThePast
from tests.conftest import SettableClock

FMT = PlainFormatter()


def person(app: Prometo, user: str) -> Person:
    return app.directory.person("slack", "T1", user, name=user)


def test_typed_words_keep_their_case_and_accents_in_the_reason(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    app.commands.run(ana, "revisar el contrato el jueves", "es", FMT)
    reply = app.commands.run(
        ana, "NUEVA FECHA 1 el viernes porque Ñandú Legal aún no firma", "es", FMT
    )
    assert reply.kind == "rescheduled"
    assert app.book.history(reply.change.promise.id)[-1].reason == "Ñandú Legal aún no firma"  # type: ignore[union-attr]


def test_channel_keeps_the_typed_reference(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    reply = app.commands.run(ana, "Canal #Ventas-Chile", "es", FMT)
    assert reply.kind == "channel" and reply.channel == "Ventas-Chile"
    assert app.directory.workspace("slack", "T1").team_channel == "Ventas-Chile"


@pytest.mark.parametrize(
    ("action", "status", "kind", "event"),
    [
        (msg.ACTION_DONE, Status.DONE, "done", EventKind.DONE),
        (msg.ACTION_CANCEL, Status.CANCELLED, "cancelled", EventKind.CANCELLED),
        (msg.ACTION_UNDO, Status.CANCELLED, "undone", EventKind.CANCELLED),
        (msg.ACTION_CHECK_IN, Status.OPEN, "checked_in", EventKind.CHECKED_IN),
    ],
)
def test_a_button_action_changes_the_promise(
    app: Prometo, action: str, status: Status, kind: str, event: EventKind
) -> None:
    ana = person(app, "U_ANA")
    promise = app.commands.run(ana, "llamar al cliente el jueves", "es", FMT).change.promise  # type: ignore[union-attr]
    reply = app.commands.act(ana, action, promise.id, "es", FMT)
    assert reply.ok and reply.kind == kind
    assert app.store.get_promise(promise.id).status is status  # type: ignore[union-attr]
    assert app.book.history(promise.id)[-1].kind is event


def test_a_button_pressed_by_someone_else_is_refused(app: Prometo) -> None:
    ana, eve = person(app, "U_ANA"), person(app, "U_EVE")
    promise = app.commands.run(ana, "llamar al cliente el jueves", "es", FMT).change.promise  # type: ignore[union-attr]
    reply = app.commands.act(eve, msg.ACTION_DONE, promise.id, "en", FMT)
    assert not reply.ok and reply.kind == "forbidden"
    assert "Only U_ANA" in reply.message.text
    assert app.store.get_promise(promise.id) == promise
    with pytest.raises(ValueError, match="not an action"):
        app.commands.act(ana, "promise_explode", promise.id, "es", FMT)


def test_a_past_deadline_refused_by_the_book_is_explained_in_words(
    app: Prometo, clock: SettableClock
) -> None:
    ana = person(app, "U_ANA")
    with pytest.raises(InThePast) as refused:
        app.book.make(
            ana,
            task="<!channel> llamar",
            text="x",
            due=clock.at - timedelta(hours=1),
            due_has_time=True,
            lang="es",
        )
    reply = app.commands.explain(refused.value, "es", FMT, ana)
    assert reply.message.text.startswith("El lunes 23 de noviembre, 09:00 ya pasó.")
    assert "/prometo <!channel> llamar mañana" in reply.message.text
    assert app.book.open_for(ana) == []


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("llamar al cliente mañana", "Anotado. Prometiste llamar al cliente, para el"),
        ("enviarle la propuesta a Acme mañana", "Anotado. Prometiste enviarle la propuesta"),
        ("ir al banco mañana", "Anotado. Prometiste ir al banco, para el"),
        ("te mando el informe mañana", "Anotado. Tu promesa: te mando el informe, para el"),
        ("le devuelvo la llamada a Carolina mañana", "Anotado. Tu promesa: le devuelvo la"),
        ("el informe queda listo mañana", "Anotado. Tu promesa: el informe queda listo, para"),
    ],
)
def test_a_promise_reads_right_after_prometiste_or_as_the_persons_own_words(
    app: Prometo, typed: str, said: str
) -> None:
    """'Prometiste' takes an infinitive; anything else is shown as the person's words."""
    reply = app.commands.run(person(app, "U_ANA"), typed, "es", FMT)
    assert reply.kind == "saved" and reply.message.text.startswith(said), reply.message.text
