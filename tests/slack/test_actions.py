"""Buttons and the new-date modal (tampered ones: tests/reliability/test_authorization.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from app import Prometo
from bot.model import EventKind, Status
from handlers.slack import ids
from tests.slack.conftest import ANA, BETO, SlackSide, text_of


def ana_promise(side: SlackSide, prometo: Prometo, text: str = "llamar al cliente el jueves"):
    side.command(text)
    ana = prometo.directory.person("slack", "T0001", ANA)
    return prometo.book.open_for(ana)[-1]


def test_cumplida_in_a_message_replaces_it_and_refreshes_the_home_tab(
    side: SlackSide, prometo: Prometo
) -> None:
    promise = ana_promise(side, prometo)
    side.slack.reset()
    side.click(ids.DONE, str(promise.id), where="message")
    assert prometo.store.get_promise(promise.id).status is Status.DONE  # type: ignore[union-attr]
    reply = side.last_response()
    assert reply["replace_original"] is True and "Cumplida" in reply["text"]
    [home] = side.slack.calls_to("views.publish")
    assert home.args["user_id"] == ANA
    assert "Cumplidas hace poco" in text_of(home.args["view"])


def test_buttons_in_the_home_tab_refuse_by_dm(side: SlackSide, prometo: Prometo) -> None:
    promise = ana_promise(side, prometo)
    side.slack.reset()
    side.click(ids.CANCEL, str(promise.id), user=BETO, where="home")
    [dm] = side.slack.calls_to("chat.postMessage")
    assert dm.args["channel"] == "D" + BETO and "Solo" in dm.args["text"]
    assert prometo.store.get_promise(promise.id).status is Status.OPEN  # type: ignore[union-attr]
    side.click(ids.CANCEL, str(promise.id), where="home")
    assert prometo.store.get_promise(promise.id).status is Status.CANCELLED  # type: ignore[union-attr]


def test_nueva_fecha_opens_a_modal_and_its_submission_moves_the_deadline(
    side: SlackSide, prometo: Prometo
) -> None:
    promise = ana_promise(side, prometo, "llamar al cliente el jueves a las 10")
    side.click(ids.RESCHEDULE, str(promise.id))
    [opened] = side.slack.calls_to("views.open")
    view = opened.args["view"]
    assert view["callback_id"] == ids.VIEW_RESCHEDULE
    date_block = next(b for b in view["blocks"] if b.get("block_id") == ids.DATE_BLOCK)
    assert date_block["element"]["initial_date"] == "2026-11-26"
    values = {
        ids.DATE_BLOCK: {ids.DATE_INPUT: {"type": "datepicker", "selected_date": "2026-11-30"}},
        ids.TIME_BLOCK: {ids.TIME_INPUT: {"type": "timepicker", "selected_time": "12:00"}},
        ids.REASON_BLOCK: {ids.REASON_INPUT: {"type": "plain_text_input", "value": "espero"}},
    }
    answer = side.submit(ids.VIEW_RESCHEDULE, values, view["private_metadata"])
    assert answer.status == 200 and answer.body == ""
    moved = prometo.store.get_promise(promise.id)
    assert moved is not None and moved.due == datetime(2026, 11, 30, 11, 0, tzinfo=UTC)
    event = prometo.book.history(promise.id)[-1]
    assert (event.kind, event.reason) == (EventKind.RESCHEDULED, "espero")
    assert "lunes 30 de noviembre, 12:00" in text_of(side.last_response())


def test_a_check_in_button_records_a_check_in(side: SlackSide, prometo: Prometo) -> None:
    promise = ana_promise(side, prometo)
    side.click(ids.CHECK_IN, str(promise.id), where="message")
    assert prometo.book.history(promise.id)[-1].kind is EventKind.CHECKED_IN
    reply = side.last_response()
    assert reply["replace_original"] is False and "sigues en ello" in reply["text"]
