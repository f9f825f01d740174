"""Regexes compiled once per process, on first use.

Compiling this package's patterns takes tens of milliseconds; doing it on first use keeps
`import bot.parsing` cheap. `compile_all()` does it up front (a server can call it at startup).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_ALL: list[LazyPattern] = []


class LazyPattern:
    """A regex that compiles itself the first time it is used."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        _ALL.append(self)

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._source, self._flags)
        return compiled

    def match(self, s: str, pos: int = 0, endpos: int = 2**31) -> re.Match[str] | None:
        """`re.Pattern.match`."""
        return self.compiled.match(s, pos, endpos)

    def search(self, s: str, pos: int = 0, endpos: int = 2**31) -> re.Match[str] | None:
        """`re.Pattern.search`."""
        return self.compiled.search(s, pos, endpos)

    def fullmatch(self, s: str, pos: int = 0, endpos: int = 2**31) -> re.Match[str] | None:
        """`re.Pattern.fullmatch`."""
        return self.compiled.fullmatch(s, pos, endpos)

    def finditer(self, s: str, pos: int = 0, endpos: int = 2**31) -> Iterator[re.Match[str]]:
        """`re.Pattern.finditer`."""
        return self.compiled.finditer(s, pos, endpos)


def compile_all() -> None:
    """Compile every pattern now (about 30-40 ms) instead of on the first parse."""
    for pattern in _ALL:
        _ = pattern.compiled
