"""Text -> ParsedPromise: task, deadline, counterpart and vagueness, in Spanish and English.

Conventions (DESIGN.md, "Deadline conventions"), and the choices made here:

- The text is read in now's timezone; every datetime returned is aware in it. Wall times are
  built with `datetime.combine(..., tzinfo=tz)` and round-tripped through UTC, so a time in the
  spring-forward gap moves forward by the gap; durations ("en 2 horas") are exact elapsed time.
- A date with no clock time is due at `day_end` that day (due_has_time False).
- A weekday name is the next such day strictly after today ("el jueves" said on a Thursday is
  next week's). "el próximo martes", "el martes que viene" and "this Tuesday" read the same way
  (the coming one); "next Tuesday", "el otro martes", "martes de la próxima semana" and
  "Tuesday next week" are that weekday in next week (Monday-based weeks), as Recognizers-Text
  reads "next"; "martes de esta semana" stays in this week.
- A bare hour 1-7 is in the afternoon ("a las 3" = 15:00); 8-12 as said. "de la tarde",
  "pm", "en la noche" (also a separate "en la tarde"/"tonight") move it to the afternoon.
  "medianoche"/"midnight" is 00:00 of the next day.
- Parts of the day bound the time but name no clock time (due_has_time False):
  "en la mañana"/"this morning" 12:00; "temprano"/"a primera hora"/"first thing" day_start+1h;
  "antes del almuerzo"/"before lunch" 13:00; "en la tarde"/"this afternoon"/"después de almuerzo"
  day_end (at least 13:00, at most 19:00); "esta noche"/"tonight" 22:00; "madrugada" 06:00;
  "EOD"/"fin del día"/"a última hora" day_end. Several parts: the earliest bound wins.
- "antes de" a day is the day before ("antes del viernes" = Thursday at day_end); "antes de"
  a clock time is that time ("antes de las 12" = 12:00); "antes de fin de mes" = fin de mes.
- "esta semana"/"a fin de semana"/"end of the week" = Friday of this week (said on a weekend:
  of the week about to start); "la próxima semana"/"la otra semana"/"next week" = Friday of next
  week; "el fin de semana"/"the weekend" = Saturday; "fin de mes"/"este mes" = the month's last
  day; "el mes que viene"/"next month" = the last day of next month; "fin de año"/"este año" =
  31 December ("el año que viene"/"next year": of next year). Such a deadline, the end of a
  period with no day or time of day chosen, comes back with `loose` True, so the bot can offer
  concrete options.
- "el 15" is the next 15th not in the past (today included); "5/12" is day/month in Spanish and
  month/day in English (swapped when only the other order is a valid date); dates without a year
  roll forward to the next occurrence.
- Abbreviations: clipped names that are no other word ("lun", "mié", "jue", "vie", "sáb",
  "tue", "thu", "thurs", "fri", "mon") are read anywhere a weekday is, and alone at the end of a
  clause, before a time or part of the day ("sáb. temprano") or after a deadline word ("send it
  fri", "para el jue"). Abbreviations that are words
  too ("dom", "sun", "sat", "wed") need an article other than "the", "next", a day number or a
  time ("on sat", not "the sun"); two-letter ones ("lu", "ma", "mx", "ju", "vi", "sa", "do") need
  "el"/"este"/"próximo" or, for lu/ma/mx/ju, a time right after ("ma 10am"); "mar" is martes
  only where marzo makes no sense ("el próximo mar", "el mar a las 4", "el mar 1 de diciembre"),
  never alone ("voy al mar"). Month abbreviations read with or without a dot ("12 de sept.").
- Counted days: "dentro de dos jueves", "3 fridays from now" = the n-th such weekday after today
  (the first is the coming one). "el segundo lunes de marzo", "the last Friday of the month",
  "el último día hábil del mes" as named; said after it this month, next month's (a named month:
  next year's). Working days are Monday to Friday (holidays not skipped). "la primera/última
  semana de julio": the week holding the month's first (last) working day, due its Friday or the
  month's last day if sooner, loose; "la primera quincena" the 15th, "la segunda" the last day.
- A bare "15th" is a date at a clause's end, before a time or after a deadline word ("send it
  15th", "by 15th"), not in "2nd place" or "3rd in the final". Days said in words need "el"/
  "the" and either a deadline word before ("para el dieciocho") or a clause that goes on like
  a date ("el doce", "el treinta y uno", "the twelfth", "on the twenty-first"); not "el uno al
  otro". Spanish words go with "el", English ordinals with "the" ("on dos" is not a date).
  "el 5 del mes que viene", "the 3rd of next month" are that day of that month.
- Now: "ahora", "ahora mismo", "ya" (a clause's last word), "now" (a clause's last word),
  "right now", "en este momento" are due within the hour (now + 1 h, due_has_time True). A
  choice: corpora read "now" as this instant, but a deadline that is already here can neither
  be chased nor saved (the bot refuses a past deadline), and an hour is the shortest span the
  chase works with. They count only when no day or time is named elsewhere ("ahora no puedo,
  mañana te llamo" is tomorrow); "por ahora", "hasta ahora", "for now", "by now" are not
  deadlines. "la próxima hora", "within the hour" = now + 1 h. Haste that names no moment
  stays vague as before: "en un rato", "ahorita", "al tiro", "enseguida", "right away", "soon".
  "dame 5 minutos", "give me 10 minutes" are durations from now. A bare "in 15" (minutes
  implied) is not read: it could as well be days. A "now" nearby does not settle it ("on it
  now, will share in 15" is due within the hour, from "now"): "now" says when the work starts,
  not what the number counts, and "ya lo veo, en 15 te aviso" may mean the 15th as well.
- Months: "en mayo", "para mayo", "durante mayo", "in/by/during May" = the last day of the next
  May (this one while in May), loose; "antes de mayo"/"before May" = the day before it starts
  (30 April). A choice: "by May" can mean by its first day; we keep the whole month, the
  reading that holds the promise longest, and let the bot offer firmer options (loose). "en
  mar", "in set", "ago" are not months with no day ("mar" is the sea, "set" a word, "ago" as
  in "2 weeks ago"). "a principios de junio"/"early June"/"beginning of next month" = the 10th
  (the end of the month's first third), loose; "a mediados de julio" the 15th (not loose: a
  day, not a period's end); "a fines de mayo"/"late May" the last day, loose. "entre mayo y
  junio", "from May to June" = the end of June, loose.
- Quarters and halves: "este trimestre", "this quarter", "fin de trimestre", "EOQ", "end of
  the quarter" = the calendar quarter's last day; "el próximo trimestre"/"next quarter" the
  next one's; "para el Q3", "by Q3 2027", "antes del Q1" (the day before it starts), "en el
  primer semestre", "in H2": that quarter or half of this year, or next year's once it is over.
  A bare "Q4" is a label ("cierro el Q4"), not a deadline: it needs "en", "para", "by", "end
  of"... "este semestre" is the calendar half-year. Calendar quarters, not fiscal ones.
- Years: "en 2027", "para 2027", "by 2027", "a fines de 2027" = 31 December 2027, loose;
  "antes de 2027" = 31 December 2026.
- Ranges: "del lunes al miércoles", "entre el 3 y el 12 de septiembre", "Monday to
  Wednesday", "los próximos tres días", "over the next 3 days": the later end; "entre"/"between"
  make "y"/"and" a range (elsewhere "el informe mañana y el jueves la factura" is two things).
  A range's start given as a bare day number takes the end's month ("del 28 al 3 de
  diciembre" is due 3 December); "del 14 al 18" reads "al 18" as the end. Clock ranges
  "3-4pm", "de 3 a 5", "from 9:30 to 10:30", "10am-12pm": the later end, with its am/pm; a
  bare "11-1" with no lead-in or marker is not read (a score, a date or a count as much as a
  time); "de 3 a 5 días" is a count.
- Times: "3p" = 15:00; "10a" = 10:00 in English only ("la 3a" is "tercera" in Spanish).
- Holidays: names are read per country from the `holidays` library (imported lazily, only when
  a holiday word is in the text). The country is `parse_promise(..., country="CL")`, else the
  country of now's IANA timezone (tzdata's zone.tab: America/Santiago -> CL, Europe/London ->
  GB). "Navidad", "Año Nuevo", "Fiestas Patrias" (the country's Independence Day: 18 September
  in Chile, 16 in Mexico), "Thanksgiving", "Semana Santa"/"Easter" (read as its Good Friday),
  "Reyes", "día del trabajo", "Memorial Day", "el próximo feriado", "the holiday"... are that
  holiday's next date (today included). "antes de X" = the last working day before X and the
  days off joined to it; "después de X" = the first working day after them. A few names fall
  back to the country they belong to when the person's has no such holiday (Thanksgiving ->
  the US, Boxing Day -> the UK, Navidad and Año Nuevo -> Spain's dates, the same everywhere);
  others are then not read ("Fiestas Patrias" in Spain). Words that are also common words or
  names ("feriado", "holiday", "puente", "Reyes") need a deadline word or "próximo" before them
  ("antes del puente", "el próximo feriado", "before the holiday").
- Not read, on purpose: four-digit clock times ("1530", "a las 2030": four digits are years
  here); a number with its unit left out ("in 15"); bare clock ranges with no lead-in or
  am/pm ("11-1", above); recurrence ("todos los viernes", "every Monday": a promise has one
  deadline, so only the next one is read, the coming Friday or Monday); deadlines tied to
  another event ("después de la reunión", "after the demo": its date is unknown; "después"
  alone still makes the promise vague); parts of weeks and years ("a comienzos de la semana"
  is not read; "early next year" reads as next year, due its end: only months have parts);
  fiscal quarters ("fiscal Q3", "FY2027": calendar quarters only); days that are not days off
  ("Día de la Madre", "Halloween" are not read; "Black Friday" reads only as the coming
  Friday) and regional holidays ("Patriots' Day", "Sant Jordi": national calendars only).
  National holidays are read by the names listed in holiday_rules.py; others ("San Pedro y San
  Pablo") only as "el próximo feriado".
- A time with no date is today, even if it has passed: then `past` is True and the bot asks.
- Vague phrases ("lo antes posible", "cuando pueda", "ASAP", "soon") give due None, vague True.
- Leading filler is dropped from the task: "ok,"/"dale,"/"listo" and the like, "prometo (que)",
  "te prometo que", "me comprometo a", "I promise to", "I'll"/"I will" (not "voy a").
- Regexes compile on first use (`bot.parsing.lazy.compile_all()` does it up front); each rule is
  tried only where one of its anchor words occurs (anchors.py), which keeps a parse in tens of µs.
  The text is folded once and split into words once (str methods, no regex pass); the rules
  match it case-sensitively (folding lower-cased it); regexes that look for a few words run only
  where one of those words is in the text (the counterpart, "a más tardar", tidy's marks). No
  result or text is cached: the only kept data are compiled patterns and the holiday calendars.
- In a text longer than 600 characters the deadline is read in its first 600, else in its
  last 600 (promises state it near the start or the end); every word stays in the task. That
  bounds a parse of any length to a few ms.
- The counterpart is taken from the task: "a Juan" -> "Juan", "al cliente Acme" -> "cliente
  Acme", "a <@U123>" -> "<@U123>", "to Acme"/"call John" -> "Acme"/"John".
"""

from .parser import parse_promise
from .result import ParsedPromise

__all__ = ["ParsedPromise", "parse_promise"]
