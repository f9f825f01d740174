"""Promise spotting: does a chat message read as a promise its author makes, with a deadline?

"te mando la propuesta mañana", "le llamo el jueves", "I'll send it by Friday" do; questions,
past tense, someone else's promise, requests, conditionals, hedges, quotes, jokes, code and
messages with only links or emoji do not. Precision first: when in doubt, no.

Pure and fast, because it runs on every channel message: cheap checks first, then the word
cues of bot.cues sentence by sentence, and only a sentence with a cue is read by
`parse_promise`. The text is plain (Slack markup already turned into what people see).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import datetime, time

from bot import cues
from bot.parsing import ParsedPromise, parse_promise
from bot.parsing.lexicon import word_set
from bot.parsing.normalise import MASK, fold

MAX_TEXT = 1000  # longer messages are notes, digests or pasted text, not a quick promise
MAX_SENTENCES = 12

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_LETTERS = re.compile(r"[a-z]{2}")
_QUOTED_LINE = re.compile(r"^[ \t]*(?:>|&gt;)[^\n]*", re.MULTILINE)
_QUOTED_SPAN = re.compile(r'"[^"\n]{0,600}"|“[^”\n]{0,600}”|«[^»\n]{0,600}»|`[^`\n]{0,600}`')
_TAG_QUESTION = re.compile(
    r",\s*¿?\s*(?:vale|ok|okay|oki|va|sale|s[ií]|no|te parece|te sirve|de acuerdo|bien|right"
    r"|sounds? good|good|cool|alright|does that work|works for you|is that ok|that ok)\s*\?",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(r"[!?…]+|\.(?=\s*$|\s+[A-ZÁÉÍÓÚÑ¿¡<@])|[;\n]")
_JOKE = re.compile(
    r"\b(?:j[aei](?:j[aei])+|h[ae](?:h[ae])+|lol|lmao|rofl|xd+|jk)\b|(?:^|\s)/s\b"
    r"|\bdijo nadie|\bsaid no ?(?:one|body)|\bsaid every|\byeah,? right|\bsi,? claro,? y\b"
    r"|\bsure,? and\b|\bdel (?:ano|siglo) que viene"
)
_JOKE_EMOJI = re.compile(
    "[\U0001f602\U0001f923\U0001f61c\U0001f61d\U0001f643\U0001f644\U0001f60f\U0001f606]"
    r"|:(?:joy|rolling_on_the_floor_laughing|upside_down_face|face_with_rolling_eyes|smirk"
    r"|stuck_out_tongue_winking_eye|stuck_out_tongue|laughing):"
)
_HEDGE = re.compile(
    r"\b(?:quizas?|tal vez|a lo mejor|capaz que|puede que|probablemente|posiblemente"
    r"|seguramente|creo que|supongo|ojala|espero|intentare|intento|tratare|trato de|a ver si"
    r"|en principio|si puedo|si me da tiempo|si llego|maybe|perhaps|probably|possibly"
    r"|hopefully|i think|i guess|i hope|i suppose|might|try to|trying to|i'll try|should"
    r"|could|would|i'd|if possible|if i can|if i have time|fingers crossed|tentatively"
    r"|ideally)\b|^\W*igual\b"
)
# a condition: "si me da tiempo", "if the numbers are ready"; "sí" (yes) is not one
_CONDITION = re.compile(
    r"(?<![\wáéíóú])(?:si(?=\s+[^\s,.!])|if|unless|a menos que|salvo que|en caso de que"
    r"|as long as|provided)(?![\wáéíóú])",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"(?<!\w)(?:dijo|dice|dicen|dijeron|comentó|prometió|prometieron|escribió|respondió"
    r"|contestó|puso|según|segun|asegura|aseguró|said|says|told|wrote|promised|claims"
    r"|claimed|according|quoting|citando|textual)(?!\w)",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,:]|\b(?:pero|but|aunque|though)\b")
_SEGMENT = re.compile(r"[,:]|\b(?:y|and|pero|but|aunque|though|mientras|while)\b")
_LEADING_JOINER = re.compile(r"[\s,:]*(?:(?:y|and|pero|but|aunque|though|mientras|while)\b)?")
_JOINERS = word_set("y and pero but aunque though mientras while")
_NEGATIONS = word_set("no nunca tampoco ni jamas not never cannot")
_CONDITIONAL_MOOD = word_set("podria haria diria tendria querria deberia habria")
_POSSESSIVE_BEFORE = ("del ", "de la ", "de ", "from ", "of ", "de este ", "de esta ")
# a verb in the past right before the date: "lo que pediste el jueves", "you sent on Monday"
_PAST_BEFORE = re.compile(
    r"(?:aste|iste|aron|ieron|ó|(?<!r)é)$|^(?:hice|dije|puse|traje|tuve|fui|sent|said|asked"
    r"|discussed|had|did)$"
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a message is or is not a promise; `parsed` is its reading when it is one."""

    reason: str
    parsed: ParsedPromise | None = None
    sentence: str = ""

    @property
    def is_promise(self) -> bool:
        """True when the message reads as a promise of its author with a deadline."""
        return self.parsed is not None


