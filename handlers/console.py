"""A local chat in the terminal: the whole bot with no workspace at all.

It makes the same core calls a Slack listener makes. When standard input is not a terminal it
answers each line and exits at the end of input; in a terminal it has line editing and history.
"""

from __future__ import annotations

import getpass
import io
import itertools
import os
import re
import sys
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.commands import clean
from bot.i18n import t, when
from bot.messages import (
    ACTION_CANCEL,
    ACTION_CHECK_IN,
    ACTION_DONE,
    ACTION_FOLLOW_UP,
    ACTION_HISTORY,
    ACTION_NOT_YET,
    ACTION_NOTIFY_OFF,
    ACTION_NOTIFY_ON,
    ACTION_OFF_TRACK,
    ACTION_ON_TRACK,
    ACTION_REOPEN,
    ACTION_RESCHEDULE,
    ACTION_UNDO,
    Button,
    Message,
    PlainFormatter,
)
from bot.model import Person
from bot.suggestions import ACTION_DISMISS, ACTION_MUTE, ACTION_SAVE

if TYPE_CHECKING:
    from app import Prometo

PLATFORM = "console"
WORKSPACE = "local"
_QUIT = {"/salir", "/exit", "/quit", "salir", "exit", "quit"}
_PREFIXES = (("/prometo", "es"), ("/promesa", "es"), ("/promise", "en"))
_CLOCK = re.compile(r"/(?:reloj|clock)\b\s*(?P<amount>.*)", re.IGNORECASE)
_STEP = re.compile(r"\+?\s*(\d+)\s*(d|h|m|min)?", re.IGNORECASE)
_UNIT = {"d": "days", "h": "hours", "m": "minutes", "min": "minutes"}
DEFAULT_CHANNEL = "#equipo"


@dataclass
class VirtualClock:
    """The real time plus an offset that `/reloj +2d` moves forward; UTC."""

    offset: timedelta = timedelta(0)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self.offset += delta
        return self.now()


class ConsoleMessenger:
    """bot.ports.Messenger for the terminal: DMs and channel posts are printed inline."""

    shows_images = False  # the digest's chart is not drawn; its sparkline is in the text

    def __init__(self, lang: str, out: TextIO | None = None) -> None:
        self.lang = lang
        self.out = out  # None: whatever sys.stdout is at the time (prompt_toolkit patches it)
        self._lock = threading.Lock()
        self._refs = itertools.count(1)
        # set by the Console: the reader's number of the promise a message is about, and the
        # promise's language (its buttons are typed as commands in that language)
        self.about: Callable[[Message], tuple[int | None, str | None]] | None = None

    def send_dm(self, person: Person, message: Message) -> str:
        who = person.name or person.external_id
        return self._print(t(self.lang, "console_dm", who=who), message)

    def post(self, channel: str, message: Message) -> str:
        return self._print(t(self.lang, "console_post", channel=channel), message)

    def update(self, ref: str, message: Message) -> None:
        self._print("✏️", message)

    def _print(self, heading: str, message: Message) -> str:
        with self._lock:
            ref = f"console:{next(self._refs)}"
            out = self.out or sys.stdout
            number, lang = self.about(message) if self.about else (None, None)
            print(f"{heading}\n{render(message, number, lang or self.lang)}", file=out, flush=True)
        return ref


class Console:
    def __init__(self, app: Prometo, *, user: str, out: TextIO) -> None:
        self.app = app
        self.out = out
        self.fmt = PlainFormatter()
        self.me = app.directory.person(PLATFORM, WORKSPACE, user, name=user)
        self.lang = app.settings.prometo_locale
        # a line without a command is said in this channel, as in a team chat
        self.channel = app.settings.prometo_team_channel or DEFAULT_CHANNEL
        self._hinted = False
        messenger = getattr(app.chaser, "messenger", None)
        if isinstance(messenger, ConsoleMessenger):
            messenger.about = self.about

    def about(self, message: Message) -> tuple[int | None, str | None]:
        """The promise `message` is about: the user's number of it (when it is theirs) and its
        language; (None, None) for none."""
        if message.promise_id is None:
            return None, None
        promise = self.app.store.get_promise(message.promise_id)
        if promise is None:
            return None, None
        return (promise.number if promise.owner_id == self.me.id else None), promise.lang

    def handle(self, line: str) -> str | None:
        """Answer one line typed by the user; None for a blank line."""
        line = clean(line)
        if not line:
            return None
        moved = _CLOCK.fullmatch(line)
        if moved:
            return self.move_clock(moved.group("amount"))
        if not line.startswith("/"):
            return self.said(line)
        lang, text = self._route(line)
        if lang is None:
            return t(self.lang, "console_unknown", word=line.split()[0])
        reply = self.app.commands.run(
            self.me, text, lang, self.fmt, where=self.channel, admin=lambda: True
        )
        return render(reply.message, self.about(reply.message)[0], lang)

    def said(self, line: str) -> str | None:
        """A line said in the team channel: a promise with a date gets a private suggestion.

        Any other line gets nothing, as in Slack; the first one of a session gets a hint.
        """
        offered = self.app.suggestions.consider(
            lambda: self.me, self.channel, uuid.uuid4().hex, line, self.fmt
        )
        if offered is not None:
            return render(offered.message, None, offered.suggestion.lang)
        if self._hinted:
            return None
        self._hinted = True
        return t(self.lang, "console_said_hint", channel=self.channel)

    def move_clock(self, amount: str) -> str:
        """`/reloj +2d`: move the virtual clock forward, say the new time."""
        step = _STEP.fullmatch(amount.strip())
        clock: Any = self.app.clock
        if not step or not hasattr(clock, "advance"):
            return t(self.lang, "console_clock_usage")
        unit = _UNIT[(step.group(2) or "m").lower()]
        now = clock.advance(timedelta(**{unit: int(step.group(1))}))
        return t(self.lang, "console_clock", when=when(now, self.me.timezone, self.lang, now=now))

    def chase(self) -> None:
        """Run the chasing sweep now, so what fell due shows up inline."""
        if self.app.chaser is not None:
            self.app.chaser.sweep()

    def _route(self, line: str) -> tuple[str | None, str]:
        lowered = line.lower()
        for prefix, lang in _PREFIXES:
            if lowered == prefix or lowered.startswith(prefix + " "):
                return lang, line[len(prefix) :].strip()
        return None, line

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
            self.chase()
        return 0


