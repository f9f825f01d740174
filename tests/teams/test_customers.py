"""Promises to customers in Teams (issue 9), end to end through the real /api/messages endpoint.

Every button here is pressed as Teams presses it (an adaptiveCard/action invoke, JWT-signed)
and goes to the core's Commands.press; chases come from the real sweeper, sent through the
TeamsMessenger to the Bot Connector double. The clock is the tests' settable clock (Monday
23 November 2026, 10:00 in Santiago, Beto's timezone).
"""

from __future__ import annotations

from typing import Any

from bot.model import EventKind, Person, Status
from tests.conftest import SettableClock
from tests.teams.conftest import ANA, BETO, BOT, CHANNEL, TENANT, TeamsSide, User
from tests.teams_double import Call, card_actions, card_texts

CARD = "application/vnd.microsoft.card.adaptive"
NOTE = "application/vnd.microsoft.activity.message"


def person(side: TeamsSide, user: User) -> Person:
    return side.prometo.directory.person("teams", TENANT, user.aad)


def open_promises(side: TeamsSide, user: User) -> list[Any]:
    return side.prometo.book.open_for(person(side, user))


def actions(card: dict[str, Any]) -> list[str]:
    return [str(a["data"]["action"]) for a in card_actions(card)]


def button(card: dict[str, Any], action: str) -> dict[str, Any]:
    (found,) = [a["data"] for a in card_actions(card) if a["data"].get("action") == action]
    return dict(found)


def texts(card: dict[str, Any]) -> str:
    return "\n".join(card_texts(card))


def sweep(side: TeamsSide, clock: SettableClock, **delta: float) -> list[Call]:
    """Move the clock, run one sweep of the real chaser; what reached Teams meanwhile."""
    before = len(side.connector.calls)
    clock.advance(**delta)
    side.prometo.chaser.sweep()
    side.settle()
    return [c for c in side.connector.calls[before:] if c.kind == "send"]


def history(side: TeamsSide, promise_id: int) -> list[EventKind]:
    return [e.kind for e in side.prometo.book.history(promise_id)]


def test_lista_acme_shows_the_team_s_promises_to_acme(side: TeamsSide) -> None:
    side.message("prometo enviar la propuesta a Acme el jueves", BETO)
    side.message("prometo llamar a ÁCME mañana a las 10", ANA)
    side.message("prometo revisar el contrato con Beta el viernes", ANA)
    side.message("lista acme", ANA)
    listing = side.last_sent(ANA.chat).text()
    assert "Promesas abiertas a" in listing and "(2)" in listing
    assert "llamar a ÁCME" in listing and "enviar la propuesta a Acme" in listing
    assert "<at>Beto Rojas</at>" in listing, "other people's promises name who made them"
    assert "revisar el contrato" not in listing


def test_the_check_in_card_records_avise_and_todavia_no_keeps_the_card(
    side: TeamsSide, clock: SettableClock
) -> None:
    side.message("prometo enviar la propuesta a Acme el viernes a las 12", BETO)
    (promise,) = open_promises(side, BETO)
    sent = sweep(side, clock, days=2, hours=5)  # Wednesday 15:00: the mid-way check-in is due
    (check_in,) = [c for c in sent if "¿Le avisaste a Acme" in c.text()]
    assert check_in.conversation == BETO.chat
    assert actions(check_in.card()) == ["promise_check_in", "promise_not_yet"]
    assert [a["title"] for a in card_actions(check_in.card())] == ["Avisé", "Todavía no"]

    not_yet = side.click(button(check_in.card(), "promise_not_yet"), BETO, message_id=check_in.id)
    answer = not_yet.json()
    assert answer["type"] == NOTE, "a short note: the check-in card and its buttons stay"
    assert "Un mensaje corto basta" in answer["value"] and "avisé 1" in answer["value"]
    assert history(side, promise.id) == [EventKind.CREATED, EventKind.PROMPTED]

    told = side.click(button(check_in.card(), "promise_check_in"), BETO, message_id=check_in.id)
    assert told.json()["type"] == NOTE and "Anotado" in told.json()["value"]
    assert history(side, promise.id)[-1] is EventKind.CHECKED_IN
    heard = side.prometo.store.get_promise(promise.id)
    assert heard is not None and heard.last_heard_at == clock.at


