"""Events: ✅ reactions on the bot's DMs, uninstalls; Slack's retries never act twice."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.promises import BookError
from handlers.slack import ids
from handlers.slack.services import Services, team_of

log = logging.getLogger(__name__)


def register(bolt: App, services: Services) -> None:
    app = services.app

    def once_per_event(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        """Slack retries an event (same event_id) when an answer is late: act only once.

        Over HTTP this runs after the event was answered, on the listener pool (the request
        thread queues events: handlers.slack.server.EventsAfterAck), so the database write
        never delays an acknowledgement. Channel messages are not written here: there are
        many, and the one thing done with them (a suggestion) is recorded once per message
        under its own key.
        """
        event = body.get("event")
        message = isinstance(event, dict) and event.get("type") == "message"
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        event_id = None if message else event_id
        if event_id and not app.store.first_time(f"slack:{event_id}", app.clock.now()):
            log.info("event %s already handled (a retry); ignored", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    bolt.use(once_per_event)

    def on_reaction(body: dict[str, Any], event: dict[str, Any]) -> None:
        item, reaction = event.get("item") or {}, event.get("reaction")
        if not isinstance(reaction, str) or reaction not in ids.KEPT_REACTIONS:
            return
        if item.get("type") != "message" or not isinstance(event.get("user"), str):
            return
        if not str(item.get("channel", "")).startswith("D"):
            return  # only the bot's direct messages count, not channel posts
        promise_id = app.store.promise_for_message(str(item.get("channel")), str(item.get("ts")))
        if promise_id is None:
            return
        promise = app.store.get_promise(promise_id)
        actor = services.person(team_of(body), str(event.get("user")))
        if promise is None or actor.id != promise.owner_id:
            return  # only the owner's own ✅ counts
        try:
            app.book.complete(actor, promise_id)  # app.listeners update the DM and homes
        except BookError as err:
            log.info("reaction on promise %s ignored: %s", promise_id, err.key)
            return

    def on_gone(body: dict[str, Any], event: dict[str, Any]) -> None:
        """Uninstalled, or the bot token revoked: forget the token, stop chasing, keep history."""
        team = team_of(body)
        if event.get("type") == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
            return  # only user tokens were revoked, and Prometo keeps none
        oauth = getattr(app, "oauth", None)
        if oauth is not None:
            oauth.store.forget(body.get("enterprise_id"), team)
        else:
            app.store.set_workspace_active(ids.PLATFORM, team, False)
        log.warning("Prometo was uninstalled or its token revoked in %s: chasing stops", team)

    def ignore() -> None:
        return

    bolt.event("reaction_added")(on_reaction)
    bolt.event("app_uninstalled")(on_gone)
    bolt.event("tokens_revoked")(on_gone)
    bolt.event("reaction_removed")(ignore)
