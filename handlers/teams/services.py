"""What every Teams listener shares: the app, the loop, people, languages and references.

A Teams person is identified by their Entra object id (`from.aadObjectId`, a GUID that is the
same in every chat); their workspace is their tenant. Each activity refreshes what we know:
their name, language and timezone (Teams' clientInfo entity), and the conversation reference
of where it came from, so chasing can reach them later.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.i18n import lang_of
from bot.model import Person
from bot.ports import DeliveryError
from handlers.teams import ids
from handlers.teams.conversations import Conversation, Conversations
from handlers.teams.formatter import TeamsFormatter
from handlers.teams.messenger import TeamsMessenger, TeamsSender
from handlers.teams.runtime import LoopThread

if TYPE_CHECKING:
    from microsoft_teams.apps import App

    from app import Prometo

log = logging.getLogger(__name__)


class Unidentified(Exception):
    """An activity whose sender we can't tell (no user id)."""


@dataclass
class Services:
    app: Prometo
    sdk: App
    runtime: LoopThread
    conversations: Conversations
    sender: TeamsSender
    messenger: TeamsMessenger

    async def blocking(self, fn: Any, *args: Any) -> Any:
        return await self.runtime.blocking(fn, *args)

    async def person(self, activity: Any) -> Person:
        """The sender of `activity` as a Person, their profile and conversation refreshed."""
        return await self.blocking(self.person_now, activity)

    def person_now(self, activity: Any) -> Person:
        sender = activity.from_
        external = person_id_of(sender)
        tenant = tenant_of(activity)
        person = self.app.directory.person(ids.PLATFORM, tenant, external, name=sender.name)
        if _refresh_profile(person, activity):
            self.app.directory.save(person)
        self.remember(activity, person)
        return person

    def remember(self, activity: Any, person: Person | None) -> Conversation | None:
        """Store the reference of the conversation `activity` came from."""
        conversation = activity.conversation
        service_url = activity.service_url
        if not service_url or conversation is None:
            return None
        now = self.app.clock.now()
        workspace = self.app.directory.workspace(ids.PLATFORM, tenant_of(activity))
        kind = conversation.conversation_type or "personal"
        if kind == "personal" and person is not None:
            return self.conversations.remember_personal(
                workspace_id=workspace.id,
                person_id=person.id,
                service_url=service_url,
                conversation_id=conversation.id,
                tenant_id=tenant_of(activity),
                user_id=activity.from_.id,
                now=now,
            )
        if person is not None:
            # someone we may have to DM later: keep their Teams id even without a 1:1 chat yet
            known = self.conversations.personal(person.id)
            if known is None or not known.user_id:
                self.conversations.remember_personal(
                    workspace_id=workspace.id,
                    person_id=person.id,
                    service_url=service_url,
                    tenant_id=tenant_of(activity),
                    user_id=activity.from_.id,
                    now=now,
                )
        if kind == "channel":
            channel = channel_of(activity)
            if channel:
                name = _channel_name(activity)
                return self.conversations.remember_channel(
                    workspace_id=workspace.id,
                    conversation_id=channel,
                    service_url=service_url,
                    tenant_id=tenant_of(activity),
                    name=name,
                    now=now,
                )
        return None

    async def name_people(self, activity: Any, limit: int) -> None:
        """Write the people @mentioned in a message (other than the bot) as `<@ID>` references.

        A Teams mention carries the person's '29:' id; the roster of the conversation gives
        their Entra object id (our id of a person), so a promise made "a @Beto" is made to
        Beto, who can then be told when it is kept or moved. Their Teams id is kept so a 1:1
        chat can be opened with them. Someone the roster does not know stays a name.
        """
        text = activity.text or ""
        service_url = activity.service_url or self.messenger.service_url
        conversation = str(activity.conversation.id).split(";", 1)[0]
        done: set[str] = set()
        for entity in getattr(activity, "entities", None) or []:
            if len(done) >= limit or getattr(entity, "type", None) != "mention":
                continue
            tag = getattr(entity, "text", None)
            user = getattr(getattr(entity, "mentioned", None), "id", None)
            if not tag or not user or user == activity.recipient.id or tag in done:
                continue
            done.add(tag)
            try:
                member = await self.sender.member(conversation, str(user), service_url)
            except DeliveryError as err:
                log.info("a mentioned person is not in the roster (%s); kept as a name", err.code)
                continue
            aad = getattr(member, "aad_object_id", None)
            if not aad:
                continue
            name = getattr(member, "name", None) or getattr(entity.mentioned, "name", None)
            await self.blocking(self._someone, activity, str(aad), name, str(member.id))
            text = text.replace(tag, f"&lt;@{str(aad)[:64]}&gt;")  # plain_text unescapes it
        activity.text = text

    def _someone(self, activity: Any, aad: str, name: str | None, user_id: str) -> None:
        tenant = tenant_of(activity)
        person = self.app.directory.person(ids.PLATFORM, tenant, aad[:64], name=name)
        if name and not person.name:
            person.name = str(name)[:200]
            self.app.directory.save(person)
        known = self.conversations.personal(person.id)
        if known is None or not known.user_id:
            self.conversations.remember_personal(
                workspace_id=person.workspace_id,
                person_id=person.id,
                service_url=activity.service_url or self.messenger.service_url,
                tenant_id=tenant,
                user_id=user_id,
                now=self.app.clock.now(),
            )

    def first_time(self, activity: Any) -> bool:
        """False when this activity was handled already (Teams sent it again)."""
        conversation = getattr(activity.conversation, "id", "")
        digest = hashlib.sha256(f"{conversation}|{activity.id}".encode()).hexdigest()[:40]
        return self.app.store.first_time(f"teams:{digest}", self.app.clock.now())

    def formatter(self, activity: Any) -> TeamsFormatter:
        """A formatter that knows the channel the activity came from ('canal aquí')."""
        here = None
        channel = channel_of(activity)
        if channel:
            row = self.conversations.by_conversation(channel)
            here = row.key if row else None
        return TeamsFormatter(here=here)

    def lang(self, person: Person) -> str:
        return lang_of(person.locale)


