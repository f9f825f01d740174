"""`parse_promise`: read a promise's task, deadline, counterpart and vagueness from its text."""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from operator import attrgetter

from . import dates, patterns, rules, task
from .lazy import LazyPattern
from .lexicon import word_set
from .normalise import fold
from .pieces import CLOCK, DAY, EXACT, NOW, PART, VAGUE, Context, Piece
from .result import ParsedPromise

MORNING_END = 12 * 60  # "en la mañana", "this morning": before noon
LUNCH = 13 * 60  # "antes del almuerzo", "before lunch"
NIGHT = 22 * 60  # "esta noche", "tonight"
DAWN = 6 * 60  # "en la madrugada"
AFTERNOON_LATEST = 19 * 60  # "en la tarde": the end of the working day, never after 19:00
NOW_SPAN = timedelta(hours=1)  # "ahora", "right now": due within the hour
_PM_PARTS = ("afternoon", "night")
MAX_SCAN = 600  # characters read for a time expression at each end of a long text
# Words are runs of [a-z] or of [0-9] in folded text.
_RUN = re.compile(r"[a-z]+|[0-9]+")
# Splits folded text into [gap, word, gap, word, ..., gap] (texts beyond Latin-1)
_SPLIT = re.compile(r"([a-z]+|[0-9]+)")
# Latin-1 bytes: letters a-z and digits kept, any other byte a space
_WORD_BYTES = bytes(b if 97 <= b <= 122 or 48 <= b <= 57 else 32 for b in range(256))
_START = attrgetter("start")
_AM_PARTS = ("morning", "early", "dawn")


