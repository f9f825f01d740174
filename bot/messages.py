"""What the bot says, as platform-neutral messages: text lines plus buttons.

User text reaches a message only through a Formatter, which each platform supplies, so that
it is escaped the platform's way (Slack: no pings, no smuggled links).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.i18n import duration, known, relative, t, when
from bot.model import Person, Promise, Status

# Action ids carried by buttons; every platform routes them back to the same core calls.
ACTION_DONE = "promise_done"
ACTION_RESCHEDULE = "promise_reschedule"
ACTION_CANCEL = "promise_cancel"
ACTION_UNDO = "promise_undo"
ACTION_REOPEN = "promise_reopen"
ACTION_CHECK_IN = "promise_check_in"
# promises to customers (bot/ledger.py)
ACTION_ON_TRACK = "promise_on_track"  # "¿Llegas?" -> Sí
ACTION_OFF_TRACK = "promise_off_track"  # "¿Llegas?" -> No: the platform asks for a new date
ACTION_NOT_YET = "promise_not_yet"  # "¿Le avisaste …?" -> Todavía no
ACTION_FOLLOW_UP = "promise_follow_up"
ACTION_NOTIFY_ON = "promise_notify_on"
ACTION_NOTIFY_OFF = "promise_notify_off"
ACTION_HISTORY = "promise_history"
# buttons whose value is not just a promise id; several in one message, so each action id gets
# a suffix ".1", ".2"… (Slack wants them unique in a block): see `base_action`
ACTION_TIGHTEN = "promise_tighten"  # value "<promise id>|<ISO deadline>|<1 if clock time>"
ACTION_CAPTURE_AT = "promise_capture_at"  # value: JSON of the promise to record at that time
PROMISE_ACTIONS = (
    ACTION_DONE,
    ACTION_RESCHEDULE,
    ACTION_CANCEL,
    ACTION_UNDO,
    ACTION_REOPEN,
    ACTION_CHECK_IN,
    ACTION_ON_TRACK,
    ACTION_OFF_TRACK,
    ACTION_NOT_YET,
    ACTION_FOLLOW_UP,
    ACTION_NOTIFY_ON,
    ACTION_NOTIFY_OFF,
    ACTION_HISTORY,
)


class Formatter(Protocol):
    def escape(self, text: str) -> str:
        """User text made inert for the platform."""
        ...

    def bold(self, text: str) -> str: ...

    def person(self, person: Person) -> str:
        """How to name a person (a mention where the platform has them)."""
        ...

    def link(self, url: str, label: str) -> str: ...

    def channel_ref(self, text: str) -> str | None:
        """The channel id that the user's text names, or None."""
        ...


class PlainFormatter:
    """Plain text, for the console and logs."""

    def escape(self, text: str) -> str:
        return text

    def bold(self, text: str) -> str:
        return text

    def person(self, person: Person) -> str:
        return person.name or person.external_id

    def link(self, url: str, label: str) -> str:
        return f"{label} ({url})"

    def channel_ref(self, text: str) -> str | None:
        name = text.strip().lstrip("#").strip()
        return name or None


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: str
    value: str
    style: str | None = None  # "primary" or "danger"
    # what to type for the same effect, after /prometo or /promise, when the platform can't
    # tell from the action (a concrete date offered); None: the action's usual command
    command: str | None = None


def base_action(action: str) -> str:
    """A button's action id without its position suffix: 'promise_tighten.2' -> the base."""
    return action.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Image:
    """A picture that goes with a message: PNG bytes, a text alternative and a file name.

    Platforms that can show it do (Slack uploads it beside the message); others ignore it, so
    whatever it shows must also be said in the message's text."""

    data: bytes
    alt: str
    filename: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    details: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()
    note: str | None = None
    promise_id: int | None = None
    image: Image | None = None

    def plain(self) -> str:
        """All the lines as one text, for fallbacks and the console."""
        lines = [self.text, *self.details]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


def say(lang: str, key: str, **values: object) -> Message:
    """A one-line message from the catalog."""
    return Message(text=t(lang, key, **values))


# a Spanish infinitive, with any pronouns it carries: "llamar", "enviarle", "mandárselo", "ir"
_INFINITIVE = re.compile(
    r"[a-záéíóúñü]*(?:ar|er|ir|ár|ér|ír)(?:me|te|se|le|les|lo|la|los|las|nos|os)*",
    re.IGNORECASE,
)


def promised(key: str, promise: Promise, lang: str) -> str:
    """`key` ("Prometiste {task}…") when the task follows it as Spanish does, with an infinitive
    ("llamar al cliente"); else `key`_said ("Tu promesa: {task}…"), which reads right whatever
    the words, e.g. a message saved as a promise: "te mando el informe". A text with no `_said`
    wording in `lang` (any English one: "Your promise: {task}" reads right already) is `key`."""
    said = f"{key}_said"
    if not known(said, lang):
        return key
    first = promise.task.split(maxsplit=1)[0] if promise.task.strip() else ""
    return key if _INFINITIVE.fullmatch(first) else said


def task_text(promise: Promise, fmt: Formatter) -> str:
    """The promise's task, escaped and in bold."""
    return fmt.bold(fmt.escape(promise.task))


def deadline(promise: Promise, reader: Person, lang: str, now: datetime | None = None) -> str:
    """The promise's deadline in words, in the reader's timezone."""
    return when(promise.due, reader.timezone, lang, has_time=True, now=now)


