"""The SuggestionStore of bot/ports.py: spotted promises offered once, and spotting switches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.model import NewSuggestion, Suggestion, SuggestionStatus
from storage.models import SpottingOffRow, SuggestionRow

MAX_TEXT = 4000  # the message kept beside a suggestion, for the promise's `text`


class SqlSuggestionStore:
    def __init__(self, engine: Engine) -> None:
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    def offer(self, new: NewSuggestion) -> Suggestion | None:
        """Record a suggestion; None when its message already had one (the unique key)."""
        row = SuggestionRow(
            workspace_id=new.workspace_id,
            person_id=new.person_id,
            channel=new.channel[:64],
            message_ref=new.message_ref[:64],
            task=new.task,
            text=new.text[:MAX_TEXT],
            counterpart=(new.counterpart or None) and new.counterpart[:200],
            lang=new.lang,
            due=new.due,
            due_has_time=new.due_has_time,
            status=SuggestionStatus.OFFERED.value,
            created_at=new.created_at,
        )
        try:
            with self.sessions.begin() as s:
                s.add(row)
                s.flush()
                return _suggestion(row)
        except IntegrityError:
            return None

    def get_suggestion(self, suggestion_id: int) -> Suggestion | None:
        with self.sessions.begin() as s:
            row = s.get(SuggestionRow, suggestion_id)
            return _suggestion(row) if row else None

    def latest_offered(self, person_id: int) -> Suggestion | None:
        stmt = (
            select(SuggestionRow)
            .where(
                SuggestionRow.person_id == person_id,
                SuggestionRow.status == SuggestionStatus.OFFERED.value,
            )
            .order_by(SuggestionRow.id.desc())
            .limit(1)
        )
        with self.sessions.begin() as s:
            row = s.scalars(stmt).first()
            return _suggestion(row) if row else None

    def decide(
        self,
        suggestion_id: int,
        before: Sequence[SuggestionStatus],
        after: SuggestionStatus,
        now: datetime,
        promise_id: int | None = None,
    ) -> bool:
        """A conditional update: of two clicks at once, one moves the suggestion."""
        values: dict[str, object] = {"status": after.value, "decided_at": now}
        if promise_id is not None:
            values["promise_id"] = promise_id
        with self.sessions.begin() as s:
            result = s.execute(
                update(SuggestionRow)
                .where(
                    SuggestionRow.id == suggestion_id,
                    SuggestionRow.status.in_([status.value for status in before]),
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def mutes(self, workspace_id: int, person_id: int, channel: str | None) -> frozenset[str]:
        wanted = [and_(SpottingOffRow.scope == "person", SpottingOffRow.target == str(person_id))]
        if channel:
            wanted.append(
                and_(SpottingOffRow.scope == "channel", SpottingOffRow.target == channel[:64])
            )
        stmt = select(SpottingOffRow.scope).where(
            SpottingOffRow.workspace_id == workspace_id, or_(*wanted)
        )
        with self.sessions.begin() as s:
            return frozenset(s.scalars(stmt))

    def set_muted(
        self, workspace_id: int, scope: str, target: str, off: bool, by: int, now: datetime
    ) -> None:
        key = (
            SpottingOffRow.workspace_id == workspace_id,
            SpottingOffRow.scope == scope,
            SpottingOffRow.target == target[:64],
        )
        try:
            with self.sessions.begin() as s:
                s.execute(delete(SpottingOffRow).where(*key))
                if off:
                    s.add(
                        SpottingOffRow(
                            workspace_id=workspace_id,
                            scope=scope,
                            target=target[:64],
                            by_person_id=by,
                            at=now,
                        )
                    )
        except IntegrityError:  # someone turned it off at the same moment: it is off
            if not off:
                raise


def _suggestion(row: SuggestionRow) -> Suggestion:
    return Suggestion(
        id=row.id,
        workspace_id=row.workspace_id,
        person_id=row.person_id,
        channel=row.channel,
        message_ref=row.message_ref,
        task=row.task,
        text=row.text,
        due=row.due,
        due_has_time=row.due_has_time,
        lang=row.lang,
        status=SuggestionStatus(row.status),
        created_at=row.created_at,
        counterpart=row.counterpart,
        promise_id=row.promise_id,
        decided_at=row.decided_at,
    )
