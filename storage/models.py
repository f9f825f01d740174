"""SQLAlchemy 2.x tables. Every instant is stored timezone-aware, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


FALSE = text("false")  # a server default; `text` is also a column name of promises

# a delivery key: compared byte by byte (PostgreSQL's default collation follows the locale)
KEY = String(200).with_variant(String(200, collation="C"), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime in, an aware UTC datetime out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        # SQLite keeps text; a fixed naive UTC form keeps comparisons and ordering right.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class WorkspaceRow(Base):
    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16))
    team_channel: Mapped[str | None] = mapped_column(String(64))
    installer: Mapped[str | None] = mapped_column(String(64))
    digest: Mapped[str | None] = mapped_column(String(32))
    next_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    channel_hint_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # the weekly digest names each person's on-time rate only when the workspace says so
    digest_people: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )


class PersonRow(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("workspace_id", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16))
    work_start: Mapped[str] = mapped_column(String(5), default="09:00")
    work_end: Mapped[str] = mapped_column(String(5), default="19:00")
    dm_channel: Mapped[str | None] = mapped_column(String(64))
    profile_known: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PromiseRow(Base):
    __tablename__ = "promises"
    __table_args__ = (
        UniqueConstraint("owner_id", "number"),
        Index("ix_promises_owner_status_due", "owner_id", "status", "due"),
        # keeping score: a workspace's promises by the deadline first promised (30/90 days)
        Index("ix_promises_workspace_original_due", "workspace_id", "original_due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    recorder_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    number: Mapped[int] = mapped_column(Integer)
    task: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    counterpart: Mapped[str | None] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(8), default="es")
    original_due: Mapped[datetime] = mapped_column(UTCDateTime)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    due_has_time: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source_link: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # promises to customers: whom (a person of the workspace, when it is one), whether they
    # are told of a new date or the delivery, when they last heard, which promise this follows
    counterpart_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    notify_counterpart: Mapped[bool] = mapped_column(Boolean, default=False, server_default=FALSE)
    last_heard_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # when the current deadline was set by a new date (chasing counts from it); NULL: capture
    due_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # one follow-up per promise: a second click finds the first
    follow_up_of: Mapped[int | None] = mapped_column(ForeignKey("promises.id"), unique=True)


class ChaseRow(Base):
    """The next chase of an open promise: when (`at`, UTC) and what (`kind`).

    A narrow table of its own, not columns of `promises`: claiming a due chase rewrites this
    row and its two index entries, not the wide promise row and its five. No row: no chase.
    """

    __tablename__ = "chases"

    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(32))


class EventRow(Base):
    __tablename__ = "promise_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_after: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)


class DeliveryRow(Base):
    """One message the bot sends (or sent) about a promise or a workspace.

    `key` is unique: promise+kind+slot (or workspace+digest+week), so a chase is sent at most
    once per slot, and is written before the send; the platform reference after it.

    Claims write a thousand of these at a time, so each row costs as little as it can: no
    foreign keys (the ids come from rows read in the same transaction, and promises and
    workspaces are never deleted; a check per row cost more than the insert itself), a
    bytewise key (no locale-aware comparisons in its unique index), and the lookups by
    platform reference and by promise indexed only once a message was sent.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        Index(
            "ix_deliveries_channel_ref",
            "channel",
            "message_ref",
            postgresql_where=text("message_ref IS NOT NULL"),
            sqlite_where=text("message_ref IS NOT NULL"),
        ),
        Index(
            "ix_deliveries_promise_id",
            "promise_id",
            postgresql_where=text("message_ref IS NOT NULL"),
            sqlite_where=text("message_ref IS NOT NULL"),
        ),
        # only sends pending or leased have a retry_at: the index a claim writes into and the
        # sender reads holds the work in flight, not every message ever sent
        Index(
            "ix_deliveries_retry_at",
            "retry_at",
            postgresql_where=text("retry_at IS NOT NULL"),
            sqlite_where=text("retry_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(KEY, unique=True)
    workspace_id: Mapped[int] = mapped_column(Integer)
    promise_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    slot: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[str | None] = mapped_column(String(64))
    # Slack "channel:ts"; a Teams activity id with its conversation key can be longer
    message_ref: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # set while a send is pending or leased, cleared when it ends: the claim scans only these
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the promise's chase after this one, back in `chases` once this delivery ends
    next_chase_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_chase_kind: Mapped[str | None] = mapped_column(String(32))


class ProcessedEventRow(Base):
    """Platform events already handled, so a retried delivery never acts twice."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SuggestionRow(Base):
    """A promise spotted in a channel message and offered to its author: one per message."""

    __tablename__ = "suggestions"
    __table_args__ = (
        UniqueConstraint("workspace_id", "channel", "message_ref"),
        Index("ix_suggestions_person_status", "person_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    channel: Mapped[str] = mapped_column(String(64))
    message_ref: Mapped[str] = mapped_column(String(64))
    task: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    counterpart: Mapped[str | None] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(8))
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    due_has_time: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SpottingOffRow(Base):
    """Where promise spotting is off: for one person (`scope` person) or one channel."""

    __tablename__ = "spotting_off"

    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), primary_key=True)
    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    target: Mapped[str] = mapped_column(String(64), primary_key=True)
    by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class TeamsConversationRow(Base):
    """Where Prometo can reach someone in Microsoft Teams: a conversation reference.

    A personal row (one per person, `person_id` set) holds the person's 1:1 chat with the bot,
    or only their Teams user id (`user_id`, the '29:' MRI) until that chat is created. A channel
    row holds a team channel the bot has heard from. Sending needs the conversation id and the
    service URL of the region that serves it; both are kept as Teams last sent them. People and
    workspaces point here through a short key, 'tc<id>' (Person.dm_channel,
    Workspace.team_channel), because Teams conversation ids are longer than those columns.
    """

    __tablename__ = "teams_conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    conversation_id: Mapped[str | None] = mapped_column(String(512), unique=True)
    service_url: Mapped[str] = mapped_column(String(512))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[str | None] = mapped_column(String(256))
    name: Mapped[str | None] = mapped_column(String(200))
    # the latest "mis promesas" card sent here, refreshed after every change
    list_activity_id: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SlackInstallationRow(Base):
    """A Slack workspace (or Enterprise Grid org) that installed Prometo through OAuth.

    `key` is "<enterprise or ->:<team or ->", unique. The bot token is stored encrypted
    (storage.secrets: Fernet, key from PROMETO_SECRET_KEY), never in clear; deleting the row
    is how an uninstall forgets the token. Prometo asks for no user scopes, so no user token
    is kept.
    """

    __tablename__ = "slack_installations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    workspace_id: Mapped[int | None] = mapped_column(ForeignKey("workspaces.id"), index=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str | None] = mapped_column(String(32))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    app_id: Mapped[str | None] = mapped_column(String(32))
    bot_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    bot_scopes: Mapped[str] = mapped_column(Text, default="")
    bot_token: Mapped[str] = mapped_column(Text)  # Fernet token
    bot_refresh_token: Mapped[str | None] = mapped_column(Text)  # Fernet token
    bot_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    installer_user_id: Mapped[str | None] = mapped_column(String(32))
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OAuthStateRow(Base):
    """A state parameter handed out at /slack/install, good once until `expire_at` (UTC)."""

    __tablename__ = "slack_oauth_states"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    expire_at: Mapped[datetime] = mapped_column(UTCDateTime)
