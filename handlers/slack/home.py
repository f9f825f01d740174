"""App Home: each person's promises, republished whenever one of them changes, wherever."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot import messages as msg
from bot.model import Person, Status
from bot.ports import DeliveryError
from bot.promises import Change
from handlers.slack import ids
from handlers.slack.blocks import home_view
from handlers.slack.services import Services, team_of

log = logging.getLogger(__name__)


def publish(services: Services, person: Person) -> None:
    """Publish `person`'s home tab from the book's current state."""
    book = services.app.book
    lang = services.lang(person)
    view = home_view(
        book.open_for(person),
        book.recently_kept(person),
        person,
        lang,
        book.now(),
        services.fmt,
    )
    services.client.views_publish(user_id=person.external_id, view=view)


def on_change(services: Services) -> Callable[[Change], None]:
    """The app listener: refresh the homes of owner and recorder, and close finished DMs."""
    store = services.app.store

    def listener(change: Change) -> None:
        people = {change.owner.id: change.owner, change.recorder.id: change.recorder}
        for person in people.values():
            workspace = store.get_workspace(person.workspace_id)
            if workspace is None or workspace.platform != ids.PLATFORM:
                continue
            try:
                publish(services, person)
            except (SlackApiError, OSError) as exc:  # a side effect: the change itself is saved
                log.warning("views.publish for %s failed: %s", person.external_id, exc)
        if change.promise.status is not Status.OPEN:
            _update_dms(services, change)

    return listener


def _update_dms(services: Services, change: Change) -> None:
    promise = change.promise
    lang = services.lang(change.owner)
    if promise.status is Status.DONE:
        message = msg.completed(promise, lang, services.fmt)
    else:
        message = msg.cancelled(promise, lang, services.fmt)
    for channel, ts in services.app.store.messages_about(promise.id):
        if not channel.startswith("D"):
            continue  # channel posts (overdue notices) are the chaser's to render
        try:
            services.messenger.update(f"{channel}:{ts}", message)
        except (DeliveryError, OSError) as err:
            log.warning("could not update %s:%s for promise %s: %s", channel, ts, promise.id, err)


def register(bolt: App, services: Services) -> None:
    def on_home_opened(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        publish(services, services.person(team_of(body), str(event["user"])))

    bolt.event("app_home_opened")(on_home_opened)
    services.app.listeners.append(on_change(services))
