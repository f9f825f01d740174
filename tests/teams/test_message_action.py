"""The message action "Guardar como promesa": prefilled form, then the owner's DM, within 5 s."""

from __future__ import annotations

from typing import Any

from bot.model import Status
from tests.teams.conftest import ANA, BETO, CARLA, TENANT, TeamsSide
from tests.teams_double import card_actions

FETCH, SUBMIT = "composeExtension/fetchTask", "composeExtension/submitAction"
LINK = "https://teams.microsoft.com/l/message/19:c0ffee@thread.tacv2/1700000000009"


def payload(text: str, author: Any = BETO) -> dict[str, Any]:
    """The value of a message action on `author`'s message (Teams sends its HTML body)."""
    return {
        "commandId": "saveAsPromise",
        "commandContext": "message",
        "context": {"theme": "default"},
        "messagePayload": {
            "id": "1700000000009",
            "linkToMessage": LINK,
            "body": {"contentType": "html", "content": text},
            "from": {"user": {"id": author.aad, "displayName": author.name}},
        },
    }


def open_form(side: TeamsSide, text: str, author: Any = BETO) -> dict[str, Any]:
    answer = side.message_action(FETCH, payload(text, author))
    assert answer.status == 200
    task = answer.json()["task"]
    assert task["type"] == "continue" and task["value"]["title"] == "Guardar como promesa"
    return dict(task["value"]["card"]["content"])


def inputs(card: dict[str, Any]) -> dict[str, Any]:
    return {e["id"]: e for e in card["body"] if "id" in e}


def submit_data(card: dict[str, Any], **values: Any) -> dict[str, Any]:
    (save,) = card_actions(card)
    data = dict(save["data"])
    for name, element in inputs(card).items():
        data[name] = element.get("value") or ""
    data.update(values)
    return {"commandId": "saveAsPromise", "commandContext": "message", "data": data}


def test_the_form_is_prefilled_from_the_message(side: TeamsSide) -> None:
    card = open_form(side, "<p>Te mando la propuesta <b>mañana a las 10</b> &amp; la firma</p>")
    fields = inputs(card)
    assert fields["task"]["value"].startswith("Te mando la propuesta")
    assert "<b>" not in fields["task"]["value"]
    assert [c["title"] for c in fields["owner"]["choices"]] == ["Beto Rojas", "Yo"]
    assert fields["owner"]["value"] == "author"
    assert fields["date"]["value"] == "2026-11-24" and fields["time"]["value"] == "10:00"


def test_submitting_records_it_for_the_author_and_dms_them_in_a_new_chat(
    side: TeamsSide,
) -> None:
    card = open_form(side, "Te mando la propuesta mañana a las 10")
    answer = side.message_action(SUBMIT, submit_data(card))
    assert answer.status == 200 and answer.json() in (None, {})  # the form closes
    prometo = side.prometo
    beto = prometo.directory.person("teams", TENANT, BETO.aad)
    ana = prometo.directory.person("teams", TENANT, ANA.aad)
    (promise,) = prometo.book.open_for(beto)
    assert promise.recorder_id == ana.id and promise.source_link == LINK
    # Beto never wrote to the bot: his id came from the roster, then a 1:1 chat was opened
    (member,) = side.connector.calls_to("member")
    assert member.activity_id == BETO.aad
    created = {c.body["members"][0]["id"]: c.body for c in side.connector.calls_to("create")}
    assert created[BETO.mri]["isGroup"] is False and created[BETO.mri]["tenantId"] == TENANT
    assert set(created) == {BETO.mri, ANA.mri}, "Ana used the action in a channel, too"
    dm = side.last_sent(BETO.chat)
    assert "Ana Pérez" in dm.text() and "👍" in dm.text()
    assert dm.card()["msteams"]["entities"][0]["mentioned"]["id"] == ANA.aad
    assert "Le escribí" in side.last_sent(ANA.chat).text()
    # the DM is recorded: a reaction on it can be traced back to the promise
    key = prometo.teams.services.conversations.personal(beto.id).key
    assert prometo.store.promise_for_message(key, dm.id) == promise.id


def test_a_missing_date_shows_the_form_again_and_saves_nothing(side: TeamsSide) -> None:
    card = open_form(side, "revisar el contrato")
    answer = side.message_action(SUBMIT, submit_data(card, date=""))
    task = answer.json()["task"]
    assert task["type"] == "continue"
    assert "Elige una fecha" in str(task["value"]["card"]["content"]["body"][0])
    with side.prometo.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM promises").scalar_one() == 0


def test_the_answer_does_not_wait_for_the_dms(side: TeamsSide) -> None:
    card = open_form(side, "Te mando la propuesta mañana a las 10", CARLA)
    held = side.connector.hold("create")  # opening Carla's chat hangs until we let it go
    answer = side.message_action(SUBMIT, submit_data(card), settle=False)
    assert answer.status == 200 and answer.json() in (None, {})
    assert side.connector.sent(CARLA.chat) == [], "the DM is still on its way"
    promise = side.prometo.store.get_promise(1)
    assert promise is not None and promise.status is Status.OPEN
    held.set()
    side.settle()
    assert len(side.connector.sent(CARLA.chat)) == 1
