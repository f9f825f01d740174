"""A 👍 or ✅ on the bot's own message about a promise marks it kept.

Teams tells a bot about reactions only on messages the bot sent, with `replyToId` naming that
message. As in Slack, what counts is the owner's reaction on the bot's 1:1 messages (reminders,
notices, the DM about a captured promise), not on team channel posts. Reaction ids are matched
against an allow-list (skin tones ignored); others are logged.
"""

from __future__ import annotations

import logging
import re

from microsoft_teams.api.activities import MessageReactionActivity
from microsoft_teams.apps import ActivityContext, App

from bot.promises import BookError
from handlers.teams import ids
from handlers.teams.services import Services, Unidentified

log = logging.getLogger(__name__)

_TONE = re.compile(r"-tone\d+$")


def kept(reaction: str) -> bool:
    """True for a reaction id that means 'done' (👍, ✅, ✔️, ☑️), whatever the skin tone."""
    return _TONE.sub("", reaction.strip().lower()) in ids.KEPT_REACTIONS


def register(sdk: App, services: Services) -> None:
    app = services.app

    def complete(activity: object, conversation_id: str, message_id: str) -> None:
        row = services.conversations.by_conversation(conversation_id)
        if row is None or row.kind != "personal":
            return  # as in Slack: the bot's 1:1 messages count, not the team channel's posts
        promise_id = app.store.promise_for_message(row.key, message_id)
        if promise_id is None:
            return
        promise = app.store.get_promise(promise_id)
        actor = services.person_now(activity)
        if promise is None or actor.id != promise.owner_id:
            return  # only the owner's own reaction counts
        try:
            app.book.complete(actor, promise_id)  # the listeners update the cards
        except BookError as err:
            log.info("reaction on promise %s ignored: %s", promise_id, err.key)

    async def on_reaction(ctx: ActivityContext[MessageReactionActivity]) -> None:
        activity = ctx.activity
        added = [str(r.type) for r in activity.reactions_added or []]
        if not added or not activity.reply_to_id:
            return
        if not any(kept(r) for r in added):
            log.info("reaction %s is not one that marks a promise kept", added)
            return
        conversation = str(activity.conversation.id).split(";", 1)[0]
        try:
            await services.blocking(complete, activity, conversation, activity.reply_to_id)
        except Unidentified:
            return

    sdk.on_message_reaction(on_reaction)
