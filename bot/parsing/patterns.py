"""Compiled regexes for time expressions, run on folded text (see normalise.py)."""

from __future__ import annotations

from .lazy import LazyPattern
from .lexicon import MONTHS, ORDINALS, WEEKDAYS, alternation

_ONES = (
    "uno|una|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
    "|one|two|three|four|five|six|seven|eight|nine"
)
_TEENS = (
    "cero|zero|diez|once|doce|trece|catorce|quince|dieci(?:seis|siete|ocho|nueve)|veinti(?:uno|una|un"
    "|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)|ten|eleven|twelve|thirteen|fourteen|fifteen"
    "|sixteen|seventeen|eighteen|nineteen"
)
# Minutes as said after an hour: "y cuarto", "y veinte", "menos diez".
_MINW = (
    r"media|cuarto|\d{1,2}|cinco|diez|quince|veinticinco|veinte|treinta|cuarenta\s+y\s+cinco"
    r"|cuarenta|cincuenta(?:\s+y\s+cinco)?|five|ten|fifteen|twenty(?:[\s-]five)?|thirty|forty"
    r"(?:[\s-]five)?|fifty"
)
# Number words 0-59, compact so that the patterns compile fast at import.
NUMW = (
    r"(?:(?:veinte|treinta|cuarenta|cincuenta|twenty|thirty|forty|fifty)(?:[\s-]+(?:y\s+)?(?:"
    + _ONES
    + r"))?|"
    + _TEENS
    + "|"
    + _ONES
    + ")"
)
MONTH = alternation(MONTHS)
WD = alternation(WEEKDAYS)
B = r"(?<![\w'])"  # a word starts here
E = r"(?![\w])"  # a word ends here
NB = r"(?<![\w#$€£@.,:/\-])"  # a number starts here (not "#4821", "$3", "v2", "1:1")
NE = r"(?![\w%°]|[.,:/\-]\d)"  # a number ends here (not "50%", "2x1", "3.000", "5/12")
ORD = r"(?:ro|ero|do|to|vo|mo|no|er|st|nd|rd|th|º|°)"
ORDW = alternation(ORDINALS)

_YEAR_AFTER = r"(?:\s*(?:de|del|,)?\s*(?P<y>\d{4}))?"

# "a las 3", "antes de las 12", "at 3pm", "10:30", "17 hrs", "a las tres y media de la tarde".
CLOCK = LazyPattern(
    B + r"(?P<lead>(?:a\s+mas\s+tardar(?:\s+a)?|mas\s+tardar\s+a|no\s+mas\s+tarde\s+de"
    r"|antes\s+de|hasta|para|desde|entre|between|from|a\s+eso\s+de|como\s+a|tipo|sobre|hacia|cerca\s+de|a"
    r"|at|by|before|around|about|until|till|no\s+later\s+than|latest\s+by)\s+)?"
    r"(?P<art>(?:las?|the)\s+)?" + NB + r"(?P<h>\d{1,2}|" + NUMW + r")"
    r"(?:(?:[:.]|h(?=\d))(?P<mi>\d{2})(?::\d{2})?(?!\d))?"
    r"(?:\s+(?:y|con)\s+(?P<plus>" + _MINW + r")(?:\s+minutos?)?"
    r"|\s+menos\s+(?P<minus>" + _MINW + r")"
    r"|\s+(?P<enmin>o\s*'\s*five|fifteen|thirty|forty[\s-]five|forty|fifty|twenty|ten"
    r"|treinta(?:\s+y\s+cinco)?|cuarenta(?:\s+y\s+cinco)?|quince|cincuenta))?"
    r"(?:\s*(?P<suf>hrs?|horas?|hs|h)(?![\w]))?"
    r"(?:\s*(?P<ap>a\.?\s?m\.?|p\.?\s?m\.?)(?![\w])|(?<=\d)(?P<ap1>[ap])(?![\w'])"
    r"|\s+(?P<pod>(?:de|en|por)\s+la\s+(?:manana|tarde|noche|madrugada)|del\s+(?:dia|mediodia)"
    r"|in\s+the\s+(?:morning|afternoon|evening)|at\s+night|tonight|this\s+(?:morning|afternoon"
    r"|evening))"
    r"|\s*(?P<oclock>o\s*'?\s*clock|en\s+punto))?" + NE,
)