def spot(
    text: str, now: datetime, *, day_start: time = time(9, 0), day_end: time = time(19, 0)
) -> ParsedPromise | None:
    """The promise in `text`, read in now's timezone (aware), or None when there is none."""
    return judge(text, now, day_start=day_start, day_end=day_end).parsed


def judge(
    text: str, now: datetime, *, day_start: time = time(9, 0), day_end: time = time(19, 0)
) -> Verdict:
    """Decide whether `text` is a promise of its author with a deadline after `now` (aware)."""
    if not isinstance(text, str) or not text.strip():
        return Verdict("empty")
    if len(text) > MAX_TEXT:
        return Verdict("too_long")
    if "```" in text:
        return Verdict("code")
    lowered = text.lower()
    if _JOKE_EMOJI.search(text) or _JOKE.search(fold(lowered)):
        return Verdict("joke")
    own = _own_words(text)
    folded = fold(own)
    if not _LETTERS.search(folded):
        return Verdict("no_words")
    reasons = []
    start = 0
    # a "?" or "." inside a link is no sentence's end (fold masked the link)
    boundaries = [m.end() for m in _BOUNDARY.finditer(own) if folded[m.start()] != MASK]
    for end in [*boundaries, len(own)][:MAX_SENTENCES]:
        if end <= start:
            continue
        verdict = _sentence(own[start:end], folded[start:end], now, day_start, day_end)
        if verdict.is_promise:
            return verdict
        reasons.append(verdict.reason)
        start = end
    for reason in ("question", "no_cue"):  # the least telling reasons come last
        if len(reasons) > 1 and reason in reasons:
            reasons.remove(reason)
    return Verdict(reasons[0] if reasons else "no_cue")


def _own_words(text: str) -> str:
    """The author's own words: quoted lines, quoted spans and code spans blanked out.

    Blanks keep every position, so the folded text lines up with the original.
    """
    text = _QUOTED_LINE.sub(lambda m: " " * len(m.group()), text)
    text = _QUOTED_SPAN.sub(lambda m: " " * len(m.group()), text)
    return _TAG_QUESTION.sub(lambda m: " " * len(m.group()), text)


def _sentence(original: str, folded: str, now: datetime, day_start: time, day_end: time) -> Verdict:
    if "?" in folded or "¿" in folded:
        return Verdict("question")
    words = [(m.start(), m.group()) for m in _WORD.finditer(folded)]
    tokens = [w for _, w in words]
    cue = cues.first(tokens, words, original)
    if cue is None:
        return Verdict("no_cue")
    at = words[cue][0]
    clause = max((m.end() for m in _CLAUSE.finditer(folded, 0, at)), default=0)
    if any(w in _NEGATIONS or w.endswith("n't") for p, w in words if clause <= p < at):
        return Verdict("negated")
    if _HEDGE.search(folded) or any(_conditional_mood(w) for w in tokens):
        return Verdict("hedged")
    if _REPORTED.search(original, 0, at):
        return Verdict("reported")
    if any(w in cues.GREETINGS for w in tokens[cue + 1 : cue + 5]):
        return Verdict("greeting")
    start, end = _scope(folded, original, at)
    parsed = parse_promise(original[start:end], now, day_start=day_start, day_end=day_end)
    if parsed.due is None:
        return Verdict("vague" if parsed.vague else "no_deadline")
    if parsed.past or parsed.due <= now:
        return Verdict("past")
    if not parsed.task.strip():
        return Verdict("no_task")
    scope = folded[start:end]
    when = scope.find(fold(parsed.expression or "")) + start if parsed.expression else -1
    condition = _CONDITION.search(original, 0, end)
    if condition and not (_informs_before(words, condition.start()) and when < condition.start()):
        return Verdict("conditional")
    if when >= start and _not_a_deadline(
        folded, when, len(parsed.expression or ""), words, original
    ):
        return Verdict("not_a_deadline")
    return Verdict("promise", parsed, original[start:end].strip())