def test_llegas_si_is_recorded_and_no_opens_the_new_date_form_with_a_reason(
    side: TeamsSide, clock: SettableClock
) -> None:
    side.message("prometo enviar la propuesta a Acme el jueves a las 12", BETO)
    (promise,) = open_promises(side, BETO)
    sent = sweep(side, clock, days=2, hours=3)  # Wednesday 13:00: "¿Llegas?" was at 12:00
    (ask,) = [c for c in sent if "¿Llegas?" in c.text()]
    assert actions(ask.card()) == ["promise_on_track", "promise_off_track", "promise_done"]

    yes = side.click(button(ask.card(), "promise_on_track"), BETO, message_id=ask.id).json()
    assert yes["type"] == CARD and "llegas a tiempo" in texts(yes["value"])
    assert history(side, promise.id)[-1] is EventKind.ON_TRACK

    no = side.click(button(ask.card(), "promise_off_track"), BETO, message_id=ask.id).json()
    assert history(side, promise.id)[-1] is EventKind.OFF_TRACK
    form = no["value"]
    assert no["type"] == CARD and "Gracias por decirlo a tiempo" in texts(form)
    inputs = {e["id"]: e for e in form["body"] if "id" in e}
    assert set(inputs) == {"date", "time", "reason"} and inputs["reason"]["isRequired"]

    save = button(form, "teams_reschedule_save")
    save.update(date="2026-11-27", time="12:00")  # no reason: asked again, nothing moves
    again = side.click(save, BETO).json()
    assert again["type"] == CARD and "motivo" in texts(again["value"])
    assert {e["id"] for e in again["value"]["body"] if "id" in e} == {"date", "time", "reason"}
    assert side.prometo.store.get_promise(promise.id).due == promise.due  # type: ignore[union-attr]

    save.update(reason="Acme pidió sumar un anexo")
    moved = side.click(save, BETO).json()
    shown = texts(moved["value"])
    assert "viernes 27 de noviembre, 12:00" in shown and "A tiempo" in shown
    assert "Cuéntaselo a Acme hoy" in shown
    (event,) = [e for e in side.prometo.book.history(promise.id) if e.reason]
    assert event.kind is EventKind.RESCHEDULED and event.renegotiated_in_time
    side.message("historial 1", BETO)
    told = side.last_sent(BETO.chat).text()
    assert "Historial de #1" in told and "(a tiempo). Motivo: Acme pidió sumar un anexo" in told


def test_nueva_fecha_typed_without_a_reason_asks_for_one(side: TeamsSide) -> None:
    side.message("prometo enviar la propuesta a Acme el jueves", BETO)
    side.message("nueva fecha 1 el viernes", BETO)
    answer = side.last_sent(BETO.chat).text()
    assert "necesita un motivo" in answer and "nueva fecha 1 el viernes porque" in answer
    assert "`" not in answer and "/prometo" not in answer, "Teams commands are typed bare"
    side.message("nueva fecha 1 el viernes porque Acme pidió un anexo", BETO)
    assert "Motivo: Acme pidió un anexo" in side.last_sent(BETO.chat).text()


def test_kept_offers_a_follow_up_that_is_chased_like_any_promise(side: TeamsSide) -> None:
    side.message("prometo enviar la propuesta a Acme mañana a las 10", BETO)
    (promise,) = open_promises(side, BETO)
    side.message("hecho 1", BETO)
    kept = side.last_sent(BETO.chat)
    assert "¿Hacemos seguimiento?" in kept.text()
    follow = side.click(button(kept.card(), "promise_follow_up"), BETO, message_id=kept.id)
    body = follow.json()
    assert body["type"] == CARD and "Seguimiento anotado" in texts(body["value"])
    (follow_up,) = open_promises(side, BETO)
    assert follow_up.follow_up_of == promise.id and "Acme" in follow_up.task


