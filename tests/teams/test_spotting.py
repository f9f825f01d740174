"""Promise spotting in Teams, end to end: a channel message, the private card, its buttons.

Channel messages reach Prometo's real /api/messages JWT-signed, as Teams sends them to a bot
with the ChannelMessage.Read.Group consent (no @mention); the suggestion goes out through the
Bot Connector double as a proactive 1:1 card, and its buttons come back as Action.Execute
invokes.
"""

from __future__ import annotations

import html
import json
import logging
from typing import Any

import pytest
from sqlalchemy import select

from app import Prometo
from bot.model import Promise, Status, SuggestionStatus
from storage.models import SuggestionRow
from tests.conftest import SettableClock
from tests.teams.conftest import ANA, BETO, BOT, CARLA, CHANNEL, TENANT, TeamsSide, User
from tests.teams.shown import fields, rendered
from tests.teams_double import Call, card_actions, card_texts

CARD = "application/vnd.microsoft.card.adaptive"
NOTE = "application/vnd.microsoft.activity.message"
ROOT = "1700000100001"
LINK = (
    f"https://teams.microsoft.com/l/message/{CHANNEL}/{ROOT}"
    f"?parentMessageId={ROOT}&tenantId={TENANT}&createdTime={ROOT}"
)
SAVE, DISMISS, MUTE = "suggestion_save", "suggestion_dismiss", "suggestion_mute"


def said(
    side: TeamsSide,
    text: str,
    user: User = ANA,
    *,
    message_id: str = ROOT,
    root: str | None = None,
    bot: dict[str, str] | None = None,
    **extra: Any,
) -> int:
    """`text` written in the team's General channel (Teams sends HTML); the HTTP status.
    With `bot`, a bot (that account) wrote it."""
    thread = root or message_id
    activity = side.base(user, conversation=f"{CHANNEL};messageid={thread}", kind="channel")
    if bot is not None:
        activity["from"] = bot
    body = f"<p>{html.escape(text, quote=False)}</p>"
    activity.update(id=message_id, type="message", text=body, **extra)
    return side.post(activity).status


def offers(side: TeamsSide, user: User = ANA) -> list[Call]:
    """The suggestions sent to `user`'s 1:1 chat."""
    return [c for c in side.connector.sent(user.chat) if _data(c.card(), SAVE)]


def _data(card: dict[str, Any], action: str) -> dict[str, Any] | None:
    found = [a["data"] for a in card_actions(card) if a["data"].get("action") == action]
    return dict(found[0]) if found else None


def press(side: TeamsSide, offer: Call, action: str, user: User = ANA) -> dict[str, Any]:
    data = _data(offer.card(), action)
    assert data is not None, f"no {action} on the card"
    answer = side.click(data, user, message_id=offer.id)
    assert answer.status == 200
    return dict(answer.json())


def shown(answer: dict[str, Any]) -> str:
    """What a person reads in an invoke's answer: the new card, or the note."""
    if answer["type"] == CARD:
        return "\n".join(rendered(text).text for text in card_texts(answer["value"]))
    return str(answer["value"])


def suggestions(prometo: Prometo) -> list[SuggestionRow]:
    with prometo.store.sessions() as s:
        return list(s.scalars(select(SuggestionRow).order_by(SuggestionRow.id)))


def open_promises(prometo: Prometo, user: User = ANA) -> list[Promise]:
    return prometo.book.open_for(prometo.directory.person("teams", TENANT, user.aad))


def test_a_promise_in_a_channel_gets_one_private_card_for_its_author(
    side: TeamsSide, prometo: Prometo
) -> None:
    assert said(side, "te mando la propuesta mañana a las 10") == 200
    [offer] = offers(side)
    assert len(side.connector.sent()) == 1, "nothing in the channel, nobody else"
    [created] = side.connector.calls_to("create")  # the 1:1 chat, opened for it
    assert created.body["members"] == [{"id": ANA.mri}]
    texts = [rendered(text).text for text in card_texts(offer.card())]
    # Ana is in Madrid: Monday 14:00 there, so "mañana a las 10" is Tuesday 10:00
    assert texts[0] == "¿Lo guardo como promesa? martes 24 de noviembre, 10:00"
    assert "«te mando la propuesta»" in texts
    assert "Lo escribiste en #General." in texts
    assert texts[-3:] == ["Guardar", "No", "No me sugieras más"]
    [link] = [r.links for r in map(rendered, card_texts(offer.card())) if r.links]
    assert [(label.replace("\u200b", ""), url) for label, url in link] == [("#General", LINK)]
    value = _data(offer.card(), SAVE)["value"]  # type: ignore[index]
    assert [a["data"] for a in card_actions(offer.card())] == [
        {"action": SAVE, "value": value},
        {"action": DISMISS, "value": value},
        {"action": MUTE, "value": value},
    ]
    assert offer.body["summary"].startswith("¿Lo guardo como promesa?")
    assert open_promises(prometo) == []  # a suggestion, not a promise yet
    # Teams sending the same message again offers nothing more
    assert said(side, "te mando la propuesta mañana a las 10") == 200
    assert len(offers(side)) == 1 and len(suggestions(prometo)) == 1


