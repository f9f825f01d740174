"""Promise spotting: channel messages that read as a promise get a private suggestion.

Messages in public and private channels where the bot is a member (message.channels,
message.groups) go to the core as plain values; the few it picks get an ephemeral to their
author alone (chat.postEphemeral) with Guardar, No and "No me sugieras más". Guardar records
the promise with a link back to the message and replaces the ephemeral; No deletes it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk.errors import SlackApiError

from handlers.slack import ids
from handlers.slack.formatter import plain
from handlers.slack.services import Services, response_text, team_of, user_of

log = logging.getLogger(__name__)

# A suggestion's answer that stays beside the suggestion instead of replacing it: it was
# someone else's, or it is gone.
_BESIDE = ("spot_not_yours", "spot_gone")


@dataclass(frozen=True, slots=True)
class Said:
    """A person's message in a channel, as plain values."""

    team: str
    user: str
    channel: str
    ts: str
    text: str
    thread_ts: str | None = None


def said(body: dict[str, Any], event: object) -> Said | None:
    """The message a person wrote in a channel; None for bots, edits, joins, DMs, junk."""
    if not isinstance(event, dict) or event.get("type") != "message":
        return None
    if event.get("subtype") not in ids.HUMAN_SUBTYPES or event.get("bot_id") or event.get("hidden"):
        return None
    if event.get("channel_type") not in ids.SPOTTED_CHANNEL_TYPES:
        return None
    values = [event.get(key) for key in ("user", "channel", "ts", "text")]
    if not all(isinstance(value, str) and value for value in values):
        return None
    try:
        team = team_of(body)
    except ValueError:
        return None
    thread = event.get("thread_ts")
    user, channel, ts, text = (str(value) for value in values)
    return Said(team, user, channel, ts, text, thread if isinstance(thread, str) else None)


def register(bolt: App, services: Services) -> None:
    app, fmt = services.app, services.fmt
    app.suggestions.links[ids.PLATFORM] = services.permalink

    def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        message = said(body, event)
        if message is None:
            return
        offered = app.suggestions.consider(
            lambda: services.person(message.team, message.user),
            message.channel,
            message.ts,
            plain(message.text),
            fmt,
        )
        if offered is None:
            return
        try:
            services.client.chat_postEphemeral(
                channel=message.channel,
                user=message.user,
                thread_ts=message.thread_ts,  # in the thread it was said in, if any
                **response_text(offered.message),
            )
        except SlackApiError as exc:  # the suggestion stays recorded: never offered twice
            log.warning(
                "chat.postEphemeral in %s failed: %s", message.channel, exc.response.get("error")
            )

    bolt.event("message")(on_message)

    def on_answer(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond | None
    ) -> None:
        ack()
        actor = services.person(team_of(body), user_of(body))
        value = str(action.get("value") or "")
        number = int(value) if value.isdigit() and len(value) <= 12 else 0  # 0: no such one
        reply = app.commands.act(actor, action["action_id"], number, services.lang(actor), fmt)
        if respond is None or not body.get("response_url"):
            services.messenger.send_dm(actor, reply.message)
        elif reply.kind == "dismissed":
            respond(delete_original=True)
        elif reply.kind in _BESIDE:
            respond(**response_text(reply.message), response_type="ephemeral")
        else:
            respond(**response_text(reply.message), replace_original=True)

    for name in ids.SUGGESTION_ACTIONS:
        bolt.action(name)(on_answer)