def test_a_vague_date_gets_concrete_buttons_each_recording_the_promise(side: TeamsSide) -> None:
    side.message("prometo mandar la propuesta a Acme pronto", BETO)
    card = side.last_sent(BETO.chat).card()
    assert "«pronto» no es una fecha" in texts(card)
    choices = [a for a in card_actions(card) if a["data"]["action"].startswith("promise_capture")]
    assert [a["title"] for a in choices] == ["hoy 18:00", "mañana 12:00", "viernes 12:00"]
    assert any(e["type"] == "Input.Date" for e in card["body"]), "and the date picker"
    assert open_promises(side, BETO) == []

    answer = side.click(dict(choices[1]["data"]), BETO).json()
    assert answer["type"] == CARD and "Anotado" in texts(answer["value"])
    (promise,) = open_promises(side, BETO)
    assert promise.counterpart == "Acme" and promise.due_has_time
    assert promise.due.isoformat() == "2026-11-24T15:00:00+00:00"  # Tuesday 12:00 in Santiago


def test_the_date_picker_under_a_vague_promise_keeps_its_counterpart(side: TeamsSide) -> None:
    side.message("prometo mandar la propuesta a Acme cuando pueda", BETO)
    save = button(side.last_sent(BETO.chat).card(), "teams_capture_save")
    save.update(date="2026-11-26", time="")
    answer = side.click(save, BETO).json()
    assert answer["type"] == CARD and "Anotado" in texts(answer["value"])
    (promise,) = open_promises(side, BETO)
    assert promise.counterpart == "Acme" and not promise.due_has_time


def test_a_loose_date_is_saved_with_buttons_to_tighten_it(side: TeamsSide) -> None:
    side.message("prometo enviar el informe a Acme esta semana", BETO)
    saved = side.last_sent(BETO.chat)
    assert "«esta semana» vence el viernes 27 de noviembre, 19:00" in saved.text()
    tighten = [a for a in card_actions(saved.card()) if a["data"]["action"].startswith("promise_t")]
    assert [a["title"] for a in tighten] == ["hoy 12:00", "jueves 12:00", "viernes 12:00"]
    answer = side.click(dict(tighten[1]["data"]), BETO, message_id=saved.id).json()
    assert answer["type"] == CARD and "📌 Fijada" in texts(answer["value"])
    (promise,) = open_promises(side, BETO)
    assert promise.original_due == promise.due and promise.due.isoformat().startswith("2026-11-26")


def test_the_sixth_promise_on_one_day_gets_a_kind_warning(side: TeamsSide) -> None:
    for n in range(5):
        side.message(f"prometo tarea {n} el jueves", BETO)
        assert "Ojo" not in side.last_sent(BETO.chat).text()
    side.message("prometo tarea 5 el jueves", BETO)
    assert "Ojo: ya tienes 5 promesas más para el jueves 26 de noviembre" in (
        side.last_sent(BETO.chat).text()
    )


def test_stats_in_teams_are_private_and_in_the_person_s_language(
    side: TeamsSide, clock: SettableClock
) -> None:
    side.message("stats", BETO)
    assert "Aún no tengo cifras tuyas" in side.last_sent(BETO.chat).text(), "no history yet"
    side.message("prometo enviar la propuesta a Acme mañana a las 10", BETO)
    side.message("hecho 1", BETO)
    clock.advance(minutes=1)
    side.message("stats", BETO)
    answer = side.last_sent(BETO.chat).text()
    assert "Tus promesas, solo para ti" in answer and "100" in answer
    side.message("promise stats", BETO)
    assert "Your promises, for your eyes only" in side.last_sent(BETO.chat).text()
    thread = f"{CHANNEL};messageid=1700000000001"
    side.mention("stats", BETO)
    assert "Tus promesas" not in side.last_sent(thread).text(), "a channel never sees them"
    assert "Tus promesas, solo para ti" in side.last_sent(BETO.chat).text()


