"""bot.ports.Messenger for Slack: DMs, channel posts and updates, with errors classified.

A message reference is "channel:ts". Each person's DM channel is cached on the person, so
conversations.open (rate tier 3) is called once per person, not once per message.

With many workspaces each one has its own token: a DM goes through the client of the person's
workspace; a channel post or an update through the client of the workspace the messenger is
bound to (`for_workspace`, the chaser's), else that of the Slack request being served.

A message's picture (bot.messages.Image) is uploaded after the message is posted, to the same
channel, with Slack's files upload v2 flow. The posted message is what was delivered: a failed
upload is logged and dropped, never raised, so the message is neither lost nor sent again.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.directory import Directory
from bot.messages import Image, Message
from bot.model import Person
from bot.ports import DeliveryError
from handlers.slack.blocks import fallback, message_blocks
from handlers.slack.clients import SlackClients

log = logging.getLogger(__name__)

PERMANENT = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "account_inactive",
        "cannot_dm_bot",
        "user_disabled",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "account_deactivated",
        "restricted_action",
        "msg_too_long",
        "invalid_blocks",
    }
)


def classify(exc: SlackApiError) -> DeliveryError:
    """A Web API failure as a DeliveryError: permanent, or retryable (after Retry-After)."""
    response = exc.response
    code = str(response.get("error") or f"http_{response.status_code}")
    retry_after: float | None = None
    if response.status_code == 429:
        code = "ratelimited"
        header = _header(response.headers, "retry-after")
        retry_after = float(header) if header and header.isdigit() else 1.0
    return DeliveryError(code, permanent=code in PERMANENT, retry_after=retry_after)


def _header(headers: object, name: str) -> str | None:
    if not isinstance(headers, dict):
        return None
    for key, value in headers.items():
        if str(key).lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return None


def split_ref(ref: str) -> tuple[str, str]:
    """'D123:1700000000.000100' as (channel, ts)."""
    channel, sep, ts = ref.partition(":")
    if not sep or not channel or not ts:
        raise ValueError(f"not a Slack message reference: {ref!r}")
    return channel, ts


class SlackMessenger:
    def __init__(
        self,
        clients: SlackClients | WebClient,
        directory: Directory,
        *,
        workspace_id: int | None = None,
    ) -> None:
        self.clients = (
            clients if isinstance(clients, SlackClients) else SlackClients.around(clients)
        )
        self.directory = directory
        self.workspace_id = workspace_id

    @property
    def client(self) -> WebClient:
        """The client for posts and updates: the bound workspace's, else the request's."""
        if self.workspace_id is not None:
            return self.clients.for_workspace(self.workspace_id)
        return self.clients.current()

    def for_workspace(self, workspace_id: int) -> SlackMessenger:
        """This messenger, sending with one workspace's token (the chaser's, per delivery)."""
        return SlackMessenger(self.clients, self.directory, workspace_id=workspace_id)

    def send_dm(self, person: Person, message: Message) -> str:
        """DM `person`; return 'channel:ts'. Raises DeliveryError."""
        own = self.for_workspace(person.workspace_id) if self.clients.multi else self
        if person.dm_channel is None:
            return own.post(own._open(person), message)
        try:
            return own.post(person.dm_channel, message)
        except DeliveryError as error:
            if error.code != "channel_not_found":
                raise
        return own.post(own._open(person), message)  # the cached DM channel is gone

    def post(self, channel: str, message: Message) -> str:
        """Post to a channel (or DM channel); return 'channel:ts'. Raises DeliveryError."""
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=fallback(message),
                blocks=message_blocks(message),
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            raise classify(exc) from exc
        posted = str(response.get("channel") or channel)
        if message.image is not None:
            self._attach(posted, message.image)
        return f"{posted}:{response['ts']}"

    def _attach(self, channel: str, image: Image) -> None:
        """Upload `image` to `channel` (an id) beside the message just posted; best effort."""
        try:
            self.client.files_upload_v2(
                channel=channel,
                file=image.data,
                filename=image.filename,
                title=image.title or image.filename,
                alt_txt=image.alt[:1000],
            )
        except SlackApiError as exc:
            log.warning("upload of %s refused: %s", image.filename, exc.response.get("error"))
        except (SlackClientError, OSError) as exc:  # the upload URL failed, or the network
            log.warning("upload of %s failed: %s", image.filename, type(exc).__name__)

    def update(self, ref: str, message: Message) -> None:
        """Replace the message `ref` ('channel:ts'). Raises DeliveryError."""
        channel, ts = split_ref(ref)
        try:
            self.client.chat_update(
                channel=channel, ts=ts, text=fallback(message), blocks=message_blocks(message)
            )
        except SlackApiError as exc:
            raise classify(exc) from exc

    def _open(self, person: Person) -> str:
        try:
            response = self.client.conversations_open(users=person.external_id)
        except SlackApiError as exc:
            error = classify(exc)
            if error.code in ("user_not_found", "account_inactive", "user_disabled"):
                person.active = False
                self.directory.save(person)
            raise error from exc
        channel = str(response["channel"]["id"])
        person.dm_channel = channel
        self.directory.save(person)
        return channel
