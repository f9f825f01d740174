"""Teams' text rules: incoming message HTML to plain text; user text made inert in cards.

Adaptive Card TextBlocks (and FactSet facts) read a small Markdown subset: bold, italic, lists,
links. Text a person typed is escaped so it shows as typed and never becomes a link, emphasis,
a list, a heading or a mention: a backslash goes before every backslash, emphasis, code and
link character, a zero-width space before a list, heading or quote marker at the start of a
line and after every '<', so no '<at>' tag of a user can pass for one of ours. Mentions of
people are '<at id="…">name</at>' tokens that the card renderer turns into real Teams
mentions. Where Teams shows text as it is (a notification's summary, a message answer to a
button), `plain` turns a card's Markdown back into what a person reads.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.model import Person

_TAG = re.compile(r"<[^<>]*>")
_BREAK = re.compile(r"<\s*(br|/p|/div|/li)\s*/?>", re.IGNORECASE)
# the markup TextBlocks read (emphasis, code, links) and the backslash that escapes it
_MD = re.compile(r"([\\*_`\[\]])")
# what may make a line a list item, a heading (also '===' or '---' under a line) or a quote
_BLOCK = re.compile(r"^([ \t]*)(?=[-+=#>]|\d{1,9}[.)])", re.MULTILINE)
_ZWSP = "\u200b"
# a name escaped by `escape` holds no '<' but the ones followed by a zero-width space
MENTION = re.compile(r'<at id="([^"<>]{1,200})">((?:[^<]|<\u200b){0,400}?)</at>')
_BARE_MENTION = re.compile(r"<at>((?:[^<]|<\u200b){0,400}?)</at>")
_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\]\\\n])*)\]\((?:[^()\s]*)\)")
_UNESCAPE = re.compile(r"\\([\\*_`\[\]])|\*+")
_HERE = {"aqui", "aquí", "aca", "acá", "este", "este canal", "here", "this", "this channel"}


def plain_text(text: str) -> str:
    """A Teams message body (HTML or text) as the person saw it, without tags."""
    text = _BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    return "\n".join(line.strip() for line in text.splitlines()).strip()


def escape(text: str) -> str:
    """Any text made inert for a TextBlock: shown as typed, never markup."""
    text = text.replace("<", "<" + _ZWSP)
    text = _BLOCK.sub(lambda m: m.group(1) + _ZWSP, text)
    return _MD.sub(r"\\\1", text)


def plain(markdown: str) -> str:
    """What a person reads in a card's Markdown (ours, with escaped user text), as plain text:
    for the places Teams shows text as it is. Mentions and links keep their names."""
    text = MENTION.sub(lambda m: m.group(2), markdown)
    text = _BARE_MENTION.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _UNESCAPE.sub(lambda m: m.group(1) or "", text)
    return text.replace(_ZWSP, "")


def mention(person: Person) -> str:
    """A mention token for the card renderer (an Entra object id and a display name)."""
    name = escape((person.name or "")[:100]) or "?"  # cut first: never inside an escape
    return f'<at id="{person.external_id}">{name}</at>'


@dataclass
class TeamsFormatter:
    """bot.messages.Formatter for Adaptive Card TextBlocks.

    `here` is the channel key of the conversation a command came from, so "canal aquí"
    (channel here) names it.
    """

    here: str | None = None

    def escape(self, text: str) -> str:
        return escape(text)

    def bold(self, text: str) -> str:
        return f"**{text}**" if text.strip() else text

    def person(self, person: Person) -> str:
        return mention(person)

    def link(self, url: str, label: str) -> str:
        if not url.startswith(("https://", "http://")):
            return escape(label)
        safe = url.replace(")", "%29").replace("(", "%28").replace(" ", "%20")
        return f"[{escape(label)}]({safe})"

    def channel_ref(self, text: str) -> str | None:
        words = text.strip().lower().rstrip(".!")
        if self.here and (not words or words in _HERE):
            return self.here
        return None
