"""What the core needs from the outside world, as protocols.

People and channels are opaque platform references, so Teams fits beside Slack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.messages import Message
from bot.model import NewPromise, Person, Promise, PromiseEvent, Workspace


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


@dataclass(frozen=True, slots=True)
class FixedClock:
    """A clock that always says the same instant; for tests and one-shot commands."""

    at: datetime

    def now(self) -> datetime:
        """The fixed instant."""
        return self.at


@dataclass(frozen=True, slots=True)
class PersonDefaults:
    """What a person starts with before the platform tells us more."""

    timezone: str
    locale: str
    name: str | None = None


class StaleWrite(Exception):
    """The promise changed since it was read; the caller should reload and retry."""


class PromiseStore(Protocol):
    def workspace(
        self, platform: str, external_id: str, *, timezone: str, locale: str
    ) -> Workspace:
        """The workspace, created with these defaults when new."""
        ...

    def get_workspace(self, workspace_id: int) -> Workspace | None: ...

    def save_workspace(self, workspace: Workspace) -> None: ...

    def person(self, workspace: Workspace, external_id: str, defaults: PersonDefaults) -> Person:
        """The person, created with these defaults when new."""
        ...

    def get_person(self, person_id: int) -> Person | None: ...

    def save_person(self, person: Person) -> None: ...

    def add_promise(self, new: NewPromise) -> Promise:
        """Insert a promise with the next number of its owner and its `created` event."""
        ...

    def get_promise(self, promise_id: int) -> Promise | None: ...

    def promise_by_number(self, owner_id: int, number: int) -> Promise | None: ...

    def save_promise(self, promise: Promise, event: PromiseEvent) -> Promise:
        """Write the changed promise and its event atomically; raise StaleWrite on a lost race."""
        ...

    def open_promises(self, owner_id: int) -> Sequence[Promise]:
        """Open promises of one owner, earliest deadline first."""
        ...

    def recently_closed(self, owner_id: int, since: datetime, limit: int) -> Sequence[Promise]:
        """Promises of one owner completed since `since` (UTC), newest first."""
        ...

    def events(self, promise_id: int) -> Sequence[PromiseEvent]: ...


class DeliveryError(Exception):
    """A platform refused a message.

    `permanent` errors (channel gone, bot not in channel, user deactivated) must not be retried;
    others may be, after `retry_after` seconds when the platform said so.
    """

    def __init__(self, code: str, *, permanent: bool, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.permanent = permanent
        self.retry_after = retry_after


class Messenger(Protocol):
    """A platform that can deliver the core's messages."""

    def send_dm(self, person: Person, message: Message) -> str:
        """Send a direct message; return the platform's reference to it. Raises DeliveryError."""
        ...

    def post(self, channel: str, message: Message) -> str:
        """Post to a channel; return the platform's reference to the message."""
        ...

    def update(self, ref: str, message: Message) -> None:
        """Replace a message the bot sent earlier."""
        ...
