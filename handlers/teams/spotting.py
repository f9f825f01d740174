"""Promise spotting in Teams: channel messages that read as a promise get a private suggestion.

With the resource-specific consent ChannelMessage.Read.Group (the app manifest asks for it),
Teams sends the bot every message of the channels of a team it is installed in, without an
@mention. `handlers.teams.messages` hands here the ones that do not mention the bot (those
are commands); the core (bot.suggestions) decides which read as a promise of their author.
Teams has no ephemeral messages, so the suggestion goes to its author alone as a proactive
1:1 card with Guardar, No and "No me sugieras más", and says where it was written, with a
link to the message. The buttons are ordinary core actions (handlers.teams.actions): only
the author may answer, Guardar records the promise with that link and replaces the card.

Group chats are not read (the manifest does not ask for ChatMessage.Read.Chat), as Slack
reads no group DM: a chat among a few people is closer to a conversation than to a channel.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlencode

from microsoft_teams.apps import App

from bot.i18n import t
from bot.messages import Message
from bot.model import Person
from bot.ports import DeliveryError
from bot.suggestions import Offered
from handlers.teams import ids
from handlers.teams.formatter import TeamsFormatter, plain_text
from handlers.teams.services import Services, Unidentified, channel_of

log = logging.getLogger(__name__)

LINK_BASE = "https://teams.microsoft.com/l/message/"
# a team channel's id ('19:…@thread.tacv2'), and a message's ('1700000100001')
_CHANNEL_ID = re.compile(r"19:[\w.@-]{1,61}")
_MESSAGE_ID = re.compile(r"[\w-]{1,30}")
_MENTION = re.compile(r"<at[^<>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
# what is not the author's own words: a quoted reply, code blocks and inline code
_QUOTE = re.compile(r"<blockquote\b.*?</blockquote\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_CODE = re.compile(r"<pre\b.*?</pre\s*>", re.IGNORECASE | re.DOTALL)
_INLINE_CODE = re.compile(r"<code\b[^>]*>(.*?)</code\s*>", re.IGNORECASE | re.DOTALL)
MAX_HTML = 20_000  # a message body longer than this is no quick promise (the core says 1000)


@dataclass(frozen=True, slots=True)
class Said:
    """A person's message in a team channel, as plain values.

    `ref` is the message id, or 'root/message' for a reply in a thread: all a link needs.
    """

    channel: str
    ref: str
    text: str


def mentions_bot(activity: Any) -> bool:
    """Whether the message @mentions the bot (then it is a command, not chatter)."""
    bot = getattr(getattr(activity, "recipient", None), "id", None)
    for entity in getattr(activity, "entities", None) or []:
        if getattr(entity, "type", None) != "mention":
            continue
        if bot and getattr(getattr(entity, "mentioned", None), "id", None) == bot:
            return True
    return False


def said(activity: Any) -> Said | None:
    """The message a person wrote in a team channel; None for bots, commands, chats, junk."""
    conversation = getattr(activity, "conversation", None)
    if conversation is None or conversation.conversation_type != "channel":
        return None
    sender = getattr(activity, "from_", None)
    user = str(getattr(sender, "id", None) or "")
    if not user or getattr(sender, "role", None) == "bot" or user.startswith("28:"):
        return None
    if getattr(activity, "value", None) is not None or mentions_bot(activity):
        return None  # a card's postback, or a command
    channel = channel_of(activity)
    message = str(getattr(activity, "id", None) or "")
    if not channel or not _CHANNEL_ID.fullmatch(channel) or not _MESSAGE_ID.fullmatch(message):
        return None
    _, _, root = str(conversation.id or "").partition(";messageid=")
    if root and not _MESSAGE_ID.fullmatch(root):
        return None
    text = readable(getattr(activity, "text", None) or "")
    if not text:
        return None
    ref = message if not root or root == message else f"{root}/{message}"
    return Said(channel, ref, text)


def readable(html_text: str) -> str:
    """A channel message's HTML as plain text of the author's own words, for the core.

    A quoted reply goes; code becomes code the core never reads as a promise; a mention
    reads '@Name'.
    """
    if not isinstance(html_text, str) or len(html_text) > MAX_HTML:
        return ""
    text = _QUOTE.sub(" ", html_text)
    text = _BLOCK_CODE.sub("\n```\n", text)
    text = _INLINE_CODE.sub(lambda m: "`" + m.group(1).replace("`", "'") + "`", text)
    text = _MENTION.sub(lambda m: "@" + m.group(1), text)
    return plain_text(text)


def message_link(channel: str, ref: str, tenant: str | None) -> str | None:
    """A link that opens the message in Teams (for members of its team); None for junk."""
    root, _, message = ref.rpartition("/")
    root = root or message
    if not _CHANNEL_ID.fullmatch(channel) or not all(
        _MESSAGE_ID.fullmatch(part) for part in (root, message)
    ):
        return None
    query = {"parentMessageId": root}
    if tenant and tenant != "unknown":
        query["tenantId"] = tenant
    if message.isdigit():
        query["createdTime"] = message  # a channel message's id is its time, in milliseconds
    return f"{LINK_BASE}{quote(channel, safe=':@.')}/{quote(message)}?{urlencode(query)}"


def register(sdk: App, services: Services) -> None:
    """Tell the core how to link to a Teams message; messages.py routes channel chatter here."""

    def links(channel: str, ref: str) -> str | None:
        row = services.conversations.by_conversation(channel)
        return message_link(channel, ref, row.tenant_id if row else None)

    services.app.suggestions.links[ids.PLATFORM] = links


async def on_channel_message(services: Services, activity: Any) -> None:
    """Offer the author of a channel message to save it, when it reads as their promise."""
    try:
        message = said(activity)
        if message is None:
            return
        found = await services.blocking(_consider, services, activity, message)
    except Exception:  # chatter never fails the activity; the bug is logged
        log.exception("promise spotting failed on a Teams channel message")
        return
    if found is not None:  # Teams hears back at once; the card goes in the background
        services.runtime.spawn(_deliver(services, *found), "a promise suggestion")


async def _deliver(services: Services, person: Person, content: Message) -> None:
    try:
        await services.messenger.send_dm_async(person, content)
    except DeliveryError as err:  # the suggestion stays recorded: never offered twice
        log.warning("a promise suggestion could not reach its author: %s", err.code)


def _consider(services: Services, activity: Any, message: Said) -> tuple[Person, Message] | None:
    """The author and the card for them, or None (blocking: the core and the database)."""
    authors: list[Person] = []

    def author() -> Person:  # looked up (and their 1:1 chat remembered) only for a promise
        person = services.person_now(activity)
        authors.append(person)
        return person

    fmt = TeamsFormatter()
    try:
        offered = services.app.suggestions.consider(
            author, message.channel, message.ref, message.text, fmt
        )
    except Unidentified:
        return None
    if offered is None or not authors:
        return None
    return authors[0], _with_origin(services, offered, message, fmt)


def _with_origin(
    services: Services, offered: Offered, message: Said, fmt: TeamsFormatter
) -> Message:
    """The core's suggestion, and where it was written: a DM has no channel around it."""
    lang = offered.suggestion.lang
    row = services.conversations.by_conversation(message.channel)
    name = row.name if row and row.name else None
    label = f"#{name}" if name else t(lang, "teams_spot_channel")
    link = message_link(message.channel, message.ref, row.tenant_id if row else None)
    where = fmt.link(link, label) if link else fmt.escape(label)
    said_line = t(lang, "teams_spot_said", where=where)
    return replace(offered.message, details=(*offered.message.details, said_line))


__all__ = [
    "Said",
    "mentions_bot",
    "message_link",
    "on_channel_message",
    "readable",
    "register",
    "said",
]
