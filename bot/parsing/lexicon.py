"""Number, weekday and month words in Spanish and English (folded: lower case, no accents)."""

from __future__ import annotations

import re
from collections.abc import Iterable

_UNITS_ES = ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
_UNITS_EN = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _numbers() -> dict[str, int]:
    words: dict[str, int] = {"cero": 0, "zero": 0, "un": 1, "una": 1}
    for i, (es, en) in enumerate(zip(_UNITS_ES, _UNITS_EN, strict=True), start=1):
        words[es] = i
        words[en] = i
    teens_es = ["diez", "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete"]
    teens_es += ["dieciocho", "diecinueve"]
    teens_en = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"]
    teens_en += ["seventeen", "eighteen", "nineteen"]
    for i, (es, en) in enumerate(zip(teens_es, teens_en, strict=True), start=10):
        words[es] = i
        words[en] = i
    words["veinte"] = 20
    for i, unit in enumerate(["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete"], start=1):
        words["veinti" + unit] = 20 + i
    words.update({"veintiun": 21, "veintiuna": 21, "veintiocho": 28, "veintinueve": 29})
    tens = [("treinta", "thirty", 30), ("cuarenta", "forty", 40), ("cincuenta", "fifty", 50)]
    tens.append(("veinte", "twenty", 20))
    for es, en, value in tens:
        words[es] = value
        words[en] = value
        for i, (ues, uen) in enumerate(zip(_UNITS_ES, _UNITS_EN, strict=True), start=1):
            if value != 20:
                words[f"{es} y {ues}"] = value + i
            words[f"{en} {uen}"] = value + i
    return words


NUMBERS: dict[str, int] = _numbers()

WEEKDAYS: dict[str, int] = {}
for _day, _names in enumerate(
    [
        "lunes lun monday mon mondays",
        "martes tuesday tues tue",
        "miercoles miercole mircoles miercoels mierc mier mie wednesday wednsday wendsday wensday"
        " wed weds",
        "jueves juev jue thursday thurs thur thu thrusday thusday",
        "viernes vienes vier vie friday fri firday fridya",
        "sabado sab saturday sat",
        "domingo dom sunday sun",
    ]
):
    for _name in _names.split():
        WEEKDAYS[_name] = _day


def _typos(word: str) -> set[str]:
    """One letter dropped or two neighbours swapped, first letter kept: 'juevs', 'jeuves'."""
    dropped = {word[:i] + word[i + 1 :] for i in range(1, len(word))}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    return {w for w in dropped | swapped if len(w) >= 5}


# Typos that are real words of their own ("mates", "mares"), never read as weekdays.
_REAL_WORDS = frozenset(
    {"mates", "mares", "marts", "marte", "viene", "vienes", "viens", "venes", "vines", "domino"}
    | {"frida", "mondas", "sundy", "monay"}
)
for _full, _day in list(WEEKDAYS.items()):
    if len(_full) >= 6:
        for _typo in _typos(_full) - _REAL_WORDS:
            WEEKDAYS.setdefault(_typo, _day)

# Abbreviations that are also ordinary words: only taken with an article, "next" or a day number.
SHORT_WEEKDAYS = frozenset(
    {"lun", "mie", "mier", "jue", "vie", "sab", "dom"}
    | {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
)

MONTHS: dict[str, int] = {}
for _month, _names in enumerate(
    [
        "enero ene january jan",
        "febrero feb february",
        "marzo mar march",
        "abril abr april apr",
        "mayo may",
        "junio jun june",
        "julio jul july",
        "agosto ago august aug",
        "septiembre setiembre sept sep set september",
        "octubre oct october",
        "noviembre nov november",
        "diciembre dic december dec",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _month

ORDINALS: dict[str, int] = {"primero": 1, "first": 1}


_Trie = dict[str, "_Trie"]


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words`, factored as a trie (fast to match and to compile).

    A space in a word matches a run of whitespace or hyphens; longer words win (greedy suffixes).
    """
    trie: _Trie = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: _Trie) -> str:
    end = "" in node
    branches = [
        (r"[\s-]+" if char == " " else re.escape(char)) + _trie_regex(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")?"
    return body


def word_set(text: str) -> frozenset[str]:
    """The space-separated words of `text` as a set."""
    return frozenset(text.split())


def number_value(word: str) -> int | None:
    """The value of a digit string or a number word (folded), or None."""
    word = " ".join(word.replace("-", " ").split())
    if word.isdigit():
        return int(word)
    if word in ORDINALS:
        return ORDINALS[word]
    return NUMBERS.get(word)
