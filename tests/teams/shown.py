"""What a person reads in what Prometo sent to Teams, and whether user text stayed inert.

`fields(node)` walks anything Teams received from us (an activity, a card, an invoke's answer)
and yields every text in it with how Teams shows it: "markdown" for the texts Adaptive Cards
read as Markdown (TextBlock text, FactSet titles and values), "plain" for everything shown or
kept as is (button titles, input values, labels and placeholders, choices, fallback text, the
notification summary, a message answer, action data). `rendered(text)` reads a Markdown text
the way Teams' card renderer does, strictly: whatever could be markup (an unescaped '*', '_'
or '`', a link, a tag, a list marker or heading at the start of a line) is consumed; a
backslash escape shows its character; zero-width spaces are dropped at the end, as a reader
never sees them. So a user's text that reaches a card safely reads exactly as typed there, and
one that became markup does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_ZWSP = "\u200b"
_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_BLOCK = re.compile(r"[ \t]*(?:[-+*][ \t]|\d{1,9}[.)][ \t]|#{1,6}[ \t]|>)")
_CARD = "application/vnd.microsoft.card.adaptive"


@dataclass
class Reading:
    """A Markdown text as shown: its characters, links and mentions."""

    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (label as shown, url)
    mentions: list[str] = field(default_factory=list)  # '<at>…</at>' tokens as written
    tags: list[str] = field(default_factory=list)  # other '<…>' a renderer would take


def rendered(markdown: str) -> Reading:
    """Read `markdown` as Teams shows it (see the module's docstring)."""
    reading = Reading()
    reading.text = _read(markdown, reading).replace(_ZWSP, "")
    return reading


def _read(text: str, reading: Reading) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        if line_start:
            line_start = False
            block = _BLOCK.match(text, i)
            if block:  # a list item, a heading or a quote: its marker is not shown
                i = block.end()
                continue
        ch = text[i]
        if ch == "\n":
            out.append(ch)
            line_start = True
            i += 1
        elif ch == "\\" and i + 1 < n and text[i + 1] in _PUNCTUATION:
            out.append(text[i + 1])
            i += 2
        elif ch in "*_`":
            i += 1  # emphasis or code: a delimiter is never shown
        elif ch == "<" and text.startswith("<at>", i) and "</at>" in text[i:]:
            end = text.index("</at>", i)
            reading.mentions.append(text[i : end + 5])
            out.append(_read(text[i + 4 : end], reading))
            i = end + 5
        elif ch == "<" and re.match(r"</?[A-Za-z!]", text[i:]) and ">" in text[i:]:
            end = text.index(">", i)
            reading.tags.append(text[i : end + 1])
            i = end + 1
        elif ch == "[" and (link := _link(text, i)) is not None:
            label, url, i = link
            shown = _read(label, reading)
            reading.links.append((shown, url))
            out.append(shown)
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _link(text: str, start: int) -> tuple[str, str, int] | None:
    """'[label](url)' from an unescaped '[' at `start`: (label, url, the index after it)."""
    depth, i = 0, start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "\n":
            return None
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                break
        i += 1
    else:
        return None
    if not text.startswith("(", i + 1):
        return None
    close = text.find(")", i + 2)
    if close < 0 or "\n" in text[i + 2 : close]:
        return None
    return text[start + 1 : i], text[i + 2 : close], close + 1


@dataclass(frozen=True)
class Field:
    where: str  # a path to it, for messages
    kind: str  # "markdown" or "plain"
    raw: str

    @property
    def shown(self) -> str:
        """What a person reads."""
        return rendered(self.raw).text if self.kind == "markdown" else self.raw


@dataclass(frozen=True)
class Card:
    where: str
    content: dict[str, Any]


def cards(node: Any, where: str = "") -> Iterator[Card]:
    """Every Adaptive Card inside `node` (an activity, an invoke's answer, a card)."""
    if isinstance(node, dict):
        if node.get("type") == "AdaptiveCard":
            yield Card(where, node)
            return
        for key, value in node.items():
            yield from cards(value, f"{where}.{key}")
    elif isinstance(node, list):
        for n, item in enumerate(node):
            yield from cards(item, f"{where}[{n}]")


def fields(node: Any, where: str = "") -> Iterator[Field]:
    """Every text of `node` a person reads or that comes back to us, with how it is shown."""
    if isinstance(node, dict):
        kind = node.get("type")
        for key, value in node.items():
            path = f"{where}.{key}"
            if not isinstance(value, str):
                yield from fields(value, path)
            elif kind == "mention" or key in ("type", "id", "url", "verb", "contentType"):
                continue  # a mention's token is checked against the text it names
            elif _markdown(kind, key, path):
                yield Field(path, "markdown", value)
            else:
                yield from _data(value, path)
    elif isinstance(node, list):
        for n, item in enumerate(node):
            yield from fields(item, f"{where}[{n}]")


def _markdown(kind: object, key: str, path: str) -> bool:
    """Whether Teams reads this text as Markdown: a TextBlock's, a message's, a Fact's."""
    if (kind, key) in (("TextBlock", "text"), ("message", "text")):
        return True
    return ".facts[" in path and key in ("title", "value")


def _data(value: str, where: str) -> Iterator[Field]:
    """A string kept as is; JSON in a button's value is read as the values it carries."""
    if value.startswith("{"):
        try:
            decoded = json.loads(value)
        except ValueError:
            decoded = None
        if isinstance(decoded, dict):
            for key, item in decoded.items():
                if isinstance(item, str):
                    yield Field(f"{where}.{key}", "plain", item)
            return
    yield Field(where, "plain", value)


def entities(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The card's mention entities by their '<at>…</at>' text."""
    found = (card.get("msteams") or {}).get("entities") or []
    return {str(e.get("text")): e for e in found if e.get("type") == "mention"}


def answers_and_activities(calls: list[Any], answers: list[Any]) -> Iterator[tuple[str, Any]]:
    """(where, JSON) of every activity the connector double received and every answer."""
    for call in calls:
        if call.kind in ("send", "reply", "update") and call.body:
            yield f"{call.kind}#{call.id or call.activity_id}", call.body
    for n, answer in enumerate(answers):
        yield f"answer#{n}", answer


__all__ = ["Card", "Field", "Reading", "answers_and_activities", "cards", "fields", "rendered"]
