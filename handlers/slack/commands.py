"""/prometo (Spanish) and /promise (English): every subcommand goes through the core's Commands."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.commands import MAX_PEOPLE
from handlers.slack import ids
from handlers.slack.blocks import fallback, picker_blocks
from handlers.slack.formatter import mentioned, plain
from handlers.slack.services import Services, response_text, team_of, user_of

# Replies that ask for a date: they come with date and time pickers instead of a silent save.
_ASK_FOR_DATE = ("needs_date", "past")


def register(bolt: App, services: Services) -> None:
    def on_command(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        lang = "en" if body.get("command") == ids.COMMAND_EN else "es"
        team = team_of(body)
        actor = services.person(team, user_of(body))
        typed = str(body.get("text") or "")
        for user in mentioned(typed)[:MAX_PEOPLE]:  # names and languages, once per person
            services.person(team, user)
        text = plain(typed, keep_users=True)
        reply = services.app.commands.run(
            actor,
            text,
            lang,
            services.fmt,
            where=_channel(body),
            admin=lambda: services.is_admin(actor.external_id),
        )
        if reply.kind in _ASK_FOR_DATE and reply.draft is not None:
            task = reply.draft.task.strip() or plain(typed)
            who, pid = reply.draft.counterpart, reply.counterpart_id
            blocks = picker_blocks(reply.message, task, lang, who, pid)
            respond(text=fallback(reply.message), blocks=blocks, response_type="ephemeral")
        else:
            respond(**response_text(reply.message), response_type="ephemeral")

    bolt.command(ids.COMMAND_ES)(on_command)
    bolt.command(ids.COMMAND_EN)(on_command)


def _channel(body: dict[str, Any]) -> str | None:
    """The channel a command was typed in; None in a direct message."""
    channel = str(body.get("channel_id") or "")
    if not channel or channel.startswith("D") or body.get("channel_name") == "directmessage":
        return None
    return channel