# "half past three", "quarter to 5", "ten past 4".
CLOCK_EN = LazyPattern(
    B + r"(?P<lead>(?:at|by|before|around|about|until|till)\s+)?"
    r"(?P<q>half|(?:a\s+)?quarter|\d{1,2}|"
    + NUMW
    + r")(?:\s+minutes?)?\s+(?P<dir>past|after|to|til)"
    r"\s+(?P<h>\d{1,2}|" + NUMW + r")(?:\s*(?P<ap>a\.?\s?m\.?|p\.?\s?m\.?)(?![\w])"
    r"|\s+(?P<pod>in\s+the\s+(?:morning|afternoon|evening)|at\s+night))?" + NE,
)

NOON = LazyPattern(
    B + r"(?P<lead>(?:antes\s+de(?:l)?|hasta\s+(?:el\s+)?|para\s+(?:el\s+)?|a\s+mas\s+tardar\s+a\s+"
    r"|by|before|at|around|until|till)\s+)?(?:(?:el|al|a|la)\s+)?"
    r"(?P<w>mediodia|medio\s+dia|noon|midday|medianoche|media\s+noche|midnight)" + E,
)

RELDAY = LazyPattern(
    B + r"(?:the\s+|el\s+)?(?P<w>pasado\s*(?:manana|mnn|manan)|dia\s+despues\s+de\s+manana"
    r"|day\s+after\s+(?:tomorrow|tmrw|tomorow)"
    r"|manana|mnn|mnana|manan|maniana|mnna|tmrw|tmrrw|tmrow|tmr|tmw|tomorrow|tomorow|tommorow"
    r"|tommorrow|tomorrw|tomoro|tmorrow|2moro|2morrow|2mrw|hoy|today|tdy|2day|ayer|yesterday|anteayer|antier)"
    r"(?:\s+mismo)?" + E,
)

WEEKDAY = LazyPattern(
    B + r"(?P<art>(?:el|este|esta|the|this|on|coming|this\s+coming|for)\s+)?"
    r"(?P<mod>(?:proximo|prox|siguiente|next|otro|entrante)\s+)?"
    r"(?P<wd>" + WD + r")\.?"
    r"(?:\s*,?\s*(?:el\s+|the\s+)?" + NB + r"(?P<dn>\d{1,2})" + ORD + r"?"
    r"(?:\s+de\s+(?P<mon>" + MONTH + r")(?:\s*(?:,|de|del)\s*(?P<y>\d{4}))?)?"
    r"(?!\s*(?:[:.h]\d|hrs?\b|horas|hs\b|am\b|pm\b|a\.m|p\.m|de\s+la\s|y\s+media|:))" + NE + r")?"
    r"(?P<post>\s+(?:que\s+viene|que\s+sigue|proximo|entrante|de\s+la\s+(?:proxima|siguiente|otra)"
    r"\s+semana|de\s+la\s+semana\s+(?:que\s+viene|proxima|entrante|siguiente)|de\s+esta\s+semana"
    r"|next\s+week|of\s+next\s+week|after\s+next|of\s+this\s+week|this\s+week))?" + E,
)

DATE_DM = LazyPattern(
    B
    + r"(?P<art>(?:el|del|the|on\s+the|on)\s+)?(?:(?:dia|day)\s+)?"
    + NB
    + r"(?P<d>\d{1,2}|"
    + ORDW
    + "|"
    + NUMW
    + r")"
    + ORD
    + r"?\.?\s*(?:de\s+|of\s+|[-/]|\s)?"
    r"(?P<mon>" + MONTH + r")\.?" + r"(?:\s*(?:de|del|,)?\s*(?P<y>\d{4}))?" + E,
)

DATE_MD = LazyPattern(
    B + r"(?P<mon>" + MONTH + r")\.?\s+(?:the\s+)?" + NB + r"(?P<d>\d{1,2})" + ORD + r"?"
    r"(?:\s*(?:de|del|,)?\s*(?P<y>\d{4}))?" + NE + E,
)

DATE_NUM = LazyPattern(
    B
    + r"(?P<art>(?:el|the|on)\s+)?"
    + NB
    + r"(?:(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?)"
    r"(?![\w%]|[/.:\-]\d)",
)