def test_a_promise_to_a_mentioned_teams_user_can_tell_them_when_kept(
    side: TeamsSide, clock: SettableClock
) -> None:
    # in a channel both are members of (its roster knows Beto); Beto never wrote to Prometo
    thread = f"{CHANNEL};messageid=1700000000007"
    activity = side.base(ANA, conversation=thread, kind="channel")
    for mri, name in ((BOT, "Prometo"), (BETO.mri, "Beto Rojas")):
        mention = {"type": "mention", "text": f"<at>{name}</at>", "mentioned": {"id": mri}}
        activity["entities"].append(mention)
    text = "<at>Prometo</at> prometo enviar el informe a <at>Beto Rojas</at> el jueves"
    side.post({**activity, "type": "message", "text": text})
    saved = side.last_sent(thread)
    (promise,) = open_promises(side, ANA)
    beto = person(side, BETO)
    assert promise.counterpart_id == beto.id and promise.counterpart == "@Beto Rojas"
    toggle = button(saved.card(), "promise_notify_on")
    on = side.click(toggle, message_id=saved.id, conversation=thread).json()
    assert on["type"] == CARD and "promise_notify_off" in actions(on["value"])
    assert side.prometo.store.get_promise(promise.id).notify_counterpart  # type: ignore[union-attr]

    side.message("hecho 1")
    sweep(side, clock, minutes=1)
    (opened,) = side.connector.calls_to("create")  # a 1:1 chat with Beto, from the roster
    assert opened.body["members"][0]["id"] == BETO.mri
    told = side.last_sent(BETO.chat).text()
    assert "enviar el informe" in told and "Ana Pérez" in told
    assert side.prometo.store.get_promise(promise.id).status is Status.DONE  # type: ignore[union-attr]
    assert BOT not in told


def test_bad_input_in_teams_gets_a_clear_answer_and_changes_nothing(side: TeamsSide) -> None:
    side.message("prometo enviar la propuesta a " + "Acme" * 250 + " el jueves", BETO)
    assert "muy largo" in side.last_sent(BETO.chat).text() and open_promises(side, BETO) == []
    side.message("prometo enviar la propuesta a Acme el jueves", BETO)
    (promise,) = open_promises(side, BETO)
    side.message("con 1 " + "Acme " * 200, BETO)
    assert "muy largo" in side.last_sent(BETO.chat).text()
    side.message("cancelar 1", BETO)
    follow = {"action": "promise_follow_up", "value": str(promise.id)}
    answer = side.click(follow, BETO).json()
    assert (
        answer["type"] == NOTE
        and "Solo hago seguimiento de una promesa cumplida" in (answer["value"])
    )
    tampered = side.click({"action": "promise_tighten.1", "value": "1|mañana|1"}, BETO).json()
    assert tampered["type"] == NOTE and "ya no existe" in tampered["value"]
    stored = side.prometo.store.get_promise(promise.id)
    assert stored is not None and stored.counterpart == "Acme"
    assert history(side, promise.id) == [EventKind.CREATED, EventKind.CANCELLED]
    assert all(c.status == 200 for c in side.connector.calls)


def test_the_list_card_has_a_counterpart_menu_as_slack_s_app_home(side: TeamsSide) -> None:
    side.message("prometo enviar la propuesta a Acme el jueves", BETO)
    side.message("prometo llamar a ÁCME mañana a las 10", ANA)
    side.message("prometo revisar el contrato con Beta el viernes", ANA)
    side.message("mis promesas", ANA)
    listing = side.last_sent(ANA.chat)
    (menu,) = [e for e in listing.card()["body"] if e.get("type") == "Input.ChoiceSet"]
    choices = {c["title"].lower().replace("á", "a"): c["value"] for c in menu["choices"]}
    assert sorted(choices) == ["acme", "beta"], "one Acme however it was written"
    show = [a["data"] for a in card_actions(listing.card()) if a["title"] == "Ver"]
    picked = {**show[0], "counterpart": choices["acme"]}
    answer = side.click(picked, message_id=listing.id).json()
    shown = texts(answer["value"])
    assert answer["type"] == CARD and "Promesas abiertas a" in shown
    assert "llamar a ÁCME" in shown and "enviar la propuesta a Acme" in shown
    assert "<at>Beto Rojas</at>" in shown and "Tus promesas (2)" in shown
    (menu,) = [e for e in answer["value"]["body"] if e.get("type") == "Input.ChoiceSet"]
    assert menu["value"] == choices["acme"], "the menu shows what was picked"
    unknown = side.click({**picked, "counterpart": "t:" + "x" * 500}, message_id=listing.id)
    assert "Promesas abiertas a" not in texts(unknown.json()["value"]), "no such one: no filter"
