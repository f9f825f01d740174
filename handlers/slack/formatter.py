"""Slack's text rules: user text in and out, so nothing pings and no link is smuggled.

Incoming text (slash commands with escaping on, messages) is Slack-encoded: `&amp; &lt; &gt;`
for typed characters and `<...>` control sequences for mentions and links. `plain()` turns it
into what the person saw; `SlackFormatter.escape()` makes any text inert before it is posted.
"""

from __future__ import annotations

import re

from bot.model import Person

_CONTROL = re.compile(r"<([^<>]*)>")
_CHANNEL_TOKEN = re.compile(r"<#([CG][A-Z0-9]{2,})(?:\|[^<>|]*)?>")
_CHANNEL_ID = re.compile(r"#?([CG][A-Z0-9]{8,})")
_BROADCAST = re.compile(r"([@＠])(channel|here|everyone)\b", re.IGNORECASE)
_SPECIAL = {"channel": "@channel", "here": "@here", "everyone": "@everyone"}
_ZWSP = "\u200b"


_USER_TOKEN = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^<>|]*)?>")


def mentioned(text: str) -> list[str]:
    """The user ids mentioned in Slack-encoded text, in order, each once."""
    seen: list[str] = []
    for user in _USER_TOKEN.findall(text):
        if user not in seen:
            seen.append(user)
    return seen


def plain(text: str, *, keep_users: bool = False) -> str:
    """Slack-encoded text as the person saw it; channel references stay as `<#C…|name>`.

    `keep_users`: user mentions stay as the core's person references, `<@U123>`, so the core
    can tell whom a promise was made to (it shows them as '@Name', never as a ping).
    """

    def readable(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("#"):
            return match.group(0)
        if keep_users and _USER_TOKEN.fullmatch(match.group(0)):
            return f"<{target}>"
        if target.startswith("!"):
            name = target[1:].split("^", 1)[0]
            if name in _SPECIAL:
                return _SPECIAL[name]
            return label or f"@{name}"
        if target.startswith("@"):
            return f"@{label}" if label else target
        if label and label != target:
            return f"{label} ({target})"
        return target.removeprefix("mailto:")

    text = _CONTROL.sub(readable, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Any text made inert for Slack mrkdwn: entities for `& < >`, broken broadcast words.

    Well-formed channel references (`<#C123|name>`) are kept: they link, but never ping.
    """
    parts: list[str] = []
    start = 0
    for match in _CHANNEL_TOKEN.finditer(text):
        parts.append(_inert(text[start : match.start()]))
        parts.append(match.group(0))
        start = match.end()
    parts.append(_inert(text[start:]))
    return "".join(parts)


def _inert(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: f"{m.group(1)}{_ZWSP}{m.group(2)}", text)


class SlackFormatter:
    """bot.messages.Formatter for Slack mrkdwn."""

    def escape(self, text: str) -> str:
        return escape(text)

    def bold(self, text: str) -> str:
        return f"*{text}*" if text.strip() else text

    def person(self, person: Person) -> str:
        return f"<@{person.external_id}>"

    def link(self, url: str, label: str) -> str:
        safe_url = url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E")
        safe_url = safe_url.replace("|", "%7C")
        return f"<{safe_url}|{escape(label).replace('|', '¦')}>"

    def channel_ref(self, text: str) -> str | None:
        text = text.strip()
        token = _CHANNEL_TOKEN.match(text)
        if token:
            return token.group(1)
        bare = _CHANNEL_ID.fullmatch(text)
        return bare.group(1) if bare else None
