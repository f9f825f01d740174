"""Compiled regexes for periods, counted and ordinal days, ranges and 'now' (folded text)."""

from __future__ import annotations

from .lazy import LazyPattern
from .lexicon import MONTHS, NTH, PLURAL_WEEKDAYS, alternation
from .patterns import MONTH, NB, NE, NUMW, WD, B, E

# Month words safe after "en"/"in" with no day: not "mar" (the sea), "ago" (as in "2 weeks
# ago") or "set" (a word in both languages).
MONTH_SAFE = alternation(m for m in MONTHS if m not in ("mar", "ago", "set"))
WD_PLURAL = alternation(PLURAL_WEEKDAYS)
NTH_WORD = alternation(NTH)
_YEAR = r"(?:\s*(?:de|del|,)?\s*(?P<y>\d{4}))?"
_THIS_MONTH = r"(?P<this>(?:este|el|the|this)\s+(?:mes|month))"
_NEXT_MONTH = (
    r"(?P<next>(?:el\s+)?(?:proximo|siguiente)\s+mes|(?:el\s+)?mes\s+(?:que\s+viene|proximo"
    r"|siguiente|entrante)|next\s+month)"
)
# Units a number before them makes a quantity, not a time or a year ("3-4 días", "2027 horas").
_NOT_UNIT = (
    r"(?!\s*(?:dias?\b|days?\b|semanas?|weeks?|meses|months?|anos?\b|years?|personas|people|%"
    r"|veces|times|minutos?|mins?\b|minutes?|horas|hours?|items?|unidades|units))"
)

# "dentro de dos jueves", "en 3 viernes", "3 fridays from now", "in two Mondays".
COUNTED = LazyPattern(
    B
    + r"(?:(?P<lead>dentro\s+de|en|in)\s+)?(?P<n>\d{1,2}|"
    + NUMW
    + r")\s+(?P<wd>"
    + WD_PLURAL
    + r")"
    r"(?P<since>\s+(?:from\s+(?:now|today)|a\s+partir\s+de\s+(?:hoy|ahora)|desde\s+(?:hoy|ahora)"
    r"|mas|later|despues))?" + E,
)

# "el segundo lunes de marzo", "the last Friday of the month", "la última semana de julio",
# "el último día hábil del mes", "the first business day of next month", "la primera quincena".
NTH_OF_MONTH = LazyPattern(
    B + r"(?:(?:el|la|the|on\s+the|by\s+the)\s+)?(?P<nth>" + NTH_WORD + r")\s+"
    r"(?:(?P<wd>" + WD + r")|(?P<week>semana|week)|(?P<half>quincena)"
    r"|(?P<day>(?:dia|day)(?:\s+(?P<biz>habil|laborable|business|working|work))?"
    r"|(?P<biz2>business|working|work)\s+day))"
    r"\s+(?:de|del|of|in)\s+(?:(?P<mon>"
    + MONTH
    + r")"
    + _YEAR
    + "|"
    + _THIS_MONTH
    + "|"
    + _NEXT_MONTH
    + "|(?P<bare>mes|month))"
    + E,
)

# "en mayo", "para mayo", "in May", "by May 2027", "antes de junio", "durante agosto".
MONTH_IN = LazyPattern(
    B + r"(?P<lead>en|para|durante|hasta|antes\s+de|in|by|during|until|till|before"
    r"|sometime\s+in|around)\s+(?:(?:el\s+)?mes\s+de\s+|the\s+month\s+of\s+)?"
    r"(?P<mon>" + MONTH_SAFE + r")\.?" + _YEAR + r"(?!\s*\.?\s*(?:the\s+)?\d)" + E,
)

# "entre mayo y junio", "de marzo a abril", "from May to June".
MONTH_RANGE = LazyPattern(
    B + r"(?:entre|between|from|de|desde)\s+(?P<m1>" + MONTH_SAFE + r")\s+(?:y|and|to|a|al"
    r"|hasta|till|until|through|thru|-)\s+(?P<mon>"
    + MONTH_SAFE
    + r")\.?"
    + _YEAR
    + r"(?!\s*\.?\s*\d)"
    + E,
)

