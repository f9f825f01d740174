"""The value `parse_promise` returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ParsedPromise:
    """A promise as read from text: what, by when (aware, in the reader's timezone), to whom."""

    task: str
    due: datetime | None = None
    due_has_time: bool = False
    vague: bool = False
    # the deadline is the end of a period ("esta semana", "fin de mes"), not a day one chose
    loose: bool = False
    counterpart: str | None = None
    past: bool = False
    lang: str = "es"
    expression: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The fields as JSON-ready values; `due` as an ISO 8601 string with its UTC offset."""
        return {
            "task": self.task,
            "due": self.due.isoformat() if self.due is not None else None,
            "due_has_time": self.due_has_time,
            "vague": self.vague,
            "loose": self.loose,
            "counterpart": self.counterpart,
            "past": self.past,
            "lang": self.lang,
            "expression": self.expression,
        }
