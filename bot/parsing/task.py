"""What is left of the text once the time expression is out: the task and its counterpart."""

from __future__ import annotations

from collections.abc import Collection

from .lazy import LazyPattern
from .lexicon import word_set
from .normalise import fold

_SPACE_BEFORE_PUNCT = LazyPattern(r"\s+([,;:.!?])(?=\s|$)")
# Brackets or emphasis marks left empty by a removed expression: "(jueves)", "*mañana*".
_EMPTY_WRAP = LazyPattern(r"\(\s\)|\[\s\]|(?<!\S)([*_~])\s\1(?!\S)")
_REPEATED_COMMA = LazyPattern(r"([,;])(?:\s*[,;])+")
_MARKS = LazyPattern(r"[(\[*_~,.;:!?]")  # a character every _ODD match holds
_ODD = LazyPattern(r"\( \)|\[ \]|([*_~]) \1| [,.;:!?]|[,;] ?[,;]")
_EDGES = " ,;:-–—\t\n"
# An emoji code at an edge (":tada:", ":+1:"): its colons are part of it, not punctuation.
_EMOJI_LAST = LazyPattern(r":[a-z0-9_+'-]+:\s*$")
_EMOJI_FIRST = LazyPattern(r"^\s*:[a-z0-9_+'-]+:")
_DANGLING_TAIL = LazyPattern(
    r"(?:[\s,]+(?:y|o|and|or|para|by|on|at|before|antes|de|del|hasta|a|al|el|la|the|for|until"
    r"|due|desde|durante|dentro|en|in|sin\s+falta))+[\s,.]*$"
)
_DANGLING_WORDS = word_set(
    "y o and or para by on at before antes de del hasta a al el la the for until due desde durante"
    " dentro en in falta"
)
_DANGLING_HEAD = LazyPattern(r"^(?:y|and|o|or|el|la|at|on)\s+(?=\S)")

_FILLER_WORDS = word_set(
    "ok okay okey oka okis oki dale listo ya si bueno buena perfecto claro vale va sale de sure yes"
    " yep yeah alright all got np no sin por of hola hey hi hello gracias thanks entendido anotado"
    " noted genial great cool yo te le les os se prometo prometemos juro aseguro me nos i we i'll"
    " quedo quedamos"
    " we'll"
)
_FILLER = LazyPattern(
    r"^(?:(?:ok(?:ay|ey|a|is)?|oki|dale|listo|ya|si|bueno|buena|perfecto|claro|vale|va|sale|de\s+una"
    r"|sure|yes|yep|yeah|alright|all\s+right|got\s+it|np|no\s+problem|sin\s+problema|por\s+supuesto"
    r"|of\s+course|hola|hey|hi|hello|gracias|thanks|entendido|anotado|noted|ok\s+ok|genial|great"
    r"|cool)(?![\w'])[\s,.!:;\-]*"
    r"|(?:yo\s+)?(?:(?:te|le|les|os|se)\s+(?:lo\s+|la\s+)?)?(?:prometo|prometemos|juro|aseguro)"
    r"(?:\s+que)?\s+"
    r"|(?:me|nos)\s+comprometo(?:mos)?\s+a\s+|(?:quedo|quedamos)\s+en\s+"
    r"|(?:i|we)\s+(?:promise|swear|commit)(?:\s+(?:you|to\s+you))?(?:\s+(?:to|that))?\s+"
    r"|(?:i\s*'\s*ll|i\s+will|we\s*'\s*ll|we\s+will)\s+)",
)

_PREP = r"(?:[Aa][Ll]?|[Pp]ara|PARA|[Cc]on|CON|[Tt]o|TO|[Ff]or|FOR|[Ww]ith|WITH)"
_VERB_EN = (
    r"\s(?i:call|email|e-mail|ping|text|message|phone|meet|remind|tell|ask|pay|invoice"
    r"|contact|send|update|brief|visit)"
)
_ROLE = (
    r"(?i:cliente|clienta|clientes|jefe|jefa|gerente|equipo|proveedor|proveedora|socio|socia"
    r"|abogado|abogada|contador|contadora|doctor|doctora|client|customer|team|boss|manager"
    r"|vendor|supplier|partner)(?![\w])"
)
_NAME = r"[A-ZÁÉÍÓÚÑ][\w&'.\-]*(?:\s+(?:de\s+|del\s+)?[A-ZÁÉÍÓÚÑ][\w&'.\-]*)*"
_MENTION = r"<[@!][^<>]{1,200}>"
_COUNTERPART = LazyPattern(
    r"\s" + _PREP + r"\s+(?:(?i:el|la|los|las|the|mi|my|our|nuestro|nuestra|nuestros|mis)\s+)?"
    r"(?P<who>"
    + _MENTION
    + r"|"
    + _ROLE
    + r"(?:\s+(?:"
    + _NAME
    + r"|"
    + _MENTION
    + r"))?|"
    + _NAME
    + r")"
    r"|" + _VERB_EN + r"\s+(?P<obj>" + _MENTION + r"|" + _NAME + r")"
)
_NOT_NAMES = frozenset(
    {"i", "yo", "el", "la", "los", "las", "lo", "le", "un", "una", "the", "a", "an", "my", "mi"}
    | {"it", "me", "you", "him", "her", "them", "us", "this", "that"}
)