# "en 2027", "para 2027", "by 2027", "a fines de 2027", "end of 2027".
YEAR_IN = LazyPattern(
    B + r"(?:(?P<lead>en|para|durante|hasta|antes\s+del?|in|by|during|until|till|before)"
    r"\s+(?:el\s+(?:ano\s+)?|the\s+year\s+)?"
    r"|(?P<end>(?:(?:a|al|para|hacia)\s+)?(?:fin|fines|final|finales|cierre)\s+(?:de|del)"
    r"|(?:by\s+)?(?:the\s+)?end\s+of)\s+(?:el\s+ano\s+)?)" + NB + r"(?P<y>20\d\d)" + NE + _NOT_UNIT,
)

# "este trimestre", "this quarter", "el próximo trimestre", "para el Q3", "by Q3 2027", "EOQ",
# "fin de trimestre", "end of the quarter", "este semestre", "in H2".
QUARTER = LazyPattern(
    B + r"(?:(?P<lead>en|para|durante|hasta|antes\s+del?|in|by|during|until|till|before|within"
    r"|por)\s+(?:el\s+|la\s+|the\s+)?)?"
    r"(?:(?P<end>(?:(?:a|al|para|hacia)\s+)?(?:fin|fines|final|finales|cierre)\s+(?:de|del)"
    r"|(?:the\s+)?end\s+of)\s+(?:el\s+|la\s+|the\s+|this\s+|este\s+)?)?"
    r"(?:(?P<this>(?:este|esta|this|current|el\s+actual)\s+(?:trimestre|quarter|semestre)"
    r"|(?:trimestre|semestre)\s+actual|quarter[\s-]end|eoq|e\.o\.q\.?)"
    r"|(?P<next>(?:el\s+)?(?:proximo|siguiente)\s+(?:trimestre|semestre)"
    r"|(?:el\s+)?(?:trimestre|semestre)\s+(?:que\s+viene|proximo|siguiente|entrante)"
    r"|next\s+quarter)"
    r"|(?P<q>q[1-4]|[1-4]q|(?:primer|segundo|tercer|cuarto|1er|2do|3er|4to)\s+trimestre"
    r"|(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)"
    r"|(?P<h>h[12]|(?:primer|segundo|1er|2do)\s+semestre)"
    r"|(?P<unit>trimestre|quarter|semestre))"
    r"(?:\s*(?:de|del|of|,|')?\s*(?P<y>\d{4}|\d{2}(?![\d:/.]))(?!\d))?" + E,
)

# "3-4pm", "de 3 a 5", "from 3 to 4", "9:30-10:30", "entre 2 y 4 de la tarde", "10am-12pm".
_AP = r"a\.?\s?m\.?|p\.?\s?m\.?"
CLOCK_RANGE = LazyPattern(
    B
    + r"(?:(?P<lead>de|desde|entre|from|between|a|at)\s+)?(?:las?\s+)?"
    + NB
    + r"(?P<h1>\d{1,2})(?::(?P<m1>\d{2}))?\s*(?P<ap1>"
    + _AP
    + r"|hrs?|hs|h)?"
    r"\s*(?P<sep>-|–|a|al|to|till|until|hasta|y|and)\s*(?:las?\s+)?"
    r"(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?"
    r"(?:\s*(?P<ap2>" + _AP + r")(?![\w])|(?P<p>[ap])(?![\w'])|\s*(?P<suf>hrs?|hs|h)(?![\w])"
    r"|\s+(?P<pod>de\s+la\s+(?:manana|tarde|noche)|del\s+dia"
    r"|in\s+the\s+(?:morning|afternoon|evening)|at\s+night|tonight))?"
    + r"(?![\w%°]|[.,:/\-]\d)"
    + _NOT_UNIT
    + r"(?!\s+(?:de|del|of)\s+(?:"
    + MONTH
    + r")"
    + E
    + ")",
)

# Now and the hour to come: "ahora", "ahora mismo", "ya", "right now", "now", "la próxima hora",
# "within the hour", "en este momento".
NOW = LazyPattern(
    B + r"(?:(?P<hour>(?:(?:en|dentro\s+de|durante|in|within|during|over)\s+)?"
    r"(?:el\s+transcurso\s+de\s+)?la\s+(?:proxima|siguiente)\s+hora|within\s+the\s+hour|(?:during|over)\s+the\s+next\s+hour)"
    r"|(?P<strong>ahora\s+mismo|ahora\s+ya|ya\s+mismo|right\s+now|right\s+this\s+(?:minute|moment)"
    r"|en\s+este\s+(?:mismo\s+|preciso\s+)?(?:momento|instante)|at\s+this\s+(?:very\s+)?moment)"
    r"|(?P<ahora>ahora)|(?P<now>now)|(?P<ya>ya))" + E,
)