def promise_buttons(promise: Promise, lang: str, *, undo: bool = False) -> tuple[Button, ...]:
    """The buttons that fit the promise's state."""
    value = str(promise.id)
    if promise.status is not Status.OPEN:
        return (Button(t(lang, "btn_reopen"), ACTION_REOPEN, value),)
    if undo:
        return (
            Button(t(lang, "btn_reschedule"), ACTION_RESCHEDULE, value),
            Button(t(lang, "btn_undo"), ACTION_UNDO, value, "danger"),
        )
    return (
        Button(t(lang, "btn_done"), ACTION_DONE, value, "primary"),
        Button(t(lang, "btn_reschedule"), ACTION_RESCHEDULE, value),
        Button(t(lang, "btn_cancel"), ACTION_CANCEL, value, "danger"),
    )


def saved(
    promise: Promise,
    owner: Person,
    recorder: Person,
    reader: Person,
    lang: str,
    now: datetime,
    fmt: Formatter,
) -> Message:
    """Confirmation that a promise was recorded, for `reader`."""
    values = {"task": task_text(promise, fmt), "when": deadline(promise, reader, lang, now)}
    if owner.id == reader.id:
        text = t(lang, promised("saved", promise, lang), **values)
    else:
        text = t(lang, promised("saved_for", promise, lang), owner=fmt.person(owner), **values)
    details = []
    if promise.counterpart:
        details.append(t(lang, "counterpart", who=fmt.escape(promise.counterpart)))
    note = t(lang, "saved_note", number=promise.number, left=relative(promise.due, now, lang))
    return Message(
        text=text,
        details=tuple(details),
        note=note,
        promise_id=promise.id,
        buttons=promise_buttons(promise, lang, undo=True),
    )


def listing(
    promises: Sequence[Promise], reader: Person, lang: str, now: datetime, fmt: Formatter
) -> Message:
    """The reader's open promises, numbered, overdue first."""
    if not promises:
        return say(lang, "list_empty")
    ordered = sorted(promises, key=lambda p: p.due)
    lines = []
    for p in ordered:
        line = t(
            lang,
            "list_line",
            number=p.number,
            task=fmt.escape(p.task),
            when=deadline(p, reader, lang, now),
        )
        if p.is_overdue(now):
            line += " " + t(lang, "list_overdue", left=relative(p.due, now, lang))
        lines.append(line)
    return Message(
        text=fmt.bold(t(lang, "list_title", count=len(ordered))),
        details=tuple(lines),
        note=t(lang, "list_hint"),
    )


def completed(promise: Promise, lang: str, fmt: Formatter, tz: str = "UTC") -> Message:
    """Confirmation that a promise was kept, saying whether it was on time.

    On time means by the date first promised (`original_due`); kept after it but by a new date
    says so, with the first date read in `tz`.
    """
    assert promise.completed_at is not None
    late = promise.completed_at - promise.due
    if promise.completed_at <= promise.original_due:
        timing = t(lang, "done_on_time")
    elif late <= timedelta(0):
        was = when(promise.original_due, tz, lang, now=promise.completed_at)
        timing = t(lang, "done_renegotiated", was=was)
    else:
        timing = t(lang, "done_late", late=duration(late, lang))
    return Message(
        text=t(lang, "done", task=task_text(promise, fmt), timing=timing),
        promise_id=promise.id,
        buttons=promise_buttons(promise, lang),
    )


def rescheduled(
    promise: Promise,
    reader: Person,
    lang: str,
    now: datetime,
    fmt: Formatter,
    reason: str | None,
) -> Message:
    """Confirmation of a new deadline, with the reason when one was given."""
    details = (t(lang, "rescheduled_reason", reason=fmt.escape(reason)),) if reason else ()
    return Message(
        text=t(
            lang,
            "rescheduled",
            task=task_text(promise, fmt),
            when=deadline(promise, reader, lang, now),
        ),
        details=details,
        promise_id=promise.id,
        buttons=promise_buttons(promise, lang),
    )


def cancelled(promise: Promise, lang: str, fmt: Formatter, *, undone: bool = False) -> Message:
    """Confirmation that a promise was cancelled (or its capture undone)."""
    key = "undone" if undone else "cancelled"
    return Message(
        text=t(lang, key, task=task_text(promise, fmt)),
        promise_id=promise.id,
        buttons=promise_buttons(promise, lang),
    )


def checked_in(promise: Promise, lang: str, fmt: Formatter) -> Message:
    """Confirmation that the owner told the other side there is no news yet."""
    return Message(
        text=t(lang, "checked_in", task=task_text(promise, fmt)),
        promise_id=promise.id,
        buttons=promise_buttons(promise, lang),
    )


def reopened(promise: Promise, reader: Person, lang: str, now: datetime, fmt: Formatter) -> Message:
    """Confirmation that a closed promise is open again."""
    return Message(
        text=t(
            lang,
            "reopened",
            task=task_text(promise, fmt),
            when=deadline(promise, reader, lang, now),
        ),
        promise_id=promise.id,
        buttons=promise_buttons(promise, lang),
    )


def status_word(status: Status, lang: str) -> str:
    """'cumplida', 'cancelada' or 'abierta' in the reader's language."""
    return t(lang, f"status_{status.value}")
