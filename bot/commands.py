"""The `/prometo …` and `/promise …` language: one entry point for every platform.

A platform hands in who typed what and in which language; it gets back a Reply to render.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import customer_commands, ledger, stats
from bot import messages as msg
from bot.choices import for_loose, for_vague
from bot.counterparts import MAX_COUNTERPART, same_day, shown, user_ids, user_ref
from bot.customer_commands import CustomerCommands
from bot.i18n import t, when
from bot.messages import Formatter, Message, deadline
from bot.model import Person, Promise
from bot.parsing import ParsedPromise, parse_promise
from bot.parsing.lexicon import word_set
from bot.parsing.normalise import fold
from bot.promises import MAX_TASK, BookError, Change, Forbidden, NotOpen, PromiseBook
from bot.replies import Reply, clean, error
from bot.suggestions import ACTION_DISMISS, ACTION_SAVE, Suggestions
from bot.suggestions import ACTIONS as SUGGESTION_ACTIONS

__all__ = ["Commands", "Reply", "clean"]

MAX_INPUT = 4000
MAX_PEOPLE = 10  # people named in one command that are looked up (the rest stay '@ID')
_NUMBER = r"#?\s*(?P<number>\S+)"
_SUBCOMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE | re.DOTALL))
    for name, pattern in (
        ("help", r"(?:ayuda|help|\?|como funciona|how does it work)[.!]?"),
        ("list", r"(?:lista|list|ls|mis promesas|my promises|pendientes|open)[.!]?"),
        (
            "list_for",
            r"(?:lista|list|ls|pendientes|promesas a|promesas con|promises to)\s+"
            r"(?:(?:de|a|al|con|to|for|with)\s+)?(?P<rest>(?!#?\s*\d+[.,;:!]?$).+)",
        ),
        ("history", r"(?:historial|historia|history)\s+" + _NUMBER),
        ("on_track", r"(?:llego|si,? llego|voy bien|on track|i'?ll make it)\s+" + _NUMBER),
        (
            "off_track",
            r"(?:no llego|no voy a llegar|no alcanzo|off track|won'?t make it)\s+" + _NUMBER,
        ),
        ("not_yet", r"(?:todavia no|aun no|not yet)\s+" + _NUMBER),
        ("follow_up", r"(?:seguimiento|hacer seguimiento|follow[ -]?up)\s+" + _NUMBER),
        (
            "notify_off",
            r"(?:no avisarle|no le avises|no avisar|dejar de avisar|don'?t notify|do not notify|"
            r"stop notifying|stop telling)\s+" + _NUMBER,
        ),
        ("notify_on", r"(?:avisarle|avisale|notify|tell them)\s+" + _NUMBER),
        ("counterpart", r"(?:con|with)\s+#?\s*(?P<number>\d{1,9})\b[\s,:]*(?P<rest>.*)"),
        (
            "tighten",
            r"(?:fijar|fija|concretar|tighten|pin)\s+#?\s*(?P<number>[^\s,:]+)[\s,:]*"
            r"(?P<rest>.*)",
        ),
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
        ("suggestions", r"(?:sugerencias|sugerencia|suggestions|suggestion)(?:\s+(?P<rest>.*))?"),
        ("save", r"(?:guardar|guardala|guarda|save)(?:\s+#?\s*(?P<id>\d{1,12}))?[.!]?"),
        (
            "dismiss",
            r"(?:descartar|descartala|descarta|no|dismiss)(?:\s+#?\s*(?P<id>\d{1,12}))?[.!]?",
        ),
        ("stats", stats.COMMAND),
        ("digest_people", stats.DIGEST_PEOPLE),
    )
)
# Promise spotting's subcommands: answers to a suggestion, and its on/off switches.
_SPOTTING = {"save": ACTION_SAVE, "dismiss": ACTION_DISMISS}
_ON = word_set("on si activar activa activadas activalas enable yes")
_OFF = word_set("off no desactivar desactiva desactivadas apagar apaga disable stop")
_HERE = word_set("canal channel aqui here")
_VERBS = {
    "done": ("hecho", "done"),
    "cancel": ("cancelar", "cancel"),
    "reopen": ("reabrir", "reopen"),
    "reschedule": ("nueva fecha", "new date"),
    "check_in": ("avisé", "checked in"),
    "history": ("historial", "history"),
    "on_track": ("llego", "on track"),
    "off_track": ("no llego", "off track"),
    "not_yet": ("todavía no", "not yet"),
    "follow_up": ("seguimiento", "follow up"),
    "notify_on": ("avisarle", "notify"),
    "notify_off": ("no avisarle", "don't notify"),
    "counterpart": ("con", "with"),
    "tighten": ("fijar", "tighten"),
}
_ACTION_OF = {
    "done": msg.ACTION_DONE,
    "check_in": msg.ACTION_CHECK_IN,
    "cancel": msg.ACTION_CANCEL,
    "reopen": msg.ACTION_REOPEN,
    "history": msg.ACTION_HISTORY,
    "on_track": msg.ACTION_ON_TRACK,
    "off_track": msg.ACTION_OFF_TRACK,
    "not_yet": msg.ACTION_NOT_YET,
    "follow_up": msg.ACTION_FOLLOW_UP,
    "notify_on": msg.ACTION_NOTIFY_ON,
    "notify_off": msg.ACTION_NOTIFY_OFF,
}
# subcommands that also read as the start of a promise: with a date in it, it is a promise
# ("lista de precios para Acme mañana", "con 2 clientes revisar el contrato el jueves")
_MAYBE_CAPTURE = frozenset({"list_for", "counterpart"})
_BECAUSE = re.compile(
    r"\s*[,;]?\s+(?:porque|ya que|pues|debido a que|because|since|as)\s+", re.IGNORECASE
)
_LONE_VERB = re.compile(
    r"(?:hecho|listo|cumplida|done|cancelar|cancel|reabrir|reopen|"
    r"nueva fecha|new date|reschedule|avise|aviso|checked in|check in|"
    r"historial|history|seguimiento|follow up|avisarle|no avisarle|notify|"
    r"todavia no|not yet|no llego|llego|on track|off track|fijar|tighten)",
    re.IGNORECASE,
)


class Commands:
    def __init__(self, book: PromiseBook, suggestions: Suggestions | None = None) -> None:
        self._book = book
        self.customers = CustomerCommands(book, self.parse, self.saved_message)
        self._suggestions = suggestions

    def run(
        self,
        actor: Person,
        text: str,
        lang: str,
        fmt: Formatter,
        *,
        where: str | None = None,
        admin: Callable[[], bool] | None = None,
    ) -> Reply:
        """Carry out one command typed by `actor` in `lang` ('es' or 'en').

        `where` is the channel it was typed in (None outside a channel) and `admin` says
        whether the actor administers the workspace; they matter only to channel switches and
        to the digest's per-person setting.
        """
        text = clean(text)
        if len(text) > MAX_INPUT:
            return error(lang, "too_long", length=len(text), limit=MAX_INPUT)
        if not text:
            return Reply(msg.say(lang, "empty"), "empty", ok=False)
        folded = fold(text)
        for name, pattern in _SUBCOMMANDS:
            match = pattern.fullmatch(folded)
            if match and name in ("suggestions", *_SPOTTING) and self._suggestions:
                return self._spotting(name, match, actor, lang, fmt, where, admin)
            if match and name == "digest_people":
                rest = _original_tail(text, match)
                try:
                    message = stats.digest_people(
                        self._book, actor, rest, lang, fmt, admin or (lambda: False)
                    )
                except BookError as err:
                    return self.explain(err, lang, fmt, actor)
                return Reply(message, "digest_people")
            if match and name in _MAYBE_CAPTURE and self.parse(actor, text, lang).due:
                break
            if match:
                try:
                    return self._subcommand(name, match, text, actor, lang, fmt)
                except BookError as err:
                    return self.explain(err, lang, fmt, actor)
        if _LONE_VERB.fullmatch(folded):
            verb = _verb_for(folded, lang)
            return error(lang, "bad_number", verb=verb)
        try:
            return self.capture(actor, text, lang, fmt)
        except BookError as err:
            return self.explain(err, lang, fmt, actor)

    def capture(self, actor: Person, text: str, lang: str, fmt: Formatter) -> Reply:
        """Read a promise from `text` and record it when it names a usable deadline.

        People named as `<@ID>` are shown as '@Name'; the counterpart, when it is one of them,
        is linked to that person. With no usable date, concrete choices are offered; a loose
        one ("esta semana") is saved at once, with choices to pin it down.
        """
        ids = user_ids(text)[:MAX_PEOPLE]
        people = self._book.people_named(actor, ids) if ids else {}
        parsed = self.parse(actor, text, lang)
        task = shown(parsed.task, people).strip()
        counterpart = shown(parsed.counterpart, people) if parsed.counterpart else None
        named = people.get(user_ref(parsed.counterpart) or "")
        counterpart_id = named.id if named is not None else None
        text = shown(text, people)
        if counterpart is not None and len(counterpart) > MAX_COUNTERPART:
            return error(
                lang, "counterpart_too_long", length=len(counterpart), limit=MAX_COUNTERPART
            )
        parsed = parsed.replace(task=task, counterpart=counterpart)
        if parsed.due is None:
            choices = for_vague(self._book.now(), actor, lang)
            key = "vague_options" if parsed.vague else "needs_date_options"
            message = msg.say(
                lang,
                key,
                expression=fmt.escape(parsed.expression or text),
                task=fmt.escape(task or text),
            )
            buttons = ledger.capture_buttons(
                task or text, choices, lang, counterpart, counterpart_id
            )
            message = replace(message, buttons=buttons)
            return Reply(
                message, "needs_date", ok=False, draft=parsed, counterpart_id=counterpart_id
            )
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
            return error(lang, "too_long", length=len(task), limit=MAX_TASK)
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
            counterpart=counterpart,
            counterpart_id=counterpart_id,
        )
        loose = parsed.expression if parsed.loose else None
        message = self.saved_message(change, actor, lang, fmt, loose=loose)
        return Reply(message, "saved", change=change)

    def parse(self, actor: Person, text: str, lang: str) -> ParsedPromise:
        """Read `text` in the actor's timezone and work hours."""
        now = self._book.now().astimezone(ZoneInfo(actor.timezone))
        hours = actor.work_hours
        return parse_promise(text, now, lang=lang, day_start=hours.start, day_end=hours.end)

    def saved_message(
        self,
        change: Change,
        reader: Person,
        lang: str,
        fmt: Formatter,
        *,
        loose: str | None = None,
    ) -> Message:
        """The confirmation of a recorded promise, for `reader`.

        With it: a kind word when the owner has many promises that day, the toggle of telling
        the counterpart person, and for a `loose` deadline (its words) choices to pin it down.
        """
        now = self._book.now()
        promise, owner = change.promise, change.owner
        message = msg.saved(promise, owner, change.recorder, reader, lang, now, fmt)
        details = list(message.details)
        buttons = list(message.buttons)
        others = same_day(self._book.open_for(owner), promise.due, owner.timezone, but=promise.id)
        if others >= self._book.customers.overcommit:
            day = when(promise.due, reader.timezone, lang, has_time=False, now=now)
            details.append(t(lang, "overcommit", count=others, day=day))
        if loose is not None:
            choices = for_loose(now, owner, promise.due, lang)
            if choices:
                words = deadline(promise, reader, lang, now)
                details.append(t(lang, "loose_options", expression=fmt.escape(loose), when=words))
                buttons[:0] = ledger.tighten_buttons(promise, choices, lang)
        toggle = ledger.notify_button(promise, lang, fmt)
        if toggle is not None:
            buttons.append(toggle)
        return replace(message, details=tuple(details), buttons=tuple(buttons))

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
        if name == "list_for":
            return self.customers.list_for(actor, _original_tail(text, match), lang, fmt)
        if name == "channel":
            return self._channel(match, text, actor, lang, fmt)
        if name == "stats":
            return Reply(stats.for_reader(book, actor, lang, fmt), "stats")
        promise = self._numbered(actor, match.group("number"), name, lang)
        if name == "reschedule":
            return self._reschedule(actor, promise, _original_tail(text, match), lang, fmt)
        if name == "tighten":
            return self.customers.tighten(actor, promise, _original_tail(text, match), lang, fmt)
        if name == "counterpart":
            return self.customers.counterpart(
                actor, promise, _original_tail(text, match), lang, fmt
            )
        return self.act(actor, _ACTION_OF[name], promise.id, lang, fmt)

    def act(self, actor: Person, action: str, promise_id: int, lang: str, fmt: Formatter) -> Reply:
        """Carry out a button's action (an ACTION_* id of bot.messages) on one promise.

        ACTION_RESCHEDULE needs a date, so platforms ask for one and call the book themselves.
        A suggestion's button (bot.suggestions.ACTIONS) carries a suggestion id instead.
        """
        book = self._book
        try:
            if action in SUGGESTION_ACTIONS and self._suggestions is not None:
                done = self._suggestions.act(actor, action, promise_id, lang, fmt)
                return Reply(done.message, done.kind, ok=done.ok, change=done.change)
            if action == msg.ACTION_DONE:
                change = book.complete(actor, promise_id)
                message = self.customers.kept(change.promise, actor, lang, fmt)
                return Reply(message, "done", change=change)
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
            if action in customer_commands.ACTIONS:
                return self.customers.act(actor, action, promise_id, lang, fmt)
        except BookError as err:
            return self.explain(err, lang, fmt, actor)
        raise ValueError(f"not an action the core carries out: {action!r}")

    def press(self, actor: Person, action: str, value: str, lang: str, fmt: Formatter) -> Reply:
        """Carry out any button of the core's messages: its action id and value, as sent back.

        Values are claims: a promise id the actor may not change, a date in the past, a
        malformed value, all get a friendly refusal and change nothing.
        """
        base = msg.base_action(action)
        if base in SUGGESTION_ACTIONS:  # a suggestion id; a tampered one is a gone suggestion
            text = str(value or "").strip()
            number = int(text) if text.isdigit() and len(text) <= 12 else 0
            return self.act(actor, base, number, lang, fmt)
        try:
            if base in (msg.ACTION_CAPTURE_AT, msg.ACTION_TIGHTEN):
                return self.customers.press(actor, base, value, lang, fmt)
            return self.act(actor, base, customer_commands.promise_id(value), lang, fmt)
        except BookError as err:
            return self.explain(err, lang, fmt, actor)

    def counterpart_list(
        self, actor: Person, query: str, lang: str, fmt: Formatter, person_id: int | None = None
    ) -> Message:
        """The open promises of the actor's workspace to one counterpart (the person
        `person_id`, or whoever `query` names, loosely)."""
        return self.customers.counterpart_list(actor, query, lang, fmt, person_id)

    def _spotting(
        self,
        name: str,
        match: re.Match[str],
        actor: Person,
        lang: str,
        fmt: Formatter,
        where: str | None,
        admin: Callable[[], bool] | None,
    ) -> Reply:
        """`guardar [N]`, `no [N]` answer a suggestion; `sugerencias [canal] on|off` switch."""
        assert self._suggestions is not None
        if name in _SPOTTING:
            number = match.group("id")
            try:
                done = self._suggestions.act(
                    actor, _SPOTTING[name], int(number) if number else None, lang, fmt
                )
            except BookError as err:
                return self.explain(err, lang, fmt, actor)
        else:
            words = set(fold(match.group("rest") or "").replace(",", " ").split())
            on = True if words & _ON else False if words & _OFF else None
            done = self._suggestions.switch(
                actor,
                lang,
                on=on,
                channel=where,
                whole_channel=bool(words & _HERE),
                admin=admin or (lambda: False),
            )
        return Reply(done.message, done.kind, ok=done.ok, change=done.change)

    def _reschedule(
        self, actor: Person, promise: Promise, rest: str, lang: str, fmt: Formatter
    ) -> Reply:
        parts = _BECAUSE.split(rest, maxsplit=1)
        when_text = parts[0]
        reason = parts[1].strip() if len(parts) > 1 else None
        parsed = self.parse(actor, when_text, lang) if when_text.strip() else None
        if parsed is None or parsed.due is None:
            return error(lang, "reschedule_needs_date", number=promise.number)
        if parsed.past:
            raise BookError(
                "reschedule_past",
                promise,
                when=when(parsed.due, actor.timezone, lang, now=self._book.now()),
            )
        change = self._book.reschedule(actor, promise.id, parsed.due, parsed.due_has_time, reason)
        event = self._book.history(promise.id)[-1]
        message = ledger.moved(change.promise, event, actor, lang, self._book.now(), fmt)
        return Reply(message, "rescheduled", change=change)

    def moved_message(self, change: Change, reader: Person, lang: str, fmt: Formatter) -> Message:
        """The confirmation of a new date: in time or late, the first deadline, telling them."""
        event = self._book.history(change.promise.id)[-1]
        return ledger.moved(change.promise, event, reader, lang, self._book.now(), fmt)

    def _channel(
        self, match: re.Match[str], text: str, actor: Person, lang: str, fmt: Formatter
    ) -> Reply:
        rest = _original_tail(text, match)
        channel = fmt.channel_ref(rest) if rest else None
        if channel is None:
            return error(lang, "channel_needed")
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
