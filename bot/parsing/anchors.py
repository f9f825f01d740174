"""Anchor words: which rules to try, and from how many words back, when a word is seen.

Running every rule's regex over the whole text costs far more than looking each word up here
and trying a rule only at the few word starts where one of its expressions could begin.
"""

from __future__ import annotations

from .holiday_rules import ANCHORS as HOLIDAY_ANCHORS
from .holiday_rules import NAME_WORDS as HOLIDAY_WORDS
from .lexicon import MONTHS, NTH, NUMBERS, ORDINALS, PLURAL_WEEKDAYS, WEEKDAYS

# (rule name, how many words back it may start, whether it may start at the anchor word itself:
# "en mayo" never starts at "mayo", so with no earlier word to start from it is not tried)
Triggers = tuple[tuple[str, int, bool], ...]

# A number in digits: what may start there depends on the character right after it.
DIGIT_PLAIN: Triggers = (("clock", 5, True), ("date_d", 3, True))  # "a las 3", "el 15"
DIGIT_SUFFIX: Triggers = (  # "3pm", "15th", "2nd Monday", "9h30", "10am-12pm"
    ("clock", 5, True),
    ("date_d", 3, True),
    ("nth", 3, True),
    ("clock_range", 3, True),
)
DIGIT_COLON: Triggers = (("clock", 5, True), ("clock_range", 3, True))  # "10:30", "9:30-10:30"
DIGIT_MARK: Triggers = (  # "5/12", "15.00", "3-4pm", "el 15."
    ("date_num", 1, True),
    ("clock", 5, True),
    ("clock_range", 3, True),
    ("date_d", 3, True),
)
# Tried after a plain number only when a range word or "past"/"to" follows it (cheap checks in
# rules.find): "3 a 5", "from 3 to 4"; "10 past 4".
RANGE_AFTER: Triggers = (("clock_range", 3, True),)
PAST_AFTER: Triggers = (("clock_en", 2, True),)
# A four-digit number: a year ("en 2027", "Q3 2027") or an ISO date's start ("2027-09-12").
YEAR: Triggers = (("date_num", 1, True), ("year_in", 6, False), ("quarter", 8, False))
_ORDINAL_WORDS = " ".join(w for w in ORDINALS if " " not in w)

_CLASSES: list[tuple[str, Triggers]] = [
    (
        " ".join(w for w in NUMBERS if " " not in w),
        (("clock", 5, True), ("clock_en", 2, True), ("date_d", 3, False)),
    ),
    (_ORDINAL_WORDS, (("date_d", 3, False),)),
    (" ".join(NTH), (("nth", 3, True),)),
    (" ".join(PLURAL_WEEKDAYS), (("counted", 4, False),)),
    # "Q3" and "H1" are read as two words ("q", "3")
    ("trimestre quarter semestre eoq q h end", (("quarter", 6, True),)),
    (HOLIDAY_ANCHORS, (("holiday", 7, True),)),
    ("ahora now ya momento instante moment minute hora hour", (("now", 5, True),)),
    ("half quarter", (("clock_en", 2, True),)),
    ("mediodia medio noon midday medianoche media midnight", (("noon", 4, True),)),
    (
        "hoy manana mnn mnana manan maniana mnna tmrw tmrrw tmrow tmr tmw tomorrow tomorow"
        " tommorow tommorrow tomorrw tomoro tmorrow moro morrow mrw today tdy day ayer yesterday"
        " pasado pasadomanana anteayer antier",
        (("relday", 4, True),),
    ),
    (" ".join(WEEKDAYS), (("weekday", 3, True),)),
    (
        " ".join(MONTHS),
        (
            ("date_dm", 6, False),
            ("date_md", 0, True),
            ("month_part", 5, False),
            ("month_in", 5, False),
            ("month_range", 4, False),
        ),
    ),
    ("mediados mid middle", (("month_part", 2, True),)),
    ("mes month", (("month_part", 5, False),)),
    ("semana mes ano week month year finde weekend eow eom eoy", (("period", 6, True),)),
    (
        "manana mnn tarde noche madrugada nochecita hora temprano tempranito dia jornada eod cob"
        " eob day today business play morning afternoon evening night tonight tonite nite lunch"
        " lunchtime almuerzo almorzar comer comida thing early cierre ultima",
        (("part", 6, True),),
    ),
    (
        "antes pronto brevedad pueda podamos puedo tenga rato momento prontito ahorita ahoritita"
        " tiro altiro inmediato inmediatamente breve enseguida seguida tarde luego"
        " despues asap soon soonish possible can chance away shortly later point sometime"
        " bit while course time tiempo oportunidad",
        (("vague", 5, True),),
    ),
    (
        "minuto minutos minutito minutitos min mins hora horas horita horitas hr hrs hs h dia"
        " dias semana semanas sem mes meses ano anos minute minutes hour hours day days week"
        " weeks wk wks month months year years yr yrs fortnight fortnights quincena quincenas",
        (("duration", 6, False),),
    ),
]


def _build() -> dict[str, Triggers]:
    table: dict[str, list[tuple[str, int, bool]]] = {}
    for words, triggers in _CLASSES:
        for word in words.split():
            for trigger in triggers:
                if trigger not in table.setdefault(word, []):
                    table[word].append(trigger)
    return {word: tuple(triggers) for word, triggers in table.items()}


