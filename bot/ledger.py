"""What the bot says about promises to customers, as neutral messages: whom a promise is to,
its history, renegotiation, "¿Llegas?" answers, follow-ups, concrete options for vague dates.

User text reaches a message only through the platform's Formatter (escaped its way).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime

from bot.choices import Choice
from bot.counterparts import silent
from bot.i18n import relative, t, when
from bot.messages import (
    ACTION_CAPTURE_AT,
    ACTION_FOLLOW_UP,
    ACTION_HISTORY,
    ACTION_NOTIFY_OFF,
    ACTION_NOTIFY_ON,
    ACTION_TIGHTEN,
    Button,
    Formatter,
    Message,
    deadline,
    promise_buttons,
    task_text,
)
from bot.model import EventKind, Person, Promise, PromiseEvent

MAX_BUTTON_TASK = 900  # a button's value carries the task; Slack allows 2,000 characters
MAX_LISTED = 30


def who(promise: Promise, lang: str, fmt: Formatter) -> str:
    """Whom the promise was made to, escaped; 'la otra parte' when nobody is named."""
    return fmt.escape(promise.counterpart) if promise.counterpart else t(lang, "the_other_side")


def notify_button(promise: Promise, lang: str, fmt: Formatter) -> Button | None:
    """The one-click toggle of telling the counterpart person, when the counterpart is one."""
    if promise.counterpart_id is None or promise.counterpart_id == promise.owner_id:
        return None
    name = promise.counterpart or ""
    name = name if len(name) <= 30 else name[:29] + "…"
    if promise.notify_counterpart:
        return Button(t(lang, "btn_notify_off", who=name), ACTION_NOTIFY_OFF, str(promise.id))
    return Button(t(lang, "btn_notify_on", who=name), ACTION_NOTIFY_ON, str(promise.id))


def tighten_buttons(promise: Promise, choices: Sequence[Choice], lang: str) -> tuple[Button, ...]:
    """One button per concrete moment a loose deadline can be pinned to."""
    verb = "fijar" if lang == "es" else "tighten"
    return tuple(
        Button(
            c.label,
            f"{ACTION_TIGHTEN}.{n}",
            f"{promise.id}|{c.at.isoformat()}|1",
            command=f"{verb} {promise.number} {c.phrase}",
        )
        for n, c in enumerate(choices, 1)
    )


def capture_buttons(
    task: str,
    choices: Sequence[Choice],
    lang: str,
    counterpart: str | None,
    counterpart_id: int | None,
) -> tuple[Button, ...]:
    """One button per concrete moment a promise with no usable date can be recorded for."""
    draft = {
        "task": task[:MAX_BUTTON_TASK],
        "lang": lang,
        "who": (counterpart or "")[:200] or None,
        "pid": counterpart_id,
    }
    buttons = []
    for n, c in enumerate(choices, 1):
        value = json.dumps({**draft, "due": c.at.isoformat()}, ensure_ascii=False)
        buttons.append(
            Button(c.label, f"{ACTION_CAPTURE_AT}.{n}", value, command=f"{task} {c.phrase}")
        )
    return tuple(buttons)


def kept(promise: Promise, lang: str, fmt: Formatter, follow_up_days: int) -> tuple[str, ...]:
    """The lines added when a promise is kept: the counterpart being told, a follow-up offer."""
    lines = []
    if promise.notify_counterpart and promise.counterpart_id not in (None, promise.owner_id):
        lines.append(t(lang, "kept_telling", who=who(promise, lang, fmt)))
    if promise.counterpart and promise.follow_up_of is None:
        lines.append(t(lang, "follow_up_offer", days=follow_up_days, who=who(promise, lang, fmt)))
    return tuple(lines)


def follow_up_button(promise: Promise, lang: str) -> Button:
    return Button(t(lang, "btn_follow_up"), ACTION_FOLLOW_UP, str(promise.id), "primary")


def moved(
    promise: Promise,
    event: PromiseEvent,
    reader: Person,
    lang: str,
    now: datetime,
    fmt: Formatter,
) -> Message:
    """Confirmation of a new date: in time or late, the first deadline, and telling them."""
    details = []
    if event.reason:
        details.append(t(lang, "rescheduled_reason", reason=fmt.escape(event.reason)))
    if event.renegotiated_in_time:
        details.append(t(lang, "moved_in_time"))
    else:
        was = when(event.due_before or promise.due, reader.timezone, lang, now=now)
        details.append(t(lang, "moved_late", was=was))
    if promise.original_due != promise.due:
        original = when(promise.original_due, reader.timezone, lang, now=now)
        details.append(t(lang, "moved_original", when=original))
    if promise.notify_counterpart and promise.counterpart_id not in (None, promise.owner_id):
        details.append(t(lang, "moved_telling", who=who(promise, lang, fmt)))
    elif promise.counterpart:
        details.append(t(lang, "moved_tell", who=who(promise, lang, fmt), number=promise.number))
    return Message(
        text=t(
            lang,
            "rescheduled",
            task=task_text(promise, fmt),
            when=deadline(promise, reader, lang, now),
        ),
        details=tuple(details),
        promise_id=promise.id,
        buttons=promise_buttons(promise, lang),
    )


def to_counterpart(
    promises: Sequence[Promise],
    query: str,
    reader: Person,
    people: dict[int, Person],
    lang: str,
    now: datetime,
    fmt: Formatter,
    silence_days: int,
) -> Message:
    """The open promises made to one counterpart, the reader's numbered, others named."""
    shown = fmt.escape(query)
    if not promises:
        return Message(text=t(lang, "to_list_empty", who=shown))
    names = {who(p, lang, fmt) for p in promises}
    if len(names) == 1:  # one counterpart found: named as the promises name it ('Acme')
        shown = names.pop()
    lines = []
    for p in promises[:MAX_LISTED]:
        values = {
            "number": p.number,
            "task": fmt.escape(p.task),
            "when": deadline(p, reader, lang, now),
            "who": who(p, lang, fmt),
        }
        if p.owner_id == reader.id:
            line = t(lang, "to_list_line", **values)
        else:
            owner = people.get(p.owner_id)
            name = fmt.person(owner) if owner else f"#{p.owner_id}"
            line = t(lang, "to_list_other", owner=name, **values)
        if p.is_overdue(now):
            line += " " + t(lang, "list_overdue", left=relative(p.due, now, lang))
        elif silent(p, now, reader.timezone, silence_days):
            line += " · " + t(lang, "to_list_silent", days=silence_days)
        lines.append(line)
    if len(promises) > MAX_LISTED:
        lines.append(t(lang, "digest_more", count=len(promises) - MAX_LISTED))
    return Message(
        text=fmt.bold(t(lang, "to_list_title", who=shown, count=len(promises))),
        details=tuple(lines),
        note=t(lang, "to_list_hint"),
    )


