"""'Mis promesas' (Teams' App Home) and keeping sent cards true after every change.

The list card refreshes itself when its owner looks at it, on its 'Actualizar' button, and
after every change to one of the owner's promises (the latest list card of their 1:1 chat is
updated in place). When a promise is kept or cancelled, wherever that happened (a button, a
reaction, Slack's twin command, the console), the reminder and notice cards about it are
updated in place too.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot import messages as msg
from bot.counterparts import distinct
from bot.i18n import t
from bot.model import Person, Status
from bot.ports import DeliveryError
from bot.promises import Change
from handlers.teams import cards, ids
from handlers.teams.formatter import TeamsFormatter
from handlers.teams.messenger import activity_for

if TYPE_CHECKING:
    from microsoft_teams.cards import AdaptiveCard

    from handlers.teams.services import Services

log = logging.getLogger(__name__)

# The card an invoke is answering: its answer replaces it, so the listener leaves it alone.
answering: contextvars.ContextVar[str | None] = contextvars.ContextVar("answering", default=None)


def list_card_for(
    services: Services,
    person: Person,
    lang: str,
    note: str | None = None,
    chosen: str | None = None,
) -> AdaptiveCard:
    """The person's list card as of now (blocking: reads the book).

    `chosen` is the value picked in its counterpart menu ('u:<person id>' or 't:<name>'): the
    team's open promises to that counterpart are shown first, as in Slack's App Home.
    """
    book, fmt = services.app.book, TeamsFormatter()
    row = services.conversations.personal(person.id)
    found = distinct(book.with_counterpart(person))
    values = {counterpart_value(name, pid): (name, pid) for name, pid in found}
    listing = None
    if chosen in values:
        name, person_id = values[chosen]
        listing = services.app.commands.counterpart_list(person, name, lang, fmt, person_id)
    return cards.list_card(
        book.open_for(person),
        book.recently_kept(person),
        person,
        lang,
        book.now(),
        fmt,
        row.user_id if row else None,
        note,
        counterparts=[(name, value) for value, (name, _) in values.items()],
        chosen=chosen if listing is not None else None,
        to_counterpart=listing,
    )


def counterpart_value(name: str, person_id: int | None) -> str:
    """A counterpart in the list card's menu: a person by id, else the name itself."""
    return f"u:{person_id}" if person_id is not None else "t:" + name[:140]


async def send_list(
    services: Services, person: Person, lang: str, where: tuple[str, str], activity: Any
) -> None:
    """Send the list card to the person's 1:1 chat and remember it there.

    Asked in a channel, the list still goes to the 1:1 chat (one's promises are one's own, as
    Slack's answers are private) and the thread hears where it went.
    """
    card = await services.blocking(list_card_for, services, person, lang)
    activity_id = await send_privately(services, person, lang, where, activity, card)
    row = await services.blocking(services.conversations.personal, person.id)
    if activity_id is not None and row is not None:
        await services.blocking(services.conversations.set_list_activity, row.id, activity_id)


async def send_privately(
    services: Services,
    person: Person,
    lang: str,
    where: tuple[str, str],
    activity: Any,
    content: AdaptiveCard | msg.Message,
) -> str | None:
    """Answer `person` where only they see it: in their 1:1 chat. Asked in a channel or a
    group chat, the answer goes to the 1:1 chat and the thread hears where it went.
    The id of the activity sent, or None when it could not go."""
    if (activity.conversation.conversation_type or "personal") == "personal":
        return await services.sender.send(*where, activity_for(content))
    try:
        ref = await services.messenger.send_dm_async(person, content)
    except DeliveryError as err:
        log.warning("could not answer %s privately: %s", person.external_id, err.code)
        await services.sender.send(*where, activity_for(cards.note_card(t(lang, "teams_error"))))
        return None
    await services.sender.send(*where, activity_for(cards.note_card(t(lang, "teams_list_sent"))))
    return ref.partition(":")[2]


def on_change(services: Services) -> Callable[[Change], None]:
    """The book's listener: refresh list cards, and close the cards of finished promises."""
    store = services.app.store

    def listener(change: Change) -> None:
        skip = answering.get()
        people = {change.owner.id: change.owner, change.recorder.id: change.recorder}
        for person in people.values():
            workspace = store.get_workspace(person.workspace_id)
            if workspace is None or workspace.platform != ids.PLATFORM:
                continue
            row = services.conversations.personal(person.id)
            if row is None or not row.list_activity_id or row.list_activity_id == skip:
                continue
            ref = f"{row.key}:{row.list_activity_id}"
            card = list_card_for(services, person, services.lang(person))
            services.runtime.spawn(
                services.messenger.update_async(ref, card), f"refresh list card {ref}"
            )
        if change.promise.status is not Status.OPEN:
            _close_cards(services, change, skip)

    return listener


def _close_cards(services: Services, change: Change, skip: str | None) -> None:
    promise, fmt = change.promise, TeamsFormatter()
    lang = services.lang(change.owner)
    if promise.status is Status.DONE:
        message = msg.completed(promise, lang, fmt, change.owner.timezone)
    else:
        message = msg.cancelled(promise, lang, fmt)
    for key, activity_id in services.app.store.messages_about(promise.id):
        row = services.conversations.get(key)
        if row is None or row.kind != "personal" or activity_id == skip:
            continue  # channel posts are the team's record; another platform's refs are not ours
        services.runtime.spawn(
            _update(services, f"{key}:{activity_id}", message), f"close card of {promise.id}"
        )


async def _update(services: Services, ref: str, message: msg.Message) -> None:
    try:
        await services.messenger.update_async(ref, message)
    except DeliveryError as err:
        log.warning("could not update %s: %s", ref, err.code)
