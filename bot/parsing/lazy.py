"""Regexes compiled once per process, on first use.

Compiling this package's patterns takes tens of milliseconds; doing it on first use keeps
`import bot.parsing` cheap. `compile_all()` does it up front (a server can call it at startup).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_ALL: list[LazyPattern] = []


class LazyPattern:
    """A regex that compiles itself the first time it is used.

    Once compiled, `match`, `search`, `fullmatch` and `finditer` are the compiled pattern's own
    methods (rebound on the instance), so a call costs no extra Python frame.
    """

    __slots__ = (
        "_compiled",
        "_flags",
        "_source",
        "finditer",
        "fullmatch",
        "match",
        "search",
        "sub",
    )

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        self.match: Callable[..., re.Match[str] | None] = self._first_match
        self.search: Callable[..., re.Match[str] | None] = self._first_search
        self.fullmatch: Callable[..., re.Match[str] | None] = self._first_fullmatch
        self.finditer: Callable[..., Iterator[re.Match[str]]] = self._first_finditer
        self.sub: Callable[..., str] = self._first_sub
        _ALL.append(self)

    def _first_match(self, *args: int | str) -> re.Match[str] | None:
        return self.compiled.match(*args)  # type: ignore[arg-type]

    def _first_search(self, *args: int | str) -> re.Match[str] | None:
        return self.compiled.search(*args)  # type: ignore[arg-type]

    def _first_fullmatch(self, *args: int | str) -> re.Match[str] | None:
        return self.compiled.fullmatch(*args)  # type: ignore[arg-type]

    def _first_finditer(self, *args: int | str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(*args)  # type: ignore[arg-type]

    def _first_sub(self, *args: str | int) -> str:
        return self.compiled.sub(*args)  # type: ignore[arg-type]

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._source, self._flags)
            self.match = compiled.match
            self.search = compiled.search
            self.fullmatch = compiled.fullmatch
            self.finditer = compiled.finditer
            self.sub = compiled.sub
        return compiled


def compile_all() -> None:
    """Compile every pattern now (about 30-40 ms) instead of on the first parse."""
    for pattern in _ALL:
        _ = pattern.compiled
