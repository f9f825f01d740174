"""Promise spotting end to end: a channel message, the private suggestion, its three buttons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app import Prometo
from bot.model import Status, SuggestionStatus
from handlers.slack import ids
from storage.models import SuggestionRow
from tests.conftest import SettableClock
from tests.slack.conftest import (
    ANA,
    BETO,
    CARLA,
    CHANNEL,
    SlackSide,
    text_of,
)
from tests.slack_double import TEAM

TS = "1700000100.000100"
PERMALINK = "https://acme.slack.com/archives/C0SALES01/p1700000100000100"


def said(text: str, *, user: str = ANA, ts: str = TS, **extra: Any) -> dict[str, Any]:
    """A message.channels event: someone wrote `text` in #ventas."""
    return {
        "type": "message",
        "channel": CHANNEL,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "channel",
        "team": TEAM,
        **extra,
    }


def ephemerals(side: SlackSide) -> list[dict[str, Any]]:
    return [c.args for c in side.slack.calls_to("chat.postEphemeral")]


def buttons(args: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (e["action_id"], e["value"])
        for b in args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def suggestion_id(args: dict[str, Any]) -> str:
    return buttons(args)[0][1]


def suggestions(prometo: Prometo) -> list[SuggestionRow]:
    with prometo.store.sessions() as s:
        return list(s.scalars(select(SuggestionRow).order_by(SuggestionRow.id)))


def open_promises(prometo: Prometo, user: str = ANA):
    return prometo.book.open_for(prometo.directory.person("slack", TEAM, user))


def test_a_promise_in_a_channel_gets_a_private_suggestion_to_its_author_only(
    side: SlackSide, prometo: Prometo
) -> None:
    answer = side.event(said("te mando la propuesta mañana a las 10"))
    assert answer.status == 200
    [offer] = ephemerals(side)
    assert (offer["channel"], offer["user"]) == (CHANNEL, ANA)
    assert "thread_ts" not in offer
    # Ana is in Madrid: Monday 14:00 there, so "mañana a las 10" is Tuesday 10:00
    assert offer["text"].startswith("¿Lo guardo como promesa? martes 24 de noviembre, 10:00")
    assert "«te mando la propuesta»" in text_of(offer)
    value = suggestion_id(offer)
    assert buttons(offer) == [
        (ids.SUGGESTION_SAVE, value),
        (ids.SUGGESTION_DISMISS, value),
        (ids.SUGGESTION_MUTE, value),
    ]
    assert side.slack.calls_to("chat.postMessage") == []  # nothing public, no DM
    assert open_promises(prometo) == []  # a suggestion, not a promise


def test_guardar_records_the_promise_with_a_link_back_and_replaces_the_suggestion(
    side: SlackSide, prometo: Prometo
) -> None:
    side.event(said("le llamo al cliente el jueves"))
    value = suggestion_id(ephemerals(side)[0])
    side.click(ids.SUGGESTION_SAVE, value)
    [promise] = open_promises(prometo)
    assert promise.task == "le llamo al cliente" and promise.counterpart == "cliente"
    assert promise.source_link == PERMALINK
    [link] = side.slack.calls_to("chat.getPermalink")
    assert (link.args["channel"], link.args["message_ts"]) == (CHANNEL, TS)
    reply = side.last_response()
    assert reply["replace_original"] is True
    assert reply["text"].startswith(
        "Anotado como promesa: «*le llamo al cliente*», para el jueves 26"
    )
    assert [u.args["user_id"] for u in side.slack.calls_to("views.publish")] == [ANA]
    [row] = suggestions(prometo)
    assert (row.status, row.promise_id) == (SuggestionStatus.SAVED.value, promise.id)
    # a second click (or a replayed payload) saves nothing more
    side.click(ids.SUGGESTION_SAVE, value)
    assert len(open_promises(prometo)) == 1
    assert "Ya la guardé" in side.last_response()["text"]


def test_no_deletes_the_suggestion_and_saves_nothing(side: SlackSide, prometo: Prometo) -> None:
    side.event(said("mañana reviso el contrato"))
    side.click(ids.SUGGESTION_DISMISS, suggestion_id(ephemerals(side)[0]))
    assert side.last_response()["delete_original"] is True
    assert open_promises(prometo) == []
    assert [r.status for r in suggestions(prometo)] == [SuggestionStatus.DISMISSED.value]


def test_no_me_sugieras_mas_turns_it_off_for_that_person_and_a_command_on_again(
    side: SlackSide, prometo: Prometo
) -> None:
    side.event(said("te paso los números el lunes"))
    side.click(ids.SUGGESTION_MUTE, suggestion_id(ephemerals(side)[0]))
    reply = side.last_response()
    assert reply["replace_original"] is True and "no te sugeriré más" in reply["text"]
    side.event(said("te llamo mañana a las 11", ts="1700000200.000100"))
    side.event(said("le escribo al proveedor mañana", user=BETO, ts="1700000300.000100"))
    assert [e["user"] for e in ephemerals(side)] == [ANA, BETO]  # Beto still gets his
    side.command("sugerencias on")
    assert "te ofreceré guardarla" in side.last_response()["text"]
    side.event(said("te llamo el jueves", ts="1700000400.000100"))
    assert [e["user"] for e in ephemerals(side)] == [ANA, BETO, ANA]


def test_only_an_admin_turns_a_channel_off_and_then_nobody_there_gets_suggestions(
    side: SlackSide, prometo: Prometo
) -> None:
    side.slack.add_user("U0BOSS", tz="Europe/Madrid", locale="es-ES", name="Jefa", owner=True)
    side.command("sugerencias canal off", user=BETO)
    assert "Solo un administrador" in side.last_response()["text"]
    side.command("sugerencias canal off", user="U0BOSS")
    assert "en este canal ya no sugeriré" in side.last_response()["text"]
    side.event(said("te mando la propuesta mañana"))
    side.event(said("le llamo el jueves", user=BETO, ts="1700000200.000100"))
    assert ephemerals(side) == []
    side.event(said("le llamo el jueves", ts="1700000300.000100", channel="C0OTHER01"))
    assert [e["channel"] for e in ephemerals(side)] == ["C0OTHER01"]
    side.command("sugerencias", user=BETO)
    assert "para ti: activadas. En este canal: desactivadas" in side.last_response()["text"]
    side.command("suggestions channel on", user="U0BOSS", command="/promise")
    assert "suggest saving promises again" in side.last_response()["text"]
    side.event(said("te mando la cotización el viernes", ts="1700000400.000100"))
    assert len(ephemerals(side)) == 2


def test_the_channel_switch_needs_a_channel(side: SlackSide) -> None:
    side.slack.add_user("U0BOSS", owner=True)
    side.command("sugerencias canal off", user="U0BOSS", channel="D0BOSS")
    assert "en el canal que quieres cambiar" in side.last_response()["text"]


def test_someone_else_cannot_answer_a_suggestion(side: SlackSide, prometo: Prometo) -> None:
    side.event(said("te mando el informe mañana"))
    value = suggestion_id(ephemerals(side)[0])
    side.click(ids.SUGGESTION_SAVE, value, user=BETO)
    refusal = side.last_response()
    assert refusal["response_type"] == "ephemeral" and "replace_original" not in refusal
    assert "era para otra persona" in refusal["text"]
    side.click(ids.SUGGESTION_MUTE, value, user=BETO)
    side.click(ids.SUGGESTION_SAVE, "99999")
    assert "ya no existe" in side.last_response()["text"]
    side.click(ids.SUGGESTION_SAVE, "not-a-number")
    assert "ya no existe" in side.last_response()["text"]
    assert open_promises(prometo) == [] and open_promises(prometo, BETO) == []
    assert [r.status for r in suggestions(prometo)] == [SuggestionStatus.OFFERED.value]


def test_english_threads_and_private_channels(side: SlackSide, prometo: Prometo) -> None:
    side.event(said("I'll send the deck by Friday", user=CARLA, thread_ts="1699999000.000100"))
    side.event(said("le llamo el jueves", ts="1700000200.000100", channel_type="group"))
    english, private = ephemerals(side)
    assert english["thread_ts"] == "1699999000.000100"
    assert english["text"].startswith("Save it as a promise? Friday, November 27, 7:00 PM")
    assert "Stop suggesting" in text_of(english)
    assert private["user"] == ANA
    side.click(ids.SUGGESTION_SAVE, suggestion_id(english), user=CARLA)
    [promise] = open_promises(prometo, CARLA)
    assert (promise.task, promise.lang) == ("send the deck", "en")


def test_what_is_not_a_persons_promise_in_a_channel_gets_silence(
    side: SlackSide, prometo: Prometo
) -> None:
    quiet = [
        said("¿me mandas el informe mañana?"),
        said("Juan lo manda mañana"),
        said("ayer le mandé la propuesta"),
        said("<https://docs.google.com/d/1|Propuesta> mañana"),
        said("<https://acme.example.com/propuesta-manana>"),
        said(":tada: :tada:"),
        said("🎉🎉🎉"),
        said("te mando la propuesta mañana " + "x" * 40_000),
        said("te mando la propuesta mañana", bot_id="B0OTHER"),
        said("te mando la propuesta mañana", subtype="bot_message"),
        said("te mando la propuesta mañana", subtype="channel_join"),
        said("te mando la propuesta mañana", channel_type="im", channel="D0ANA"),
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": CHANNEL,
            "channel_type": "channel",
            "hidden": True,
            "message": {"user": ANA, "text": "te mando la propuesta mañana", "ts": TS},
            "ts": "1700000500.000100",
        },
        {"type": "message", "subtype": "message_deleted", "channel": CHANNEL, "hidden": True},
        {"type": "message", "channel": CHANNEL, "channel_type": "channel"},
        {"type": "message", "text": ["te mando"], "user": {"id": ANA}, "channel_type": "channel"},
    ]
    for n, event in enumerate(quiet):
        answer = side.event(event, event_id=f"Ev0QUIET{n:03d}")
        assert answer.status == 200
    assert ephemerals(side) == []
    assert side.slack.calls_to("users.info") == []  # nobody looked up for chatter
    assert suggestions(prometo) == []


