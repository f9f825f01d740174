"""Teams' text rules: incoming message HTML to plain text; user text made inert in cards.

Adaptive Card TextBlocks read a small Markdown subset (bold, italic, lists, links). Text a
person typed is escaped so it shows as typed and never becomes a link, a heading or a mention:
emphasis and link characters get a backslash, a list marker at the start of a line and every
'<' a zero-width space, so no '<at>' tag of
a user can pass for one of ours. Mentions of people are '<at id="…">name</at>' tokens that
the card renderer turns into real Teams mentions.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.model import Person

_TAG = re.compile(r"<[^<>]*>")
_BREAK = re.compile(r"<\s*(br|/p|/div|/li)\s*/?>", re.IGNORECASE)
_MD = re.compile(r"([*_\[\]])")  # the markup TextBlocks read: emphasis and links
_LIST = re.compile(r"^(\s*)([-+]|\d+\.)(?=\s)", re.MULTILINE)  # a list item at line start
_ZWSP = "\u200b"
MENTION = re.compile(r'<at id="([^"<>]{1,200})">([^<>]{0,200})</at>')
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
    text = _LIST.sub(lambda m: m.group(1) + _ZWSP + m.group(2), text)
    return _MD.sub(r"\\\1", text)


def mention(person: Person) -> str:
    """A mention token for the card renderer (an Entra object id and a display name)."""
    name = escape(person.name or "").replace('"', "'") or "?"
    return f'<at id="{person.external_id}">{name[:100]}</at>'


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