def history(
    promise: Promise,
    events: Sequence[PromiseEvent],
    reader: Person,
    lang: str,
    now: datetime,
    fmt: Formatter,
    origin: Promise | None = None,
) -> Message:
    """Every event of a promise in the reader's words and timezone, each move with its reason."""
    tz = reader.timezone

    def at(moment: datetime | None) -> str:
        return when(moment, tz, lang, now=now) if moment else "—"

    lines = []
    if origin is not None:
        lines.append(
            t(lang, "history_follow_up_of", number=origin.number, task=fmt.escape(origin.task))
        )
    if promise.original_due != promise.due:
        lines.append(
            t(lang, "history_original", original=at(promise.original_due), when=at(promise.due))
        )
    for e in events:
        lines.append(_event_line(e, at, lang, fmt))
    return Message(
        text=fmt.bold(
            t(lang, "history_title", number=promise.number, task=fmt.escape(promise.task))
        ),
        details=tuple(lines),
        promise_id=promise.id,
    )


def _event_line(
    e: PromiseEvent, fmt_at: Callable[[datetime | None], str], lang: str, fmt: Formatter
) -> str:
    stamp = fmt_at(e.at)
    if e.kind is EventKind.CREATED:
        return t(lang, "history_created", at=stamp, due=fmt_at(e.due_after))
    if e.kind is EventKind.RESCHEDULED:
        timing = t(lang, "history_in_time" if e.renegotiated_in_time else "history_late")
        reason = fmt.escape(e.reason) if e.reason else t(lang, "history_no_reason")
        return t(
            lang,
            "history_rescheduled",
            at=stamp,
            before=fmt_at(e.due_before),
            after=fmt_at(e.due_after),
            timing=timing,
            reason=reason,
        )
    if e.kind is EventKind.TIGHTENED:
        return t(
            lang,
            "history_tightened",
            at=stamp,
            before=fmt_at(e.due_before),
            after=fmt_at(e.due_after),
        )
    if e.kind is EventKind.COUNTERPART:
        return t(lang, "history_counterpart", at=stamp, who=fmt.escape(e.reason or ""))
    if e.kind is EventKind.NOTIFY:
        return t(lang, "history_notify_on" if e.reason == "on" else "history_notify_off", at=stamp)
    if e.kind is EventKind.FOLLOW_UP:
        return t(lang, "history_follow_up", at=stamp, due=fmt_at(e.due_after))
    return t(lang, f"history_{e.kind.value}", at=stamp)


def history_button(promise: Promise, lang: str) -> Button:
    return Button(t(lang, "btn_history"), ACTION_HISTORY, str(promise.id))
