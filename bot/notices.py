"""What chasing says: the reminder DM, the overdue DM, the team-channel post, the channel hint.

Each is a platform-neutral Message; user text goes through the platform's Formatter.
"""

from __future__ import annotations

from datetime import datetime

from bot.i18n import relative, t, when
from bot.messages import (
    ACTION_CHECK_IN,
    ACTION_DONE,
    ACTION_NOT_YET,
    ACTION_OFF_TRACK,
    ACTION_ON_TRACK,
    ACTION_RESCHEDULE,
    Button,
    Formatter,
    Message,
    task_text,
)
from bot.model import Person, Promise


def reminder(promise: Promise, owner: Person, now: datetime, fmt: Formatter) -> Message:
    """The DM before a deadline: the promise, the deadline in words, the time left, 3 buttons."""
    lang = promise.lang
    value = str(promise.id)
    details = []
    if promise.counterpart:
        details.append(t(lang, "chase_counterpart", who=fmt.escape(promise.counterpart)))
    return Message(
        text=t(
            lang,
            "chase_reminder",
            task=task_text(promise, fmt),
            when=when(promise.due, owner.timezone, lang, now=now),
            left=relative(promise.due, now, lang),
        ),
        details=tuple(details),
        note=t(lang, "chase_reminder_note", number=promise.number),
        promise_id=promise.id,
        buttons=(
            Button(t(lang, "btn_done"), ACTION_DONE, value, "primary"),
            Button(t(lang, "btn_reschedule"), ACTION_RESCHEDULE, value),
            Button(t(lang, "btn_check_in"), ACTION_CHECK_IN, value),
        ),
    )


def overdue(promise: Promise, owner: Person, now: datetime, fmt: Formatter) -> Message:
    """The DM at the deadline of an open promise: Cumplida / Nueva fecha."""
    lang = promise.lang
    value = str(promise.id)
    return Message(
        text=t(
            lang,
            "chase_overdue",
            task=task_text(promise, fmt),
            when=when(promise.due, owner.timezone, lang, now=now),
            left=relative(promise.due, now, lang),
        ),
        note=t(lang, "chase_overdue_note", number=promise.number),
        promise_id=promise.id,
        buttons=(
            Button(t(lang, "btn_done"), ACTION_DONE, value, "primary"),
            Button(t(lang, "btn_reschedule"), ACTION_RESCHEDULE, value),
        ),
    )


def team_post(
    promise: Promise, owner: Person, tz: str, lang: str, now: datetime, fmt: Formatter
) -> Message:
    """The team-channel post about an overdue promise, naming its owner; no buttons."""
    return Message(
        text=t(
            lang,
            "chase_team",
            owner=fmt.person(owner),
            task=task_text(promise, fmt),
            when=when(promise.due, tz, lang, now=now),
            left=relative(promise.due, now, lang),
        ),
        promise_id=promise.id,
    )


def channel_hint(lang: str) -> Message:
    """Told once to the installer of a workspace with no team channel."""
    return Message(text=t(lang, "chase_channel_hint"))


def ask(promise: Promise, owner: Person, now: datetime, fmt: Formatter) -> Message:
    """ "¿Llegas?", the working day before the deadline: Sí / No (renegotiate now) / Cumplida.

    It is that day's reminder too: the promise, the deadline in words, the time left."""
    lang = promise.lang
    value = str(promise.id)
    details = []
    if promise.counterpart:
        details.append(t(lang, "chase_counterpart", who=fmt.escape(promise.counterpart)))
    return Message(
        text=t(
            lang,
            "chase_ask",
            task=task_text(promise, fmt),
            when=when(promise.due, owner.timezone, lang, now=now),
            left=relative(promise.due, now, lang),
        ),
        details=tuple(details),
        note=t(lang, "chase_ask_note", number=promise.number),
        promise_id=promise.id,
        buttons=(
            Button(t(lang, "btn_on_track"), ACTION_ON_TRACK, value, "primary"),
            Button(t(lang, "btn_off_track"), ACTION_OFF_TRACK, value),
            Button(t(lang, "btn_done"), ACTION_DONE, value),
        ),
    )


def check_in(promise: Promise, owner: Person, now: datetime, fmt: Formatter) -> Message:
    """The mid-way DM of a promise to someone: "¿Le avisaste a Acme que sigues en ello?"."""
    lang = promise.lang
    value = str(promise.id)
    return Message(
        text=t(
            lang,
            "chase_check_in",
            who=fmt.escape(promise.counterpart or t(lang, "the_other_side")),
            task=task_text(promise, fmt),
            when=when(promise.due, owner.timezone, lang, now=now),
            left=relative(promise.due, now, lang),
        ),
        note=t(lang, "chase_check_in_note", number=promise.number),
        promise_id=promise.id,
        buttons=(
            Button(t(lang, "btn_told"), ACTION_CHECK_IN, value, "primary"),
            Button(t(lang, "btn_not_yet"), ACTION_NOT_YET, value),
        ),
    )


def told(
    promise: Promise,
    owner: Person,
    reader: Person,
    lang: str,
    now: datetime,
    fmt: Formatter,
    *,
    kept: bool,
    reason: str | None = None,
) -> Message:
    """What the counterpart person is told: the promise to them was kept, or has a new date."""
    values = {"owner": fmt.person(owner), "task": task_text(promise, fmt)}
    if kept:
        text = t(lang, "told_kept", **values)
        details: tuple[str, ...] = ()
    else:
        text = t(
            lang, "told_moved", when=when(promise.due, reader.timezone, lang, now=now), **values
        )
        details = (t(lang, "told_reason", reason=fmt.escape(reason)),) if reason else ()
    return Message(text=text, details=details, note=t(lang, "told_note", owner=fmt.person(owner)))
