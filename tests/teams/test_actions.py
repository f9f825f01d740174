"""Card buttons (Action.Execute): each core action, the new-date form, refusals, the list card."""

from __future__ import annotations

from typing import Any

from bot.model import EventKind, Person, Status
from tests.teams.conftest import ANA, BETO, TENANT, TeamsSide
from tests.teams_double import card_actions, card_texts

CARD = "application/vnd.microsoft.card.adaptive"
NOTE = "application/vnd.microsoft.activity.message"


def person(side: TeamsSide, aad: str) -> Person:
    return side.prometo.directory.person("teams", TENANT, aad)


def saved(side: TeamsSide, text: str, user: Any = ANA) -> tuple[int, str]:
    """Record a promise by a message; (promise id, the confirmation's activity id)."""
    side.message(text, user)
    sent = side.last_sent(user.chat)
    (promise,) = [p for p in side.prometo.book.open_for(person(side, user.aad)) if p.task in text]
    return promise.id, sent.id


def button(card: dict[str, Any], action: str) -> dict[str, Any]:
    (found,) = [a["data"] for a in card_actions(card) if a["data"].get("action") == action]
    return dict(found)


def test_done_replaces_the_card_in_place_and_keeps_the_promise(side: TeamsSide) -> None:
    pid, card_id = saved(side, "llamar a Acme mañana a las 10")
    answer = side.click({"action": "promise_done", "value": str(pid)}, message_id=card_id)
    body = answer.json()
    assert answer.status == 200 and body["type"] == CARD
    assert "✅ Cumplida" in "\n".join(card_texts(body["value"]))
    # a promise to Acme: the card offers a follow-up beside reopening
    actions = [a["data"]["action"] for a in card_actions(body["value"])]
    assert actions == ["promise_follow_up", "promise_reopen"]
    promise = side.prometo.store.get_promise(pid)
    assert promise.status is Status.DONE


def test_new_date_asks_in_place_then_moves_the_promise_with_its_reason(side: TeamsSide) -> None:
    pid, _ = saved(side, "enviar el informe mañana a las 10")
    form = side.click({"action": "promise_reschedule", "value": str(pid)}).json()["value"]
    inputs = {e["id"]: e.get("value") for e in form["body"] if "id" in e}
    assert inputs["date"] == "2026-11-24" and inputs["time"] == "10:00"
    save = button(form, "teams_reschedule_save")
    save.update(date="2026-11-27", time="12:30", reason="espero la firma")
    body = side.click(save).json()
    assert body["type"] == CARD and "📅" in "\n".join(card_texts(body["value"]))
    promise = side.prometo.store.get_promise(pid)
    assert promise.due.isoformat() == "2026-11-27T11:30:00+00:00"  # 12:30 in Madrid
    (moved,) = [e for e in side.prometo.book.history(pid) if e.kind is EventKind.RESCHEDULED]
    assert moved.reason == "espero la firma"


def test_a_date_in_the_past_shows_the_form_again(side: TeamsSide) -> None:
    pid, _ = saved(side, "revisar el contrato mañana")
    save = {"action": "teams_reschedule_save", "value": str(pid), "date": "2020-01-01"}
    body = side.click(save).json()
    assert body["type"] == CARD and any(e.get("id") == "date" for e in body["value"]["body"])
    assert side.prometo.store.get_promise(pid).due.year == 2026


def test_someone_elses_button_is_refused_and_changes_nothing(side: TeamsSide) -> None:
    pid, _ = saved(side, "llamar a Acme mañana")
    answer = side.click({"action": "promise_done", "value": str(pid)}, BETO).json()
    assert answer["type"] == NOTE and "Solo" in answer["value"]
    assert side.prometo.store.get_promise(pid).status is Status.OPEN
    tampered = side.click({"action": "promise_done", "value": "12; DROP"}).json()
    assert tampered["type"] == NOTE and "ya no existe" in tampered["value"]


def test_check_in_is_a_short_note_and_an_event(side: TeamsSide) -> None:
    pid, _ = saved(side, "llamar a Acme mañana")
    answer = side.click({"action": "promise_check_in", "value": str(pid)}).json()
    assert answer["type"] == NOTE
    kinds = [e.kind for e in side.prometo.book.history(pid)]
    assert kinds == [EventKind.CREATED, EventKind.CHECKED_IN]


def test_an_unknown_action_gets_a_friendly_note(side: TeamsSide) -> None:
    pid, _ = saved(side, "llamar a Acme mañana")
    answer = side.click({"action": "promise_teleport", "value": str(pid)}).json()
    assert answer["type"] == NOTE and "botón" in answer["value"]


def test_the_date_picker_under_a_dateless_promise_records_it(side: TeamsSide) -> None:
    side.message("revisar el contrato")
    save = button(side.last_sent(ANA.chat).card(), "teams_capture_save")
    assert side.click(save).json()["type"] == NOTE, "no date picked: asked again"
    save.update(date="2026-11-25", time="")
    body = side.click(save).json()
    assert body["type"] == CARD and "Anotado" in "\n".join(card_texts(body["value"]))
    (promise,) = side.prometo.book.open_for(person(side, ANA.aad))
    assert promise.task == "revisar el contrato" and not promise.due_has_time


def test_the_list_card_refreshes_on_demand_and_after_every_change(side: TeamsSide) -> None:
    first, _ = saved(side, "llamar a Acme mañana a las 10")
    saved(side, "enviar la propuesta el viernes")
    side.message("mis promesas")
    listing = side.last_sent(ANA.chat)
    list_id = listing.id
    assert "Tus promesas (2)" in listing.text()
    assert listing.card()["refresh"]["action"]["verb"] == "teams_list"

    # a button on the list: the answer is the list again, with what happened on top
    done = {"action": "promise_done", "value": str(first), "from": "list"}
    assert done in [a["data"] for a in card_actions(listing.card())]
    body = side.click(done, message_id=list_id).json()
    texts = "\n".join(card_texts(body["value"]))
    assert "Tus promesas (1)" in texts and "✅ Cumplida" in texts
    assert side.connector.calls_to("update") == [], "the card being answered is left alone"

    # Teams' automatic refresh, and the button
    auto = side.click({"action": "teams_list"}, trigger="automatic", message_id=list_id).json()
    assert "Tus promesas (1)" in "\n".join(card_texts(auto["value"]))

    # a change made elsewhere (typed) updates the latest list card in place
    side.message("hecho 2")
    (update,) = side.connector.calls_to("update")
    assert update.activity_id == list_id and "Tus promesas (0)" in update.text()


def test_a_follow_up_button_on_a_teams_card_creates_the_follow_up(side: TeamsSide) -> None:
    pid, card_id = saved(side, "mandar la propuesta a Acme mañana a las 10")
    done = side.click({"action": "promise_done", "value": str(pid)}, message_id=card_id).json()
    follow = button(done["value"], "promise_follow_up")
    answer = side.click(follow, message_id=card_id)
    assert answer.status == 200
    followed = [
        p for p in side.prometo.store.open_promises(side.prometo.store.get_promise(pid).owner_id)
    ]
    assert any(p.follow_up_of == pid for p in followed)