_ES = word_set(
    "el la los las de del que y para con te le lo un una es por mando envio llamo manana hoy"
    " semana tarde noche prometo reviso antes despues mas al se mi su esta este lunes martes"
    " miercoles jueves viernes sabado domingo hago paso termino subo mnn pasado"
)
_EN = word_set(
    "the to by and i ll will on at of tomorrow today tonight send call promise this next week"
    " for you it in my we before after end with your get review finish back monday tuesday"
    " wednesday thursday friday saturday sunday morning afternoon noon tmrw tmr tomorow tommorow"
    " eod cob asap soon half past quarter pm am clock evening weekend month s m let please up"
    " out report draft email due ship sign invoice deploy meeting deadline give"
)


def detect_language(words: list[str]) -> str:
    """'en' when English words outnumber Spanish ones among the folded `words`, else 'es'."""
    # a plain loop: set lookups in the loop cost less than map() calling __contains__ per word
    en = es = 0
    for word in words:
        if word in _EN:
            en += 1
        if word in _ES:
            es += 1
    return "en" if en > es else "es"


def strip_filler(task: str) -> str:
    """`task` without leading acknowledgements and promise words ("ok,", "te prometo que")."""
    for _ in range(4):
        head = fold(task[:12]).split(None, 1)
        if not head or head[0].rstrip(",.!:;'") not in _FILLER_WORDS:
            break
        m = _FILLER.match(fold(task))
        if not m or m.end() == 0:
            break
        task = task[m.end() :]
    return task


def tidy(task: str, cut_head: bool, cut_tail: bool) -> str:
    """Collapse whitespace and trim what a removed expression left dangling at either end."""
    task = " ".join(task.split())
    # one scan for what the three fixes below look for, after a cheaper one for their marks
    if _MARKS.search(task) is not None and _ODD.search(task) is not None:
        if "( )" in task or "[ ]" in task or "* *" in task or "_ _" in task or "~ ~" in task:
            task = " ".join(_EMPTY_WRAP.sub(" ", task).split())
        if _SPACE_BEFORE_PUNCT.search(task) is not None:
            task = _SPACE_BEFORE_PUNCT.sub(r"\1", task)
        if ",," in task or ", ," in task or ",;" in task or ";," in task:
            task = _REPEATED_COMMA.sub(r"\1", task)
    if cut_tail and _dangling_end(task):
        offset = max(0, len(task) - 60)
        m = _DANGLING_TAIL.search(fold(task[offset:]))
        if m:
            task = task[: offset + m.start()]
    task = _trim(task)
    if cut_head:
        m = _DANGLING_HEAD.match(fold(task[:10]))
        if m:
            task = _trim(task[m.end() :])
    return task


def _dangling_end(task: str) -> bool:
    """Whether the task's last word is one a removed expression leaves dangling ("para")."""
    last = task.rsplit(None, 1)[-1] if task else ""
    # for an ASCII word, folding is lower-casing as far as a set of plain words can tell
    return last.lower() in _DANGLING_WORDS or (not last.isascii() and fold(last) in _DANGLING_WORDS)


def _trim(task: str) -> str:
    task = _strip_edges(task)
    if task[-2:-1] == " " and task[-1:] in "*_~`":
        task = task[:-2]
    if task[1:2] == " " and task[:1] in "*_~`":
        task = task[2:]
    if task.endswith(".") and not task.endswith(".."):
        task = _strip_edges(task[:-1])
    return task


def _strip_edges(text: str) -> str:
    """`text` without spaces and punctuation at its edges, but whole emoji codes."""
    core = text.strip(_EDGES)
    if core and ":" in text[-2:] and _EMOJI_LAST.search(text):
        core += ":"
    if core and ":" in text[:2] and _EMOJI_FIRST.match(text):
        core = ":" + core
    return core


# Role words that may name whom a promise is to in lower case ("al cliente", "to the team").
_ROLES = word_set(
    "cliente clienta clientes jefe jefa gerente equipo proveedor proveedora socio socia abogado"
    " abogada contador contadora doctor doctora client customer team boss manager vendor supplier"
    " partner"
)


def counterpart(task: str, words: Collection[str] = _ROLES) -> str | None:
    """Who the promise is to: 'a Juan' -> 'Juan', 'al cliente Acme' -> 'cliente Acme', mentions.

    `words` are the folded words of the text the task comes from (default: assume any): a
    counterpart is a mention, a capitalised name or a role word, so a task without "<", without
    a capital after its first word and without a role word names no one, and is not searched.
    """
    if "<" not in task and task[2:].islower() and _ROLES.isdisjoint(words):
        return None
    text, pos = " " + task, 0
    while (m := _COUNTERPART.search(text, pos)) is not None:
        pos = m.start() + 1  # a skipped match may hide a real one inside it ("A LLAMAR AL …")
        who = m["who"] or m["obj"]
        if not who:
            continue
        first = who.split()[0]
        if first.lower() in _NOT_NAMES or _is_infinitive(first):
            continue
        return who.rstrip(".,;:'")
    return None


def _is_infinitive(word: str) -> bool:
    """'llamar', 'LLAMAR' (but not the name 'Omar'): 'voy a llamar' names no one."""
    return word.lower().endswith(("ar", "er", "ir")) and not word.istitle() and len(word) > 3
