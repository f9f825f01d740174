"""Text commands in the personal chat and by @mention in a channel, through the real endpoint."""

from __future__ import annotations

from app import Prometo
from tests.teams.conftest import ANA, APP_ID, CARLA, CHANNEL, TENANT, TeamsSide
from tests.teams_double import card_actions


def test_a_promise_typed_in_the_personal_chat_is_saved_and_confirmed(side: TeamsSide) -> None:
    answer = side.message("prometo llamar al cliente el jueves a las 10")
    assert answer.status == 200
    reply = side.last_sent(ANA.chat)
    assert "Anotado" in reply.text() and "llamar al cliente" in reply.text()
    assert "jueves 26 de noviembre, 10:00" in reply.text(), "read in Ana's own timezone"
    assert reply.body["summary"].startswith("Anotado"), "what a notification shows"
    assert [a["data"]["action"] for a in card_actions(reply.card())] == [
        "promise_reschedule",
        "promise_undo",
    ]
    prometo = side.prometo
    person = prometo.directory.person("teams", TENANT, ANA.aad)
    assert person.timezone == "Europe/Madrid" and person.name == "Ana Pérez"
    (promise,) = prometo.book.open_for(person)
    assert promise.task == "llamar al cliente" and promise.lang == "es"


def test_english_with_promise_and_the_list_help_and_done(side: TeamsSide) -> None:
    side.message("promise send the report tomorrow at 5pm", CARLA)
    assert "Got it" in side.last_sent(CARLA.chat).text()
    side.message("list", CARLA)
    listing = side.last_sent(CARLA.chat)
    assert "Your promises (1)" in listing.text() and "send the report" in listing.text()
    assert listing.card()["refresh"]["userIds"] == [CARLA.mri]
    side.message("done 1", CARLA)
    assert "Kept" in side.last_sent(CARLA.chat).text()
    side.message("help", CARLA)
    assert "mention me" in side.last_sent(CARLA.chat).text()


def test_a_mention_in_a_channel_is_stripped_and_answered_in_the_thread(side: TeamsSide) -> None:
    side.mention("prometo enviar la propuesta a Acme mañana a las 10")
    thread = f"{CHANNEL};messageid=1700000000001"
    reply = side.last_sent(thread)
    assert "enviar la propuesta" in reply.text() and "Prometo" not in reply.text().split("\n")[0]
    prometo: Prometo = side.prometo
    person = prometo.directory.person("teams", TENANT, ANA.aad)
    (promise,) = prometo.book.open_for(person)
    assert promise.task.startswith("enviar la propuesta") and "<at>" not in promise.text


def test_the_list_asked_in_a_channel_goes_to_the_private_chat(side: TeamsSide) -> None:
    side.mention("prometo enviar la propuesta a Acme mañana a las 10")
    side.mention("lista")
    thread = f"{CHANNEL};messageid=1700000000001"
    assert "mensaje privado" in side.last_sent(thread).text()
    assert "enviar la propuesta" not in side.last_sent(thread).text()
    private = side.last_sent(ANA.chat)
    assert "Tus promesas (1)" in private.text() and "enviar la propuesta" in private.text()
    person = side.prometo.directory.person("teams", TENANT, ANA.aad)
    reference = side.prometo.teams.services.conversations.personal(person.id)
    assert reference.list_activity_id == private.id


def test_a_promise_without_a_date_gets_date_and_time_inputs(side: TeamsSide) -> None:
    side.message("revisar el contrato")
    card = side.last_sent(ANA.chat).card()
    inputs = [e["type"] for e in card["body"] if e["type"].startswith("Input.")]
    assert inputs == ["Input.Date", "Input.Time"]
    *choices, save = card_actions(card)
    assert save["data"]["action"] == "teams_capture_save" and save["data"]["task"]
    assert [c["data"]["action"] for c in choices] == [
        "promise_capture_at.1",
        "promise_capture_at.2",
        "promise_capture_at.3",
    ], "the concrete moments come first, a button each"


def test_installing_the_app_keeps_the_reference_and_says_hello(side: TeamsSide) -> None:
    activity = {**side.base(CARLA), "type": "installationUpdate", "action": "add"}
    assert side.post(activity).status == 200
    assert "Hi! I'm Prometo" in side.last_sent(CARLA.chat).text()
    prometo: Prometo = side.prometo
    carla = prometo.directory.person("teams", TENANT, CARLA.aad)
    reference = prometo.teams.services.conversations.personal(carla.id)
    assert reference.conversation_id == CARLA.chat and reference.user_id == CARLA.mri
    assert reference.service_url == side.connector.url


def test_adding_the_app_to_a_team_keeps_the_channel(side: TeamsSide) -> None:
    activity = side.base(ANA, conversation=CHANNEL, kind="channel")
    activity.update(type="conversationUpdate", membersAdded=[{"id": "28:" + APP_ID}])
    assert side.post(activity).status == 200
    channel = side.prometo.teams.services.conversations.by_conversation(CHANNEL)
    assert channel is not None and channel.kind == "channel" and channel.name == "General"
    assert side.connector.sent() == [], "a team hears nothing until someone asks"


def test_a_message_teams_sends_twice_is_acted_on_once(side: TeamsSide) -> None:
    activity = {**side.base(ANA), "type": "message", "text": "prometo llamar a Acme mañana"}
    assert side.post(activity).status == 200
    assert side.post(activity).status == 200
    person = side.prometo.directory.person("teams", TENANT, ANA.aad)
    assert len(side.prometo.book.open_for(person)) == 1
    assert len(side.connector.sent(ANA.chat)) == 1


def test_an_answer_teams_refuses_leaves_the_promise_saved_and_no_500(side: TeamsSide) -> None:
    side.connector.fail("send", 403, "ConversationBlockedByUser")
    assert side.message("prometo llamar a Acme mañana").status == 200
    person = side.prometo.directory.person("teams", TENANT, ANA.aad)
    assert [p.task for p in side.prometo.book.open_for(person)] == ["llamar a Acme"]
    assert [c.status for c in side.connector.calls_to("send")] == [403]