def test_guardar_records_it_with_a_link_back_and_replaces_the_card(
    side: TeamsSide, prometo: Prometo
) -> None:
    said(side, "le llamo al cliente el jueves")
    [offer] = offers(side)
    answer = press(side, offer, SAVE)
    assert answer["type"] == CARD
    assert shown(answer).startswith("Anotado como promesa: «le llamo al cliente», para el jueves")
    [promise] = open_promises(prometo)
    assert (promise.task, promise.counterpart) == ("le llamo al cliente", "cliente")
    assert promise.source_link == LINK
    assert promise.status is Status.OPEN and promise.next_chase_at is not None
    [row] = suggestions(prometo)
    assert (row.status, row.promise_id) == (SuggestionStatus.SAVED.value, promise.id)
    again = press(side, offer, SAVE)  # the old card, clicked again
    assert again["type"] == NOTE and "Ya la guardé" in again["value"]
    assert len(open_promises(prometo)) == 1


def test_a_reply_in_a_thread_links_to_the_reply(side: TeamsSide, prometo: Prometo) -> None:
    said(side, "mañana reviso el contrato", message_id="1700000200002", root=ROOT)
    press(side, offers(side)[0], SAVE)
    [promise] = open_promises(prometo)
    assert promise.source_link == (
        f"https://teams.microsoft.com/l/message/{CHANNEL}/1700000200002"
        f"?parentMessageId={ROOT}&tenantId={TENANT}&createdTime=1700000200002"
    )


def test_no_replaces_the_card_and_saves_nothing(side: TeamsSide, prometo: Prometo) -> None:
    said(side, "mañana reviso el contrato")
    answer = press(side, offers(side)[0], DISMISS)
    assert answer["type"] == CARD and shown(answer) == "Vale, no la guardo."
    assert card_actions(answer["value"]) == []
    assert open_promises(prometo) == []
    assert [r.status for r in suggestions(prometo)] == [SuggestionStatus.DISMISSED.value]


def test_no_me_sugieras_mas_stops_them_until_turned_on_again(
    side: TeamsSide, prometo: Prometo
) -> None:
    said(side, "te paso los números el lunes")
    answer = press(side, offers(side)[0], MUTE)
    assert "no te sugeriré más" in shown(answer)
    assert "prometo sugerencias on" in shown(answer)  # typed in Teams without the '/'
    said(side, "te llamo mañana a las 11", message_id="1700000300003")
    said(side, "le escribo al proveedor mañana", BETO, message_id="1700000400004")
    assert len(offers(side)) == 1 and len(offers(side, BETO)) == 1  # Beto still gets his
    side.message("prometo sugerencias on")
    assert "te ofreceré guardarla" in side.last_sent(ANA.chat).text()
    said(side, "te llamo el jueves", message_id="1700000500005")
    assert len(offers(side)) == 2


def test_only_the_author_answers_their_suggestion(side: TeamsSide, prometo: Prometo) -> None:
    said(side, "te mando el informe mañana")
    [offer] = offers(side)
    for action in (SAVE, DISMISS, MUTE):
        refused = press(side, offer, action, BETO)
        assert refused["type"] == NOTE and "era para otra persona" in refused["value"]
    tampered = side.click({"action": SAVE, "value": "12; DROP"}).json()
    assert tampered["type"] == NOTE and "ya no existe" in tampered["value"]
    gone = side.click({"action": SAVE, "value": "99999"}).json()
    assert gone["type"] == NOTE and "ya no existe" in gone["value"]
    assert open_promises(prometo) == [] and open_promises(prometo, BETO) == []
    assert [r.status for r in suggestions(prometo)] == [SuggestionStatus.OFFERED.value]
    said(side, "le escribo al proveedor mañana", BETO, message_id="1700000400004")
    assert len(offers(side, BETO)) == 1, "Beto's 'No me sugieras más' on Ana's did nothing"


