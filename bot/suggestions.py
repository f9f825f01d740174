"""Promise spotting as a feature: a private offer to save a promise someone wrote in a channel.

A platform hands in each channel message as plain values; `consider` decides whether to offer
its author a suggestion, a neutral Message whose buttons carry the ACTIONS below, at most once
per message (the store's unique key). `act` carries out those buttons, `switch` turns spotting
off or on for a person, or (for an admin) for a channel. Only the author answers a suggestion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC
from zoneinfo import ZoneInfo

from bot import messages as msg
from bot.i18n import t, when
from bot.messages import Button, Formatter, Message
from bot.model import NewSuggestion, Person, Suggestion, SuggestionStatus
from bot.ports import PromiseStore, SuggestionStore
from bot.promises import MAX_TASK, BookError, Change, PromiseBook
from bot.spotting import judge, spot

ACTION_SAVE = "suggestion_save"
ACTION_DISMISS = "suggestion_dismiss"
ACTION_MUTE = "suggestion_mute"
ACTIONS = (ACTION_SAVE, ACTION_DISMISS, ACTION_MUTE)

PERSON, CHANNEL = "person", "channel"  # the scopes of a switch
_OPEN = (SuggestionStatus.OFFERED, SuggestionStatus.DISMISSED)

# (channel, message reference) -> a link back to the message, or None; one per platform
Links = Callable[[str, str], str | None]


@dataclass(frozen=True, slots=True)
class Offered:
    """A suggestion to show its author, and what it is about."""

    message: Message
    suggestion: Suggestion


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to show the person who answered a suggestion or flipped a switch."""

    message: Message
    kind: str
    ok: bool = True
    change: Change | None = None


