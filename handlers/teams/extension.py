"""The message action "Guardar como promesa": a form prefilled from any message.

'…' > 'More actions' on a message opens the form (composeExtension/fetchTask): the task read
from the message, who promised it (its author, or me) and the date and time the text names,
in the owner's timezone. Submitting (composeExtension/submitAction) records the promise and
closes the form at once; the owner's DM (its 1:1 chat opened when needed) and the recorder's
confirmation go out in the background, so Teams gets its answer well within 5 seconds.
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from microsoft_teams.api.activities.invoke.message_extension import (
    MessageExtensionFetchTaskInvokeActivity,
    MessageExtensionSubmitActionInvokeActivity,
)
from microsoft_teams.api.models import (
    AdaptiveCardAttachment,
    CardTaskModuleTaskInfo,
    MessagingExtensionActionResponse,
    TaskModuleContinueResponse,
    TaskModuleMessageResponse,
    card_attachment,
)
from microsoft_teams.apps import ActivityContext, App

from bot import messages as msg
from bot.commands import clean
from bot.i18n import t
from bot.messages import Message
from bot.model import Person
from bot.ports import DeliveryError
from bot.promises import BookError, Change
from handlers.teams import cards, ids
from handlers.teams.actions import picked
from handlers.teams.formatter import TeamsFormatter, plain_text
from handlers.teams.services import Services, Unidentified, tenant_of

log = logging.getLogger(__name__)

_KEEP = ("lang", "link", "text", "author", "author_name")


def register(sdk: App, services: Services) -> None:
    app = services.app

    async def on_open(ctx: ActivityContext[MessageExtensionFetchTaskInvokeActivity]) -> Any:
        activity = ctx.activity
        try:
            recorder = await services.person(activity)
        except Unidentified:
            return _message(t("es", "teams_who"))
        lang = services.lang(recorder)
        payload = activity.value.message_payload
        body = payload.body if payload else None
        text = clean(plain_text((body.content if body else None) or ""))[:4000]
        author = payload.from_.user if payload and payload.from_ else None
        data = {
            "lang": lang,
            "link": payload.link_to_message if payload else None,
            "text": text[:2000],
        }
        owner = recorder
        if author is not None and author.id:
            data.update(author=author.id[:64], author_name=(author.display_name or "")[:100])
            owner = await services.blocking(
                lambda: app.directory.person(
                    ids.PLATFORM, tenant_of(activity), author.id[:64], name=author.display_name
                )
            )
        parsed = await services.blocking(app.commands.parse, owner, text, lang)
        day, clock = None, None
        if parsed.due is not None and not parsed.past:
            local = parsed.due.astimezone(ZoneInfo(owner.timezone))
            day, clock = local.date(), (f"{local:%H:%M}" if parsed.due_has_time else None)
        named = (author.id, author.display_name or "") if author and author.id else None
        form = cards.capture_form(lang, parsed.task.strip() or text, named, day, clock, data)
        return _form(lang, form)

    async def on_submit(ctx: ActivityContext[MessageExtensionSubmitActionInvokeActivity]) -> Any:
        activity = ctx.activity
        form = activity.value.data if isinstance(activity.value.data, dict) else {}
        if activity.id and not await services.blocking(services.first_time, activity):
            return MessagingExtensionActionResponse()  # a retry of a submit already saved
        try:
            recorder = await services.person(activity)
        except Unidentified:
            return _message(t("es", "teams_who"))
        lang = "en" if form.get("lang") == "en" else "es"
        try:
            change = await services.blocking(_record, services, recorder, form, activity)
        except _Retry as retry:
            author = (
                (str(form["author"]), str(form.get("author_name") or ""))
                if form.get("author")
                else None
            )
            data = {key: form.get(key) for key in _KEEP}
            again = cards.capture_form(
                lang, retry.task, author, None, None, data, error=retry.reason
            )
            return _form(lang, again)
        services.runtime.spawn(_tell(services, change, lang, activity), "message action DMs")
        return MessagingExtensionActionResponse()  # no task: the form closes

    sdk.on_message_ext_open(on_open)
    sdk.on_message_ext_submit(on_submit)


class _Retry(Exception):
    """The form must be shown again, with `reason` above it."""

    def __init__(self, reason: str, task: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.task = task


def _record(services: Services, recorder: Person, form: dict[str, Any], activity: Any) -> Change:
    app = services.app
    lang = "en" if form.get("lang") == "en" else "es"
    task = clean(str(form.get(ids.FIELD_TASK) or ""))
    owner = recorder
    if form.get(ids.FIELD_OWNER) == ids.OWNER_AUTHOR and form.get("author"):
        name = str(form.get("author_name") or "") or None
        owner = app.directory.person(
            ids.PLATFORM, tenant_of(activity), str(form["author"])[:64], name=name
        )
    try:
        due, has_time = picked(form, owner)
    except ValueError:
        raise _Retry(t(lang, "teams_need_date"), task) from None
    problem = app.book.problem(task, due)
    if problem is not None:
        if problem.key == "no_task":
            raise _Retry(t(lang, "teams_need_task"), task)
        text = app.commands.explain(problem, lang, TeamsFormatter(), recorder).message.text
        raise _Retry(text, task)
    link = form.get("link")
    try:
        return app.book.make(
            recorder,
            owner=owner,
            task=task,
            text=str(form.get("text") or task),
            due=due,
            due_has_time=has_time,
            lang=lang,
            source_link=str(link)
            if isinstance(link, str) and link.startswith("https://")
            else None,
        )
    except BookError as err:
        text = app.commands.explain(err, lang, TeamsFormatter(), recorder).message.text
        raise _Retry(text, task) from err


async def _tell(services: Services, change: Change, lang: str, activity: Any) -> None:
    """DM the owner about the promise (recorded, so a reaction on it keeps it) and confirm."""
    promise, owner, recorder = change.promise, change.owner, change.recorder
    fmt = TeamsFormatter()
    failure = None
    owner_lang = services.lang(owner) if owner.profile_known else lang
    dm = _owner_dm(services, change, owner_lang, fmt)
    try:
        await _reachable(services, owner, activity)
        ref = await services.messenger.send_dm_async(owner, dm)
    except DeliveryError as err:
        log.warning("could not DM %s about promise %s: %s", owner.external_id, promise.id, err.code)
        failure = err.code
    else:
        await services.blocking(_record_dm, services, change, "captured", ref)
    if owner.id == recorder.id and failure is None:
        return
    values = {
        "task": msg.task_text(promise, fmt),
        "when": msg.deadline(promise, recorder, lang),
        "owner": fmt.person(owner),
    }
    if failure is None:
        note = Message(text=t(lang, "teams_saved_for_you", **values), promise_id=promise.id)
    else:
        saved = services.app.commands.saved_message(change, recorder, lang, fmt)
        problem = t(lang, "teams_dm_failed", owner=fmt.person(owner), code=failure)
        note = Message(text=saved.text, details=(*saved.details, problem), promise_id=promise.id)
    try:
        await services.messenger.send_dm_async(recorder, note)
    except DeliveryError as err:
        log.warning("could not confirm to recorder %s: %s", recorder.external_id, err.code)


async def _reachable(services: Services, owner: Person, activity: Any) -> None:
    """Make sure we know the owner's Teams id, asking the conversation's roster if needed."""
    row = await services.blocking(services.conversations.personal, owner.id)
    if row is not None and (row.conversation_id or row.user_id):
        return
    service_url = activity.service_url or services.messenger.service_url
    user_id = await services.sender.member_id(
        activity.conversation.id, owner.external_id, service_url
    )
    await services.blocking(
        lambda: services.conversations.remember_personal(
            workspace_id=owner.workspace_id,
            person_id=owner.id,
            service_url=service_url,
            tenant_id=tenant_of(activity),
            user_id=user_id,
            now=services.app.clock.now(),
        )
    )


def _owner_dm(services: Services, change: Change, lang: str, fmt: TeamsFormatter) -> Message:
    promise, owner, recorder = change.promise, change.owner, change.recorder
    values = {
        "task": msg.task_text(promise, fmt),
        "when": msg.deadline(promise, owner, lang, services.app.clock.now()),
    }
    if owner.id == recorder.id:
        text = t(lang, msg.promised("slack_captured_self", promise, lang), **values)
    else:
        text = t(lang, "teams_captured_dm", recorder=fmt.person(recorder), **values)
    details: tuple[str, ...] = ()
    if promise.source_link:
        link = fmt.link(promise.source_link, t(lang, "teams_source"))
        details = (t(lang, "teams_from_message", link=link),)
    return Message(
        text=text,
        details=details,
        note=t(lang, "teams_react_hint", number=promise.number),
        buttons=msg.promise_buttons(promise, lang),
        promise_id=promise.id,
    )


def _record_dm(services: Services, change: Change, kind: str, ref: str) -> None:
    key, _, activity_id = ref.partition(":")
    promise = change.promise
    services.app.store.record_delivery(
        f"p{promise.id}:{kind}:{ref}"[:200],
        workspace_id=promise.workspace_id,
        promise_id=promise.id,
        kind=kind,
        channel=key,
        message_ref=activity_id,
        now=services.app.clock.now(),
    )


def _form(lang: str, form: Any) -> MessagingExtensionActionResponse:
    info = CardTaskModuleTaskInfo(
        title=t(lang, "teams_form_capture"),
        card=card_attachment(AdaptiveCardAttachment(content=form)),
    )
    return MessagingExtensionActionResponse(task=TaskModuleContinueResponse(value=info))


def _message(text: str) -> MessagingExtensionActionResponse:
    return MessagingExtensionActionResponse(task=TaskModuleMessageResponse(value=text))
