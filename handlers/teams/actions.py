"""Card buttons (Action.Execute): every core action, the new-date form, the list's refresh.

A button's data carries the core's action id and value; the value is only a claim, and the
core decides whether the clicking person may change the promise. The answer replaces the card
in place: the promise as it is now, or the list with a note. Refusals and short notes come
back as a message, leaving the card as it was.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from microsoft_teams.api.activities import AdaptiveCardInvokeActivity
from microsoft_teams.api.models import (
    AdaptiveCardActionCardResponse,
    AdaptiveCardActionMessageResponse,
)
from microsoft_teams.apps import ActivityContext, App

from bot import messages as msg
from bot.i18n import t
from bot.model import Person
from bot.promises import BookError
from handlers.teams import cards, ids
from handlers.teams.formatter import TeamsFormatter, plain
from handlers.teams.listing import answering, list_card_for
from handlers.teams.services import Services, Unidentified

log = logging.getLogger(__name__)

Answer = AdaptiveCardActionCardResponse | AdaptiveCardActionMessageResponse


def register(sdk: App, services: Services) -> None:
    async def on_execute(ctx: ActivityContext[AdaptiveCardInvokeActivity]) -> Answer:
        activity = ctx.activity
        data = dict(activity.value.action.data or {})
        try:
            actor = await services.person(activity)
        except Unidentified:
            return AdaptiveCardActionMessageResponse(value=t("es", "teams_who"))
        lang = services.lang(actor)
        try:
            return await services.blocking(act, services, actor, lang, data, activity)
        except Exception:
            log.exception("Teams card action %s failed", data.get("action"))
            return AdaptiveCardActionMessageResponse(value=t(lang, "teams_error"))

    sdk.on_card_action_execute(on_execute)


def act(
    services: Services, actor: Person, lang: str, data: dict[str, Any], activity: Any
) -> Answer:
    """Carry out one button (blocking: the core and the database)."""
    token = answering.set(activity.reply_to_id)
    try:
        return _act(services, actor, lang, data, activity)
    finally:
        answering.reset(token)


def _act(
    services: Services, actor: Person, lang: str, data: dict[str, Any], activity: Any
) -> Answer:
    app, fmt = services.app, TeamsFormatter()
    name = str(data.get("action") or "")
    origin = data.get("from") if data.get("from") == ids.FROM_LIST else None
    if name == ids.LIST:  # refreshed, or a counterpart picked in its menu
        chosen = data.get(ids.FIELD_COUNTERPART)
        chosen = str(chosen)[:200] if chosen else None
        return _card(list_card_for(services, actor, lang, chosen=chosen))
    if name == ids.CAPTURE_SAVE:
        return _capture(services, actor, data)
    if name in (ids.RESCHEDULE, ids.RESCHEDULE_SAVE, ids.BACK):
        try:
            promise_id = _promise_id(data.get("value"))
            if name == ids.RESCHEDULE:
                return _card(_reschedule_form(services, actor, lang, promise_id, origin))
            if name == ids.RESCHEDULE_SAVE:
                return _reschedule(services, actor, lang, promise_id, data, origin)
            return _settled(services, actor, lang, promise_id, origin, None)
        except BookError as err:
            return _note(app.commands.explain(err, lang, fmt, actor).message.text)
    base = msg.base_action(name)
    try:
        # every other button is the core's: its value is a promise id, a suggestion or a date
        reply = app.commands.press(actor, name, str(data.get("value") or ""), lang, fmt)
    except ValueError:
        log.warning("a Teams card sent an action the core does not know: %r", name)
        return _note(t(lang, "teams_unknown_button"))
    if not reply.ok:
        return _note(reply.message.text)
    if reply.ask_date and reply.change is not None:  # "No llego": renegotiate right now
        promise_id = reply.change.promise.id
        return _card(
            _reschedule_form(services, actor, lang, promise_id, origin, intro=reply.message.text)
        )
    if origin == ids.FROM_LIST:
        return _card(list_card_for(services, actor, lang, note=reply.message.text))
    if base in _NOTES:  # a short note; the reminder or check-in and its buttons stay
        return _note(reply.message.text)
    return _card(cards.message_card(reply.message))


# buttons answered with a short note, leaving their card as it was (as in Slack)
_NOTES = frozenset({msg.ACTION_CHECK_IN, msg.ACTION_NOT_YET})


def _settled(
    services: Services,
    actor: Person,
    lang: str,
    promise_id: int,
    origin: str | None,
    note: str | None,
) -> Answer:
    """The card after leaving the new-date form: the list, or the promise as it is now."""
    if origin == ids.FROM_LIST:
        return _card(list_card_for(services, actor, lang, note=note))
    promise = services.app.book.get(actor, promise_id)
    fmt = TeamsFormatter()
    text = msg.task_text(promise, fmt) + " · " + msg.deadline(promise, actor, lang)
    message = msg.Message(
        text=note or text,
        promise_id=promise.id,
        buttons=msg.promise_buttons(promise, lang),
    )
    return _card(cards.message_card(message))


def _reschedule_form(
    services: Services,
    actor: Person,
    lang: str,
    promise_id: int,
    origin: str | None,
    error: str | None = None,
    *,
    intro: str | None = None,
    day: date | None = None,
    clock: str | None = None,
) -> Any:
    """The new-date form of a promise: its date and time (or those just typed) and a reason."""
    promise = services.app.book.get(actor, promise_id)
    local = promise.due.astimezone(ZoneInfo(actor.timezone))
    if day is None:
        day = local.date()
        clock = f"{local:%H:%M}" if promise.due_has_time else None
    return cards.reschedule_card(
        promise, actor, lang, TeamsFormatter(), day, clock, origin, error, intro=intro
    )


def _reschedule(
    services: Services,
    actor: Person,
    lang: str,
    promise_id: int,
    data: dict[str, Any],
    origin: str | None,
) -> Answer:
    app, fmt = services.app, TeamsFormatter()
    try:
        due, has_time = picked(data, actor)
    except ValueError:
        form = _reschedule_form(
            services, actor, lang, promise_id, origin, t(lang, "teams_bad_date")
        )
        return _card(form)
    reason = str(data.get(ids.FIELD_REASON) or "").strip() or None
    try:
        change = app.book.reschedule(actor, promise_id, due, has_time, reason)
    except BookError as err:
        if err.key == "reason_needed":  # the form again, with what was picked and why
            refusal = t(lang, "teams_reason_needed")
        else:
            refusal = app.commands.explain(err, lang, fmt, actor).message.text
        if err.key in ("reschedule_past", "past", "reason_needed"):
            local = due.astimezone(ZoneInfo(actor.timezone))
            form = _reschedule_form(
                services,
                actor,
                lang,
                promise_id,
                origin,
                refusal,
                day=local.date(),
                clock=f"{local:%H:%M}" if has_time else None,
            )
            return _card(form)
        return _note(refusal)
    message = app.commands.moved_message(change, actor, lang, fmt)
    if origin == ids.FROM_LIST:
        return _card(list_card_for(services, actor, lang, note=message.text))
    return _card(cards.message_card(message))


def _capture(services: Services, actor: Person, data: dict[str, Any]) -> Answer:
    """The date picked under a promise that had none: record it, as a concrete-date button
    would (the core's Commands.press), whom it was promised to included."""
    lang = "en" if data.get("lang") == "en" else "es"
    try:
        due, has_time = picked(data, actor)
    except ValueError:
        return _note(t(lang, "teams_need_date"))
    draft = {
        "task": str(data.get("task") or "").strip(),
        "lang": lang,
        "due": due.isoformat(),
        "h": has_time,
        "who": data.get("who") if isinstance(data.get("who"), str) else None,
        "pid": data.get("pid") if isinstance(data.get("pid"), int) else None,
    }
    value = json.dumps(draft, ensure_ascii=False)
    reply = services.app.commands.press(actor, msg.ACTION_CAPTURE_AT, value, lang, TeamsFormatter())
    if not reply.ok:
        return _note(reply.message.text)
    return _card(cards.message_card(reply.message))


def picked(data: dict[str, Any], person: Person) -> tuple[datetime, bool]:
    """A form's 'YYYY-MM-DD' date and optional 'HH:MM' time as a deadline in the person's zone.

    With no time, the deadline is the end of the person's working day. Raises ValueError.
    """
    day = str(data.get(ids.FIELD_DATE) or "").strip()
    clock = str(data.get(ids.FIELD_TIME) or "").strip()
    if not day:
        raise ValueError("no date")
    at = time.fromisoformat(clock[:5]) if clock else person.work_hours.end
    local_day = date.fromisoformat(day[:10])
    return datetime.combine(local_day, at, tzinfo=ZoneInfo(person.timezone)), bool(clock)


def _promise_id(value: object) -> int:
    text = str(value or "")
    if not text.isdigit() or len(text) > 12:
        raise BookError("not_found_id")
    return int(text)


def _card(card: Any) -> AdaptiveCardActionCardResponse:
    return AdaptiveCardActionCardResponse(value=card)


def _note(text: str) -> AdaptiveCardActionMessageResponse:
    """A short answer Teams shows as it is (no Markdown): the text as a person reads it."""
    return AdaptiveCardActionMessageResponse(value=plain(cards.teams_text(text))[:500])


__all__ = ["picked", "register"]
