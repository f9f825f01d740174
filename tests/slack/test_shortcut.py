"""The message shortcut "Guardar como promesa": modal, submission, permalink and the owner's DM."""

from __future__ import annotations

import json
from typing import Any

from app import Prometo
from bot.model import Status
from handlers.slack import ids
from tests.slack.conftest import ANA, BETO, CHANNEL, SlackSide, text_of

MESSAGE_TS = "1699999999.000200"


def shortcut(side: SlackSide, text: str, *, author: str = BETO, user: str = ANA) -> dict[str, Any]:
    """Ana uses the shortcut on Beto's message; returns the modal that opened."""
    side.interactive(
        {
            "type": "message_action",
            "callback_id": ids.SHORTCUT_CAPTURE,
            "trigger_id": "7.4444.trigger",
            "team": {"id": "T0001", "domain": "acme"},
            "user": {"id": user, "username": user.lower(), "team_id": "T0001"},
            "channel": {"id": CHANNEL, "name": "ventas"},
            "message": {"type": "message", "user": author, "ts": MESSAGE_TS, "text": text},
            "message_ts": MESSAGE_TS,
            "response_url": f"{side.slack.url}response_url",
            "api_app_id": "A0PROMETO",
            "token": "verification-token-unused",
        }
    )
    return side.slack.calls_to("views.open")[-1].args["view"]


def initial(view: dict[str, Any], block: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block)["element"]


def submit(side: SlackSide, view: dict[str, Any], *, owner: str = BETO, **changes: Any):
    values = {
        ids.TASK_BLOCK: {
            ids.TASK_INPUT: {
                "type": "plain_text_input",
                "value": changes.get("task", initial(view, ids.TASK_BLOCK).get("initial_value")),
            }
        },
        ids.OWNER_BLOCK: {ids.OWNER_INPUT: {"type": "users_select", "selected_user": owner}},
        ids.DATE_BLOCK: {
            ids.DATE_INPUT: {
                "type": "datepicker",
                "selected_date": changes.get(
                    "date", initial(view, ids.DATE_BLOCK).get("initial_date")
                ),
            }
        },
        ids.TIME_BLOCK: {
            ids.TIME_INPUT: {
                "type": "timepicker",
                "selected_time": changes.get(
                    "time", initial(view, ids.TIME_BLOCK).get("initial_time")
                ),
            }
        },
    }
    return side.submit(ids.VIEW_CAPTURE, values, view["private_metadata"])


def beto_promises(prometo: Prometo) -> list:
    return list(prometo.book.open_for(prometo.directory.person("slack", "T0001", BETO)))


def test_the_modal_is_prefilled_from_the_message(side: SlackSide) -> None:
    view = shortcut(side, "Te mando la cotización el viernes a las 11 <@U0ANA>")
    assert view["callback_id"] == ids.VIEW_CAPTURE
    assert initial(view, ids.OWNER_BLOCK)["initial_user"] == BETO
    assert initial(view, ids.DATE_BLOCK)["initial_date"] == "2026-11-27"
    assert initial(view, ids.TIME_BLOCK)["initial_time"] == "11:00"
    assert "cotización" in initial(view, ids.TASK_BLOCK)["initial_value"]
    assert "<@" not in initial(view, ids.TASK_BLOCK)["initial_value"]


def test_submission_saves_with_a_permalink_and_dms_the_owner(
    side: SlackSide, prometo: Prometo
) -> None:
    view = shortcut(side, "Te mando la cotización el viernes a las 11")
    answer = submit(side, view)
    assert answer.status == 200 and answer.body == ""
    [promise] = beto_promises(prometo)
    ana = prometo.directory.person("slack", "T0001", ANA)
    assert promise.recorder_id == ana.id
    assert promise.source_link == "https://acme.slack.com/archives/C0SALES01/p1699999999000200"
    assert {c.args["users"] for c in side.slack.calls_to("conversations.open")} == {BETO, ANA}
    dms = {c.args["channel"]: c.args for c in side.slack.calls_to("chat.postMessage")}
    assert "<@U0ANA> anotó una promesa tuya" in dms["D" + BETO]["text"]
    assert promise.source_link.replace("&", "&amp;") in text_of(dms["D" + BETO])
    assert "Anotado" in dms["D" + ANA]["text"]  # the recorder's confirmation
    beto = prometo.directory.person("slack", "T0001", BETO)
    assert beto.dm_channel == "D" + BETO
    assert prometo.store.promise_for_message("D" + BETO, "1700000000.000000") is None
    assert [ref[0] for ref in prometo.store.messages_about(promise.id)] == ["D" + BETO, "D" + ANA]