DATE_D = LazyPattern(
    B
    + r"(?:(?P<art>el|del|al|the|on\s+the|on)\s+)?(?:(?:dia|day)\s+)?"
    + NB
    + r"(?:(?P<d>\d{1,2})(?P<ord>"
    + ORD
    + r")?|(?P<w>"
    + ORDW
    + "|"
    + NUMW
    + r"))"
    + NE
    + r"(?:\s+(?:de|del|of)\s+(?:(?P<this>(?:este|el|the|this)\s+mes|(?:the|this)\s+month)"
    r"|(?P<next>(?:el\s+)?(?:proximo|siguiente)\s+mes|(?:el\s+)?mes\s+(?:que\s+viene|proximo"
    r"|siguiente|entrante)|next\s+month))(?![\w])"
    r"|(?!\s*(?:de\s+la|del\s+(?:dia|mediodia)|hrs?\b|horas?|hs\b|h\b|am\b|pm\b"
    r"|a\.m|p\.m|minutos?|mins?\b|dias?\b|days?\b|semanas?|weeks?|meses|months?|anos?\b|years?"
    r"|de\s+cada|x\b|por\s+ciento|percent|%|personas|people|veces|times|y\s+media|:\d)))",
)

PERIOD = LazyPattern(
    B + r"(?:(?P<wknext>(?:el\s+|the\s+)?(?:proximo|siguiente|next)\s+(?:fin\s+de\s+semana|finde"
    r"|weekend))"
    r"|(?P<nweek>(?:(?:a\s+|al\s+)?(?:fin|fines|final|finales)\s+de\s+la\s+)?(?:la\s+)?"
    r"(?:proxima|siguiente|otra|prox)\s+semana|(?:(?:a\s+|al\s+)?(?:fin|fines|final|finales)\s+de\s+)?"
    r"la\s+semana\s+(?:que\s+viene|proxima|entrante|siguiente)|(?:the\s+)?(?:end\s+of\s+)?next\s+week)"
    r"|(?P<wkend>(?:over\s+)?(?:el|este|al|this|the|para\s+el)\s+(?:fin\s+de\s+semana|finde|weekend)|finde"
    r"|weekend)"
    r"|(?P<tweek>(?:a\s+|al\s+|para\s+)?(?:fin|fines|final|finales)\s+de\s+(?:la\s+|esta\s+)?semana"
    r"|(?:esta|this)\s+(?:misma\s+)?(?:semana|week)|(?:en|durante)\s+(?:el\s+(?:transcurso|curso)\s+de\s+)?"
    r"(?:la|esta)\s+semana|(?:later\s+)?this\s+week|(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week"
    r"|eow|e\.o\.w\.?|within\s+the\s+week)"
    r"|(?P<nmonth>(?:(?:a\s+|al\s+)?(?:fin|fines|final|finales)\s+del\s+)?(?:el\s+)?(?:proximo|siguiente)"
    r"\s+mes|(?:(?:a\s+|al\s+)?(?:fin|fines|final|finales)\s+del\s+)?(?:el\s+)?mes\s+(?:que\s+viene"
    r"|proximo|entrante|siguiente)|(?:the\s+)?(?:end\s+of\s+)?next\s+month)"
    r"|(?P<tmonth>(?:a\s+|al\s+|para\s+)?(?:fin|fines|final|finales|cierre)\s+de(?:l|\s+este)?\s+mes"
    r"|(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|month[\s-]end|eom|e\.o\.m\.?"
    r"|(?:este|this)\s+(?:mes|month))"
    r"|(?P<nyear>(?:el\s+)?(?:proximo|siguiente)\s+ano|(?:el\s+)?ano\s+(?:que\s+viene|proximo|entrante)"
    r"|next\s+year)"
    r"|(?P<tyear>(?:a\s+|al\s+|para\s+)?(?:fin|fines|final|finales)\s+de(?:l|\s+este)?\s+ano"
    r"|(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|(?:este|this)\s+(?:ano|year)|eoy))" + E,
)