WORDS: dict[str, Triggers] = _build()
# "un", "una" and "uno" are articles far more often than "la una": a clock time only after "la".
for _word in ("un", "una", "uno"):
    WORDS[_word] = tuple((n, b, a and n != "clock") for n, b, a in WORDS[_word])

# The words a rule's expression may begin with, besides the anchor word itself.
_STARTERS: dict[str, str] = {
    "clock": "a mas no antes hasta para desde entre between from como tipo sobre hacia cerca at by"
    " before around about until till latest las la the",
    "clock_en": "at by before around about until till half quarter a",
    "noon": "antes hasta para a by before at around until till el al la",
    "relday": "pasado day the el dia",
    "weekday": "el este esta the this on coming for proximo prox siguiente next otro entrante",
    "date_dm": "el del the on dia day " + _ORDINAL_WORDS,
    "date_md": "",
    "month_part": "the end a al para fin fines final finales mediados mid by principios principio"
    " comienzos comienzo inicios inicio beginning start early late hacia",
    "date_num": "el the on",
    "date_d": "el del al the on",
    "period": "over el the proximo siguiente next la a al para fin fines final finales esta this en"
    " durante later end eow finde weekend este eom cierre eoy month within",
    "part": "al a antes hasta para fin final cierre termino ultima eod e cob eob c the end close en"
    " la primera bien muy temprano tempranito first early bright before by at lunch lunchtime"
    " despues luego after esta in during this morning afternoon tonight tonite evening night"
    " por de durante hacia",
    "vague": "lo cuanto a en apenas ni tan cuando un algun mas pronto prontito ahorita ahoritita"
    " ahora ya al altiro de inmediatamente enseguida luego despues asap as soon soonish whenever"
    " when right shortly later at sometime in",
    "duration": "en dentro de in within after a an one two three four five six seven eight nine"
    " ten half couple few los las the over during durante give dame denme deme",
    "clock_range": "de desde entre from between a at las la",
    "counted": "dentro de en in",
    "nth": "el la the on by " + " ".join(NTH),
    "quarter": "en para durante hasta antes de del in by during until till before within por el la"
    " the a al fin fines final finales cierre end this este esta current next proximo siguiente"
    " primer segundo tercer cuarto first second third fourth",
    "month_in": "en para durante hasta antes in by during until till before sometime around el",
    "month_range": "entre between from de desde",
    "year_in": "en para durante hasta antes in by during until till before a al hacia fin fines"
    " final finales cierre end the",
    "holiday": "despues luego pasado pasada pasados pasadas after tras past el la las los the this"
    " este esta en para for on at by proximo proxima siguiente next coming " + HOLIDAY_WORDS,
    "now": "en dentro de durante in within during over el transcurso la right at this ahora ya",
}
STARTERS: dict[str, frozenset[str]] = {
    name: frozenset(words.split()) for name, words in _STARTERS.items()
}
# Rules whose expression may also begin with a number (a digit or a number word).
NUMBER_STARTS = frozenset(
    {"clock", "clock_en", "date_dm", "date_num", "relday", "duration", "counted", "clock_range"}
)
NUMBER_WORDS = frozenset(w for w in NUMBERS if " " not in w)

# Words that may sit between an expression's first word and its anchor word: the walk back from
# an anchor stops at the first word outside this set.
_INSIDE: dict[str, str] = {
    "clock": "mas tardar tarde de eso a las la later than",
    "clock_en": "minutes minute a",
    "noon": "de del el al la a",
    "relday": "after de despues dia day",
    "weekday": "coming proximo prox siguiente next otro entrante",
    "date_dm": "de of dia day ro ero do to vo mo no er st nd rd th o y",
    "date_md": "",
    "month_part": "of de del in el proximo siguiente mes que viene next month este this",
    "date_num": "",
    "date_d": "dia day the",
    "period": "de del la las of the next proxima siguiente otra prox esta este misma transcurso"
    " curso semana mes end fin fines final finales",
    "part": "del de la el dia hora the of day business manana que termine acabe terminar acabar"
    " transcurso curso"
    " jornada in morning thing",
    "vague": "mas antes pronto posible que la mayor brevedad pueda podamos puedo tenga un rato"
    " momento soon as possible i can we get a chance right away",
    "duration": "de aqui aca a unos unas about around like approx aprox aproximadamente mas o menos"
    " roughly the next las proximas los proximos media medio un una par couple of few half an over"
    " during durante me"
    " business working habiles",
    "clock_range": "las la",
    "counted": "unos unas about",
    "nth": "",
    "quarter": "de del of el la the trimestre quarter semestre q",
    "month_in": "mes de month of the",
    "month_range": "y and to a al hasta till until through thru " + " ".join(MONTHS),
    "year_in": "el ano the year de del of",
    "holiday": HOLIDAY_WORDS + " de del",
    "now": "proxima siguiente hora next hour the transcurso de mismo preciso este momento",
}
# A number word's rules when no "past"/"to" follows it ("ten past four" is the only use of it)
WITHOUT_PAST: dict[str, Triggers] = {
    word: tuple(t for t in WORDS[word] if t[0] != "clock_en") for word in NUMBER_WORDS
}
INSIDE: dict[str, frozenset[str]] = {
    name: STARTERS[name] | frozenset(words.split()) for name, words in _INSIDE.items()
}
