"""The rule registry: which regex and which function read each kind of expression."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import anchors, calendar_patterns, patterns
from .calendar_rules import (
    clock_range,
    counted,
    month_in,
    month_range,
    now,
    nth_of_month,
    quarter,
    year_in,
)
from .clock_rules import clock, clock_en, noon
from .day_rules import (
    date_d,
    date_dm,
    date_md,
    date_num,
    duration,
    month_part,
    period,
    relday,
    weekday,
)
from .holiday_rules import HOLIDAY, holiday
from .lazy import LazyPattern
from .pieces import PART, VAGUE, Context, Piece

Rule = Callable[[re.Match[str], str, Context], Piece | None]


def part(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'en la tarde', 'esta noche', 'a primera hora', 'EOD', 'tonight', 'before lunch'."""
    kind = m.lastgroup
    bare = m.group() in ("morning", "afternoon", "evening", "night")
    return Piece(PART, m.start(), m.end(), part=kind, bare=bare)


def vague(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'lo antes posible', 'pronto', 'cuando pueda', 'ASAP', 'soon'."""
    return Piece(VAGUE, m.start(), m.end())


RULES: dict[str, tuple[int, LazyPattern, Rule]] = {
    name: (priority, pattern, rule)
    for priority, (name, pattern, rule) in enumerate(
        [
            ("duration", patterns.DURATION, duration),
            ("clock_range", calendar_patterns.CLOCK_RANGE, clock_range),
            ("clock_en", patterns.CLOCK_EN, clock_en),
            ("clock", patterns.CLOCK, clock),
            ("noon", patterns.NOON, noon),
            ("holiday", HOLIDAY, holiday),
            ("counted", calendar_patterns.COUNTED, counted),
            ("nth", calendar_patterns.NTH_OF_MONTH, nth_of_month),
            ("quarter", calendar_patterns.QUARTER, quarter),
            ("month_range", calendar_patterns.MONTH_RANGE, month_range),
            ("period", patterns.PERIOD, period),
            ("month_part", patterns.MONTH_PART, month_part),
            ("month_in", calendar_patterns.MONTH_IN, month_in),
            ("year_in", calendar_patterns.YEAR_IN, year_in),
            ("part", patterns.PART, part),
            ("date_dm", patterns.DATE_DM, date_dm),
            ("date_md", patterns.DATE_MD, date_md),
            ("date_num", patterns.DATE_NUM, date_num),
            ("weekday", patterns.WEEKDAY, weekday),
            ("date_d", patterns.DATE_D, date_d),
            ("relday", patterns.RELDAY, relday),
            ("now", calendar_patterns.NOW, now),
            ("vague", patterns.VAGUE, vague),
        ]
    )
}


# A trigger made ready for find(): (how many words back the rule may start, whether it may start
# at the anchor word itself, priority, compiled match, rule, rule name, words it may start with
# (number words included when it may start with a number), words it may hold, whether it may
# start with a number in digits): all find() needs in one tuple.
_Entry = tuple[
    int,
    bool,
    int,
    Callable[[str, int], "re.Match[str] | None"],
    Rule,
    str,
    frozenset[str],
    frozenset[str],
    bool,
]
_Entries = tuple[_Entry, ...]


class _Ready:
    """anchors.py's trigger tables with every rule's compiled pattern in place (on first use)."""

    __slots__ = (
        "colon",
        "mark",
        "plain",
        "plain_both",
        "plain_past",
        "plain_range",
        "suffix",
        "without_past",
        "words",
        "year",
    )

    def __init__(self) -> None:
        def entries(triggers: anchors.Triggers) -> _Entries:
            made = []
            for name, back, at_anchor in triggers:
                prio, lazy, rule = RULES[name]
                numbers = name in anchors.NUMBER_STARTS
                allowed, within = anchors.STARTERS[name], anchors.INSIDE[name]
                if numbers:  # "tres", "twenty": a number in words starts these as digits do
                    allowed = allowed | anchors.NUMBER_WORDS
                match = lazy.compiled.match
                made.append((back, at_anchor, prio, match, rule, name, allowed, within, numbers))
            return tuple(made)

        self.words = {word: entries(t) for word, t in anchors.WORDS.items()}
        self.without_past = {word: entries(t) for word, t in anchors.WITHOUT_PAST.items()}
        self.plain = entries(anchors.DIGIT_PLAIN)
        self.plain_range = entries(anchors.DIGIT_PLAIN + anchors.RANGE_AFTER)
        self.plain_past = entries(anchors.DIGIT_PLAIN + anchors.PAST_AFTER)
        self.plain_both = entries(anchors.DIGIT_PLAIN + anchors.RANGE_AFTER + anchors.PAST_AFTER)
        self.colon = entries(anchors.DIGIT_COLON)
        self.suffix = entries(anchors.DIGIT_SUFFIX)
        self.mark = entries(anchors.DIGIT_MARK)
        self.year = entries(anchors.YEAR)


_READY: list[_Ready] = []


# "ten past four", "10 to 5": clock_en is worth trying at a number only when these follow.
_PAST_AFTER = LazyPattern(r"\s+(?:minutes?\s+)?(?:past|after|to|til)\b")
# After a plain number, a word that may join it to a later hour ("3 a 5", "2 and 4pm").
_RANGE_AFTER = LazyPattern(r"\s*(?:a|al|to|till|until|hasta|y|and)\s+(?:las?\s+)?\d")


def _digit_triggers(s: str, end: int, size: int, ready: _Ready) -> _Entries:
    """The rules worth trying at a number in digits that ends at `end`, by what follows it."""
    if size == 4:
        return ready.year
    after = s[end : end + 1]
    if not after or after == " " or after == ",":
        ranged = _RANGE_AFTER.match(s, end) is not None
        if _PAST_AFTER.match(s, end) is not None:
            return ready.plain_both if ranged else ready.plain_past
        return ready.plain_range if ranged else ready.plain
    if after == ":":
        return ready.colon
    if after.isalpha():
        return ready.suffix
    if after in "/.-–":
        return ready.mark
    return ready.plain


def find(s: str, starts: list[int], words: list[str], ctx: Context) -> list[tuple[int, Piece]]:
    """Every piece in folded text `s` (split into `words`, each at its index in `starts`), with
    its rule's priority."""
    if not _READY:
        _READY.append(_Ready())
    ready = _READY[0]
    found: list[tuple[int, Piece]] = []
    tried: set[int] = set()
    number_words = anchors.NUMBER_WORDS
    table = ready.words
    for i, word in enumerate(words):
        if word < "a":  # words are runs of [a-z] or of [0-9] (parser._SPLIT): a number
            at = starts[i]
            triggers = _digit_triggers(s, at + len(word), len(word), ready)
        else:
            found_triggers = table.get(word)
            if found_triggers is None:
                continue
            triggers = found_triggers
            at = starts[i]
            if word in number_words and _PAST_AFTER.match(s, at + len(word)) is None:
                triggers = ready.without_past[word]
        for back, at_anchor, priority, match, rule, name, allowed, within, numbers in triggers:
            extra: list[int] | None = None
            j = i - 1
            last = i - back if i > back else 0
            while j >= last:
                first = words[j]
                if first in allowed or (numbers and first < "a"):
                    if extra is None:
                        extra = []
                    extra.append(starts[j])
                elif first not in within and first >= "a":
                    break
                j -= 1
            if extra is None:
                if not at_anchor:
                    continue
                tries: list[int] | tuple[int] = (at,)
            else:
                # the farthest start that reads gives the longest expression: nearer ones are
                # inside it
                extra.reverse()
                if at_anchor:
                    extra.append(at)
                tries = extra
            for start in tries:
                key = start * 64 + priority  # fewer than 64 rules
                if key in tried:
                    continue
                tried.add(key)
                m = match(s, start)
                if m is not None:
                    piece = rule(m, s, ctx)
                    if piece is not None:
                        piece.rule = name
                        found.append((priority, piece))
                        break
    return found