# What to type in the console for each button: (Spanish, English), after /prometo or /promise.
_TYPED = {
    ACTION_DONE: ("hecho {n}", "done {n}"),
    ACTION_RESCHEDULE: ("nueva fecha {n} …", "new date {n} …"),
    ACTION_CANCEL: ("cancelar {n}", "cancel {n}"),
    ACTION_UNDO: ("cancelar {n}", "cancel {n}"),
    ACTION_REOPEN: ("reabrir {n}", "reopen {n}"),
    ACTION_CHECK_IN: ("avisé {n}", "checked in {n}"),
    ACTION_ON_TRACK: ("llego {n}", "on track {n}"),
    ACTION_OFF_TRACK: ("no llego {n}", "off track {n}"),
    ACTION_NOT_YET: ("todavía no {n}", "not yet {n}"),
    ACTION_FOLLOW_UP: ("seguimiento {n}", "follow up {n}"),
    ACTION_NOTIFY_ON: ("avisarle {n}", "notify {n}"),
    ACTION_NOTIFY_OFF: ("no avisarle {n}", "don't notify {n}"),
    ACTION_HISTORY: ("historial {n}", "history {n}"),
    ACTION_SAVE: ("guardar {n}", "save {n}"),
    ACTION_DISMISS: ("no {n}", "dismiss {n}"),
    ACTION_MUTE: ("sugerencias off", "suggestions off"),
}
# Buttons whose command names the suggestion they carry, not a promise number.
_BY_VALUE = (ACTION_SAVE, ACTION_DISMISS, ACTION_MUTE)


def render(message: Message, number: int | None = None, lang: str = "es") -> str:
    """A message as console text: its lines, and its buttons as the commands that do the same."""
    text = message.plain()
    if message.buttons:
        text += "\n" + "  ".join(_button(b, number, lang) for b in message.buttons)
    return text


def _button(button: Button, number: int | None, lang: str) -> str:
    command = "/promise " if lang == "en" else "/prometo "
    if button.command is not None:  # a concrete date offered: the core says what to type
        return f"[{button.label}: {command}{button.command}]"
    typed = _TYPED.get(button.action)
    if button.action in _BY_VALUE:
        number = int(button.value) if button.value.isdigit() else None
    if number is None or typed is None:
        return f"[{button.label}]"
    return f"[{button.label}: {command}{typed[lang == 'en'].format(n=number)}]"


def _user() -> str:
    if os.environ.get("PROMETO_USER"):
        return os.environ["PROMETO_USER"]
    try:
        return getpass.getuser()  # USER, LOGNAME, ... or the account's name
    except (KeyError, OSError):
        return "yo"


def run_console(app: Prometo, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    """Run the console on a terminal (with history) or over piped lines."""
    out = out or sys.stdout
    console = Console(app, user=_user(), out=out)
    console.chase()
    if stdin is None and sys.stdin.isatty() and sys.stdout.isatty():
        return _interactive(console)
    if stdin is None:
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    try:
        return console.feed(stdin)
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as `cat` does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so flushing stdout at exit raises nothing
        return 0


def _interactive(console: Console) -> int:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory
    from prompt_toolkit.patch_stdout import patch_stdout

    history = Path(os.environ.get("PROMETO_HISTORY", "~/.prometo_history")).expanduser()
    session: PromptSession[str] = PromptSession(history=FileHistory(str(history)))
    console.say(console.banner())
    with patch_stdout():
        console.app.start_background()  # reminders arrive while you type, as in Slack
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
            console.chase()