class Suggestions:
    def __init__(
        self,
        store: SuggestionStore,
        promises: PromiseStore,
        book: PromiseBook,
        *,
        timezone: str,
    ) -> None:
        self._store = store
        self._promises = promises
        self._book = book
        self._timezone = timezone  # a first reading, before the author is looked up
        self.links: dict[str, Links] = {}  # platform name -> how to link to a message

    def consider(
        self,
        author: Callable[[], Person],
        channel: str,
        ref: str,
        text: str,
        fmt: Formatter,
    ) -> Offered | None:
        """The suggestion for the author of a channel message (plain text), or None.

        `author` is called only when the text reads as a promise, so a platform looks people up
        (and calls its API) for a few messages, not for every one. `ref` identifies the message
        in `channel`; a message already considered (a retried event) gets None.
        """
        now = self._book.now()
        first = judge(text, now.astimezone(ZoneInfo(self._timezone)))
        if not first.is_promise and first.reason != "past":  # "a las 11" may be ahead there
            return None
        person = author()
        hours = person.work_hours
        local = now.astimezone(ZoneInfo(person.timezone))
        parsed = spot(text, local, day_start=hours.start, day_end=hours.end)
        if parsed is None or parsed.due is None or not person.active:
            return None
        if self._store.mutes(person.workspace_id, person.id, channel):
            return None
        suggestion = self._store.offer(
            NewSuggestion(
                workspace_id=person.workspace_id,
                person_id=person.id,
                channel=channel,
                message_ref=ref,
                task=parsed.task.strip()[:MAX_TASK],
                text=text,
                due=parsed.due.astimezone(UTC),
                due_has_time=parsed.due_has_time,
                lang=parsed.lang,
                created_at=now,
                counterpart=parsed.counterpart,
            )
        )
        if suggestion is None:
            return None
        return Offered(offer(suggestion, person, fmt, self._book), suggestion)

    def act(
        self, actor: Person, action: str, suggestion_id: int | None, lang: str, fmt: Formatter
    ) -> Outcome:
        """Carry out a suggestion's button (ACTIONS); None: the actor's newest open one.

        Raises BookError when the promise can't be recorded (its deadline has passed).
        """
        if suggestion_id is None:
            suggestion = self._store.latest_offered(actor.id)
            if suggestion is None:
                return Outcome(msg.say(lang, "spot_none"), "spot_none", ok=False)
        else:
            found = self._store.get_suggestion(suggestion_id)
            if found is None or found.workspace_id != actor.workspace_id:
                return Outcome(msg.say(lang, "spot_gone"), "spot_gone", ok=False)
            suggestion = found
        if suggestion.person_id != actor.id:
            return Outcome(msg.say(lang, "spot_not_yours"), "spot_not_yours", ok=False)
        if action == ACTION_SAVE:
            return self._save(actor, suggestion, fmt)
        if action not in (ACTION_DISMISS, ACTION_MUTE):
            raise ValueError(f"not a suggestion action: {action!r}")
        now = self._book.now()
        offered = (SuggestionStatus.OFFERED,)
        self._store.decide(suggestion.id, offered, SuggestionStatus.DISMISSED, now)
        if action == ACTION_MUTE:
            self._store.set_muted(actor.workspace_id, PERSON, str(actor.id), True, actor.id, now)
            return Outcome(msg.say(suggestion.lang, "spot_muted"), "muted")
        if suggestion.status is SuggestionStatus.SAVED:
            return self._already_saved(suggestion, fmt)
        return Outcome(msg.say(suggestion.lang, "spot_dismissed"), "dismissed")

    def switch(
        self,
        actor: Person,
        lang: str,
        *,
        on: bool | None,
        channel: str | None,
        whole_channel: bool,
        admin: Callable[[], bool],
    ) -> Outcome:
        """Spotting on or off for the actor, or for `channel` when `whole_channel` (admins only).

        `on` None asks for the current state. `channel` is where the command was typed (None
        outside a channel); `admin` is asked only when a channel is to change.
        """
        now, workspace = self._book.now(), actor.workspace_id
        if whole_channel and on is not None:
            if channel is None:
                return Outcome(msg.say(lang, "spot_channel_where"), "spot_channel_where", False)
            if not admin():
                return Outcome(msg.say(lang, "spot_channel_admin"), "spot_channel_admin", False)
            self._store.set_muted(workspace, CHANNEL, channel, not on, actor.id, now)
            key = "spot_channel_on" if on else "spot_channel_off"
            return Outcome(msg.say(lang, key), key)
        if on is not None:
            self._store.set_muted(workspace, PERSON, str(actor.id), not on, actor.id, now)
            return Outcome(msg.say(lang, "spot_unmuted" if on else "spot_muted"), "switched")
        mutes = self._store.mutes(workspace, actor.id, channel)
        mine = t(lang, "spot_state_off" if PERSON in mutes else "spot_state_on")
        here = t(lang, "spot_state_off" if CHANNEL in mutes else "spot_state_on")
        key = "spot_status" if channel else "spot_status_nowhere"
        return Outcome(msg.say(lang, key, mine=mine, here=here), "spot_status")

    def _save(self, actor: Person, suggestion: Suggestion, fmt: Formatter) -> Outcome:
        now, saved = self._book.now(), SuggestionStatus.SAVED
        if not self._store.decide(suggestion.id, _OPEN, saved, now):
            return self._already_saved(suggestion, fmt)  # saved by an earlier (or a double) click
        try:
            change = self._book.make(
                actor,
                task=suggestion.task,
                text=suggestion.text,
                due=suggestion.due,
                due_has_time=suggestion.due_has_time,
                lang=suggestion.lang,
                counterpart=suggestion.counterpart,
                source_link=self._link(suggestion),
            )
        except BookError:  # its deadline has passed: it stays open, and the person is told why
            self._store.decide(suggestion.id, (saved,), SuggestionStatus.OFFERED, now)
            raise
        self._store.decide(suggestion.id, (saved,), saved, now, promise_id=change.promise.id)
        message = msg.saved(change.promise, actor, actor, actor, suggestion.lang, now, fmt)
        # the task is the person's own words ("te mando la propuesta"): quoted, not glued to
        # "Prometiste", which would read "Prometiste te mando la propuesta"
        words = t(
            suggestion.lang,
            "spot_saved",
            task=msg.task_text(change.promise, fmt),
            when=msg.deadline(change.promise, actor, suggestion.lang, now),
        )
        return Outcome(replace(message, text=words), "saved", change=change)

    def _already_saved(self, suggestion: Suggestion, fmt: Formatter) -> Outcome:
        fresh = self._store.get_suggestion(suggestion.id) or suggestion
        promise = self._promises.get_promise(fresh.promise_id) if fresh.promise_id else None
        if promise is None:  # another click is saving it this very moment
            return Outcome(msg.say(suggestion.lang, "spot_gone"), "spot_gone", ok=False)
        message = msg.say(
            suggestion.lang,
            "spot_already_saved",
            task=msg.task_text(promise, fmt),
            number=promise.number,
        )
        return Outcome(message, "already_saved", ok=False)

    def _link(self, suggestion: Suggestion) -> str | None:
        workspace = self._promises.get_workspace(suggestion.workspace_id)
        links = self.links.get(workspace.platform) if workspace else None
        return links(suggestion.channel, suggestion.message_ref) if links else None


def offer(suggestion: Suggestion, reader: Person, fmt: Formatter, book: PromiseBook) -> Message:
    """The private suggestion: the deadline in the reader's words, the task, three buttons."""
    lang, value = suggestion.lang, str(suggestion.id)
    deadline = when(suggestion.due, reader.timezone, lang, has_time=True, now=book.now())
    details = [t(lang, "spot_task", task=fmt.escape(suggestion.task))]
    if suggestion.counterpart:
        details.append(t(lang, "counterpart", who=fmt.escape(suggestion.counterpart)))
    return Message(
        text=t(lang, "spot_offer", when=deadline),
        details=tuple(details),
        note=t(lang, "spot_note"),
        buttons=(
            Button(t(lang, "btn_spot_save"), ACTION_SAVE, value, "primary"),
            Button(t(lang, "btn_spot_no"), ACTION_DISMISS, value),
            Button(t(lang, "btn_spot_mute"), ACTION_MUTE, value),
        ),
    )