def test_an_empty_date_or_past_date_keeps_the_modal_open(side: SlackSide, prometo: Prometo) -> None:
    view = shortcut(side, "Te mando la cotización")
    assert "initial_date" not in initial(view, ids.DATE_BLOCK)
    answer = submit(side, view, date=None)
    assert answer.json()["response_action"] == "errors"
    answer = submit(side, view, date="2026-11-20")
    assert ids.DATE_BLOCK in answer.json()["errors"]
    answer = submit(side, view, date="2026-11-27", task="   ")
    assert answer.json()["errors"] == {ids.TASK_BLOCK: "Escribe qué se prometió."}
    answer = submit(side, view, date="2026-11-27", task="x" * 1500)
    assert "Es muy largo (1500 caracteres)" in answer.json()["errors"][ids.TASK_BLOCK]
    assert beto_promises(prometo) == []


def test_a_dm_that_fails_never_loses_the_promise(side: SlackSide, prometo: Prometo) -> None:
    for error in ("not_in_channel", "account_inactive", "channel_not_found"):
        side.slack.fail("chat.postMessage", error)
        view = shortcut(side, f"revisar el caso {error} mañana")
        submit(side, view)
        [confirmation] = [
            c for c in side.slack.calls_to("chat.postMessage") if c.args["channel"] == "D" + ANA
        ][-1:]
        assert error in confirmation.args["text"] or error in text_of(confirmation.args)
    assert len(beto_promises(prometo)) == 3


def test_an_unknown_author_and_a_failed_conversation_still_save(
    side: SlackSide, prometo: Prometo
) -> None:
    side.slack.fail("conversations.open", "user_not_found")
    view = shortcut(side, "llamar a Pedro mañana a las 9", author="U0GONE")
    submit(side, view, owner="U0GONE")
    gone = prometo.directory.person("slack", "T0001", "U0GONE")
    assert not gone.profile_known and gone.timezone == "America/Santiago"
    [promise] = prometo.book.open_for(gone)
    assert promise.status is Status.OPEN
    assert "user_not_found" in text_of(side.slack.calls_to("chat.postMessage")[-1].args)


def test_a_rate_limited_dm_is_sent_after_retry_after(side: SlackSide, prometo: Prometo) -> None:
    side.slack.rate_limit("chat.postMessage", retry_after=1)
    view = shortcut(side, "Te mando la cotización el viernes")
    submit(side, view)
    posts = side.slack.calls_to("chat.postMessage")
    assert [c.args["channel"] for c in posts][:2] == ["D" + BETO, "D" + BETO]
    [promise] = beto_promises(prometo)
    assert prometo.store.messages_about(promise.id)  # the retried DM is recorded


def test_the_private_metadata_fits(side: SlackSide) -> None:
    view = shortcut(side, "x " * 5000 + " mañana")
    assert len(view["private_metadata"]) <= 3000
    assert json.loads(view["private_metadata"])["c"] == CHANNEL


def test_the_owners_dm_never_pings_nor_links(side: SlackSide, prometo: Prometo) -> None:
    view = shortcut(side, "<!channel> mando <https://evil.example|la cotización> el viernes @here")
    submit(side, view)
    [dm] = [
        c.args for c in side.slack.calls_to("chat.postMessage") if c.args["channel"] == "DU0BETO"
    ]
    shown = text_of(dm)
    assert "<!channel>" not in shown and "<https://evil" not in shown and "@here" not in shown
    assert "@\u200bchannel" in shown and "la cotización (https://evil.example)" in shown
