"""What a command or a button gets back: a Reply to render, and the text-cleaning rule."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from bot import messages as msg
from bot.messages import Message
from bot.parsing import ParsedPromise
from bot.promises import Change


@dataclass(frozen=True, slots=True)
class Reply:
    """What to show the person who typed a command."""

    message: Message
    kind: str
    ok: bool = True
    change: Change | None = None
    draft: ParsedPromise | None = None
    channel: str | None = None
    # the platform should now ask for a new date and its reason (a "No" to "¿Llegas?")
    ask_date: bool = False
    # with a draft: the workspace person it was promised to (draft.counterpart names them)
    counterpart_id: int | None = None


def clean(text: str) -> str:
    """User text made safe to store: valid Unicode, no control characters, trimmed."""
    text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    text = "".join(
        " " if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch for ch in text
    )
    return unicodedata.normalize("NFC", text).strip()


def error(lang: str, key: str, **values: object) -> Reply:
    """A refusal or mistake, from the catalog."""
    return Reply(msg.say(lang, key, **values), key, ok=False)