def test_a_malformed_event_body_is_answered_without_acting(
    side: SlackSide, prometo: Prometo
) -> None:
    envelope = {"type": "event_callback", "team_id": TEAM, "event": "te mando algo mañana"}
    answer = side.post(json.dumps(envelope).encode(), "application/json")
    assert answer.status == 400
    assert ephemerals(side) == [] and suggestions(prometo) == []


def test_a_failed_ephemeral_is_logged_and_never_retried(side: SlackSide, prometo: Prometo) -> None:
    side.slack.fail("chat.postEphemeral", "user_not_in_channel")
    event = said("te mando la propuesta mañana")
    side.event(event, event_id="Ev0FAIL0001")
    side.event(event, event_id="Ev0FAIL0001", retry=1)
    assert len(side.slack.calls_to("chat.postEphemeral")) == 1
    assert len(suggestions(prometo)) == 1


def test_user_text_in_a_suggestion_is_escaped(side: SlackSide) -> None:
    side.event(said("<!channel> te mando <https://evil.example|la nómina> mañana"))
    [offer] = ephemerals(side)
    shown = text_of(offer)
    assert "<!channel>" not in shown and "<https://evil" not in shown
    assert "@\u200bchannel" in shown


def test_a_suggestion_whose_deadline_passed_is_explained_not_saved(
    side: SlackSide, prometo: Prometo, clock: SettableClock
) -> None:
    side.event(said("te llamo en una hora"))
    value = suggestion_id(ephemerals(side)[0])
    clock.advance(hours=2)
    side.click(ids.SUGGESTION_SAVE, value)
    assert "ya pasó" in side.last_response()["text"]
    assert open_promises(prometo) == []
    assert [r.status for r in suggestions(prometo)] == [SuggestionStatus.OFFERED.value]


def test_the_saved_promise_is_chased_like_any_other(side: SlackSide, prometo: Prometo) -> None:
    side.event(said("te mando la propuesta mañana a las 10"))
    side.click(ids.SUGGESTION_SAVE, suggestion_id(ephemerals(side)[0]))
    [promise] = open_promises(prometo)
    assert promise.status is Status.OPEN and promise.next_chase_at is not None
    with prometo.store.sessions() as s:
        count = s.scalar(select(func.count()).select_from(SuggestionRow))
    assert count == 1


def test_the_manifest_asks_for_channel_messages_and_nothing_more() -> None:
    manifest = json.loads((Path(__file__).resolve().parents[2] / "manifest.json").read_text())
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert {"message.channels", "message.groups"} <= set(events)
    assert not {"message.im", "message.mpim"} & set(events)  # DMs are never read
    assert [s for s in scopes if s.endswith(":history")] == ["channels:history", "groups:history"]
