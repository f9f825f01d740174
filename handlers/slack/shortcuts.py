"""The message shortcut "Guardar como promesa": a modal prefilled from the message."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App

from handlers.slack import ids
from handlers.slack.blocks import capture_modal
from handlers.slack.formatter import plain
from handlers.slack.services import Services, team_of, user_of

_META_TEXT = 2000  # private_metadata holds at most 3,000 characters


def register(bolt: App, services: Services) -> None:
    def on_save_as_promise(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        team = team_of(body)
        recorder = services.person(team, user_of(body))
        message = body.get("message") or {}
        owner = services.person(team, str(message.get("user") or recorder.external_id))
        lang = services.lang(recorder)
        text = plain(str(message.get("text") or ""))[:4000]
        parsed = services.app.commands.parse(owner, text, lang)
        day, clock = None, None
        if parsed.due is not None and not parsed.past:
            local = parsed.due.astimezone(ZoneInfo(owner.timezone))
            day, clock = local.date(), (f"{local:%H:%M}" if parsed.due_has_time else None)
        channel = (body.get("channel") or {}).get("id")
        meta = {"c": channel, "ts": message.get("ts"), "l": lang, "t": text[:_META_TEXT]}
        view = capture_modal(
            lang,
            parsed.task.strip() or text,
            owner.external_id,
            day,
            clock,
            json.dumps(meta, ensure_ascii=False),
        )
        services.client.views_open(trigger_id=body["trigger_id"], view=view)

    bolt.shortcut(ids.SHORTCUT_CAPTURE)(on_save_as_promise)
