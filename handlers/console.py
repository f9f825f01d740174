"""A local chat in the terminal: the whole bot with no workspace at all.

It makes the same core calls a Slack listener makes. When standard input is not a terminal it
answers each line and exits at the end of input; in a terminal it has line editing and history.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.commands import clean
from bot.i18n import t
from bot.messages import Message, PlainFormatter

if TYPE_CHECKING:
    from app import Prometo

PLATFORM = "console"
WORKSPACE = "local"
_QUIT = {"/salir", "/exit", "/quit", "salir", "exit", "quit"}
_PREFIXES = (("/prometo", "es"), ("/promesa", "es"), ("/promise", "en"))


class Console:
    def __init__(self, app: Prometo, *, user: str, out: TextIO) -> None:
        self.app = app
        self.out = out
        self.fmt = PlainFormatter()
        self.me = app.directory.person(PLATFORM, WORKSPACE, user, name=user)
        self.lang = app.settings.prometo_locale

    def handle(self, line: str) -> str | None:
        """Answer one line typed by the user; None for a blank line."""
        line = clean(line)
        if not line:
            return None
        lang, text = self._route(line)
        if lang is None:
            return t(self.lang, "console_unknown", word=line.split()[0])
        reply = self.app.commands.run(self.me, text, lang, self.fmt)
        return render(reply.message)

    def _route(self, line: str) -> tuple[str | None, str]:
        lowered = line.lower()
        for prefix, lang in _PREFIXES:
            if lowered == prefix or lowered.startswith(prefix + " "):
                return lang, line[len(prefix) :].strip()
        if line.startswith("/"):
            return None, line
        return self.lang, line

    def banner(self) -> str:
        return t(
            self.lang,
            "console_banner",
            user=self.me.name or self.me.external_id,
            tz=self.me.timezone,
        )

    def say(self, text: str | None) -> None:
        if text:
            print(text, file=self.out, flush=True)

    def feed(self, lines: Iterable[str]) -> int:
        """Answer every line of `lines`; stop at a quit word."""
        for line in lines:
            if clean(line).lower() in _QUIT:
                break
            self.say(self.handle(line))
        return 0


def render(message: Message) -> str:
    """A message as console text: its lines, and its buttons as hints."""
    text = message.plain()
    if message.buttons:
        text += "\n" + "  ".join(f"[{b.label}]" for b in message.buttons)
    return text


def _user() -> str:
    return os.environ.get("PROMETO_USER") or os.environ.get("USER") or "yo"


def run_console(app: Prometo, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    """Run the console on a terminal (with history) or over piped lines."""
    out = out or sys.stdout
    console = Console(app, user=_user(), out=out)
    if stdin is None and sys.stdin.isatty() and sys.stdout.isatty():
        return _interactive(console)
    if stdin is None:
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    return console.feed(stdin)


def _interactive(console: Console) -> int:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    history = Path(os.environ.get("PROMETO_HISTORY", "~/.prometo_history")).expanduser()
    session: PromptSession[str] = PromptSession(history=FileHistory(str(history)))
    console.say(console.banner())
    while True:
        try:
            line = session.prompt("prometo> ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            return 0
        if clean(line).lower() in _QUIT:
            return 0
        console.say(console.handle(line))