def test_in_english_for_an_english_promise(side: TeamsSide, prometo: Prometo) -> None:
    said(side, "I'll send the deck by Friday", CARLA)
    [offer] = offers(side, CARLA)
    text = offer.text()
    assert text.lstrip().startswith("Save it as a promise? Friday, November 27")
    assert "You wrote it in" in text and "Stop suggesting" in text
    answer = press(side, offer, SAVE, CARLA)
    assert shown(answer).startswith("Saved as a promise: “send the deck”")
    [promise] = open_promises(prometo, CARLA)
    assert (promise.task, promise.lang) == ("send the deck", "en")


def test_a_passed_deadline_is_explained_and_nothing_saved(
    side: TeamsSide, prometo: Prometo, clock: SettableClock
) -> None:
    said(side, "te llamo en una hora")
    [offer] = offers(side)
    clock.advance(hours=2)
    answer = press(side, offer, SAVE)
    assert answer["type"] == NOTE and "ya pasó" in answer["value"]
    assert open_promises(prometo) == []
    assert [r.status for r in suggestions(prometo)] == [SuggestionStatus.OFFERED.value]


def test_what_is_not_a_persons_promise_in_a_channel_gets_silence(
    side: TeamsSide, prometo: Prometo
) -> None:
    quiet = [
        "¿me mandas el informe mañana?",
        "Juan lo manda mañana",
        "ayer le mandé la propuesta",
        "🎉🎉🎉",
        "te mando la propuesta mañana " + "x" * 5_000,
    ]
    for n, text in enumerate(quiet):
        assert said(side, text, message_id=f"17000010000{n:02d}") == 200
    promise = "te mando la propuesta mañana"
    statuses = [
        said(side, promise, message_id="1700000200001", bot={"id": BOT, "role": "bot"}),
        said(side, promise, message_id="1700000200002", value={"action": "x"}),
        said(side, promise, message_id="../../x"),
        said(side, promise, message_id="1700000200004", root="x/../y"),
    ]
    # a quoted reply: the quote is someone else's words
    quote = (
        '<blockquote itemtype="http://schema.skype.com/Reply"><strong>Beto</strong>'
        "<p>te mando la propuesta mañana</p></blockquote><p>ok, gracias</p>"
    )
    code = "<p>ejemplo:</p><pre>te mando la propuesta mañana</pre>"
    for n, body in enumerate((quote, code)):
        activity = side.base(ANA, conversation=f"{CHANNEL};messageid={ROOT}", kind="channel")
        activity.update(id=f"17000003000{n}", type="message", text=body)
        statuses.append(side.post(activity).status)
    # an edit, a group chat (not read) and a channel event are not messages to consider
    edit = side.base(ANA, conversation=f"{CHANNEL};messageid={ROOT}", kind="channel")
    edit.update(type="messageUpdate", text=promise, channelData={"eventType": "editMessage"})
    chat = side.base(ANA, conversation="19:chat0123@thread.v2", kind="groupChat")
    chat.update(type="message", text=promise)
    event = side.base(ANA, conversation=CHANNEL, kind="channel")
    event.update(type="conversationUpdate", channelData={"eventType": "channelRenamed"})
    statuses += [side.post(a).status for a in (edit, chat, event)]
    assert statuses == [200] * len(statuses)
    assert side.connector.sent() == [] and side.connector.calls_to("create") == []
    assert suggestions(prometo) == []


