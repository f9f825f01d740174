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
# The Spanish number words among them: "el doce" is a date, "el twelve" is not.
SPANISH_NUMBERS = frozenset(
    w
    for w in NUMBERS
    if w.split()[0]
    in {"cero", "un", "una", "diez", "once", "doce", "trece", "catorce", "quince", "veinte"}
    | set(_UNITS_ES)
    or w.startswith(("dieci", "veinti", "treinta", "cuarenta", "cincuenta"))
)

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

# Clipped names that are no other word: read alone at the end of a clause or after a deadline
# word ("send it fri", "para el jue"), else with an article, "next", a day number or a time.
CLIPPED_WEEKDAYS = frozenset(
    {"lun", "mie", "mier", "jue", "juev", "vie", "vier", "sab", "tue", "tues", "thu", "thur"}
    | {"thurs", "fri", "weds", "mon"}
)
# Abbreviations that are also ordinary words ("sun", "sat", "do", "ma", "mar" the sea or March):
# only with an article or "next" ("el ma", "on sat"), a day number or a time right after.
WORDLIKE_WEEKDAYS = frozenset({"dom", "wed", "sat", "sun", "lu", "ma", "mx", "ju", "vi", "sa"})
WORDLIKE_WEEKDAYS |= {"do", "mar"}
SHORT_WEEKDAYS = CLIPPED_WEEKDAYS | WORDLIKE_WEEKDAYS
for _name, _day in (("lu", 0), ("ma", 1), ("mar", 1), ("mx", 2), ("ju", 3), ("vi", 4)):
    WEEKDAYS[_name] = _day
WEEKDAYS.update({"sa": 5, "do": 6})

# Weekdays in the plural, for counted days ("dentro de dos jueves", "3 fridays from now").
PLURAL_WEEKDAYS: dict[str, int] = {
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabados": 5,
    "domingos": 6, "mondays": 0, "tuesdays": 1, "wednesdays": 2, "thursdays": 3,
    "fridays": 4, "saturdays": 5, "sundays": 6,
}  # fmt: skip

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

# Day numbers said as ordinal words ("the twelfth", "on the twenty-first", "el primero").
ORDINALS: dict[str, int] = {"primero": 1}
_ORD_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORD_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth"]
_ORD_TEENS += ["sixteenth", "seventeenth", "eighteenth", "nineteenth"]
for _i, _word in enumerate(_ORD_UNITS + _ORD_TEENS, start=1):
    ORDINALS[_word] = _i
ORDINALS["twentieth"], ORDINALS["thirtieth"] = 20, 30
for _i, _word in enumerate(_ORD_UNITS, start=1):
    ORDINALS["twenty " + _word] = 20 + _i
ORDINALS["thirty first"] = 31

# The n-th of something in a month ("el segundo lunes de marzo", "the last Friday"); -1 = last.
NTH: dict[str, int] = {
    "primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3,
    "tercero": 3, "tercera": 3, "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5,
    "ultimo": -1, "ultima": -1, "penultimo": -2, "penultima": -2, "first": 1, "second": 2,
    "third": 3, "fourth": 4, "fifth": 5, "last": -1, "1er": 1, "1ro": 1, "1st": 1, "1a": 1,
    "1o": 1, "2do": 2, "2nd": 2, "2a": 2, "2o": 2, "3er": 3, "3ro": 3, "3rd": 3, "3a": 3,
    "3o": 3, "4to": 4, "4th": 4, "4a": 4, "4o": 4, "5to": 5, "5th": 5, "5a": 5, "5o": 5,
}  # fmt: skip


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
