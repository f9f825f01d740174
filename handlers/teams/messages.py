"""Text commands: in the personal chat, and by @mention in channels and group chats.

The same language as Slack's `/prometo`: 'prometo llamar al cliente el jueves' (or just the
promise), 'promise …' in English, 'lista', 'hecho 2', 'ayuda'. The bot's own @mention is
removed first; other people's mentions keep their names. Installing the app, or adding it to
a team, stores the conversation reference so chasing can reach people there. A channel message
that does not mention the bot is no command: it goes to promise spotting (handlers.teams.spotting).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from microsoft_teams.api.activities import (
    ConversationUpdateActivity,
    InstalledActivity,
    MessageActivity,
)
from microsoft_teams.api.activities.utils import StripMentionsTextOptions
from microsoft_teams.apps import ActivityContext, App

from bot.commands import MAX_PEOPLE, Reply
from bot.i18n import t
from bot.messages import Message
from bot.ports import DeliveryError
from handlers.teams import cards, spotting
from handlers.teams.formatter import TeamsFormatter, plain_text
from handlers.teams.listing import send_list, send_privately
from handlers.teams.messenger import activity_for
from handlers.teams.services import Services, Unidentified

log = logging.getLogger(__name__)

_PREFIX = re.compile(r"^\s*/?(prometo|promesa|promise)\b[\s:,]*", re.IGNORECASE)
_CHANNEL = re.compile(r"^\s*(canal|channel)\s*$", re.IGNORECASE)
_ASK_FOR_DATE = ("needs_date", "past")
# Teams tells no team owner from a member, so nobody turns suggestions off for a whole channel
_CHANNEL_SWITCH = frozenset({"spot_channel_where", "spot_channel_admin"})
_PRIVATE = frozenset({"stats"})  # answers only their asker may see, as Slack's are ephemeral


def command_text(text: str, default_lang: str) -> tuple[str, str]:
    """The command without its 'prometo'/'promise' word, and the language that word chose."""
    match = _PREFIX.match(text)
    if not match:
        return text.strip(), default_lang
    lang = "en" if match.group(1).lower() == "promise" else "es"
    return text[match.end() :].strip(), lang


def register(sdk: App, services: Services) -> None:
    app = services.app

    async def on_message(ctx: ActivityContext[MessageActivity]) -> None:
        activity = ctx.activity
        if getattr(activity.from_, "role", None) == "bot" or not (activity.text or "").strip():
            return  # card postbacks (Action.Submit) and other bots are not commands
        kind = getattr(activity.conversation, "conversation_type", None) or "personal"
        if kind != "personal" and not spotting.mentions_bot(activity):
            # what people say to each other in a channel (Teams sends it all, as the manifest
            # asks): a promise of theirs gets a private suggestion; never a command
            if kind == "channel":
                await spotting.on_channel_message(services, activity)
            return
        if activity.id and not await services.blocking(services.first_time, activity):
            log.info("Teams message %s already handled (sent again); ignored", activity.id)
            return
        # the bot's own @mention goes; other people's become references to them (or names)
        activity.strip_mentions_text(StripMentionsTextOptions(account_id=activity.recipient.id))
        try:
            actor = await services.person(activity)
        except Unidentified:
            return
        await services.name_people(activity, MAX_PEOPLE)
        activity.strip_mentions_text(StripMentionsTextOptions(tag_only=True))
        text, lang = command_text(plain_text(activity.text or ""), services.lang(actor))
        where = (activity.conversation.id, activity.service_url or services.messenger.service_url)
        try:
            fmt = await services.blocking(services.formatter, activity)
            if _CHANNEL.match(text) and fmt.here:
                text += " aquí" if lang == "es" else " here"
            reply = await services.blocking(app.commands.run, actor, text, lang, fmt)
            if reply.kind == "list":
                await send_list(services, actor, lang, where, activity)
                return
            if reply.kind in _PRIVATE:  # one's own figures: never in a channel
                content = cards.message_card(reply.message)
                await send_privately(services, actor, lang, where, activity, content)
                return
            content, summary = _answer(reply, text, lang, fmt), reply.message.plain()
        except Exception:  # the one place a command's failure lands: log it, tell the person
            log.exception("Teams command failed")
            content, summary = cards.note_card(t(lang, "teams_error")), None
        try:
            await services.sender.send(*where, activity_for(content, summary))
        except DeliveryError as err:  # what was saved stays saved; the answer could not go
            log.warning("could not answer in %s: %s", activity.conversation.id, err.code)

    async def on_installed(ctx: ActivityContext[InstalledActivity]) -> None:
        activity = ctx.activity
        try:
            person = await services.person(activity)
        except Unidentified:
            return
        if (activity.conversation.conversation_type or "personal") == "personal":
            welcome = cards.note_card(t(services.lang(person), "teams_welcome"))
            where = (activity.conversation.id, activity.service_url or "")
            await services.sender.send(*where, activity_for(welcome))

    async def on_conversation_update(ctx: ActivityContext[ConversationUpdateActivity]) -> None:
        activity = ctx.activity
        added = [m.id for m in activity.members_added or []]
        if activity.recipient.id in added:  # the bot joined a team or a chat
            try:
                await services.person(activity)
            except Unidentified:
                return

    sdk.on_message(on_message)
    sdk.on_install_add(on_installed)
    sdk.on_conversation_update(on_conversation_update)


def _answer(reply: Reply, text: str, lang: str, fmt: TeamsFormatter) -> Any:
    """The card that answers a command."""
    if reply.kind == "help":
        return cards.note_card(t(lang, "teams_help"))
    if reply.kind == "channel":
        return cards.note_card(t(lang, "teams_channel_here"))
    if reply.kind == "channel_needed":
        return cards.note_card(t(lang, "teams_channel_needed"))
    if reply.kind in _CHANNEL_SWITCH:
        return cards.note_card(t(lang, "teams_spot_channel_switch"))
    if reply.kind in _ASK_FOR_DATE and reply.draft is not None:
        task = reply.draft.task.strip() or text
        who, person_id = reply.draft.counterpart, reply.counterpart_id
        return cards.picker_card(reply.message, task, lang, who, person_id)
    message: Message = reply.message
    return cards.message_card(message)
