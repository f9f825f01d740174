"""/prometo and /promise over the real endpoint: capture, pickers, subcommands, language."""

from __future__ import annotations

from datetime import UTC, datetime

from app import Prometo
from bot.model import EventKind, Status
from handlers.slack import ids
from tests.slack.conftest import ANA, CARLA, SlackSide, text_of


def open_promises(prometo: Prometo, user: str = ANA) -> list:
    person = prometo.directory.person("slack", "T0001", user)
    return list(prometo.book.open_for(person))


def test_a_promise_is_confirmed_in_block_kit_in_the_owners_timezone(
    side: SlackSide, prometo: Prometo
) -> None:
    answer = side.command("llamar al cliente el jueves a las 10")
    assert answer.status == 200 and answer.body == ""
    [saved] = open_promises(prometo)
    # Ana's Slack profile says Europe/Madrid: "el jueves a las 10" is 10:00 in Madrid.
    assert saved.due == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    assert saved.task == "llamar al cliente"
    reply = side.last_response()
    assert reply["response_type"] == "ephemeral"
    shown = text_of(reply)
    assert "*llamar al cliente*" in shown and "jueves 26 de noviembre, 10:00" in shown
    buttons = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (ids.RESCHEDULE, str(saved.id)),
        (ids.UNDO, str(saved.id)),
    ]
    ana = prometo.directory.person("slack", "T0001", ANA)
    assert (ana.profile_known, ana.timezone, ana.locale, ana.name) == (
        True,
        "Europe/Madrid",
        "es-ES",
        "Ana",
    )
    side.command("enviar la propuesta mañana")
    assert len(side.slack.calls_to("users.info")) == 1  # the profile is cached on the person
    assert len(open_promises(prometo)) == 2


def test_no_date_gets_pickers_and_nothing_is_saved_until_one_is_picked(
    side: SlackSide, prometo: Prometo
) -> None:
    side.command("revisar el contrato")
    assert open_promises(prometo) == []
    reply = side.last_response()
    elements = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    kinds = [e["type"] for e in elements]
    assert "datepicker" in kinds and "timepicker" in kinds
    save = next(e for e in elements if e.get("action_id") == ids.PICK_SAVE)
    picked = {
        ids.PICK_BLOCK: {
            ids.PICK_DATE: {"type": "datepicker", "selected_date": "2026-11-27"},
            ids.PICK_TIME: {"type": "timepicker", "selected_time": "16:30"},
        }
    }
    side.click(ids.PICK_SAVE, save["value"], state=picked)
    [saved] = open_promises(prometo)
    assert saved.task == "revisar el contrato"
    assert saved.due == datetime(2026, 11, 27, 15, 30, tzinfo=UTC)  # 16:30 in Madrid
    assert saved.due_has_time
    assert "viernes 27 de noviembre, 16:30" in text_of(side.last_response())


def test_a_vague_date_gets_pickers_too(side: SlackSide, prometo: Prometo) -> None:
    side.command("mandar el presupuesto pronto")
    assert open_promises(prometo) == []
    kinds = [
        e["type"]
        for b in side.last_response()["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert "datepicker" in kinds


def test_subcommands_work_as_in_the_console(side: SlackSide, prometo: Prometo) -> None:
    side.command("llamar al cliente el jueves")
    side.command("lista")
    assert "llamar al cliente" in text_of(side.last_response())
    side.command("hecho 1")
    [promise] = prometo.book.recently_kept(prometo.directory.person("slack", "T0001", ANA))
    assert promise.status is Status.DONE
    assert "Cumplida" in text_of(side.last_response())
    side.command("ayuda")
    assert "/prometo lista" in text_of(side.last_response())


def test_canal_sets_the_team_channel_from_a_slack_channel_reference(
    side: SlackSide, prometo: Prometo
) -> None:
    side.command("canal <#C0TEAM0001|equipo>")
    workspace = prometo.directory.workspace("slack", "T0001")
    assert workspace.team_channel == "C0TEAM0001"
    assert "<#C0TEAM0001|equipo>" in side.last_response()["text"]


def test_promise_answers_in_english(side: SlackSide, prometo: Prometo) -> None:
    side.command("call the client on Thursday at 10am", command="/promise", user=CARLA)
    [saved] = open_promises(prometo, CARLA)
    assert saved.lang == "en"
    shown = text_of(side.last_response())
    assert "Got it" in shown and "Thursday, November 26, 10:00" in shown.replace("\u202f", " ")
    side.command("list", command="/promise", user=CARLA)
    assert "Your open promises" in text_of(side.last_response())


def test_undo_takes_the_promise_back(side: SlackSide, prometo: Prometo) -> None:
    side.command("llamar al cliente el jueves")
    [saved] = open_promises(prometo)
    side.click(ids.UNDO, str(saved.id))
    assert open_promises(prometo) == []
    kinds = [e.kind for e in prometo.book.history(saved.id)]
    assert kinds == [EventKind.CREATED, EventKind.CANCELLED]
    reply = side.last_response()
    assert reply["replace_original"] is True and "Deshecho" in reply["text"]


def test_user_text_never_pings_and_never_smuggles_a_link(side: SlackSide, prometo: Prometo) -> None:
    side.command(
        "avisar a <!channel> y <!here|here> y @everyone &amp; <@U0BETO> en "
        "<https://evil.example/login|banco.cl> el jueves"
    )
    [saved] = open_promises(prometo)
    shown = text_of(side.last_response())
    for dangerous in ("<!channel>", "<!here", "<!everyone>", "<https://evil", "|banco.cl>"):
        assert dangerous not in shown
    assert "@\u200bchannel" in shown and "@\u200beveryone" in shown
    assert "<@U0BETO>" not in shown
    assert "&amp;" in shown and "banco.cl (https://evil.example/login)" in shown
    assert "<" not in saved.task  # stored as the person saw it, escaped only when posted
