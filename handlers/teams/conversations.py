"""Where Teams conversations are kept, as the Teams handlers see it (storage/teams.py keeps them).

A conversation reference is what a proactive send needs: the conversation id and the service URL
of the region that serves it; a 1:1 chat not created yet needs the person's Teams id ('29:').
People and workspaces point at one by its key, 'tc<id>'.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Conversation(Protocol):
    """A stored conversation reference (storage.teams.TeamsConversation)."""

    @property
    def id(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def workspace_id(self) -> int: ...
    @property
    def person_id(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def conversation_id(self) -> str | None: ...
    @property
    def service_url(self) -> str: ...
    @property
    def tenant_id(self) -> str | None: ...
    @property
    def user_id(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def list_activity_id(self) -> str | None: ...


class Conversations(Protocol):
    """Where conversation references are kept (storage.teams.SqlTeamsConversations)."""

    def get(self, key: str) -> Conversation | None: ...
    def personal(self, person_id: int) -> Conversation | None: ...
    def by_conversation(self, conversation_id: str) -> Conversation | None: ...
    def remember_personal(
        self,
        *,
        workspace_id: int,
        person_id: int,
        service_url: str,
        now: datetime,
        conversation_id: str | None = None,
        tenant_id: str | None = None,
        user_id: str | None = None,
    ) -> Conversation: ...
    def remember_channel(
        self,
        *,
        workspace_id: int,
        conversation_id: str,
        service_url: str,
        now: datetime,
        tenant_id: str | None = None,
        name: str | None = None,
    ) -> Conversation: ...
    def set_list_activity(self, row_id: int, activity_id: str | None) -> None: ...
