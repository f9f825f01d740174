"""The commands and buttons of promises to customers, which `bot.commands.Commands` hands over:
whom a promise is to, telling them, "¿Llegas?", check-ins, follow-ups, concrete dates.

Each returns a Reply; a refusal of the book rises as a BookError for Commands to explain.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot import ledger
from bot import messages as msg
from bot.counterparts import MAX_COUNTERPART, shown, to_counterpart, user_ref
from bot.i18n import t, when
from bot.messages import Formatter, Message, deadline
from bot.model import Person, Promise
from bot.parsing import ParsedPromise
from bot.promises import BookError, Change, PromiseBook
from bot.replies import Reply, clean, error

# buttons whose value is a promise id, carried out by `act`
ACTIONS = frozenset(
    {
        msg.ACTION_HISTORY,
        msg.ACTION_ON_TRACK,
        msg.ACTION_OFF_TRACK,
        msg.ACTION_NOT_YET,
        msg.ACTION_FOLLOW_UP,
        msg.ACTION_NOTIFY_ON,
        msg.ACTION_NOTIFY_OFF,
    }
)
Parse = Callable[[Person, str, str], ParsedPromise]
Saved = Callable[[Change, Person, str, Formatter], Message]


class CustomerCommands:
    def __init__(self, book: PromiseBook, parse: Parse, saved: Saved) -> None:
        self._book = book
        self._parse = parse  # Commands.parse: text read in the actor's timezone
        self._saved = saved  # Commands.saved_message: the confirmation of a new promise

    def act(self, actor: Person, action: str, promise_id: int, lang: str, fmt: Formatter) -> Reply:
        """A button of ACTIONS on one promise; raises BookError on a refusal."""
        book = self._book
        now = book.now()
        if action == msg.ACTION_HISTORY:
            promise = book.visible(actor, promise_id)
            origin = book.get(actor, promise.follow_up_of) if promise.follow_up_of else None
            events = book.history(promise.id)
            return Reply(ledger.history(promise, events, actor, lang, now, fmt, origin), "history")
        if action in (msg.ACTION_ON_TRACK, msg.ACTION_OFF_TRACK):
            return self._answer(actor, promise_id, action == msg.ACTION_ON_TRACK, lang, fmt)
        if action == msg.ACTION_NOT_YET:
            p = book.editable(actor, promise_id)
            draft = t(
                lang,
                "not_yet_draft",
                task=fmt.escape(p.task),
                when=when(p.due, actor.timezone, lang, has_time=p.due_has_time, now=now),
            )
            text = t(lang, "not_yet", draft=draft, number=p.number)
            return Reply(Message(text=text, promise_id=p.id), "not_yet")
        if action == msg.ACTION_FOLLOW_UP:
            change = book.follow_up(actor, promise_id)
            p = change.promise
            text = t(
                lang,
                "follow_up_made",
                task=msg.task_text(p, fmt),
                when=deadline(p, actor, lang, now),
            )
            message = Message(text=text, promise_id=p.id, buttons=msg.promise_buttons(p, lang))
            return Reply(message, "follow_up", change=change)
        on = action == msg.ACTION_NOTIFY_ON
        change = book.set_notify(actor, promise_id, on)
        p = change.promise
        text = t(
            lang,
            "notify_on" if on else "notify_off",
            who=ledger.who(p, lang, fmt),
            task=msg.task_text(p, fmt),
        )
        toggle = ledger.notify_button(p, lang, fmt)
        message = Message(text=text, promise_id=p.id, buttons=(toggle,) if toggle else ())
        return Reply(message, "notify_on" if on else "notify_off", change=change)

    def _answer(
        self, actor: Person, promise_id: int, on_track: bool, lang: str, fmt: Formatter
    ) -> Reply:
        """ "¿Llegas?" answered: "Sí" is recorded; "No" too, and a new date is asked for now."""
        change = self._book.answer_ask(actor, promise_id, on_track)
        p = change.promise
        if on_track:
            text = t(lang, "on_track", task=msg.task_text(p, fmt))
            return Reply(Message(text=text, promise_id=p.id), "on_track", change=change)
        text = t(lang, "off_track", task=msg.task_text(p, fmt), who=ledger.who(p, lang, fmt))
        note = t(lang, "off_track_typed", number=p.number)
        message = Message(
            text=text, note=note, promise_id=p.id, buttons=msg.promise_buttons(p, lang)
        )
        return Reply(message, "off_track", change=change, ask_date=True)

    def press(self, actor: Person, base: str, value: str, lang: str, fmt: Formatter) -> Reply:
        """A concrete-date button: record a promise at that moment, or pin a loose one to it."""
        if base == msg.ACTION_CAPTURE_AT:
            return self._capture_at(actor, value, lang, fmt)
        promise_id, due, has_time = _tighten_value(value)
        change = self._book.tighten(actor, promise_id, due, has_time)
        return Reply(self._tightened(change, actor, lang, fmt), "tightened", change=change)

    def kept(self, promise: Promise, reader: Person, lang: str, fmt: Formatter) -> Message:
        """A kept promise: on time or late, the counterpart being told, a follow-up offer."""
        message = msg.completed(promise, lang, fmt, reader.timezone)
        lines = ledger.kept(promise, lang, fmt, self._book.customers.follow_up_days)
        buttons = message.buttons
        if promise.counterpart and promise.follow_up_of is None:
            if self._book.follow_up_of(promise) is None:
                buttons = (ledger.follow_up_button(promise, lang), *buttons)
            else:
                lines = lines[:-1]
        return replace(message, details=(*message.details, *lines), buttons=buttons)

    def list_for(self, actor: Person, query: str, lang: str, fmt: Formatter) -> Reply:
        """Every open promise of the workspace made to whom `query` names, loosely matched."""
        query = query.strip().rstrip(".!?").strip()
        if len(query) > MAX_COUNTERPART:
            return error(lang, "list_query_too_long", length=len(query))
        person_id = None
        ref = user_ref(query)
        if ref is not None:
            person = self._book.people_named(actor, [ref]).get(ref)
            person_id = person.id if person else None
            query = shown(query, {ref: person} if person else {})
        return Reply(self.counterpart_list(actor, query, lang, fmt, person_id), "list_for")

    def counterpart_list(
        self,
        actor: Person,
        query: str,
        lang: str,
        fmt: Formatter,
        person_id: int | None = None,
    ) -> Message:
        """The open promises of the actor's workspace to one counterpart: the person
        `person_id`, or whoever `query` names (case and accents don't matter)."""
        book = self._book
        found = to_counterpart(book.with_counterpart(actor), query, person_id)
        people = {p.owner_id: book.person(p.owner_id) for p in found}
        days = book.customers.silence_days
        return ledger.to_counterpart(found, query, actor, people, lang, book.now(), fmt, days)

    def tighten(
        self, actor: Person, promise: Promise, rest: str, lang: str, fmt: Formatter
    ) -> Reply:
        """`fijar N el jueves a las 12`: pin a loose deadline down, typed."""
        parsed = self._parse(actor, rest, lang) if rest.strip() else None
        if parsed is None or parsed.due is None:
            return error(lang, "tighten_needs_date", number=promise.number)
        change = self._book.tighten(actor, promise.id, parsed.due, parsed.due_has_time)
        return Reply(self._tightened(change, actor, lang, fmt), "tightened", change=change)

    def counterpart(
        self, actor: Person, promise: Promise, rest: str, lang: str, fmt: Formatter
    ) -> Reply:
        """`con N cliente Acme`: say whom a promise was made to (a `<@ID>` names a person)."""
        ref = user_ref(rest)
        people = self._book.people_named(actor, [ref]) if ref else {}
        named = people.get(ref or "")
        change = self._book.set_counterpart(
            actor, promise.id, shown(rest, people), named.id if named else None
        )
        p = change.promise
        toggle = ledger.notify_button(p, lang, fmt)
        message = Message(
            text=t(
                lang, "counterpart_set", task=msg.task_text(p, fmt), who=ledger.who(p, lang, fmt)
            ),
            promise_id=p.id,
            buttons=(toggle,) if toggle else (),
        )
        return Reply(message, "counterpart", change=change)

    def _tightened(self, change: Change, reader: Person, lang: str, fmt: Formatter) -> Message:
        promise = change.promise
        text = t(
            lang,
            "tightened",
            task=msg.task_text(promise, fmt),
            when=deadline(promise, reader, lang, self._book.now()),
        )
        return Message(text=text, promise_id=promise.id, buttons=msg.promise_buttons(promise, lang))

    def _capture_at(self, actor: Person, value: str, lang: str, fmt: Formatter) -> Reply:
        """Record the promise a concrete-choice button (or the date picker) carries."""
        draft = _json_object(value)
        task = clean(str(draft.get("task") or ""))
        try:
            due = datetime.fromisoformat(str(draft.get("due") or ""))
        except ValueError:
            return error(lang, "bad_text")
        if due.tzinfo is None or not task:
            return error(lang, "bad_text")
        who, pid = draft.get("who"), draft.get("pid")
        change = self._book.make(
            actor,
            task=task,
            text=task,
            due=due,
            due_has_time=draft.get("h", True) is not False,
            lang="en" if draft.get("lang") == "en" else "es",
            counterpart=clean(who) if isinstance(who, str) else None,
            counterpart_id=pid if isinstance(pid, int) else None,
        )
        return Reply(self._saved(change, actor, lang, fmt), "saved", change=change)


def promise_id(value: str) -> int:
    """A button's promise id; BookError for anything else (a tampered value)."""
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 12:
        raise BookError("not_found_id")
    return int(text)


def _tighten_value(value: str) -> tuple[int, datetime, bool]:
    """'<id>|<ISO>|<1 or 0>' from a tighten button; BookError for anything else."""
    parts = str(value or "").split("|")
    if len(parts) != 3:
        raise BookError("not_found_id")
    try:
        due = datetime.fromisoformat(parts[1])
    except ValueError as exc:
        raise BookError("not_found_id") from exc
    if due.tzinfo is None:
        raise BookError("not_found_id")
    return promise_id(parts[0]), due, parts[2] == "1"


def _json_object(value: str) -> dict[str, object]:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
