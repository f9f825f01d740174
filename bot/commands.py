"""The `/prometo …` and `/promise …` language: one entry point for every platform.

A platform hands in who typed what and in which language; it gets back a Reply to render.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import messages as msg
from bot import stats
from bot.i18n import when
from bot.messages import Formatter, Message
from bot.model import Person, Promise
from bot.parsing import ParsedPromise, parse_promise
from bot.parsing.normalise import fold
from bot.promises import MAX_TASK, BookError, Change, Forbidden, NotOpen, PromiseBook

MAX_INPUT = 4000
_NUMBER = r"#?\s*(?P<number>\S+)"
_SUBCOMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE | re.DOTALL))
    for name, pattern in (
        ("help", r"(?:ayuda|help|\?|como funciona|how does it work)[.!]?"),
        ("list", r"(?:lista|list|ls|mis promesas|my promises|pendientes|open)[.!]?"),
        (
            "done",
            r"(?:hecho|hecha|listo|lista|cumplida|cumplido|terminado|done|kept|finished)\s+"
            + _NUMBER,
        ),
        (
            "reschedule",
            r"(?:nueva fecha|cambiar fecha|cambia fecha|reprogramar|posponer|mover|"
            r"new date|reschedule|postpone|move)\s+#?\s*(?P<number>[^\s,:]+)[\s,:]*"
            r"(?P<rest>.*)",
        ),
        (
            "check_in",
            r"(?:avise|aviso|avisado|sigo en ello|sigo en eso|checked in|check in|checkin|on it)"
            r"\s+" + _NUMBER,
        ),
        ("cancel", r"(?:cancelar|cancela|borrar|eliminar|cancel|delete|remove)\s+" + _NUMBER),
        ("reopen", r"(?:reabrir|reabre|reopen)\s+" + _NUMBER),
        ("channel", r"(?:canal|channel)(?:\s+(?P<rest>.*))?"),
        ("stats", stats.COMMAND),
        ("digest_people", stats.DIGEST_PEOPLE),
    )
)
_VERBS = {
    "done": ("hecho", "done"),
    "cancel": ("cancelar", "cancel"),
    "reopen": ("reabrir", "reopen"),
    "reschedule": ("nueva fecha", "new date"),
    "check_in": ("avisé", "checked in"),
}
_ACTION_OF = {
    "done": msg.ACTION_DONE,
    "check_in": msg.ACTION_CHECK_IN,
    "cancel": msg.ACTION_CANCEL,
    "reopen": msg.ACTION_REOPEN,
}
_BECAUSE = re.compile(
    r"\s*[,;]?\s+(?:porque|ya que|pues|debido a que|because|since|as)\s+", re.IGNORECASE
)
_LONE_VERB = re.compile(
    r"(?:hecho|listo|cumplida|done|cancelar|cancel|reabrir|reopen|"
    r"nueva fecha|new date|reschedule|avise|aviso|checked in|check in)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Reply:
    """What to show the person who typed a command."""

    message: Message
    kind: str
    ok: bool = True
    change: Change | None = None
    draft: ParsedPromise | None = None
    channel: str | None = None


def clean(text: str) -> str:
    """User text made safe to store: valid Unicode, no control characters, trimmed."""
    text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    text = "".join(
        " " if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch for ch in text
    )
    return unicodedata.normalize("NFC", text).strip()


class Commands:
    def __init__(self, book: PromiseBook) -> None:
        self._book = book

    def run(self, actor: Person, text: str, lang: str, fmt: Formatter) -> Reply:
        """Carry out one command typed by `actor` in `lang` ('es' or 'en')."""
        text = clean(text)
        if len(text) > MAX_INPUT:
            return _error(lang, "too_long", length=len(text), limit=MAX_INPUT)
        if not text:
            return Reply(msg.say(lang, "empty"), "empty", ok=False)
        folded = fold(text)
        for name, pattern in _SUBCOMMANDS:
            match = pattern.fullmatch(folded)
            if match:
                try:
                    return self._subcommand(name, match, text, actor, lang, fmt)
                except BookError as err:
                    return self.explain(err, lang, fmt, actor)
        if _LONE_VERB.fullmatch(folded):
            verb = _verb_for(folded, lang)
            return _error(lang, "bad_number", verb=verb)
        try:
            return self.capture(actor, text, lang, fmt)
        except BookError as err:
            return self.explain(err, lang, fmt, actor)

    def capture(self, actor: Person, text: str, lang: str, fmt: Formatter) -> Reply:
        """Read a promise from `text` and record it when it names a usable deadline."""
        parsed = self.parse(actor, text, lang)
        task = parsed.task.strip()
        if parsed.due is None:
            if parsed.vague:
                message = msg.say(
                    lang,
                    "vague",
                    expression=fmt.escape(parsed.expression or text),
                    task=fmt.escape(task or text),
                )
                return Reply(message, "needs_date", ok=False, draft=parsed)
            message = msg.say(lang, "needs_date", task=fmt.escape(task or text))
            return Reply(message, "needs_date", ok=False, draft=parsed)
        if not task:
            words = when(parsed.due, actor.timezone, lang, has_time=parsed.due_has_time)
            return Reply(
                msg.say(
                    lang, "no_task", when=words, expression=fmt.escape(parsed.expression or "")
                ),
                "needs_task",
                ok=False,
                draft=parsed,
            )
        if len(task) > MAX_TASK:
            return _error(lang, "too_long", length=len(task), limit=MAX_TASK)
        now = self._book.now()
        if parsed.past or parsed.due <= now:
            words = when(parsed.due, actor.timezone, lang, has_time=True, now=now)
            return Reply(
                msg.say(lang, "past", when=words, task=fmt.escape(task)),
                "past",
                ok=False,
                draft=parsed,
            )
        change = self._book.make(
            actor,
            task=task,
            text=text,
            due=parsed.due,
            due_has_time=parsed.due_has_time,
            lang=lang,
            counterpart=parsed.counterpart,
        )
        return Reply(self.saved_message(change, actor, lang, fmt), "saved", change=change)

    def parse(self, actor: Person, text: str, lang: str) -> ParsedPromise:
        """Read `text` in the actor's timezone and work hours."""
        now = self._book.now().astimezone(ZoneInfo(actor.timezone))
        hours = actor.work_hours
        return parse_promise(text, now, lang=lang, day_start=hours.start, day_end=hours.end)

    def saved_message(self, change: Change, reader: Person, lang: str, fmt: Formatter) -> Message:
        """The confirmation of a recorded promise, for `reader`."""
        return msg.saved(
            change.promise, change.owner, change.recorder, reader, lang, self._book.now(), fmt
        )

    def explain(self, err: BookError, lang: str, fmt: Formatter, reader: Person) -> Reply:
        """A refusal or mistake turned into a friendly reply."""
        values = dict(err.values)
        if "task" in values:
            values["task"] = fmt.bold(fmt.escape(str(values["task"])))
        due = values.pop("due", None)
        if isinstance(due, datetime):
            values["when"] = when(due, reader.timezone, lang, now=self._book.now())
        promise = err.promise
        if promise is not None:
            values.setdefault("task", fmt.bold(fmt.escape(promise.task)))
            values.setdefault("number", promise.number)
            values.setdefault(
                "when", when(promise.due, reader.timezone, lang, now=self._book.now())
            )
        if isinstance(err, Forbidden):
            values["owner"] = fmt.person(err.owner)
        if isinstance(err, NotOpen) and "status" in values:
            values["status"] = msg.status_word(values["status"], lang)  # type: ignore[arg-type]
        return Reply(msg.say(lang, err.key, **values), err.key, ok=False)

    def _subcommand(
        self,
        name: str,
        match: re.Match[str],
        text: str,
        actor: Person,
        lang: str,
        fmt: Formatter,
    ) -> Reply:
        book, now = self._book, self._book.now()
        if name == "help":
            return Reply(msg.say(lang, "help"), "help")
        if name == "list":
            return Reply(msg.listing(book.open_for(actor), actor, lang, now, fmt), "list")
        if name == "channel":
            return self._channel(match, text, actor, lang, fmt)
        if name == "stats":
            return Reply(stats.for_reader(book, actor, lang, fmt), "stats")
        if name == "digest_people":
            message = stats.digest_people(book, actor, _original_tail(text, match), lang, fmt)
            return Reply(message, "digest_people")
        promise = self._numbered(actor, match.group("number"), name, lang)
        if name == "reschedule":
            return self._reschedule(actor, promise, _original_tail(text, match), lang, fmt)
        return self.act(actor, _ACTION_OF[name], promise.id, lang, fmt)

    def act(self, actor: Person, action: str, promise_id: int, lang: str, fmt: Formatter) -> Reply:
        """Carry out a button's action (an ACTION_* id of bot.messages) on one promise.

        ACTION_RESCHEDULE needs a date, so platforms ask for one and call the book themselves.
        """
        book = self._book
        try:
            if action == msg.ACTION_DONE:
                change = book.complete(actor, promise_id)
                return Reply(msg.completed(change.promise, lang, fmt), "done", change=change)
            if action == msg.ACTION_CHECK_IN:
                change = book.check_in(actor, promise_id)
                return Reply(msg.checked_in(change.promise, lang, fmt), "checked_in", change=change)
            if action in (msg.ACTION_CANCEL, msg.ACTION_UNDO):
                undo = action == msg.ACTION_UNDO
                change = book.cancel(actor, promise_id, reason="undo" if undo else None)
                message = msg.cancelled(change.promise, lang, fmt, undone=undo)
                return Reply(message, "undone" if undo else "cancelled", change=change)
            if action == msg.ACTION_REOPEN:
                change = book.reopen(actor, promise_id)
                message = msg.reopened(change.promise, actor, lang, book.now(), fmt)
                return Reply(message, "reopened", change=change)
        except BookError as err:
            return self.explain(err, lang, fmt, actor)
        raise ValueError(f"not an action the core carries out: {action!r}")

    def _reschedule(
        self, actor: Person, promise: Promise, rest: str, lang: str, fmt: Formatter
    ) -> Reply:
        parts = _BECAUSE.split(rest, maxsplit=1)
        when_text = parts[0]
        reason = parts[1].strip() if len(parts) > 1 else None
        parsed = self.parse(actor, when_text, lang) if when_text.strip() else None
        if parsed is None or parsed.due is None:
            return _error(lang, "reschedule_needs_date", number=promise.number)
        if parsed.past:
            raise BookError(
                "reschedule_past",
                promise,
                when=when(parsed.due, actor.timezone, lang, now=self._book.now()),
            )
        change = self._book.reschedule(actor, promise.id, parsed.due, parsed.due_has_time, reason)
        return Reply(
            msg.rescheduled(change.promise, actor, lang, self._book.now(), fmt, reason),
            "rescheduled",
            change=change,
        )

    def _channel(
        self, match: re.Match[str], text: str, actor: Person, lang: str, fmt: Formatter
    ) -> Reply:
        rest = _original_tail(text, match)
        channel = fmt.channel_ref(rest) if rest else None
        if channel is None:
            return _error(lang, "channel_needed")
        self._book.set_team_channel(actor, channel)
        return Reply(
            msg.say(lang, "channel_set", channel=fmt.escape(rest.strip())),
            "channel",
            channel=channel,
        )

    def _numbered(self, actor: Person, token: str, name: str, lang: str) -> Promise:
        token = token.strip().rstrip(".,;:")
        if not token.isdigit() or len(token) > 9:
            raise BookError("bad_number", verb=_VERBS[name][0 if lang == "es" else 1])
        return self._book.by_number(actor, int(token))


def _original_tail(text: str, match: re.Match[str]) -> str:
    """The original text matched by the group `rest` (folding keeps every position)."""
    if "rest" not in match.groupdict() or match.group("rest") is None:
        return ""
    return text[match.start("rest") :]


def _verb_for(folded: str, lang: str) -> str:
    for key, words in _VERBS.items():
        if folded.startswith(words[0][:4]) or folded.startswith(words[1][:4]):
            return _VERBS[key][0 if lang == "es" else 1]
    return "hecho" if lang == "es" else "done"


def _error(lang: str, key: str, **values: object) -> Reply:
    return Reply(msg.say(lang, key, **values), key, ok=False)
