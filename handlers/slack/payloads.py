"""The shape of what Slack posts, checked before Bolt reads it.

Bolt assumes Slack's documented shapes: it raises (and the server would answer 500) on a body
that is not UTF-8, JSON that is not an object, a `user` or `team` that is a list, an `actions`
that is not a list of objects, and so on. Slack never sends those, but a signed request can
carry anything, so `problem()` names what is wrong and the request gets 400 before any
listener runs. Values inside (texts, ids, dates) are the listeners' and the core's to judge.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

# Fields Slack sends as an object, or as an id string (events carry "user": "U123").
_OBJECT_OR_ID = ("user", "team", "enterprise", "channel")
# Fields Slack sends only as objects.
_OBJECTS = ("container", "view", "event", "message", "previous_message", "item", "state")
# Ids and timestamps, which Slack always sends as strings.
_IDS = (
    *("id", "team_id", "user_id", "channel_id", "enterprise_id", "callback_id", "type"),
    *("subtype", "channel_type", "ts", "thread_ts", "event_ts", "message_ts", "action_ts"),
)


def parse(body: bytes, content_type: str) -> tuple[dict[str, Any] | None, str | None]:
    """The payload as Bolt will read it, or None and why it can't be read."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not UTF-8"
    if not text:
        return {}, None
    try:
        if content_type == "application/json" or text.startswith("{"):
            found: Any = json.loads(text)
        elif "payload" in text:
            fields = dict(parse_qsl(text, keep_blank_values=True))
            found = json.loads(fields["payload"]) if "payload" in fields else {}
        else:
            found = dict(parse_qsl(text, keep_blank_values=True))
    except ValueError:
        return None, "not JSON"
    if not isinstance(found, dict):
        return None, "not an object"
    return found, None


# What Prometo listens to, and so needs the workspace and the person of.
_FROM_SOMEONE = ("block_actions", "view_submission", "message_action", "shortcut")


def problem(body: bytes, content_type: str) -> str | None:
    """What makes a request's payload unlike anything Slack sends; None when it looks right."""
    return checked(body, content_type)[1]


def checked(body: bytes, content_type: str) -> tuple[dict[str, Any] | None, str | None]:
    """The payload and None when it looks like what Slack sends; else None and what is wrong."""
    payload, why = parse(body, content_type)
    if payload is None:
        return None, why
    if _has_nul(payload):  # Slack never sends one; PostgreSQL refuses to store it
        return None, "a NUL character"
    why = _object_problem(payload, depth=0) or _whose_problem(payload)
    return (None, why) if why is not None else (payload, None)


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _whose_problem(payload: dict[str, Any]) -> str | None:
    """A command, an interaction or an event that does not say its workspace (or person)."""
    kind = payload.get("type")
    if "command" in payload and kind is None:
        if not all(_id(payload.get(key)) for key in ("command", "team_id", "user_id")):
            return "a command without its command, workspace or person"
    elif kind in _FROM_SOMEONE or kind == "event_callback":
        team = payload.get("team")
        user = payload.get("user")
        found = [team.get("id") if isinstance(team, dict) else team, payload.get("team_id")]
        found.append(user.get("team_id") if isinstance(user, dict) else None)
        if not any(_id(t) for t in found):
            return f"{kind} without its workspace"
    return None


def _id(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _object_problem(payload: dict[str, Any], depth: int) -> str | None:
    for key in _IDS:
        if payload.get(key) is not None and not isinstance(payload[key], str):
            return f"{key} is not a string"
    for key in _OBJECT_OR_ID:
        value = payload.get(key)
        if value is not None and not isinstance(value, dict | str):
            return f"{key} is neither an object nor an id"
    for key in _OBJECTS:
        value = payload.get(key)
        if value is not None and not isinstance(value, dict):
            return f"{key} is not an object"
    authorizations = payload.get("authorizations")
    if authorizations is not None and not _objects(authorizations):
        return "authorizations is not a list of objects"
    actions = payload.get("actions")
    if actions is not None and not (
        _objects(actions) and all(isinstance(a.get("action_id"), str) for a in actions)
    ):
        return "actions is not a list of actions"
    event = payload.get("event")
    if payload.get("type") == "event_callback" and not (
        isinstance(event, dict) and isinstance(event.get("type"), str)
    ):
        return "an event callback without an event"
    kind = payload.get("type")
    if kind == "view_submission" and not isinstance(payload.get("view"), dict):
        return "a view submission without its view"
    if kind == "block_actions" and not payload.get("actions"):
        return "block actions without actions"
    if kind == "message_action" and not isinstance(payload.get("message"), dict):
        return "a message shortcut without its message"
    if kind in ("block_actions", "view_submission", "message_action") and not (
        isinstance(payload.get("user"), dict)
        and _id(payload["user"].get("id"))
        and isinstance(payload.get("team"), dict | None)
    ):
        return "an interaction without its user"
    if depth < 2:  # the objects Bolt and the listeners read into
        for key in ("user", "team", "enterprise", "channel", *_OBJECTS):
            inner = payload.get(key)
            if isinstance(inner, dict) and (found := _object_problem(inner, depth + 1)):
                return f"{key}: {found}"
    return None


def _objects(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)
