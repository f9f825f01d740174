"""Block Kit: the core's neutral Messages, the App Home, the pickers and the modals.

Everything user-typed reaches these functions already escaped by the SlackFormatter, except
plain_text fields (modal inputs), which Slack never reads as markup.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from babel.dates import format_timedelta

from bot import ledger
from bot.i18n import relative, t
from bot.messages import Button, Formatter, Message, deadline, task_text
from bot.model import Person, Promise
from handlers.slack import ids

Block = dict[str, Any]
SECTION_LIMIT = 3000
HOME_LIMIT = 100
HOME_OPEN_SHOWN = 40


def _cap(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str, limit: int = 75) -> dict[str, Any]:
    return {"type": "plain_text", "text": _cap(text, limit), "emoji": True}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cap(text)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cap(text)}]}


def button(b: Button) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": _plain(b.label),
        "action_id": b.action,
        "value": b.value,
    }
    if b.style in ("primary", "danger"):
        element["style"] = b.style
    return element


def message_blocks(message: Message) -> list[Block]:
    """A neutral Message as blocks: text, details, note, then its buttons."""
    blocks = [_section(message.text)]
    if message.details:
        blocks.append(_section("\n".join(message.details)))
    if message.note:
        blocks.append(_context(message.note))
    if message.buttons:
        block_id = f"promise_{message.promise_id}" if message.promise_id else "buttons"
        blocks.append(
            {
                "type": "actions",
                "block_id": block_id,
                "elements": [button(b) for b in message.buttons],
            }
        )
    return blocks


def fallback(message: Message) -> str:
    """The notification text of a message (shown where blocks are not)."""
    return _cap(message.plain())


def picker_blocks(
    message: Message,
    task: str,
    lang: str,
    counterpart: str | None = None,
    counterpart_id: int | None = None,
) -> list[Block]:
    """The question for a promise without a usable date, with date and time pickers to answer
    (below the concrete choices the message's buttons offer)."""
    draft = {
        "task": task[:900],
        "lang": lang,
        "who": (counterpart or "")[:200] or None,
        "pid": counterpart_id,
    }
    save = Button(t(lang, "slack_modal_save"), ids.PICK_SAVE, json.dumps(draft, ensure_ascii=False))
    return [
        *message_blocks(message),
        _context(t(lang, "slack_pick_prompt")),
        {
            "type": "actions",
            "block_id": ids.PICK_BLOCK,
            "elements": [
                {
                    "type": "datepicker",
                    "action_id": ids.PICK_DATE,
                    "placeholder": _plain(t(lang, "slack_pick_date")),
                },
                {
                    "type": "timepicker",
                    "action_id": ids.PICK_TIME,
                    "placeholder": _plain(t(lang, "slack_pick_time")),
                },
                {**button(save), "style": "primary"},
            ],
        },
    ]


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label, 2000),
        "element": element,
        "optional": optional,
    }


def _modal(callback_id: str, title: str, lang: str, blocks: list[Block], meta: str) -> Block:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": _plain(title, 24),
        "submit": _plain(t(lang, "slack_modal_save"), 24),
        "close": _plain(t(lang, "slack_modal_close"), 24),
        "private_metadata": meta,
        "blocks": blocks,
    }


def _date_inputs(lang: str, day: date | None, clock: str | None) -> list[Block]:
    date_element: dict[str, Any] = {"type": "datepicker", "action_id": ids.DATE_INPUT}
    if day is not None:
        date_element["initial_date"] = day.isoformat()
    time_element: dict[str, Any] = {"type": "timepicker", "action_id": ids.TIME_INPUT}
    if clock is not None:
        time_element["initial_time"] = clock
    time_block = _input(ids.TIME_BLOCK, t(lang, "slack_field_time"), time_element, optional=True)
    time_block["hint"] = _plain(t(lang, "slack_field_time_hint"), 2000)
    return [_input(ids.DATE_BLOCK, t(lang, "slack_field_date"), date_element), time_block]


def capture_modal(
    lang: str, task: str, owner: str, day: date | None, clock: str | None, meta: str
) -> Block:
    """The modal of the message shortcut: task, owner, date and time, all editable."""
    task_element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.TASK_INPUT,
        "multiline": True,
        "max_length": 1000,
    }
    if task.strip():
        task_element["initial_value"] = task[:1000]
    owner_element = {"type": "users_select", "action_id": ids.OWNER_INPUT, "initial_user": owner}
    blocks = [
        _input(ids.TASK_BLOCK, t(lang, "slack_field_task"), task_element),
        _input(ids.OWNER_BLOCK, t(lang, "slack_field_owner"), owner_element),
        *_date_inputs(lang, day, clock),
    ]
    return _modal(ids.VIEW_CAPTURE, t(lang, "slack_modal_capture"), lang, blocks, meta)


def reschedule_modal(
    lang: str, summary: str, day: date | None, clock: str | None, meta: str
) -> Block:
    """The modal behind a 'Nueva fecha' button: the promise, a new date and time, a reason."""
    reason = {
        "type": "plain_text_input",
        "action_id": ids.REASON_INPUT,
        "max_length": 500,
    }
    reason_block = _input(ids.REASON_BLOCK, t(lang, "slack_field_reason"), reason)
    reason_block["hint"] = _plain(t(lang, "slack_field_reason_hint"), 2000)
    blocks = [_section(summary), *_date_inputs(lang, day, clock), reason_block]
    return _modal(ids.VIEW_RESCHEDULE, t(lang, "slack_modal_reschedule"), lang, blocks, meta)


