"""Promises to customers in Slack, end to end: signed requests to the real endpoint, the Web API
double, the real chaser (its sweeps run by hand) and the virtual clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app import Prometo
from bot.model import EventKind, Promise
from handlers.slack import ids
from storage.chases import SqlChaseStore
from tests.conftest import SettableClock
from tests.slack.conftest import ANA, BETO, SlackSide, text_of
from tests.slack_double import TEAM

MAD = ZoneInfo("Europe/Madrid")  # Ana's timezone in the double


def ana(prometo: Prometo):
    return prometo.directory.person("slack", TEAM, ANA)


def only_promise(prometo: Prometo) -> Promise:
    [promise] = prometo.book.open_for(ana(prometo))
    return promise


def buttons(args: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for block in args.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
        if element["type"] == "button"
    ]


def dms_to(side: SlackSide, user: str) -> list[dict[str, Any]]:
    return [
        c.args for c in side.slack.calls_to("chat.postMessage") if c.args["channel"] == "D" + user
    ]


def at_madrid(clock: SettableClock, day: int, hour: int, minute: int = 0) -> None:
    clock.at = datetime(2026, 11, day, hour, minute, tzinfo=MAD).astimezone(UTC)


def test_the_person_it_was_promised_to_is_told_once_of_a_new_date_and_of_the_delivery(
    side: SlackSide, prometo: Prometo, clock: SettableClock
) -> None:
    side.command("enviar el informe a <@U0BETO|beto> el jueves")
    confirmation = side.last_response()
    assert "enviar el informe a @Beto" in confirmation["text"]
    assert "<@U0BETO>" not in text_of(confirmation), "a counterpart is shown, never pinged"
    assert any(c.args.get("user") == BETO for c in side.slack.calls_to("users.info"))
    promise = only_promise(prometo)
    beto = prometo.directory.person("slack", TEAM, BETO)
    assert promise.counterpart == "@Beto" and promise.counterpart_id == beto.id
    [toggle] = [b for b in buttons(confirmation) if b["action_id"] == ids.NOTIFY_ON]

    side.click(ids.NOTIFY_ON, toggle["value"])
    assert side.last_response()["replace_original"] is True
    assert "Le avisaré a @Beto" in side.last_response()["text"]
    side.command("nueva fecha 1 el viernes porque falta un dato")
    assert "Le aviso a @Beto de la nueva fecha." in text_of(side.last_response())
    prometo.chaser.sweep()
    prometo.chaser.sweep()
    [moved] = dms_to(side, BETO)
    assert "📅 <@U0ANA> cambió la fecha de lo que te prometió" in moved["text"]
    assert "viernes 27 de noviembre, 15:00" in moved["text"], "in Beto's timezone, Santiago"
    assert "Motivo: falta un dato" in text_of(moved)

    clock.advance(hours=1)
    side.click(ids.DONE, str(promise.id), where="message")
    prometo.chaser.sweep()
    prometo.chaser.sweep()
    told = dms_to(side, BETO)
    assert len(told) == 2 and "✅ <@U0ANA> cumplió lo que te prometió" in told[1]["text"]
    assert buttons(told[1]) == [], "the counterpart gets no buttons to change it"
    assert not [c for c in side.slack.calls_to("chat.update") if c.args["channel"] == "D" + BETO]
    sent = [d for d in SqlChaseStore(prometo.engine).deliveries(promise.id) if "told" in d.kind]
    assert [(d.kind, d.status, d.attempts) for d in sent] == [
        ("told_moved", "sent", 1),
        ("told_kept", "sent", 1),
    ]
    kinds = [e.kind for e in prometo.book.history(promise.id)]
    assert kinds.count(EventKind.TOLD) == 2


def test_a_notice_that_fails_on_the_network_is_sent_later_once(
    side: SlackSide, prometo: Prometo, clock: SettableClock
) -> None:
    side.command("enviar el informe a <@U0BETO|beto> el jueves")
    promise = only_promise(prometo)
    side.click(ids.NOTIFY_ON, str(promise.id))
    side.slack.fail("chat.postMessage", "internal_error", times=1)
    side.click(ids.DONE, str(promise.id), where="message")
    prometo.chaser.sweep()
    [refused] = [
        c for c in side.slack.calls_to("chat.postMessage") if c.args["channel"] == "D" + BETO
    ]
    assert refused.ok is False
    [notice] = SqlChaseStore(prometo.engine).deliveries(promise.id)
    assert (notice.status, notice.error) == ("pending", "internal_error")
    clock.advance(minutes=5)
    prometo.chaser.sweep()
    prometo.chaser.sweep()
    delivered = [
        c for c in side.slack.calls_to("chat.postMessage") if c.ok and "cumplió" in c.args["text"]
    ]
    assert len(delivered) == 1
    [notice] = SqlChaseStore(prometo.engine).deliveries(promise.id)
    assert (notice.status, notice.attempts) == ("sent", 2)


def test_check_in_then_llegas_then_no_opens_the_new_date_modal_with_a_required_reason(
    side: SlackSide, prometo: Prometo, clock: SettableClock
) -> None:
    side.command("enviar la propuesta a Acme el jueves")  # Monday: due Thursday 19:00 Madrid
    promise = only_promise(prometo)
    at_madrid(clock, 24, 14, 1)  # Tuesday, mid-way
    prometo.chaser.sweep()
    [check_in] = dms_to(side, ANA)
    assert "¿Le avisaste a Acme que sigues en ello?" in check_in["text"]
    assert [b["action_id"] for b in buttons(check_in)] == [ids.CHECK_IN, ids.NOT_YET]
    side.click(ids.NOT_YET, str(promise.id), where="message", channel="D" + ANA)
    note = side.last_response()
    assert note["replace_original"] is False and "Un mensaje corto basta" in note["text"]
    side.click(ids.CHECK_IN, str(promise.id), where="message", channel="D" + ANA)
    assert prometo.book.history(promise.id)[-1].kind is EventKind.CHECKED_IN

    at_madrid(clock, 25, 14, 1)  # Wednesday: the working day before
    prometo.chaser.sweep()
    ask = dms_to(side, ANA)[-1]
    assert ask["text"].startswith("🤔 ¿Llegas? Prometiste *enviar la propuesta a Acme*")
    assert [b["action_id"] for b in buttons(ask)] == [ids.ON_TRACK, ids.OFF_TRACK, ids.DONE]
    assert len(dms_to(side, ANA)) == 2, "one DM that day: no separate day-before reminder"
    side.click(ids.OFF_TRACK, str(promise.id), where="message", channel="D" + ANA)
    [opened] = side.slack.calls_to("views.open")
    view = opened.args["view"]
    reason = next(b for b in view["blocks"] if b.get("block_id") == ids.REASON_BLOCK)
    assert view["callback_id"] == ids.VIEW_RESCHEDULE and reason["optional"] is False
    assert "Gracias por decirlo a tiempo" in side.last_response()["text"]
    assert prometo.book.history(promise.id)[-1].kind is EventKind.OFF_TRACK

    values = {
        ids.DATE_BLOCK: {ids.DATE_INPUT: {"type": "datepicker", "selected_date": "2026-11-30"}},
        ids.TIME_BLOCK: {ids.TIME_INPUT: {"type": "timepicker", "selected_time": "12:00"}},
        ids.REASON_BLOCK: {ids.REASON_INPUT: {"type": "plain_text_input", "value": "  "}},
    }
    empty = side.submit(ids.VIEW_RESCHEDULE, values, view["private_metadata"])
    assert empty.json() == {
        "response_action": "errors",
        "errors": {ids.REASON_BLOCK: "Escribe el motivo: una nueva fecha siempre lo lleva."},
    }
    assert prometo.store.get_promise(promise.id).due == promise.due  # type: ignore[union-attr]
    values[ids.REASON_BLOCK][ids.REASON_INPUT]["value"] = "el cliente cambió el alcance"
    assert side.submit(ids.VIEW_RESCHEDULE, values, view["private_metadata"]).body == ""
    moved = prometo.book.history(promise.id)[-1]
    assert moved.kind is EventKind.RESCHEDULED and moved.renegotiated_in_time
    assert "A tiempo: la cambiaste antes de que venciera." in text_of(side.last_response())


def test_a_kept_promise_offers_a_follow_up_in_one_click(side: SlackSide, prometo: Prometo) -> None:
    side.command("enviar la propuesta a Acme el jueves")
    promise = only_promise(prometo)
    side.click(ids.DONE, str(promise.id), where="message")
    kept = side.last_response()
    assert "¿Hacemos seguimiento?" in text_of(kept)
    [offer] = [b for b in buttons(kept) if b["action_id"] == ids.FOLLOW_UP]
    side.click(ids.FOLLOW_UP, offer["value"], where="message")
    assert "🔁 Seguimiento anotado" in side.last_response()["text"]
    follow = only_promise(prometo)
    assert follow.follow_up_of == promise.id
    side.click(ids.FOLLOW_UP, offer["value"], where="message")
    assert "Ya tiene seguimiento" in side.last_response()["text"]
    assert len(prometo.book.open_for(ana(prometo))) == 1


def test_vague_and_loose_dates_get_one_click_choices(side: SlackSide, prometo: Prometo) -> None:
    side.command("llamar a Gonzalo pronto")  # Monday 14:00 in Madrid
    question = side.last_response()
    choices = [b for b in buttons(question) if b["action_id"].startswith(ids.CAPTURE_AT)]
    assert [b["text"]["text"] for b in choices] == ["hoy 18:00", "mañana 12:00", "viernes 12:00"]
    assert any(b.get("block_id") == ids.PICK_BLOCK for b in question["blocks"]), "and the picker"
    assert prometo.book.open_for(ana(prometo)) == []
    side.click(choices[1]["action_id"], choices[1]["value"])
    assert side.last_response()["replace_original"] is True
    saved = only_promise(prometo)
    assert saved.due == datetime(2026, 11, 24, 12, tzinfo=MAD) and saved.counterpart == "Gonzalo"

    side.command("enviar la cotización a Acme esta semana")
    loose = side.last_response()
    assert "«esta semana» vence el viernes 27 de noviembre, 19:00." in text_of(loose)
    pins = [b for b in buttons(loose) if b["action_id"].startswith(ids.TIGHTEN)]
    assert [b["text"]["text"] for b in pins] == ["mañana 12:00", "jueves 12:00", "viernes 12:00"]
    side.click(pins[1]["action_id"], pins[1]["value"])
    assert "📌 Fijada" in side.last_response()["text"]
    tight = prometo.book.open_for(ana(prometo))[-1]
    assert tight.due == tight.original_due == datetime(2026, 11, 26, 12, tzinfo=MAD)


def test_the_picker_keeps_whom_it_was_promised_to(side: SlackSide, prometo: Prometo) -> None:
    side.command("revisar el contrato con <@U0BETO|beto>")
    question = side.last_response()
    [save] = [b for b in buttons(question) if b["action_id"] == ids.PICK_SAVE]
    state = {
        ids.PICK_BLOCK: {
            ids.PICK_DATE: {"type": "datepicker", "selected_date": "2026-11-26"},
            ids.PICK_TIME: {"type": "timepicker", "selected_time": None},
        }
    }
    side.click(ids.PICK_SAVE, save["value"], state=state)
    promise = only_promise(prometo)
    assert promise.counterpart == "@Beto"
    assert promise.counterpart_id == prometo.directory.person("slack", TEAM, BETO).id
    assert any(b["action_id"] == ids.NOTIFY_ON for b in buttons(side.last_response()))


def test_lista_acme_and_the_home_filter_show_the_team_s_promises_to_acme(
    side: SlackSide, prometo: Prometo
) -> None:
    side.command("enviar la propuesta a Acme el jueves")
    side.command("llamar al cliente ÁCME mañana", user=BETO)
    side.command("enviar la factura a Initech el viernes")
    side.command("lista acme")
    listed = side.last_response()
    assert listed["text"].startswith("*Promesas abiertas a acme (2)*")
    assert "<@U0BETO> #1: llamar al cliente ÁCME" in text_of(listed)
    assert "Initech" not in text_of(listed)

    side.slack.reset()
    side.event({"type": "app_home_opened", "user": ANA, "channel": "D0ANA", "tab": "home"})
    [home] = side.slack.calls_to("views.publish")
    select = home.args["view"]["blocks"][1]["elements"][0]
    assert select["action_id"] == ids.HOME_FILTER
    options = {o["text"]["text"]: o["value"] for o in select["options"]}
    assert set(options) == {"Acme", "cliente ÁCME", "Initech"}
    side.interactive(
        {
            "type": "block_actions",
            "user": {"id": ANA, "team_id": TEAM},
            "team": {"id": TEAM},
            "trigger_id": "7.7777.trigger",
            "container": {"type": "view", "view_id": "VHOME"},
            "view": {"id": "VHOME", "type": "home", "blocks": []},
            "actions": [
                {
                    "type": "static_select",
                    "action_id": ids.HOME_FILTER,
                    "block_id": ids.HOME_FILTER_BLOCK,
                    "selected_option": {"value": options["Acme"]},
                }
            ],
        }
    )
    filtered = side.slack.calls_to("views.publish")[-1].args["view"]
    shown = text_of(filtered)
    assert "Promesas abiertas a Acme (2)" in shown and "cliente ÁCME" in shown
    assert filtered["blocks"][1]["elements"][0]["initial_option"]["value"] == options["Acme"]
    promise = prometo.book.open_for(ana(prometo))[0]
    side.click(ids.HISTORY, str(promise.id), where="home")
    [history] = side.slack.calls_to("views.open")
    assert history.args["view"]["callback_id"] == ids.VIEW_HISTORY
    assert "anotada, para el jueves 26 de noviembre, 19:00" in text_of(history.args["view"])


def test_bad_input_gets_a_friendly_private_answer_and_changes_nothing(
    side: SlackSide, prometo: Prometo
) -> None:
    side.command("enviar la propuesta a Acme el jueves")
    promise = only_promise(prometo)
    side.command("con 1 " + "Acme " * 200)
    assert "muy largo" in side.last_response()["text"]
    side.command("enviar la propuesta a " + "Acme" * 250 + " el jueves")  # 1,000 characters
    assert (
        "muy largo" in side.last_response()["text"]
        and len(prometo.book.open_for(ana(prometo))) == 1
    )
    side.command("cancelar 1")
    side.command("seguimiento 1")
    answer = side.last_response()
    assert answer["response_type"] == "ephemeral"
    assert "Solo hago seguimiento de una promesa cumplida" in answer["text"]
    side.click(ids.TIGHTEN + ".1", json.dumps({"not": "a value"}))
    assert "ya no existe" in side.last_response()["text"]
    side.click(ids.FOLLOW_UP, str(promise.id), user=BETO, where="message")
    assert "Solo <@U0ANA>" in side.last_response()["text"]
    stored = prometo.store.get_promise(promise.id)
    assert stored is not None and stored.counterpart == "Acme"
    assert [e.kind for e in prometo.book.history(promise.id)] == [
        EventKind.CREATED,
        EventKind.CANCELLED,
    ]
    assert all(c.status == 200 for c in side.slack.calls)


def test_the_message_shortcut_keeps_whom_it_was_promised_to(
    side: SlackSide, prometo: Prometo
) -> None:
    from tests.slack.test_shortcut import beto_promises, shortcut, submit

    view = shortcut(side, "Le mando la propuesta a Acme el viernes a las 11")
    assert submit(side, view).status == 200
    [promise] = beto_promises(prometo)
    assert promise.counterpart == "Acme"
    side.command("lista ACME")
    assert "<@U0BETO> #1: Le mando la propuesta a Acme" in text_of(side.last_response())
