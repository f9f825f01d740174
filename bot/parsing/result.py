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


class ParsedPromise(
    tuple[str, datetime | None, bool, bool, bool, str | None, bool, str, str | None]
):
    """A promise as read from text: what, by when (aware, in the reader's timezone), to whom.

    Immutable and compared by value. Built on a tuple because one is made for every message
    read: a frozen dataclass's `__init__` costs a few µs, this a fraction of one. Read it by
    field name; `replace(**changes)` gives a changed copy, `as_dict()` the JSON-ready fields.
    """

    __slots__ = ()

    def __new__(
        cls,
        task: str,
        due: datetime | None = None,
        due_has_time: bool = False,
        vague: bool = False,
        loose: bool = False,
        counterpart: str | None = None,
        past: bool = False,
        lang: str = "es",
        expression: str | None = None,
    ) -> ParsedPromise:
        values = (task, due, due_has_time, vague, loose, counterpart, past, lang, expression)
        return tuple.__new__(cls, values)

    @property
    def task(self) -> str:
        """The text without the time expression and filler such as "prometo"."""
        return self[0]

    @property
    def due(self) -> datetime | None:
        """The deadline, aware in now's timezone; None when the text names none."""
        return self[1]

    @property
    def due_has_time(self) -> bool:
        """Whether the text named a clock time."""
        return self[2]

    @property
    def vague(self) -> bool:
        """No deadline, but words of haste ("pronto", "lo antes posible", "ASAP")."""
        return self[3]

    @property
    def loose(self) -> bool:
        """The deadline is only the end of a period ("esta semana", "fin de mes", "en mayo")."""
        return self[4]

    @property
    def counterpart(self) -> str | None:
        """Whom the promise is made to ("a Juan" -> "Juan"), when the text says."""
        return self[5]

    @property
    def past(self) -> bool:
        """The deadline named has already passed (a time today that is over)."""
        return self[6]

    @property
    def lang(self) -> str:
        """The language the text was read in: "es" or "en"."""
        return self[7]

    @property
    def expression(self) -> str | None:
        """The time expression as written ("el jueves a las 3")."""
        return self[8]

    def __getnewargs__(self) -> tuple[object, ...]:  # pickle: the fields, not one tuple
        return tuple(self)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={value!r}" for name, value in zip(_FIELDS, self, strict=True))
        return f"ParsedPromise({inner})"

    def replace(self, **changes: object) -> ParsedPromise:
        """A copy with some fields changed (as `dataclasses.replace`)."""
        values: dict[str, object] = dict(zip(_FIELDS, self, strict=True))
        values.update(changes)
        return ParsedPromise(**values)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        """The fields as JSON-ready values; `due` as an ISO 8601 string with its UTC offset."""
        values: dict[str, object] = dict(zip(_FIELDS, self, strict=True))
        due = self[1]
        values["due"] = due.isoformat() if due is not None else None
        return values
