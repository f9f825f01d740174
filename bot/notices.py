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
    promised,
    task_text,
)
from bot.model import Person, Promise


def _owner_dm(
    promise: Promise,
    owner: Person,
    now: datetime,
    fmt: Formatter,
    key: str,
    buttons: tuple[tuple[str, str], ...],
    *,
    counterpart: bool = False,
    **values: str,
) -> Message:
    """A DM to the owner about one promise: the text `key` with the task, the deadline in the
    owner's words and the time left, the note `key`_note, and (label key, action) buttons, the
    first one primary. `counterpart` adds whom it was promised to as a detail."""
    lang = promise.lang
    value = str(promise.id)
    details: tuple[str, ...] = ()
    if counterpart and promise.counterpart:
        details = (t(lang, "chase_counterpart", who=fmt.escape(promise.counterpart)),)
    return Message(
        text=t(
            lang,
            promised(key, promise, lang),
            task=task_text(promise, fmt),
            when=when(promise.due, owner.timezone, lang, now=now),
            left=relative(promise.due, now, lang),
            **values,
        ),
        details=details,
        note=t(lang, f"{key}_note", number=promise.number),
        promise_id=promise.id,
        buttons=tuple(
            Button(t(lang, label), action, value, "primary" if i == 0 else None)
            for i, (label, action) in enumerate(buttons)
        ),
    )


def reminder(promise: Promise, owner: Person, now: datetime, fmt: Formatter) -> Message:
    """The DM before a deadline: the promise, the deadline in words, the time left, 3 buttons."""
    buttons = (
        ("btn_done", ACTION_DONE),
        ("btn_reschedule", ACTION_RESCHEDULE),
        ("btn_check_in", ACTION_CHECK_IN),
    )
    return _owner_dm(promise, owner, now, fmt, "chase_reminder", buttons, counterpart=True)


def overdue(promise: Promise, owner: Person, now: datetime, fmt: Formatter) -> Message:
    """The DM at the deadline of an open promise: Cumplida / Nueva fecha."""
    buttons = (("btn_done", ACTION_DONE), ("btn_reschedule", ACTION_RESCHEDULE))
    return _owner_dm(promise, owner, now, fmt, "chase_overdue", buttons)


def team_post(
    promise: Promise, owner: Person, tz: str, lang: str, now: datetime, fmt: Formatter
) -> Message:
    """The team-channel post about an overdue promise, naming its owner; no buttons."""
    return Message(
        text=t(
            lang,
            promised("chase_team", promise, lang),
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
    buttons = (
        ("btn_on_track", ACTION_ON_TRACK),
        ("btn_off_track", ACTION_OFF_TRACK),
        ("btn_done", ACTION_DONE),
    )
    return _owner_dm(promise, owner, now, fmt, "chase_ask", buttons, counterpart=True)


def check_in(promise: Promise, owner: Person, now: datetime, fmt: Formatter) -> Message:
    """The mid-way DM of a promise to someone: "¿Le avisaste a Acme que sigues en ello?"."""
    who = fmt.escape(promise.counterpart or t(promise.lang, "the_other_side"))
    buttons = (("btn_told", ACTION_CHECK_IN), ("btn_not_yet", ACTION_NOT_YET))
    return _owner_dm(promise, owner, now, fmt, "chase_check_in", buttons, who=who)


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