def _scope(folded: str, original: str, at: int) -> tuple[int, int]:
    """The span of the sentence that belongs to the commitment at `at`.

    Clauses (cut at commas, colons, "y", "and", "pero", "but") are joined to the committing
    one while they carry on with it: "lo reviso mañana y te cuento". A clause that asks
    someone else ("mándamelo el viernes y lo reviso"), has another subject ("Juan lo manda el
    lunes y yo lo reviso") or sets a condition ends the span, so its date is not the promise's.
    """
    cuts = [0, *(m.start() for m in _SEGMENT.finditer(folded)), len(folded)]
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    k = next(i for i, (a, b) in enumerate(spans) if a <= at < b)
    first, last = k, k
    while last + 1 < len(spans) and _carries_on(folded, original, spans[last + 1]):
        last += 1
    while first > 0 and _carries_on(folded, original, spans[first - 1], before=True):
        first -= 1
    joiner = _LEADING_JOINER.match(folded, spans[first][0])  # not "y los pruebo"
    return (joiner.end() if joiner else spans[first][0]), spans[last][1]


def _carries_on(folded: str, original: str, span: tuple[int, int], before: bool = False) -> bool:
    """Whether a clause goes on with the author's own commitment (no new subject, request or no).

    After the commitment an English bare verb carries on ("I'll check and send it Monday");
    before it, it asks ("send it by Friday and I'll review it"), as a Spanish imperative does
    on either side. A clause before the commitment joins it only when short: "El jueves,".
    """
    words = [(m.start(), m.group()) for m in _WORD.finditer(folded, *span)]
    while words and words[0][1] in _JOINERS:
        words = words[1:]
    if not words or (before and len(words) > 6):
        return not words
    if any(w in _NEGATIONS for _, w in words):
        return False  # "te respondo mañana, hoy no llego": a statement of its own
    position, first = words[0]
    if cues.imperative(first) or first in ("si", "if", "que", "please", "pls", "porfa"):
        return False
    if before and first in cues.EN_IMPERATIVES:
        return False
    if _word_at(original, position) in cues.SUBJECTS:
        return False
    return not (cues.named(words[0], original, first) and first != "i")


def _conditional_mood(word: str) -> bool:
    return word in _CONDITIONAL_MOOD or (word.endswith("ria") and word[:-2] in cues.ES_INFINITIVES)


def _informs_before(words: list[tuple[int, str]], position: int) -> bool:
    """Whether a telling verb comes before `position`: "te aviso el viernes si me sirve"."""
    inform = cues.ES_INFORM | cues.EN_INFORM
    return any(w in inform for p, w in words if p < position)


def _not_a_deadline(
    folded: str, at: int, length: int, words: list[tuple[int, str]], original: str
) -> bool:
    """Whether the date the parser found at `at` names a thing, not a deadline.

    "el informe del lunes", "Monday's meeting", "lo que pediste el jueves".
    """
    if folded[:at].endswith(_POSSESSIVE_BEFORE) or folded[at + length :].startswith("'s"):
        return True
    earlier = [p for p, _ in words if p < at][-2:]
    return any(_PAST_BEFORE.search(_word_at(original, p)) for p in earlier)


def _word_at(text: str, start: int) -> str:
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] == "'"):
        end += 1
    return text[start:end].lower()
