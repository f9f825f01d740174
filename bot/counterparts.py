"""Promises to customers, pure: whom a promise was made to, finding them, silence, follow-ups.

A counterpart is free text as typed ("cliente Acme", "Gonzalo") or a person of the workspace.
Platforms hand people in as `<@ID>` (their own user id) inside the typed text; the book turns
each into the person and shows them as "@Name". Instants are aware UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from bot.model import Person, Promise, Status
from bot.parsing.normalise import fold
from bot.ports import Outgoing
from bot.workdays import add_working_days, at_local, local_day, working_days_after

MAX_COUNTERPART = 200  # the column's width; a longer name is refused, never cut
USER_REF = re.compile(r"<@([A-Za-z0-9._-]{1,64})>")
# deliveries to the counterpart, through the outbox like any chase
TOLD_KEPT = "told_kept"
TOLD_MOVED = "told_moved"
TOLD = frozenset({TOLD_KEPT, TOLD_MOVED})
_WORD = re.compile(r"[a-z0-9@&]+")
_FILLER = frozenset({"a", "al", "la", "el", "los", "las", "de", "del", "the", "to", "for"})


@dataclass(frozen=True, slots=True)
class CustomerRules:
    """Settings of the customer side: follow-up delay, overcommitment, silence (working days)."""

    follow_up_days: int = 3
    overcommit: int = 5
    silence_days: int = 5


def user_ids(text: str) -> list[str]:
    """The platform user ids referenced as `<@ID>` in `text`, in order, each once."""
    seen: list[str] = []
    for found in USER_REF.findall(text):
        if found not in seen:
            seen.append(found)
    return seen


def user_ref(text: str | None) -> str | None:
    """The user id when `text` is exactly one `<@ID>` reference."""
    match = USER_REF.fullmatch((text or "").strip())
    return match.group(1) if match else None


def shown(text: str, people: dict[str, Person]) -> str:
    """`text` with every `<@ID>` written as '@Name' (or '@ID' for someone unknown)."""

    def name(match: re.Match[str]) -> str:
        person = people.get(match.group(1))
        label = (person.name if person else None) or match.group(1)
        return "@" + label.lstrip("@")

    return USER_REF.sub(name, text)


def words(text: str) -> list[str]:
    """The words of a name folded for loose matching: no case, no accents, no articles."""
    folded = fold(text).replace(".", "")  # "S.A." and "SA" are one word
    return [w for w in _WORD.findall(folded) if w not in _FILLER]


def matches(query: Sequence[str], counterpart: str | None) -> bool:
    """True when every query word begins a word of `counterpart` ('acme' ~ 'Cliente ÁCME SA')."""
    if not query or not counterpart:
        return False
    mine = words(counterpart)
    return all(any(w.startswith(q) for w in mine) for q in query)


def to_counterpart(
    promises: Iterable[Promise], query: str, person_id: int | None = None
) -> list[Promise]:
    """The promises made to whom `query` names: that person (`person_id`) or matching text."""
    wanted = words(query)
    found = [
        p
        for p in promises
        if (person_id is not None and p.counterpart_id == person_id)
        or (person_id is None and matches(wanted, p.counterpart))
    ]
    return sorted(found, key=lambda p: (p.due, p.id))


def distinct(promises: Iterable[Promise], limit: int = 100) -> list[tuple[str, int | None]]:
    """Whom the promises were made to, each once (people by id, text by its folded words):
    (name as first typed, person id or None), by name."""
    seen: dict[object, tuple[str, int | None]] = {}
    for p in promises:
        if not p.counterpart:
            continue
        key: object = (
            p.counterpart_id if p.counterpart_id is not None else tuple(words(p.counterpart))
        )
        seen.setdefault(key, (p.counterpart, p.counterpart_id))
    return sorted(seen.values(), key=lambda item: fold(item[0]))[:limit]


def silent(promise: Promise, now: datetime, tz: str, days: int) -> bool:
    """True when an open promise to someone left them without news for more than `days`
    working days (read in `tz`) by `now`: since capture, or since the last check-in."""
    if promise.status is not Status.OPEN or not promise.counterpart:
        return False
    heard = promise.last_heard_at or promise.created_at
    return working_days_after(local_day(heard, tz), local_day(now, tz)) > days


def follow_up_due(kept_at: datetime, owner: Person, days: int) -> datetime:
    """When a follow-up is due: the end of the owner's working day, `days` working days after
    the promise was kept (UTC)."""
    day = add_working_days(local_day(kept_at, owner.timezone), max(1, days))
    end: time = owner.work_hours.end
    return at_local(day, end, owner.timezone)


def same_day(promises: Iterable[Promise], due: datetime, tz: str, but: int | None = None) -> int:
    """How many open promises fall due on the calendar day of `due` in `tz` (not `but`)."""
    day = local_day(due, tz)
    return sum(
        1
        for p in promises
        if p.status is Status.OPEN and p.id != but and local_day(p.due, tz) == day
    )


def notice_kept(promise: Promise) -> Outgoing:
    """The outbox message telling the counterpart a promise was kept (once per completion)."""
    assert promise.completed_at is not None
    slot = f"{promise.due:%Y%m%dT%H%MZ}/kept/{promise.completed_at:%Y%m%dT%H%M%SZ}"
    return Outgoing(
        f"p{promise.id}/{TOLD_KEPT}/{slot}", promise.workspace_id, TOLD_KEPT, slot, promise.id
    )


def notice_moved(promise: Promise) -> Outgoing:
    """The outbox message telling the counterpart of a new date (once per new deadline)."""
    slot = f"{promise.due:%Y%m%dT%H%MZ}/moved"
    return Outgoing(
        f"p{promise.id}/{TOLD_MOVED}/{slot}", promise.workspace_id, TOLD_MOVED, slot, promise.id
    )


def tells(promise: Promise) -> bool:
    """True when the counterpart is a person other than the owner and wants to be told."""
    return (
        promise.notify_counterpart
        and promise.counterpart_id is not None
        and promise.counterpart_id != promise.owner_id
    )