def test_junk_activities_are_answered_without_a_500(
    side: TeamsSide, prometo: Prometo, caplog: pytest.LogCaptureFixture
) -> None:
    base = side.base(ANA, conversation=f"{CHANNEL};messageid={ROOT}", kind="channel")
    junk: list[dict[str, Any]] = [
        {**base, "type": "message", "id": ROOT, "text": ["te mando"]},
        {**base, "type": "message", "id": ROOT, "text": "te mando algo mañana", "from": {}},
        {**base, "type": "message", "id": ROOT, "text": "te mando algo mañana", "from": None},
        {**base, "type": "message", "text": "te mando algo mañana", "conversation": "x"},
        {**base, "type": "message", "id": ROOT, "text": "te mando algo mañana", "entities": 7},
        {**base, "type": "message", "id": ROOT, "text": "te mando algo mañana", "channelData": 3},
        {**base, "type": "message", "id": {"x": 1}, "text": "te mando algo mañana"},
        {**base, "type": "message", "id": ROOT, "text": "te mando algo", "textFormat": "html"},
        {**base, "type": "somethingNew", "id": ROOT},
    ]
    for activity in junk:
        answer = side.post(json.dumps(activity).encode())
        assert answer.status == 400, (activity, answer)
        assert side.post(json.dumps(activity).encode(), signed=False).status == 401
    assert side.connector.sent() == [] and suggestions(prometo) == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_a_message_that_mentions_prometo_is_a_command_not_a_suggestion(
    side: TeamsSide, prometo: Prometo
) -> None:
    side.mention("te mando la propuesta mañana")
    assert suggestions(prometo) == []
    [promise] = open_promises(prometo)  # recorded by the command itself
    assert promise.task.startswith("te mando la propuesta")
    assert offers(side) == []


def test_a_suggestion_that_cannot_be_delivered_is_logged_and_not_retried(
    side: TeamsSide, prometo: Prometo
) -> None:
    side.connector.fail("create", 403, "BotNotInConversationRoster")
    assert said(side, "te mando la propuesta mañana") == 200
    assert said(side, "te mando la propuesta mañana") == 200  # Teams sent it again
    assert len(side.connector.calls_to("create")) == 1
    assert side.connector.sent() == [] and len(suggestions(prometo)) == 1


def test_user_text_in_a_suggestion_reads_as_typed_and_stays_inert(
    side: TeamsSide, prometo: Prometo
) -> None:
    typed = "te mando la **nómina** [aquí](https://evil.example) <at>Todos</at> _ya_"
    said(side, f"{typed} mañana")
    [offer] = offers(side)
    readings = [rendered(f.raw) for f in fields(offer.card()) if f.kind == "markdown"]
    assert f"«{typed}»" in [r.text for r in readings]
    assert not [link for r in readings for link in r.links if "evil" in link[1]]
    assert not [tag for r in readings for tag in r.tags]
    assert not [r.mentions for r in readings if r.mentions]
    answer = press(side, offer, SAVE)
    saved = [rendered(f.raw) for f in fields(answer["value"]) if f.kind == "markdown"]
    assert any(f"«{typed}»" in r.text for r in saved)
    assert not [link for r in saved for link in r.links if "evil" in link[1]]
    [promise] = open_promises(prometo)
    assert promise.task == typed


def test_suggestions_are_switched_per_person_in_teams(side: TeamsSide, prometo: Prometo) -> None:
    side.message("sugerencias off")
    assert "no te sugeriré más" in side.last_sent(ANA.chat).text()
    said(side, "te mando la propuesta mañana")
    assert offers(side) == [] and suggestions(prometo) == []
    side.message("sugerencias")
    assert "para ti: desactivadas" in side.last_sent(ANA.chat).text()
    side.mention("sugerencias canal off", BETO)
    thread = f"{CHANNEL};messageid=1700000000001"
    assert "cada uno las apaga para sí" in side.last_sent(thread).text()
    said(side, "le llamo al cliente el jueves", BETO, message_id="1700000600006")
    assert len(offers(side, BETO)) == 1  # the channel was not switched off
    side.message("guardar", BETO)  # typed in the chat: the newest suggestion is saved
    [promise] = open_promises(prometo, BETO)
    assert promise.task == "le llamo al cliente"


def test_a_mention_of_someone_else_reads_as_their_name(side: TeamsSide, prometo: Prometo) -> None:
    activity = side.base(ANA, conversation=f"{CHANNEL};messageid={ROOT}", kind="channel")
    tag = f"<at>{BETO.name}</at>"
    activity["entities"].append({"type": "mention", "text": tag, "mentioned": {"id": BETO.mri}})
    text = f"<p>{tag} te confirmo la sala el martes</p>"
    assert side.post({**activity, "id": ROOT, "type": "message", "text": text}).status == 200
    [offer] = offers(side)
    assert "«@Beto Rojas te confirmo la sala»" in offer.text()
    assert offers(side, BETO) == []  # the one mentioned is not the author
