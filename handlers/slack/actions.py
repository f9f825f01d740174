"""Buttons: every action of the core's messages (Cumplida, Nueva fecha, ¿Llegas?, check-ins,
follow-ups, telling the counterpart, concrete dates…), and the date pickers.

A button's value is only a claim: the core decides whether the clicking person may change the
promise (owner or recorder), so a tampered value gets a refusal and changes nothing.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, Respond

from bot import messages as msg
from bot.i18n import t
from bot.messages import Message
from bot.model import Person
from bot.promises import BookError
from handlers.slack import ids
from handlers.slack.blocks import history_modal, reschedule_modal
from handlers.slack.services import (
    Services,
    json_object,
    picked_deadline,
    response_text,
    team_of,
    user_of,
)

log = logging.getLogger(__name__)


def register(bolt: App, services: Services) -> None:
    commands, fmt = services.app.commands, services.fmt

    def on_promise_button(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond | None
    ) -> None:
        ack()
        respond = respond if body.get("response_url") else None  # none in the home tab
        actor = services.person(team_of(body), user_of(body))
        lang = services.lang(actor)
        name = msg.base_action(action["action_id"])
        value = str(action.get("value") or "")
        if name == ids.RESCHEDULE:
            try:
                _open_reschedule(services, body, actor, _promise_id(value), lang)
            except BookError as err:
                reply = commands.explain(err, lang, fmt, actor)
                _tell_privately(services, respond, actor, reply.message)
            return
        # The book tells app.listeners about the change (App Home refresh, DM updates).
        reply = commands.press(actor, name, value, lang, fmt)
        if not reply.ok:
            _tell_privately(services, respond, actor, reply.message)
            return
        if reply.ask_date and reply.change is not None:  # "No llego": renegotiate right now
            _open_reschedule(services, body, actor, reply.change.promise.id, lang)
        if name == ids.HISTORY and respond is None:  # from the home tab: in a modal
            services.client.views_open(
                trigger_id=body["trigger_id"], view=history_modal(reply.message, lang)
            )
        elif name in _NOTES:  # a short note; the message and its buttons stay
            _tell_privately(services, respond, actor, replace(reply.message, buttons=()))
        elif respond is not None and _in_message(body):
            respond(**response_text(reply.message), replace_original=True)

    for name in ids.PROMISE_ACTIONS:
        bolt.action(name)(on_promise_button)
    for name in ids.CHOICE_ACTIONS:  # several in one message: "promise_tighten.1", ".2"…
        bolt.action(re.compile(re.escape(name) + r"(?:\.\d+)?"))(on_promise_button)

    def on_picker(ack: Ack) -> None:
        ack()  # a date or time was chosen; it is read when the person presses Save

    bolt.action(ids.PICK_DATE)(on_picker)
    bolt.action(ids.PICK_TIME)(on_picker)

    def on_pick_save(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond | None
    ) -> None:
        ack()
        respond = respond if body.get("response_url") else None  # pickers live in ephemerals
        actor = services.person(team_of(body), user_of(body))
        draft = json_object(action.get("value"))
        lang = "en" if draft.get("lang") == "en" else "es"
        picked = _picked(body)
        try:
            due, has_time = picked_deadline(picked.get("date"), picked.get("time"), actor)
        except ValueError:
            _tell_privately(services, respond, actor, Message(t(lang, "slack_need_date")))
            return
        value = json.dumps({**draft, "due": due.isoformat(), "h": has_time}, ensure_ascii=False)
        reply = commands.press(actor, msg.ACTION_CAPTURE_AT, value, lang, fmt)
        if not reply.ok or respond is None:
            _tell_privately(services, respond, actor, reply.message)
            return
        respond(**response_text(reply.message), replace_original=True)  # the pickers give way

    bolt.action(ids.PICK_SAVE)(on_pick_save)


def _open_reschedule(
    services: Services, body: dict[str, Any], actor: Person, promise_id: int, lang: str
) -> None:
    promise = services.app.book.get(actor, promise_id)
    summary = msg.task_text(promise, services.fmt) + " · " + msg.deadline(promise, actor, lang)
    meta = {
        "p": promise_id,
        "l": lang,
        "r": body.get("response_url") if _in_message(body) else None,
    }
    local = promise.due.astimezone(ZoneInfo(actor.timezone))
    clock = f"{local:%H:%M}" if promise.due_has_time else None
    view = reschedule_modal(lang, summary, local.date(), clock, json.dumps(meta))
    services.client.views_open(trigger_id=body["trigger_id"], view=view)


# buttons answered with a short private note, leaving their message as it was
_NOTES = frozenset({ids.CHECK_IN, ids.NOT_YET, ids.HISTORY})


def _tell_privately(
    services: Services, respond: Respond | None, actor: Person, message: Message
) -> None:
    """Tell only the clicking person (why nothing changed, or a short note)."""
    if respond is not None:
        respond(**response_text(message), response_type="ephemeral", replace_original=False)
    else:
        services.messenger.send_dm(actor, message)


def _in_message(body: dict[str, Any]) -> bool:
    container = body.get("container") or {}
    return container.get("type") == "message" or "message" in body


def _promise_id(value: object) -> int:  # only "Nueva fecha" reads its value here
    text = str(value or "")
    if not text.isdigit() or len(text) > 12:
        raise BookError("not_found_id")
    return int(text)


def _picked(body: dict[str, Any]) -> dict[str, str | None]:
    values = ((body.get("state") or {}).get("values") or {}).get(ids.PICK_BLOCK) or {}
    return {
        "date": (values.get(ids.PICK_DATE) or {}).get("selected_date"),
        "time": (values.get(ids.PICK_TIME) or {}).get("selected_time"),
    }