def parse_promise(
    text: str,
    now: datetime,
    *,
    lang: str | None = None,
    day_start: time = time(9, 0),
    day_end: time = time(19, 0),
    country: str | None = None,
) -> ParsedPromise:
    """Read `text` in now's timezone; every datetime returned is aware in that same timezone.

    `now` must be timezone-aware (ValueError otherwise); `lang` is "es", "en" or None (detect);
    `day_start`/`day_end` are the owner's local work hours; `country` (ISO 3166, "CL") says
    whose holidays "Navidad" or "Thanksgiving" are, else now's IANA timezone tells it.
    Never raises for any str `text`.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if not isinstance(text, str):
        text = str(text)
    if country is not None:
        country = country.strip().upper() or None
    try:
        if len(text) <= MAX_SCAN:
            return _parse(text, now, lang, day_start, day_end, country)
        return _parse_long(text, now, lang, day_start, day_end, country)
    except Exception:  # the contract: any text gets an answer; a rule bug must not lose a promise
        import logging  # only here: importing it costs `import bot.parsing` about 7 ms

        # The user's text stays out of the log; its length helps reproduce the bug.
        logging.getLogger(__name__).exception(
            "could not read a %d-character promise; kept it whole as the task", len(text)
        )
        return ParsedPromise(task=" ".join(text.split()), lang=lang if lang == "en" else "es")


def _parse_long(
    text: str, now: datetime, lang: str | None, start: time, end: time, country: str | None
) -> ParsedPromise:
    """A long text: the deadline is read near its start, else near its end; all words stay."""
    cut = text.rfind(" ", MAX_SCAN // 2, MAX_SCAN)
    cut = cut if cut > 0 else MAX_SCAN
    head = _parse(text[:cut], now, lang, start, end, country)
    if head.due is not None or head.vague:
        return head.replace(task=" ".join(f"{head.task} {text[cut:]}".split()))
    cut = text.find(" ", len(text) - MAX_SCAN, len(text) - MAX_SCAN // 2)
    cut = cut if cut > 0 else len(text) - MAX_SCAN
    tail = _parse(text[cut:], now, lang, start, end, country)
    return tail.replace(task=" ".join(f"{text[:cut]} {tail.task}".split()))


def _select(found: list[tuple[int, Piece]]) -> list[Piece]:
    if len(found) < 2:  # most texts: nothing to sort or to overlap
        return [found[0][1]] if found else []
    # (start, rule) is unique, so the tuples never compare two pieces
    ordered = sorted([(p.start, p.start - p.end, prio, p) for prio, p in found])
    kept: list[Piece] = []
    last_end = 0
    for start, _, _, piece in ordered:
        if start >= last_end:
            kept.append(piece)
            last_end = piece.end
    return kept


_LEAD_WORDS = word_set(
    "antes before prior a mas maximo como no hasta para due until till by latest desde durante on"
    " for el en dentro de sometime early later"
)


# Every LEAD_AFTER expression ends with one of these words ("a más tardar", "at the latest").
_LEAD_AFTER_WORDS = word_set("tardar maximo latest falta tops max")


def _attach_leads(s: str, starts: list[int], words: list[str], kept: list[Piece]) -> None:
    floor = 0
    after = not _LEAD_AFTER_WORDS.isdisjoint(words)
    for i, piece in enumerate(kept):
        if piece.kind != CLOCK and piece.kind != EXACT:
            k = bisect_left(starts, piece.start)
            j = k - 5 if k > 5 else 0  # a lead-in is at most five words long
            while j < k:
                if starts[j] >= floor and words[j] in _LEAD_WORDS:
                    m = patterns.LEAD_BEFORE.fullmatch(s, starts[j], piece.start)
                    if m:
                        piece.start = m.start()
                        piece.before = m["before"] is not None
                        piece.lead = True
                        break
                j += 1
        if after:
            ceiling = kept[i + 1].start if i + 1 < len(kept) else len(s)
            m = patterns.LEAD_AFTER.match(s, piece.end, ceiling)
            if m:
                piece.end = m.end()
        if piece.kind != VAGUE:
            floor = piece.end


_CONNECTORS = word_set("de del el la y a en por at on of and")


def _joinable(s: str, end: int, start: int) -> bool:
    """Whether only spaces, commas or a connector ("del", "y", "at") lie between two pieces."""
    if start < end:
        return False
    gap = s[end:start].strip(" ,-\t")
    return not gap or (len(gap) < 6 and (gap in _CONNECTORS or gap in _RANGE))


_RANGE = word_set("o u or y and a al hasta to till until through thru -")
_ALTERNATIVES = word_set("o u or")
_BETWEEN = LazyPattern(r"(?:entre|between)\s+$")
_FROM = LazyPattern(r"(?<![\w])(?:from|desde|del|de)\s+$")
_FROM_LED = LazyPattern(r"(?:from|desde)\s")
_TO_LED = LazyPattern(r"(?:hasta|to|till|until|through|thru)\s")
_OTHER_HOUR = LazyPattern(r"\s*(?:o|u|or|a|-|to)\s*(\d{1,2})(?::(\d{2}))?(?![\w%:/.,]\d|[\w%])")


def _is_range(s: str, end: int, start: int, days: bool = False) -> bool:
    """Whether two pieces are the ends of a range or alternatives ("3 o 4", "del 1 al 5")."""
    gap = s[end:start].strip(" ,\t")
    return start >= end and gap in _RANGE and not (days and gap in ("y", "and"))


def _from_until(s: str, a: Piece, b: Piece) -> bool:
    """'desde el lunes hasta el miércoles', 'from Monday until Wednesday': two days in a row,
    the first led by from/desde (in its piece or just before it), the second by until/hasta."""
    if b.start < a.end or s[a.end : b.start].strip(" ,\t") or not _TO_LED.match(s, b.start):
        return False
    return bool(_FROM_LED.match(s, a.start) or _FROM.search(s, max(0, a.start - 8), a.start))


def _other_hour(s: str, clock: Piece) -> None:
    """'a las 3 o 4': the later hour of the two is the deadline."""
    m = _OTHER_HOUR.match(s, clock.end)
    if m and int(m[1]) <= 12 and int(m[1]) > clock.hour % 12:
        clock.hour, clock.minute, clock.end = int(m[1]), int(m[2] or 0), m.end()


def _gap_is_blank(s: str, a: Piece, b: Piece) -> bool:
    return b.start >= a.end and not s[a.end : b.start].strip(" ,\t")


def _choose(s: str, kept: list[Piece]) -> list[Piece]:
    days: list[Piece] = []
    clocks: list[Piece] = []
    parts = False
    for p in kept:
        kind = p.kind
        if kind == EXACT:
            return [p]
        if kind == DAY:
            days.append(p)
        elif kind == CLOCK:
            clocks.append(p)
        elif kind == PART:
            parts = True
    chosen: list[Piece] = []
    if days:
        first = days[0]
        for p in days:  # the first with a lead-in ("para el jueves"), else the first
            if p.lead and not any(_from_until(s, q, p) for q in days):
                first = p
                break
        chosen.append(first)
        for other in days:
            if other is first:
                continue
            between = _BETWEEN.search(s, max(0, first.start - 12), first.start)
            joined = (
                _is_range(s, first.end, other.start, not between)
                or (other.rule == "date_d" and s.startswith("al ", other.start))  # "del 14 al 18"
                or _from_until(s, first, other)
            )
            if joined and first.day and other.day:
                if between is not None:
                    first.start = between.start()
                else:
                    opening = _FROM.search(s, max(0, first.start - 8), first.start)
                    if opening is not None:
                        first.start = opening.start()  # "from Tuesday to Thursday"
                # "el lunes o el martes", "del 1 al 5", "entre el 3 y el 12 de septiembre":
                # the promise holds until the later one
                later = other.day
                if later < first.day and (first.day - later).days < 7:
                    later += timedelta(days=7)  # "el lunes o el martes" said on a Monday
                alternatives = s[first.end : other.start].strip(" ,\t") in _ALTERNATIVES
                if first.rule == "date_d" and not alternatives:
                    first.day = later  # "del 28 al 3 de diciembre": the end names the month
                elif later > first.day:
                    first.day = later
                if first.day == later:
                    first.endish, first.first = other.endish, None
                chosen.append(other)
            elif _gap_is_blank(s, first, other) or _gap_is_blank(s, other, first):
                chosen.append(other)
    if clocks:
        clock = clocks[0]
        chosen.append(clock)
        upper = None
        for c in clocks[1:]:  # "de 3 a 5": the later end
            if _is_range(s, clock.end, c.start):
                upper = c
                break
        if upper is not None:
            clock.hour, clock.minute, clock.marker = upper.hour, upper.minute, upper.marker
            chosen.append(upper)
        else:
            _other_hour(s, clock)
    if parts:
        day_ends = [p.end for p in chosen if p.kind == DAY]
        for p in kept:
            if p.kind == PART:
                if p.bare:  # a bare "morning", "night": only right after a day
                    for e in day_ends:
                        if e <= p.start and not s[e : p.start].strip():
                            chosen.append(p)
                            break
                else:
                    chosen.append(p)
    if not chosen:
        # "ahora", "right now": only when no day or time is named anywhere else
        return [p for p in kept if p.kind == NOW][:1]
    chosen.sort(key=_START)
    return chosen


def _part_minutes(kind: str | None, start: int, end: int) -> int:
    if kind == "early":
        return start + 60
    if kind == "lunch":
        return LUNCH
    if kind == "morning":
        return MORNING_END
    if kind == "afternoon":
        return min(max(end, LUNCH), AFTERNOON_LATEST)
    if kind == "night":
        return NIGHT
    if kind == "dawn":
        return DAWN
    return end  # "eod", or no part named


def _clock_minutes(piece: Piece, part: str | None) -> int:
    hour, marker = piece.hour, piece.marker
    if marker == "am":
        hour = 0 if hour == 12 else hour
    elif marker == "pm" or marker == "afternoon":
        hour = hour + 12 if hour < 12 else hour
    elif marker == "night":
        hour = hour + 12 if 5 <= hour < 12 else 24 if hour == 12 else hour
    elif marker == "day":
        hour = hour + 12 if 1 <= hour <= 7 else hour
    elif marker in ("morning", "24"):
        pass
    elif (part in _PM_PARTS and hour < 12) or (part not in _AM_PARTS and 1 <= hour <= 7):
        hour += 12
    return hour * 60 + piece.minute


def _parse(
    text: str, now: datetime, lang: str | None, start: time, end: time, country: str | None
) -> ParsedPromise:
    s = fold(text)
    starts, words = _words(s)
    lang = lang if lang in ("es", "en") else task.detect_language(words)
    ctx = Context(
        now,
        now.date(),
        lang,
        start.hour * 60 + start.minute,
        end.hour * 60 + end.minute,
        country,
    )
    kept = _select(rules.find(s, starts, words, ctx))
    _attach_leads(s, starts, words, kept)
    used = _choose(s, kept)
    due: datetime | None = None
    has_time = past = False
    if used:
        due, has_time = _resolve(used, ctx, now)
        past = used[0].kind != EXACT and due < now
    else:
        used = [p for p in kept if p.kind == VAGUE]
    return _finish(text, s, words, used, due, has_time, past, lang)


def _words(s: str) -> tuple[list[int], list[str]]:
    """The words of folded text `s` (runs of [a-z] or of [0-9]) and where each starts.

    A regex pass costs about a microsecond a word; blanking every other byte and splitting on
    spaces costs a fraction of that (str methods in C).
    """
    try:
        blanked = s.encode("latin-1").translate(_WORD_BYTES).decode("latin-1")
    except UnicodeEncodeError:  # emoji, other scripts: the regex
        parts = _SPLIT.split(s)
        return list(accumulate(map(len, parts)))[:-1:2], parts[1::2]
    starts: list[int] = []
    words: list[str] = []
    at = 0
    # split on each space, so that where a word starts is counted, not searched for
    for word in blanked.split(" "):
        if word:
            if word.isalpha() or word.isdigit():
                starts.append(at)
                words.append(word)
            else:  # letters and digits together ("3pm", "15th"): each run is a word
                for m in _RUN.finditer(word):
                    starts.append(at + m.start())
                    words.append(m[0])
            at += len(word)
        at += 1
    return starts, words


def _resolve(used: list[Piece], ctx: Context, now: datetime) -> tuple[datetime, bool]:
    first, tz = used[0], now.tzinfo
    assert tz is not None  # checked by parse_promise
    if first.kind == EXACT and first.exact is not None:
        return first.exact, True
    if first.kind == NOW:
        return dates.after(now, NOW_SPAN), True
    day_piece = clock = None
    parts: list[Piece] = []
    for p in used:
        kind = p.kind
        if kind == DAY:
            if day_piece is None:
                day_piece = p
        elif kind == CLOCK:
            if clock is None:
                clock = p
        elif kind == PART:
            parts.append(p)
    day: date = day_piece.day if day_piece and day_piece.day else ctx.today
    part_kind = parts[0].part if parts else None
    if clock is not None:
        return dates.at(day, _clock_minutes(clock, part_kind), tz), True
    if day_piece is not None and day_piece.before:
        if day_piece.first is not None:
            day = day_piece.first - timedelta(days=1)  # "antes de mayo": 30 April
        elif not day_piece.endish:
            day -= timedelta(days=1)
    if parts:
        minutes = _part_minutes(parts[0].part, ctx.day_start, ctx.day_end)
        for p in parts[1:]:  # several parts of the day: the earliest bound wins
            minutes = min(minutes, _part_minutes(p.part, ctx.day_start, ctx.day_end))
    else:
        minutes = ctx.day_end
    return dates.at(day, minutes, tz), False


def _finish(
    text: str,
    s: str,
    words: list[str],
    used: list[Piece],
    due: datetime | None,
    has_time: bool,
    past: bool,
    lang: str,
) -> ParsedPromise:
    if len(used) == 1:  # most texts: one expression, cut out of the text
        a, b = used[0].start, used[0].end
        head, tail = text[:a], text[b:]
        raw = head + " " + tail
        cut_head = not head.strip()
        cut_tail = not tail.strip(" .!,;\t\n")
        expression = " ".join(text[a:b].split()) or None
    else:
        used.sort(key=_START)
        spans: list[list[int]] = []
        for p in used:
            if spans and _joinable(s, spans[-1][1], p.start):
                spans[-1][1] = max(spans[-1][1], p.end)
            else:
                spans.append([p.start, p.end])
        pieces: list[str] = []
        last = 0
        for a, b in spans:
            pieces.append(text[last:a])
            last = b
        pieces.append(text[last:])
        raw = " ".join(pieces)
        cut_head = bool(spans) and not text[: spans[0][0]].strip()
        cut_tail = bool(spans) and not text[spans[-1][1] :].strip(" .!,;\t\n")
        if len(spans) == 1:
            expression = " ".join(text[spans[0][0] : spans[0][1]].split()) or None
        else:
            expression = " ".join([" ".join(text[a:b].split()) for a, b in spans]) or None
    cleaned = task.tidy(raw, cut_head, cut_tail)
    who = task.counterpart(cleaned, words)
    final = task.strip_filler(cleaned)
    if final is not cleaned:
        final = task.tidy(final, False, False)
    loose = False
    if due is not None and not has_time:
        for p in used:
            if p.kind == PART:
                loose = False
                break
            loose = loose or (p.kind == DAY and p.endish)
    # the tuple made directly, as ParsedPromise(task=..., due=...) would make it
    return tuple.__new__(
        ParsedPromise,
        (final, due, has_time, due is None and bool(used), loose, who, past, lang, expression),
    )
