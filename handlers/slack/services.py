"""What every Slack listener shares: the app, the Web API client, people and languages."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import lang_of
from bot.messages import Message
from bot.model import Person, Promise
from handlers.slack import ids
from handlers.slack.blocks import fallback, message_blocks
from handlers.slack.formatter import SlackFormatter
from handlers.slack.messenger import SlackMessenger, split_ref

if TYPE_CHECKING:
    from app import Prometo

log = logging.getLogger(__name__)


@dataclass
class Services:
    app: Prometo
    client: WebClient
    fmt: SlackFormatter
    messenger: SlackMessenger

    def person(self, team_id: str, user_id: str) -> Person:
        """The Slack user as a Person; timezone, language and name from users.info, once."""
        person = self.app.directory.person(ids.PLATFORM, team_id, user_id)
        if person.profile_known:
            return person
        try:
            user = self.client.users_info(user=user_id, include_locale=True)["user"]
        except SlackApiError as exc:
            log.warning("users.info %s failed: %s", user_id, exc.response.get("error"))
            return person
        _apply_profile(person, user)
        self.app.directory.save(person)
        return person

    def is_admin(self, user_id: str) -> bool:
        """Whether a Slack user is a workspace admin or owner, asked live (it changes)."""
        try:
            user = self.client.users_info(user=user_id)["user"]
        except SlackApiError as exc:
            log.warning("users.info %s failed: %s", user_id, exc.response.get("error"))
            return False
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    def permalink(self, channel: str, ts: str) -> str | None:
        """A link to a message (chat.getPermalink), or None when Slack won't give one."""
        try:
            response = self.client.chat_getPermalink(channel=channel, message_ts=ts)
        except SlackApiError as exc:
            log.warning("chat.getPermalink failed: %s", exc.response.get("error"))
            return None
        link = response.get("permalink")
        return str(link) if link else None

    def lang(self, person: Person) -> str:
        """The person's language from their Slack locale."""
        return lang_of(person.locale)

    def record_dm(self, promise: Promise, kind: str, ref: str) -> None:
        """Remember a DM about a promise, so a reaction on it can be traced back."""
        channel, ts = split_ref(ref)
        self.app.store.record_delivery(
            f"p{promise.id}:{kind}:{ts}",
            workspace_id=promise.workspace_id,
            promise_id=promise.id,
            kind=kind,
            channel=channel,
            message_ref=ts,
            now=self.app.clock.now(),
        )


def _apply_profile(person: Person, user: dict[str, Any]) -> None:
    tz = user.get("tz")
    if isinstance(tz, str) and tz:
        try:
            ZoneInfo(tz)
            person.timezone = tz
        except (ZoneInfoNotFoundError, ValueError):
            log.info(
                "unknown timezone %r for %s; keeping %s", tz, person.external_id, person.timezone
            )
    locale = user.get("locale")
    if isinstance(locale, str) and locale:
        person.locale = locale
    profile = user.get("profile") or {}
    name = profile.get("display_name") or user.get("real_name") or user.get("name")
    if name:
        person.name = str(name)[:200]
    person.active = not user.get("deleted", False)
    person.profile_known = True


def team_of(body: dict[str, Any]) -> str:
    """The workspace id of any Slack payload."""
    team = body.get("team")
    if isinstance(team, dict) and team.get("id"):
        return str(team["id"])
    if body.get("team_id"):
        return str(body["team_id"])
    user = body.get("user")
    if isinstance(user, dict) and user.get("team_id"):
        return str(user["team_id"])
    raise ValueError("payload without a team id")


def user_of(body: dict[str, Any]) -> str:
    """The acting user's id of any Slack payload."""
    user = body.get("user")
    if isinstance(user, dict):
        return str(user["id"])
    if body.get("user_id"):
        return str(body["user_id"])
    raise ValueError("payload without a user id")


def picked_deadline(day: str | None, clock: str | None, person: Person) -> tuple[datetime, bool]:
    """A picker's 'YYYY-MM-DD' and optional 'HH:MM' as an aware deadline in the person's zone.

    With no time, the deadline is the end of the person's working day. Raises ValueError.
    """
    if not day:
        raise ValueError("no date")
    local_day = date.fromisoformat(day)
    at = time.fromisoformat(clock) if clock else person.work_hours.end
    return datetime.combine(local_day, at, tzinfo=ZoneInfo(person.timezone)), bool(clock)


def response_text(reply_message: Message) -> dict[str, Any]:
    """Keyword arguments for respond()/chat calls that show a neutral message."""
    return {"text": fallback(reply_message), "blocks": message_blocks(reply_message)}


def json_object(value: object) -> dict[str, Any]:
    """A JSON object from a button value or view metadata; {} for anything else (tampering)."""
    try:
        data = json.loads(str(value or "{}"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
