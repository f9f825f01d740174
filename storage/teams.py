"""Microsoft Teams conversation references: where each person and channel can be reached.

One short transaction per call. A reference is refreshed every time Teams sends us an
activity from that conversation (its service URL can move), so proactive sends use the
newest values. Instants are UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from storage.models import TeamsConversationRow

PERSONAL, CHANNEL = "personal", "channel"


@dataclass(frozen=True, slots=True)
class TeamsConversation:
    """A stored conversation reference; `key` ('tc<id>') is what people and workspaces keep."""

    id: int
    workspace_id: int
    person_id: int | None
    kind: str
    conversation_id: str | None
    service_url: str
    tenant_id: str | None
    user_id: str | None
    name: str | None
    list_activity_id: str | None

    @property
    def key(self) -> str:
        return f"tc{self.id}"


def key_id(key: str) -> int | None:
    """The row id in a key 'tc12', or None when `key` is not one."""
    if key.startswith("tc") and key[2:].isdigit() and len(key) < 20:
        return int(key[2:])
    return None


class SqlTeamsConversations:
    def __init__(self, engine: Engine) -> None:
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    def get(self, key: str) -> TeamsConversation | None:
        """The reference behind a key 'tc<id>'."""
        row_id = key_id(key)
        if row_id is None:
            return None
        with self.sessions.begin() as s:
            row = s.get(TeamsConversationRow, row_id)
            return _conversation(row) if row else None

    def personal(self, person_id: int) -> TeamsConversation | None:
        """The person's 1:1 chat with the bot (or only their Teams user id), if known."""
        stmt = select(TeamsConversationRow).where(TeamsConversationRow.person_id == person_id)
        with self.sessions.begin() as s:
            row = s.scalars(stmt).one_or_none()
            return _conversation(row) if row else None

    def by_conversation(self, conversation_id: str) -> TeamsConversation | None:
        stmt = select(TeamsConversationRow).where(
            TeamsConversationRow.conversation_id == conversation_id
        )
        with self.sessions.begin() as s:
            row = s.scalars(stmt).one_or_none()
            return _conversation(row) if row else None

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
    ) -> TeamsConversation:
        """Store what is known of a person's 1:1 chat; unknown values keep what was stored."""
        values = {
            "service_url": service_url[:512],
            "tenant_id": tenant_id,
            "user_id": user_id,
            "conversation_id": conversation_id,
        }
        stmt = select(TeamsConversationRow).where(TeamsConversationRow.person_id == person_id)
        return self._upsert(
            stmt,
            values,
            now,
            TeamsConversationRow(
                workspace_id=workspace_id, person_id=person_id, kind=PERSONAL, updated_at=now
            ),
        )

    def remember_channel(
        self,
        *,
        workspace_id: int,
        conversation_id: str,
        service_url: str,
        now: datetime,
        tenant_id: str | None = None,
        name: str | None = None,
    ) -> TeamsConversation:
        """Store a team channel the bot heard from."""
        values = {
            "service_url": service_url[:512],
            "tenant_id": tenant_id,
            "name": name[:200] if name else None,
        }
        stmt = select(TeamsConversationRow).where(
            TeamsConversationRow.conversation_id == conversation_id
        )
        return self._upsert(
            stmt,
            values,
            now,
            TeamsConversationRow(
                workspace_id=workspace_id,
                kind=CHANNEL,
                conversation_id=conversation_id[:512],
                updated_at=now,
            ),
        )

    def set_list_activity(self, row_id: int, activity_id: str | None) -> None:
        """Remember the latest 'mis promesas' card of a conversation."""
        with self.sessions.begin() as s:
            s.execute(
                update(TeamsConversationRow)
                .where(TeamsConversationRow.id == row_id)
                .values(list_activity_id=activity_id[:255] if activity_id else None)
            )

    def _upsert(
        self, stmt: object, values: dict[str, str | None], now: datetime, new: TeamsConversationRow
    ) -> TeamsConversation:
        for _ in range(2):  # a lost insert race reads and updates the winner
            try:
                with self.sessions.begin() as s:
                    row = s.scalars(stmt).one_or_none()  # type: ignore[call-overload]
                    if row is None:
                        row = new
                        s.add(row)
                    changed = {
                        name: value
                        for name, value in values.items()
                        if value is not None and getattr(row, name) != value
                    }
                    if not changed and row is not new:
                        return _conversation(row)  # as stored: no write on every activity
                    for name, value in changed.items():
                        setattr(row, name, value)
                    row.updated_at = now
                    s.flush()
                    return _conversation(row)
            except IntegrityError:
                new = TeamsConversationRow(
                    workspace_id=new.workspace_id,
                    person_id=new.person_id,
                    kind=new.kind,
                    conversation_id=new.conversation_id,
                    updated_at=now,
                )
        raise RuntimeError("could not store the Teams conversation")


def _conversation(row: TeamsConversationRow) -> TeamsConversation:
    return TeamsConversation(
        id=row.id,
        workspace_id=row.workspace_id,
        person_id=row.person_id,
        kind=row.kind,
        conversation_id=row.conversation_id,
        service_url=row.service_url,
        tenant_id=row.tenant_id,
        user_id=row.user_id,
        name=row.name,
        list_activity_id=row.list_activity_id,
    )