def history_modal(message: Message, lang: str) -> Block:
    """A promise's history (a neutral message) in a modal with only a close button."""
    return {
        "type": "modal",
        "callback_id": ids.VIEW_HISTORY,
        "title": _plain(t(lang, "slack_modal_history"), 24),
        "close": _plain(t(lang, "slack_modal_close"), 24),
        "blocks": message_blocks(message)[:100],
    }


def home_view(
    open_promises: Sequence[Promise],
    kept: Sequence[Promise],
    reader: Person,
    lang: str,
    now: datetime,
    fmt: Formatter,
    *,
    counterparts: Sequence[tuple[str, int | None]] = (),
    chosen: str | None = None,
    to_counterpart: Message | None = None,
) -> Block:
    """The App Home: open promises by deadline (overdue first, marked), then recently kept.

    `counterparts` fill the "See promises to…" filter (`chosen` is the selected option's
    value); `to_counterpart` is that filter's answer, shown first.
    """
    ordered = sorted(open_promises, key=lambda p: (p.due, p.id))
    blocks: list[Block] = [{"type": "header", "text": _plain(t(lang, "slack_home_title"), 150)}]
    if counterparts:
        blocks.append(_filter(counterparts, chosen, lang))
    if to_counterpart is not None:
        blocks.extend(message_blocks(to_counterpart))
        blocks.append({"type": "divider"})
    blocks.append(_section(fmt.bold(t(lang, "slack_home_open", count=len(ordered)))))
    if not ordered:
        blocks.append(_section(t(lang, "slack_home_empty")))
    for promise in ordered[:HOME_OPEN_SHOWN]:
        values = {
            "task": task_text(promise, fmt),
            "when": deadline(promise, reader, lang, now),
            "number": promise.number,
        }
        if promise.is_overdue(now):
            text = t(lang, "slack_home_overdue", left=relative(promise.due, now, lang), **values)
        else:
            text = t(lang, "slack_home_line", **values)
        if promise.counterpart:
            text += " · " + t(lang, "slack_home_with", who=fmt.escape(promise.counterpart))
        if promise.source_link:
            text += " · " + fmt.link(promise.source_link, t(lang, "slack_home_source"))
        blocks.append(_section(text))
        value = str(promise.id)
        row = [
            Button(t(lang, "btn_done"), ids.DONE, value, "primary"),
            Button(t(lang, "btn_reschedule"), ids.RESCHEDULE, value),
            Button(t(lang, "btn_cancel"), ids.CANCEL, value, "danger"),
            ledger.history_button(promise, lang),
        ]
        toggle = ledger.notify_button(promise, lang, fmt)
        if toggle is not None:
            row.append(toggle)
        blocks.append(
            {
                "type": "actions",
                "block_id": f"home_{promise.id}",
                "elements": [button(b) for b in row],
            }
        )
    if len(ordered) > HOME_OPEN_SHOWN:
        blocks.append(_context(t(lang, "slack_home_more", count=len(ordered) - HOME_OPEN_SHOWN)))
    if kept:
        lines = [
            t(
                lang,
                "slack_home_kept_line",
                task=task_text(p, fmt),
                timing=_timing(p, lang),
            )
            for p in kept
        ]
        blocks.append({"type": "divider"})
        blocks.append(_section(fmt.bold(t(lang, "slack_home_kept"))))
        blocks.append(_section("\n".join(lines)))
    return {"type": "home", "blocks": blocks[:HOME_LIMIT]}


def filter_value(name: str, person_id: int | None) -> str:
    """An option's value in the home filter: a person by id, else the name's first words."""
    return f"u:{person_id}" if person_id is not None else "t:" + name[:140]


def _filter(counterparts: Sequence[tuple[str, int | None]], chosen: str | None, lang: str) -> Block:
    options = [
        {"text": _plain(name), "value": filter_value(name, person_id)}
        for name, person_id in counterparts[:100]
    ]
    select: dict[str, Any] = {
        "type": "static_select",
        "action_id": ids.HOME_FILTER,
        "placeholder": _plain(t(lang, "slack_home_filter")),
        "options": options,
    }
    picked = next((o for o in options if o["value"] == chosen), None)
    if picked is not None:
        select["initial_option"] = picked
    elements = [select]
    if chosen is not None:
        clear = Button(t(lang, "slack_home_filter_clear"), ids.HOME_FILTER_CLEAR, "clear")
        elements.append(button(clear))
    return {"type": "actions", "block_id": ids.HOME_FILTER_BLOCK, "elements": elements}


def _timing(promise: Promise, lang: str) -> str:
    if promise.kept_on_time() or promise.completed_at is None:
        return t(lang, "done_on_time")
    late = format_timedelta(promise.completed_at - promise.due, threshold=1.0, locale=lang)
    return t(lang, "done_late", late=late)
