"""Sending to Teams: an async sender on the loop, and bot.ports.Messenger for the chaser.

A message reference is 'tc<id>:<activity id>': the key of the stored conversation reference
(storage/teams.py) and the id Teams gave the activity, enough to update it in place and to
trace a reaction back to its promise. The SDK does not retry; the sender classifies failures:
HTTP 429 carries Retry-After (the chaser pauses and requeues, never drops), 403 and 404 are
permanent (the app was removed, the user blocked it, the conversation is gone), 5xx, 412 and
network errors are retried. Interactive sends (answers to a person) wait out a 429 here.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
from microsoft_teams.api.activities import MessageActivityInput
from microsoft_teams.api.clients.conversation.params import CreateConversationParams
from microsoft_teams.api.models import Account
from microsoft_teams.cards import AdaptiveCard, TextBlock

from bot.directory import Directory
from bot.messages import Message
from bot.model import Person
from bot.ports import Clock, DeliveryError
from handlers.teams.cards import message_card, teams_text
from handlers.teams.conversations import Conversations
from handlers.teams.formatter import plain
from handlers.teams.runtime import LoopThread

if TYPE_CHECKING:
    from microsoft_teams.apps import App

log = logging.getLogger(__name__)
T = TypeVar("T")

SEND_TIMEOUT = 30.0  # seconds the chaser's thread waits for one send
MAX_WAIT = 30.0  # the longest Retry-After an interactive send waits out
PERMANENT = {400: "bad_request", 403: "forbidden", 404: "conversation_not_found"}


def classify(error: Exception) -> DeliveryError:
    """A Bot Connector failure as a DeliveryError: permanent, or retryable (after Retry-After)."""
    if isinstance(error, DeliveryError):
        return error
    if isinstance(error, httpx.HTTPStatusError):
        response = error.response
        status = response.status_code
        if status == 429:
            wait = retry_after(response.headers.get("retry-after"))
            return DeliveryError("ratelimited", permanent=False, retry_after=wait)
        code = _error_code(response) or PERMANENT.get(status) or f"http_{status}"
        return DeliveryError(code, permanent=status in PERMANENT)
    if isinstance(error, httpx.TransportError | TimeoutError | OSError):
        return DeliveryError("network", permanent=False)
    raise error


def retry_after(header: str | None) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); 1 when absent."""
    if not header:
        return 1.0
    header = header.strip()
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return 1.0
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_code(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return str(code)[:60] if code else None


def activity_for(
    content: Message | AdaptiveCard, summary: str | None = None
) -> MessageActivityInput:
    """A message activity carrying one card, and the plain text a notification shows (its
    summary, shown as it is: the card's Markdown read as a person reads it)."""
    if isinstance(content, Message):
        summary = summary or content.plain()
        content = message_card(content)
    elif summary is None:
        texts = (e.text for e in content.body or [] if isinstance(e, TextBlock) and e.text)
        summary = next(texts, None)
    activity = MessageActivityInput().add_card(content)
    if summary:
        shown = plain(teams_text(summary))
        activity.summary = shown[:200]  # type: ignore[attr-defined]  # an extra the model allows
    return activity


class TeamsSender:
    """Every call to the Bot Connector, on the loop: send, update, open a 1:1, find a member."""

    def __init__(self, sdk: App) -> None:
        self.sdk = sdk

    async def send(
        self,
        conversation_id: str,
        service_url: str,
        activity: MessageActivityInput,
        *,
        patient: bool = True,
    ) -> str:
        """Post `activity`; its id. `patient` waits out rate limits (interactive answers)."""
        sent = await self._call(
            lambda: self.sdk.send(conversation_id, activity, service_url=service_url), patient
        )
        return str(sent.id)

    async def update(
        self,
        conversation_id: str,
        service_url: str,
        activity_id: str,
        activity: MessageActivityInput,
        *,
        patient: bool = True,
    ) -> None:
        """Replace an activity the bot sent earlier."""
        api = self.sdk.api.clone(service_url=service_url)
        activity.id = activity_id
        await self._call(
            lambda: api.conversations.update_activity(conversation_id, activity_id, activity),
            patient,
        )

    async def open_personal(
        self, user_id: str, tenant_id: str | None, service_url: str, *, patient: bool = True
    ) -> str:
        """The 1:1 chat of the bot with `user_id` (a '29:' id), created when needed."""
        api = self.sdk.api.clone(service_url=service_url)
        # isGroup is not a field of the model; it passes as an extra, in camelCase
        params = CreateConversationParams.model_validate(
            {"members": [Account(id=user_id)], "tenantId": tenant_id, "isGroup": False}
        )
        conversation = await self._call(lambda: api.conversations.create(params), patient)
        return str(conversation.id)

    async def member_id(self, conversation_id: str, user: str, service_url: str) -> str:
        """The '29:' id of a member of a conversation, from their Entra object id."""
        member = await self.member(conversation_id, user, service_url)
        return str(member.id)

    async def member(self, conversation_id: str, user: str, service_url: str) -> Any:
        """A member of a conversation (its '29:' id, Entra object id and name), by either id."""
        api = self.sdk.api.clone(service_url=service_url)
        return await self._call(
            lambda: api.conversations.get_member_by_id(conversation_id, user), True
        )

    async def _call(self, factory: Callable[[], Awaitable[T]], patient: bool) -> T:
        attempt = 0
        while True:
            try:
                return await factory()
            except Exception as exc:  # classified below; anything unexpected rises again
                error = classify(exc)
                attempt += 1
                if not patient or error.permanent or attempt >= 4:
                    raise error from exc
                wait = error.retry_after
                if wait is None:
                    wait = random.uniform(0.5, 1.0) * 2 ** (attempt - 1)
                if wait > MAX_WAIT:
                    raise error from exc
                log.info("Teams said %s; retrying in %.1fs", error.code, wait)
                await asyncio.sleep(wait)


class TeamsMessenger:
    """bot.ports.Messenger for Teams: proactive 1:1 messages, channel posts, updates."""

    shows_images = True  # in the card, when small enough (cards.MAX_INLINE_IMAGE)

    def __init__(
        self,
        sender: TeamsSender,
        runtime: LoopThread,
        conversations: Conversations,
        directory: Directory,
        clock: Clock,
        *,
        service_url: str,
        timeout: float = SEND_TIMEOUT,
    ) -> None:
        self.sender = sender
        self.runtime = runtime
        self.conversations = conversations
        self.directory = directory
        self.clock = clock
        self.service_url = service_url
        self.timeout = timeout

    def send_dm(self, person: Person, message: Message) -> str:
        """Send to the person's 1:1 chat (opened when only their Teams id is known)."""
        return self._run(self.send_dm_async(person, message, patient=False))

    def post(self, channel: str, message: Message) -> str:
        """Post to a team channel, a key 'tc<id>' of a stored channel."""
        return self._run(self.post_async(channel, message, patient=False))

    def update(self, ref: str, message: Message) -> None:
        """Replace the card of a message the bot sent ('tc<id>:<activity id>')."""
        self._run(self.update_async(ref, message, patient=False))

    # the same, on the loop --------------------------------------------------------------
    async def send_dm_async(
        self, person: Person, content: Message | AdaptiveCard, *, patient: bool = True
    ) -> str:
        row = await self.runtime.blocking(self.conversations.personal, person.id)
        if row is None or not (row.conversation_id or row.user_id):
            raise DeliveryError("no_conversation", permanent=True)
        conversation_id = row.conversation_id
        if conversation_id is None:
            assert row.user_id is not None
            conversation_id = await self.sender.open_personal(
                row.user_id, row.tenant_id, row.service_url, patient=patient
            )
            row = await self.runtime.blocking(
                lambda: self.conversations.remember_personal(
                    workspace_id=row.workspace_id,
                    person_id=person.id,
                    service_url=row.service_url,
                    conversation_id=conversation_id,
                    now=self.clock.now(),
                )
            )
        if person.dm_channel != row.key:
            person.dm_channel = row.key
            await self.runtime.blocking(self.directory.save, person)
        activity_id = await self.sender.send(
            conversation_id, row.service_url, activity_for(content), patient=patient
        )
        return f"{row.key}:{activity_id}"

    async def post_async(
        self, channel: str, content: Message | AdaptiveCard, *, patient: bool = True
    ) -> str:
        row = await self.runtime.blocking(self.conversations.get, channel)
        if row is None or row.conversation_id is None:
            raise DeliveryError("channel_not_found", permanent=True)
        activity_id = await self.sender.send(
            row.conversation_id, row.service_url, activity_for(content), patient=patient
        )
        return f"{row.key}:{activity_id}"

    async def update_async(
        self, ref: str, content: Message | AdaptiveCard, *, patient: bool = True
    ) -> None:
        key, _, activity_id = ref.partition(":")
        row = await self.runtime.blocking(self.conversations.get, key)
        if row is None or row.conversation_id is None or not activity_id:
            raise DeliveryError("message_not_found", permanent=True)
        await self.sender.update(
            row.conversation_id,
            row.service_url,
            activity_id,
            activity_for(content),
            patient=patient,
        )

    def _run(self, coro: Any) -> Any:
        started = time.monotonic()
        try:
            return self.runtime.run(coro, self.timeout)
        except TimeoutError as exc:
            waited = time.monotonic() - started
            log.warning("Teams send gave no answer in %.0fs; it will be retried", waited)
            raise DeliveryError("timeout", permanent=False) from exc
