"""Modal submissions: a promise saved from the message shortcut, and a new date for one."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond

from bot import messages as msg
from bot.i18n import t
from bot.messages import Message, PlainFormatter
from bot.model import Person
from bot.ports import DeliveryError
from bot.promises import BookError, Change
from handlers.slack import ids
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
    app = services.app

    def on_capture(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        meta = json_object(view.get("private_metadata"))
        lang = "en" if meta.get("l") == "en" else "es"
        form = _form(view)
        team = team_of(body)
        recorder = services.person(team, user_of(body))
        owner = services.person(team, form["owner"] or recorder.external_id)
        task = (form["task"] or "").strip()
        try:
            due, has_time = picked_deadline(form["date"], form["time"], owner)
        except ValueError:
            ack(response_action="errors", errors={ids.DATE_BLOCK: t(lang, "slack_need_date")})
            return
        problem = app.book.problem(task, due)  # checked before ack: a modal shows field errors
        if problem is not None:
            ack(response_action="errors", errors=_field_error(problem, lang, recorder, app))
            return
        ack()
        link = _permalink(services, meta)
        counterpart = app.commands.parse(owner, task, lang).counterpart  # "llamar a Juan"
        try:
            change = app.book.make(
                recorder,
                owner=owner,
                task=task,
                text=str(meta.get("t") or task),
                due=due,
                due_has_time=has_time,
                lang=lang,
                counterpart=counterpart,
                source_link=link,
            )
        except BookError as err:
            services.messenger.send_dm(
                recorder, app.commands.explain(err, lang, services.fmt, recorder).message
            )
            return
        _tell_owner(services, change, lang)

    def on_reschedule(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        meta = json_object(view.get("private_metadata"))
        lang = "en" if meta.get("l") == "en" else "es"
        form = _form(view)
        actor = services.person(team_of(body), user_of(body))
        try:
            due, has_time = picked_deadline(form["date"], form["time"], actor)
        except ValueError:
            ack(response_action="errors", errors={ids.DATE_BLOCK: t(lang, "slack_need_date")})
            return
        reason = (form["reason"] or "").strip()
        if not reason:  # Slack requires the field; an empty or tampered submission still asks
            ack(response_action="errors", errors={ids.REASON_BLOCK: t(lang, "slack_need_reason")})
            return
        promise_id = meta.get("p")
        try:
            if not isinstance(promise_id, int):
                raise BookError("not_found_id")
            change = app.book.reschedule(actor, promise_id, due, has_time, reason)
        except BookError as err:
            # Plain text: modal errors are not mrkdwn.
            refusal = app.commands.explain(err, lang, PlainFormatter(), actor).message.text
            ack(response_action="errors", errors={ids.DATE_BLOCK: refusal[:150]})
            return
        ack()
        message = app.commands.moved_message(change, actor, lang, services.fmt)
        response_url = meta.get("r")
        if isinstance(response_url, str) and response_url:
            Respond(response_url=response_url)(**response_text(message), replace_original=True)

    bolt.view(ids.VIEW_CAPTURE)(on_capture)
    bolt.view(ids.VIEW_RESCHEDULE)(on_reschedule)


def _field_error(problem: BookError, lang: str, reader: Person, app: Any) -> dict[str, str]:
    """The capture modal's field that is wrong, with a short plain-text reason."""
    if problem.key == "no_task":
        return {ids.TASK_BLOCK: t(lang, "slack_need_task")}
    if problem.key == "past":
        return {ids.DATE_BLOCK: t(lang, "slack_past")}
    text = app.commands.explain(problem, lang, PlainFormatter(), reader).message.text
    return {ids.TASK_BLOCK: text[:150]}


def _tell_owner(services: Services, change: Change, lang: str) -> None:
    """DM the owner about the promise (and record the DM, so a ✅ on it completes it)."""
    app, fmt = services.app, services.fmt
    promise, owner, recorder = change.promise, change.owner, change.recorder
    owner_lang = services.lang(owner) if owner.profile_known else lang
    values = {
        "task": msg.task_text(promise, fmt),
        "when": msg.deadline(promise, owner, owner_lang, app.clock.now()),
    }
    if owner.id == recorder.id:
        text = t(owner_lang, msg.promised("slack_captured_self", promise, owner_lang), **values)
    else:
        text = t(owner_lang, "slack_captured_dm", recorder=fmt.person(recorder), **values)
    details: tuple[str, ...] = ()
    if promise.source_link:
        link = fmt.link(promise.source_link, t(owner_lang, "slack_home_source"))
        details = (t(owner_lang, "slack_source", link=link),)
    dm = Message(
        text=text,
        details=details,
        note=t(owner_lang, "slack_react_hint", number=promise.number),
        buttons=msg.promise_buttons(promise, owner_lang),
        promise_id=promise.id,
    )
    try:
        ref = services.messenger.send_dm(owner, dm)
    except DeliveryError as err:
        log.warning("could not DM %s about promise %s: %s", owner.external_id, promise.id, err.code)
        _tell_recorder(services, change, lang, err.code)
        return
    services.record_dm(promise, "captured", ref)
    if owner.id != recorder.id:
        _tell_recorder(services, change, lang, None)


def _tell_recorder(services: Services, change: Change, lang: str, failure: str | None) -> None:
    """Confirm to the person who recorded someone else's promise (and say if the DM failed)."""
    message = services.app.commands.saved_message(change, change.recorder, lang, services.fmt)
    if failure is not None:
        note = t(lang, "slack_dm_failed", owner=services.fmt.person(change.owner), code=failure)
        message = Message(
            text=message.text, details=(*message.details, note), promise_id=message.promise_id
        )
    try:
        ref = services.messenger.send_dm(change.recorder, message)
    except DeliveryError as err:
        log.warning("could not DM recorder %s: %s", change.recorder.external_id, err.code)
        return
    services.record_dm(change.promise, "recorded", ref)


def _permalink(services: Services, meta: dict[str, Any]) -> str | None:
    channel, ts = meta.get("c"), meta.get("ts")
    if not channel or not ts:
        return None
    return services.permalink(str(channel), str(ts))


def _form(view: dict[str, Any]) -> dict[str, str | None]:
    values = (view.get("state") or {}).get("values") or {}

    def field(block: str, action: str, key: str) -> str | None:
        value = (values.get(block) or {}).get(action) or {}
        found = value.get(key)
        return str(found) if found else None

    return {
        "task": field(ids.TASK_BLOCK, ids.TASK_INPUT, "value"),
        "owner": field(ids.OWNER_BLOCK, ids.OWNER_INPUT, "selected_user"),
        "date": field(ids.DATE_BLOCK, ids.DATE_INPUT, "selected_date"),
        "time": field(ids.TIME_BLOCK, ids.TIME_INPUT, "selected_time"),
        "reason": field(ids.REASON_BLOCK, ids.REASON_INPUT, "value"),
    }
