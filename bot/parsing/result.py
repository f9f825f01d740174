"""The value `parse_promise` returns."""

from __future__ import annotations

from datetime import datetime

_FIELDS = (
    "task",
    "due",
    "due_has_time",
    "vague",
    "loose",
    "counterpart",
    "past",
    "lang",
    "expression",
)


class ParsedPromise:
    """A promise as read from text: what, by when (aware, in the reader's timezone), to whom.

    Immutable, compared by value. A plain slotted class rather than a dataclass: importing
    `dataclasses` (and `inspect` behind it) would cost `import bot.parsing` several ms.
    """

    __slots__ = _FIELDS

    task: str
    due: datetime | None
    due_has_time: bool
    vague: bool
    # the deadline is the end of a period ("esta semana", "fin de mes", "en mayo"), not a day
    # one chose
    loose: bool
    counterpart: str | None
    past: bool
    lang: str
    expression: str | None

    def __init__(
        self,
        task: str,
        due: datetime | None = None,
        due_has_time: bool = False,
        vague: bool = False,
        loose: bool = False,
        counterpart: str | None = None,
        past: bool = False,
        lang: str = "es",
        expression: str | None = None,
    ) -> None:
        setter = object.__setattr__
        setter(self, "task", task)
        setter(self, "due", due)
        setter(self, "due_has_time", due_has_time)
        setter(self, "vague", vague)
        setter(self, "loose", loose)
        setter(self, "counterpart", counterpart)
        setter(self, "past", past)
        setter(self, "lang", lang)
        setter(self, "expression", expression)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"ParsedPromise is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"ParsedPromise is immutable: cannot delete {name!r}")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ParsedPromise):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"ParsedPromise({inner})"

    def replace(self, **changes: object) -> ParsedPromise:
        """A copy with some fields changed (as `dataclasses.replace`)."""
        values = {name: getattr(self, name) for name in _FIELDS}
        values.update(changes)
        return ParsedPromise(**values)

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
