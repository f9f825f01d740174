"""App Home: each person's promises, republished whenever one of them changes, wherever."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot import messages as msg
from bot.counterparts import distinct
from bot.model import Person, Status
from bot.ports import DeliveryError
from bot.promises import Change
from handlers.slack import ids
from handlers.slack.blocks import filter_value, home_view
from handlers.slack.services import Services, team_of, user_of

log = logging.getLogger(__name__)


def publish(services: Services, person: Person, chosen: str | None = None) -> None:
    """Publish `person`'s home tab from the book's current state.

    `chosen`: the value of the counterpart picked in the filter ("u:<person id>" or
    "t:<name>"); its open promises, the whole workspace's, are shown first.
    """
    book, commands = services.app.book, services.app.commands
    lang = services.lang(person)
    counterparts = distinct(book.with_counterpart(person))
    listing = None
    if chosen is not None:
        kind, _, key = chosen.partition(":")
        names = {filter_value(n, pid): (n, pid) for n, pid in counterparts}
        name, person_id = names.get(chosen, (key, None))
        if kind == "u" and person_id is None:
            chosen = None  # a person no longer among the counterparts: no filter
        else:
            listing = commands.counterpart_list(person, name, lang, services.fmt, person_id)
    view = home_view(
        book.open_for(person),
        book.recently_kept(person),
        person,
        lang,
        book.now(),
        services.fmt,
        counterparts=counterparts,
        chosen=chosen,
        to_counterpart=listing,
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
        message = msg.completed(promise, lang, services.fmt, change.owner.timezone)
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
        user = event.get("user")
        if event.get("tab", "home") != "home" or not isinstance(user, str) or not user:
            return  # the messages tab, or not a person's
        publish(services, services.person(team_of(body), user))

    def on_filter(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        person = services.person(team_of(body), user_of(body))
        option = action.get("selected_option")
        selected = option.get("value") if isinstance(option, dict) else None
        chosen = str(selected) if selected and action["action_id"] == ids.HOME_FILTER else None
        publish(services, person, chosen)

    bolt.event("app_home_opened")(on_home_opened)
    bolt.action(ids.HOME_FILTER)(on_filter)
    bolt.action(ids.HOME_FILTER_CLEAR)(on_filter)
    services.app.listeners.append(on_change(services))