# "a fines de diciembre", "by the end of December", "a mediados de mes", "mid-December".
MONTH_PART = LazyPattern(
    B + r"(?:(?P<end>(?:(?:the\s+)?end\s+of|(?:a\s+|al\s+|para\s+)?(?:fin|fines|final|finales)"
    r"\s+de|late(?:\s+in)?)\s+(?P<mon>" + MONTH + r"))"
    r"|(?P<mid>(?:(?:a\s+)?mediados\s+del?|mid[\s-]+|the\s+middle\s+of)\s*(?:(?P<mon2>"
    + MONTH
    + r")|mes|month|este\s+mes|this\s+month))"
    r"|(?P<start>(?:(?:a|al|para|hacia)\s+)?(?:principios|principio|comienzos|comienzo|inicios"
    r"|inicio)\s+(?:de|del)|(?:by\s+)?(?:the\s+)?(?:beginning|start)\s+of|early(?:\s+in)?)\s+"
    r"(?:(?P<mon3>" + MONTH + r")|(?P<nxt>(?:el\s+)?(?:proximo|siguiente)\s+mes"
    r"|(?:el\s+)?mes\s+(?:que\s+viene|proximo|siguiente|entrante)|next\s+month)"
    r"|mes|month|este\s+mes|this\s+month|the\s+month))" + _YEAR_AFTER + E,
)

_AT = r"(?:(?:en|por|a|de|durante|para|hacia)\s+)?"
PART = LazyPattern(
    B + r"(?:(?P<eod>(?:en|durante)\s+el\s+(?:(?:transcurso|curso)\s+del\s+)?dia(?:\s+de\s+hoy)?"
    r"|(?:(?:al|a|antes\s+del|hasta\s+el|para\s+el)\s+)?(?:fin|final|cierre|termino)"
    r"\s+del\s+dia(?:\s+de\s+hoy)?|(?:al|a|antes\s+de)\s+(?:terminar|acabar)\s+el\s+dia"
    r"|antes\s+de\s+que\s+(?:termine|acabe)\s+el\s+dia|(?:a\s+)?ultima\s+hora(?:\s+del\s+dia)?"
    r"|al\s+cierre(?:\s+del\s+dia|\s+de\s+la\s+jornada)?|(?:al\s+)?(?:fin|final)\s+de\s+(?:la\s+)?"
    r"jornada|eod|e\.o\.d\.?|cob|eob|c\.o\.b\.?|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+)?"
    r"day|end\s+of\s+today|close\s+of\s+(?:business|play)|end\s+of\s+business)"
    r"|(?P<early>(?:a\s+|en\s+)?(?:la\s+)?primera\s+hora(?:\s+de\s+la\s+manana|\s+del\s+dia)?"
    r"|(?:bien\s+|muy\s+)?temprano(?:\s+en\s+la\s+manana|\s+por\s+la\s+manana)?|tempranito"
    r"|first\s+thing(?:\s+in\s+the\s+morning)?|early\s+(?:in\s+the\s+)?morning"
    r"|bright\s+and\s+early)"
    r"|(?P<lunch>antes\s+del?\s+(?:almuerzo|almorzar|comer|la\s+comida|lunch)|before\s+lunch"
    r"|by\s+lunch(?:time)?|(?:a|para)\s+la\s+hora\s+del?\s+(?:almuerzo|comida|almorzar)"
    r"|(?:at\s+)?lunch\s*time)"
    r"|(?P<morning>" + _AT + r"la\s+(?:manana|mnn)|esta\s+manana|(?:in|during)\s+the\s+morning"
    r"|this\s+morning|morning)"
    r"|(?P<afternoon>" + _AT + r"la\s+tarde|esta\s+tarde|(?:in|during)\s+the\s+afternoon"
    r"|this\s+afternoon|afternoon|(?:despues|luego)\s+del?\s+(?:almuerzo|almorzar|comer"
    r"|la\s+comida|lunch)|after\s+lunch)"
    r"|(?P<night>" + _AT + r"la\s+noche|esta\s+noche|" + _AT + r"la\s+nochecita|tonight|tonite"
    r"|2nite|(?:in|during)\s+the\s+evening|this\s+evening|evening|at\s+night|night)"
    r"|(?P<dawn>" + _AT + r"la\s+madrugada|esta\s+madrugada))" + E,
)