def person_id_of(account: Any) -> str:
    """Our external id of a Teams user: their Entra object id, else a digest of their '29:' id."""
    aad = getattr(account, "aad_object_id", None)
    if aad:
        return str(aad)[:64]
    user = getattr(account, "id", None)
    if not user:
        raise Unidentified("activity without a sender")
    return "mri:" + hashlib.sha256(str(user).encode()).hexdigest()[:40]


def tenant_of(activity: Any) -> str:
    """The Teams tenant an activity came from (our workspace)."""
    tenant = getattr(activity.conversation, "tenant_id", None)
    if not tenant:
        data = _channel_data(activity)
        tenant = (data.get("tenant") or {}).get("id")
    return str(tenant or "unknown")[:64]


def channel_of(activity: Any) -> str | None:
    """The team channel of an activity (its conversation id without ';messageid=…')."""
    data = _channel_data(activity)
    channel = (data.get("channel") or {}).get("id")
    if channel:
        return str(channel)
    conversation = activity.conversation
    if conversation is not None and conversation.conversation_type == "channel":
        return str(conversation.id).split(";", 1)[0]
    return None


def _channel_name(activity: Any) -> str | None:
    data = _channel_data(activity)
    name = (data.get("channel") or {}).get("name")
    return str(name) if name else None


def _channel_data(activity: Any) -> dict[str, Any]:
    data = getattr(activity, "channel_data", None)
    if data is None:
        return {}
    if isinstance(data, dict):
        return data
    dumped = data.model_dump(by_alias=True, exclude_none=True)
    return dumped if isinstance(dumped, dict) else {}


def _refresh_profile(person: Person, activity: Any) -> bool:
    """Take name, language and timezone from the activity; True when something changed."""
    changed = False
    name = getattr(activity.from_, "name", None)
    if name and name != person.name:
        person.name = str(name)[:200]
        changed = True
    locale = getattr(activity, "locale", None)
    timezone = None
    for entity in getattr(activity, "entities", None) or []:
        if getattr(entity, "type", None) == "clientInfo":
            locale = getattr(entity, "locale", None) or locale
            timezone = getattr(entity, "timezone", None)
    if locale and locale != person.locale:
        person.locale = str(locale)[:16]
        changed = True
    if timezone and timezone != person.timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            log.info("unknown timezone %r from Teams; keeping %s", timezone, person.timezone)
        else:
            person.timezone = timezone
            changed = True
    if changed or not person.profile_known:
        person.profile_known = True
        changed = True
    return changed
