"""Adaptive Cards: the core's neutral Messages, the forms, and the "mis promesas" card.

Every button is an Action.Execute whose data carries the core's action id and value, so any
action the core gains works in Teams without Teams code: the click comes back as an invoke
that `handlers.teams.actions` routes to the core, and its answer replaces the card in place.
Text a person typed arrives already escaped by the TeamsFormatter.
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from microsoft_teams.cards import (
    ActionSet,
    AdaptiveCard,
    Choice,
    ChoiceSetInput,
    Container,
    DateInput,
    ExecuteAction,
    Image,
    Mention,
    MentionedEntity,
    RefreshDefinition,
    SubmitAction,
    TeamsCardProperties,
    TextBlock,
    TextInput,
    TimeInput,
)

from bot.i18n import relative, t, when
from bot.messages import Button, Formatter, Message, deadline, task_text
from bot.model import Person, Promise
from handlers.teams import ids
from handlers.teams.formatter import MENTION, plain

log = logging.getLogger(__name__)
LIST_SHOWN = 15  # promises with buttons on the list card: a card stays well under 28 KB
# A picture travels inside the card as a data: URI, and Teams refuses a message over 28 KB:
# a bigger one is left out (the message's text says what the picture shows).
MAX_INLINE_IMAGE = 20_000
# a code span of the core's wording: '`' … '`' on one line; a backslash escapes what follows
# it, so a user's '\`' (escaped by the formatter) never opens or closes one
_CODE = re.compile(r"(\\.)|`((?:\\.|[^`\\\n])+)`")
_COMMAND = re.compile(r"^/(prometo|promise)\b")
_STYLES = {"primary": "positive", "danger": "destructive"}


def teams_text(text: str) -> str:
    """Core wording for Teams: commands are typed without '/', code spans become bold."""
    return _CODE.sub(_code, text)


def _code(match: re.Match[str]) -> str:
    if match.group(1):  # an escaped character stays as it is
        return match.group(1)
    return "**" + _COMMAND.sub(r"\1", match.group(2), count=1) + "**"


def _block(text: str, **style: Any) -> TextBlock:
    return TextBlock(text=teams_text(text), wrap=True, **style)


def action(
    label: str, data: dict[str, Any], style: str | None = None, *, inputs: bool = True
) -> ExecuteAction:
    """A button: an Action.Execute that sends `data` (with the card's inputs) back to us.

    Without `inputs` it sends none, and Teams does not check the required ones first."""
    button = ExecuteAction(title=label[:60], data=data, verb=str(data.get("action") or ""))
    if not inputs:
        button.associated_inputs = "none"
    if style in ("positive", "destructive"):
        button.style = style  # type: ignore[assignment]
    return button


def button_action(button: Button, origin: str | None = None) -> ExecuteAction:
    data: dict[str, Any] = {"action": button.action, "value": button.value}
    if origin:
        data["from"] = origin
    return action(button.label, data, _STYLES.get(button.style or ""))


def card(body: list[Any], actions: Sequence[ExecuteAction] = (), **extra: Any) -> AdaptiveCard:
    """A card of `body` (and buttons), with its mention tokens made real Teams mentions."""
    if actions:
        body = [*body, ActionSet(actions=list(actions))]
    result = AdaptiveCard(body=body, **extra)
    return with_mentions(result)


def message_card(message: Message, origin: str | None = None) -> AdaptiveCard:
    """A neutral Message as a card: text, details, note, an image if any, its buttons."""
    body: list[Any] = [_block(message.text)]
    body.extend(_block(line, spacing="Small") for line in message.details)
    image = _image(getattr(message, "image", None))
    if image is not None:
        body.append(image)
    if message.note:
        body.append(_block(message.note, is_subtle=True, size="Small"))
    return card(body, [button_action(b, origin) for b in message.buttons])


def _image(image: object) -> Image | None:
    """A Message image (PNG bytes, an object with `data` bytes, or an https URL) as an Image."""
    if isinstance(image, bytes | bytearray):
        url = "data:image/png;base64," + base64.b64encode(bytes(image)).decode()
    elif isinstance(image, str) and image.startswith("https://"):
        url = image
    else:
        url = getattr(image, "url", None) or ""
        data = getattr(image, "data", None)
        if isinstance(data, bytes | bytearray):
            url = "data:image/png;base64," + base64.b64encode(bytes(data)).decode()
        if not url:
            return None
    if len(url) > MAX_INLINE_IMAGE:
        log.info("a %d-character picture left out of a Teams card (too big)", len(url))
        return None
    alt = str(getattr(image, "alt", "") or getattr(image, "alt_text", "") or "")
    return Image(url=url, alt_text=alt[:200] or None, size="Stretch")


def with_mentions(result: AdaptiveCard) -> AdaptiveCard:
    """Turn '<at id="…">name</at>' tokens into '<at>name</at>' plus msteams mention entities."""
    found: dict[str, Mention] = {}

    def visit(node: Any) -> None:
        if isinstance(node, TextBlock) and node.text and "<at id=" in node.text:
            node.text = MENTION.sub(lambda m: _mention(m, found), node.text)
        for child in (getattr(node, "items", None) or []) + (getattr(node, "body", None) or []):
            visit(child)

    visit(result)
    if found:
        result.msteams = TeamsCardProperties(entities=list(found.values()))
    return result


def _mention(match: re.Match[str], found: dict[str, Mention]) -> str:
    person, name = match.group(1), match.group(2)
    text = f"<at>{name}</at>"  # as the card shows it: escaped, as the text around it
    shown = plain(name) or None  # the entity's name is data, not Markdown: as typed
    found.setdefault(text, Mention(text=text, mentioned=MentionedEntity(id=person, name=shown)))
    return text


def picker_card(
    message: Message,
    task: str,
    lang: str,
    who: str | None = None,
    person_id: int | None = None,
) -> AdaptiveCard:
    """The question for a promise with no usable date: the concrete moments the core offers
    (a button each), then date and time inputs to pick another. `who` (and the workspace
    person `person_id`) is whom it was promised to, kept when it is saved."""
    body: list[Any] = [_block(message.text)]
    body.extend(_block(line, spacing="Small") for line in message.details)
    if message.buttons:
        body.append(ActionSet(actions=[button_action(b) for b in message.buttons]))
    body.append(_block(t(lang, "teams_pick_prompt"), is_subtle=True))
    body.extend(_date_inputs(lang, None, None))
    data: dict[str, Any] = {"action": ids.CAPTURE_SAVE, "task": task[:900], "lang": lang}
    if who:
        data["who"] = who[:200]
    if person_id is not None:
        data["pid"] = person_id
    return card(body, [action(t(lang, "teams_form_save"), data, "positive")])


def _date_inputs(lang: str, day: date | None, clock: str | None) -> list[Any]:
    return [
        DateInput(
            id=ids.FIELD_DATE,
            label=t(lang, "teams_form_date"),
            value=day.isoformat() if day else None,
        ),
        TimeInput(id=ids.FIELD_TIME, label=t(lang, "teams_form_time"), value=clock),
    ]


def reschedule_card(
    promise: Promise,
    reader: Person,
    lang: str,
    fmt: Formatter,
    day: date,
    clock: str | None,
    origin: str | None,
    error: str | None = None,
    *,
    intro: str | None = None,
) -> AdaptiveCard:
    """A new date for a promise, asked in place of the card whose button was pressed; the
    reason is required, as every new date needs one."""
    title = t(lang, "teams_form_reschedule", task=task_text(promise, fmt))
    body: list[Any] = [_block(intro)] if intro else []
    body.extend([_block(title), _block(deadline(promise, reader, lang), is_subtle=True)])
    if error:
        body.append(_block(error, color="Attention"))
    body.extend(_date_inputs(lang, day, clock))
    body.append(
        TextInput(
            id=ids.FIELD_REASON,
            label=t(lang, "teams_form_reason"),
            max_length=500,
            is_required=True,
            error_message=t(lang, "teams_reason_needed"),
        )
    )
    data: dict[str, Any] = {"value": str(promise.id)}
    if origin:
        data["from"] = origin
    return card(
        body,
        [
            action(t(lang, "teams_form_save"), {"action": ids.RESCHEDULE_SAVE, **data}, "positive"),
            action(t(lang, "teams_form_back"), {"action": ids.BACK, **data}, inputs=False),
        ],
    )


def capture_form(
    lang: str,
    task: str,
    author: tuple[str, str] | None,
    day: date | None,
    clock: str | None,
    data: dict[str, Any],
    error: str | None = None,
) -> AdaptiveCard:
    """The message action's form: task, who promised (author or me), date and time."""
    body: list[Any] = []
    if error:
        body.append(_block(error, color="Attention"))
    body.append(
        TextInput(
            id=ids.FIELD_TASK,
            label=t(lang, "teams_form_task"),
            value=task[:1000] or None,
            is_multiline=True,
            max_length=1000,
            is_required=True,
            error_message=t(lang, "teams_need_task"),
        )
    )
    choices = [Choice(title=t(lang, "teams_form_me"), value=ids.OWNER_ME)]
    if author is not None:
        choices.insert(0, Choice(title=author[1][:100] or "?", value=ids.OWNER_AUTHOR))
    body.append(
        ChoiceSetInput(
            id=ids.FIELD_OWNER,
            label=t(lang, "teams_form_owner"),
            choices=choices,
            value=choices[0].value,
            style="expanded",
        )
    )
    body.extend(_date_inputs(lang, day, clock))
    save = SubmitAction(title=t(lang, "teams_form_save"), data=data)  # dialogs take Submit
    return AdaptiveCard(body=[*body, ActionSet(actions=[save])])


def list_card(
    open_promises: Sequence[Promise],
    kept: Sequence[Promise],
    reader: Person,
    lang: str,
    now: datetime,
    fmt: Formatter,
    user_id: str | None,
    note: str | None = None,
    *,
    counterparts: Sequence[tuple[str, str]] = (),
    chosen: str | None = None,
    to_counterpart: Message | None = None,
) -> AdaptiveCard:
    """'Mis promesas': open ones by deadline (overdue first) with buttons, recently kept.

    It refreshes itself when its owner looks at it (Teams' card refresh) and on 'Actualizar'.
    With `counterparts` ((name, value) pairs) it has a 'Ver promesas a…' menu, as Slack's
    App Home; `to_counterpart` is the team's open promises to the one `chosen`, shown first.
    """
    ordered = sorted(open_promises, key=lambda p: (p.due, p.id))
    body: list[Any] = []
    if note:
        body.append(Container(items=[_block(note)], style="emphasis"))
    if counterparts:
        body.append(
            ChoiceSetInput(
                id=ids.FIELD_COUNTERPART,
                choices=[Choice(title=name[:100], value=value) for name, value in counterparts],
                value=chosen,
                placeholder=t(lang, "teams_list_filter"),
                style="compact",
            )
        )
        show = action(t(lang, "teams_list_filter_show"), {"action": ids.LIST})
        body.append(ActionSet(actions=[show]))
    if to_counterpart is not None:
        found: list[Any] = [_block(to_counterpart.text, weight="Bolder")]
        found.extend(_block(line, spacing="Small") for line in to_counterpart.details)
        body.append(Container(items=found, style="accent"))
    body.append(
        _block(t(lang, "teams_list_title", count=len(ordered)), size="Medium", weight="Bolder")
    )
    if not ordered:
        body.append(_block(t(lang, "teams_list_empty")))
    for promise in ordered[:LIST_SHOWN]:
        values = {
            "number": promise.number,
            "task": task_text(promise, fmt),
            "when": deadline(promise, reader, lang, now),
        }
        if promise.is_overdue(now):
            text = t(lang, "teams_list_overdue", left=relative(promise.due, now, lang), **values)
        else:
            text = t(lang, "teams_list_line", **values)
        value = str(promise.id)
        buttons = [
            Button(t(lang, "btn_done"), ids.DONE, value, "primary"),
            Button(t(lang, "btn_reschedule"), ids.RESCHEDULE, value),
            Button(t(lang, "btn_cancel"), ids.CANCEL, value, "danger"),
        ]
        body.append(
            Container(
                separator=True,
                items=[
                    _block(text),
                    ActionSet(actions=[button_action(b, ids.FROM_LIST) for b in buttons]),
                ],
            )
        )
    if len(ordered) > LIST_SHOWN:
        body.append(_block(t(lang, "teams_list_more", count=len(ordered) - LIST_SHOWN)))
    if kept:
        lines = "\n".join(f"- ✅ {task_text(p, fmt)}" for p in kept)
        body.append(_block(t(lang, "teams_list_kept"), weight="Bolder", separator=True))
        body.append(_block(lines))
    updated = when(now, reader.timezone, lang, now=now)
    body.append(_block(t(lang, "teams_list_updated", when=updated), is_subtle=True, size="Small"))
    refresh_data = {"action": ids.LIST}
    extra: dict[str, Any] = {}
    if user_id:
        extra["refresh"] = RefreshDefinition(
            action=ExecuteAction(verb=ids.LIST, data=refresh_data), user_ids=[user_id]
        )
    return card(body, [action(t(lang, "teams_refresh"), refresh_data)], **extra)


def note_card(text: str) -> AdaptiveCard:
    """A one-line card (answers that need no buttons)."""
    return card([_block(text)])