VAGUE = LazyPattern(
    B + r"(?:lo\s+(?:mas\s+)?(?:antes|pronto)\s+(?:posible|que\s+(?:pueda|podamos|puedo))"
    r"|cuanto\s+antes|a\s+la\s+(?:mayor\s+)?brevedad(?:\s+posible)?"
    r"|(?:en\s+cuanto|apenas|ni\s+bien|tan\s+pronto\s+como|cuando)\s+(?:pueda|podamos|puedo"
    r"|tenga\s+(?:un\s+)?(?:tiempo|chance|rato|un\s+rato|oportunidad))"
    r"|(?:en\s+)?(?:un|algun)\s+(?:rato|momento)|(?:mas\s+)?pronto|prontito|ahorita|ahoritita"
    r"|al\s+tiro|altiro|de\s+inmediato|inmediatamente"
    r"|en\s+breve|enseguida|en\s+seguida|mas\s+tarde|mas\s+rato|luego|despues|asap|a\.s\.a\.p\.?"
    r"|as\s+soon\s+as\s+(?:possible|i\s+can|we\s+can|i\s+get\s+a\s+chance)|soon(?:ish)?"
    r"|whenever\s+i\s+can|when\s+i\s+(?:can|get\s+a\s+chance|have\s+time)|right\s+away"
    r"|shortly|later(?:\s+on)?|at\s+some\s+point|sometime|in\s+a\s+bit"
    r"|in\s+a\s+while|in\s+due\s+course|when\s+possible)" + E,
)

UNIT = (
    r"(?P<u>minutos?|minutitos?|mins?|horas?|horitas?|hrs?|hs|h|dias?\s+habiles|dias?|semanas?"
    r"|sem|meses|mes|anos?|minutes?|hours?|business\s+days?|working\s+days?|days?|weeks?|wks?"
    r"|months?|years?|yrs?|fortnights?|quincenas?)"
)
DURATION = LazyPattern(
    B + r"(?:(?P<lead>en|dentro\s+de|de\s+(?:aqui|aca)\s+a|in|within|after|give\s+me|dame|denme"
    r"|deme)\s+)?"
    r"(?:(?P<approx>unos|unas|about|around|like|approx\.?|aprox\.?|aproximadamente"
    r"|mas\s+o\s+menos|roughly|(?P<coming>(?:(?:over|during|durante)\s+)?(?:the\s+next"
    r"|las\s+proximas|los\s+proximos)))\s+)?"
    r"(?P<n>\d{1,3}(?:[.,]\d+)?|"
    + NUMW
    + r"|media|medio|(?:un\s+)?par\s+de|(?:a\s+)?couple(?:\s+of)?"
    r"|(?:a\s+)?few|half\s+an?|half\s+a|an?)?\s*"
    + UNIT
    + r"(?:\s+(?:y|and)\s+(?:(?P<half>media|a\s+half)|(?P<n2>"
    + _MINW
    + r")\s*"
    r"(?:minutos?|mins?|minutes?)))?"
    r"(?:\s+mas(?![\w]))?(?P<since>\s+(?:from\s+(?:now|today)|a\s+partir\s+de\s+(?:hoy|ahora)|desde\s+(?:hoy|ahora)"
    r"|later|mas\s+tarde))?" + E,
)

# A lead-in just before a day expression ("para", "antes del", "a más tardar", "by", "on").
LEAD_BEFORE = LazyPattern(
    B + r"(?:(?P<before>antes(?:\s+del?)?|before|prior\s+to)"
    r"|(?:(?:a\s+)?mas\s+tardar|maximo|como\s+maximo|no\s+mas\s+(?:alla|tarde)\s+del?|hasta|para|due|no\s+later\s+than|until|till|by|latest"
    r"|a\s+partir\s+del?|desde|durante|on|for|el|en|dentro\s+de|de\s+(?:aca|aqui)\s+al?"
    r"|sometime|early|later)(?:\s+(?:el|la|del|on|by))?)\s+$",
)
LEAD_AFTER = LazyPattern(
    r"\s*,?\s*(?:a\s+mas\s+tardar|como\s+maximo|maximo|at\s+the\s+latest|latest|sin\s+falta"
    r"|tops|max)" + E,
)
# What may follow a bare hour ("a 11", "at 3") for it to count as a clock time.
CLOCK_FOLLOW = LazyPattern(
    r"\s*(?:$|[^\w\s]|(?:y|o|and|or|on|el|la|this|next|de|del|en|in|the|hoy|today|manana|mnn"
    r"|tomorrow|tmrw|tonight|pasado|para|por|a|to|at|i|te|le|lo|les|se|me|with|con|sin|sharp|en\s+punto"
    r"|" + WD + r")" + E + ")",
)
