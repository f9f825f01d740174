"""Text folding: lower case, no accents, Slack markup masked, one output char per input char.

Every regex in this package runs on the folded text; because folding keeps positions, a match's
span cuts the original text exactly (case, accents, emoji and mentions survive in the task).
"""

from __future__ import annotations

import re

MASK = "\x01"

_PAIRS = {
    "ÁÀÂÄÃÅáàâäãå": "a",
    "ÉÈÊËéèêë": "e",
    "ÍÌÎÏíìîï": "i",
    "ÓÒÔÖÕóòôöõ": "o",
    "ÚÙÛÜúùûü": "u",
    "Ññ": "n",
    "Çç": "c",
    "’‘`´": "'",
    "\u00a0\u2009\u202f\t\r\n": " ",
    "_*~`": " ",  # Slack's italic, bold, strike and code marks
    # The only letters besides A-Z that a case-blind [a-z] would take: the rules match folded
    # text case-sensitively (faster), so these fold here to the letter they stand for.
    "\u0130\u0131": "i",  # Turkish dotted capital I, dotless i
    "\u017f": "s",  # long s
    "\u212a": "k",  # Kelvin sign
}
_TABLE: dict[int, str] = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
for _chars, _plain in _PAIRS.items():
    for _c in _chars:
        _TABLE[ord(_c)] = _plain

# The same folding as a byte table over Latin-1, where Spanish and English text lives: bytes
# translate in C at memory speed, where str.translate looks every character up in a dict.
_LATIN = bytes(ord(_TABLE.get(_b, chr(_b))) for _b in range(256))

# Slack mentions, channel links, special mentions, links and bare URLs, emoji shortcodes:
# never read as times, so they are masked out before any rule runs.
_MARKUP = re.compile(
    r"<(?:[@#!]|https?:|mailto:|tel:)[^<>]{0,2000}>"
    r"|\b(?:https?://|www\.)[^\s<>]+"
    r"|:[a-z][a-z0-9_+\-]{0,59}:"
)


def fold(text: str) -> str:
    """Fold `text` for matching; the result has exactly len(text) characters."""
    try:
        folded = text.encode("latin-1").translate(_LATIN).decode("latin-1")
    except UnicodeEncodeError:  # emoji, curly quotes, other scripts: the general table
        folded = text.translate(_TABLE)
    if "<" not in folded and ":" not in folded and "www" not in folded:
        return folded
    parts: list[str] = []
    last = 0
    for m in _MARKUP.finditer(folded):
        parts.append(folded[last : m.start()])
        parts.append(MASK * (m.end() - m.start()))
        last = m.end()
    if not parts:
        return folded
    parts.append(folded[last:])
    return "".join(parts)
