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
- A time with no date is today, even if it has passed: then `past` is True and the bot asks.
- Vague phrases ("lo antes posible", "cuando pueda", "ASAP", "soon") give due None, vague True.
- Leading filler is dropped from the task: "ok,"/"dale,"/"listo" and the like, "prometo (que)",
  "te prometo que", "me comprometo a", "I promise to", "I'll"/"I will" (not "voy a").
- Regexes compile on first use (`bot.parsing.lazy.compile_all()` does it up front); each rule is
  tried only where one of its anchor words occurs (anchors.py), which keeps a parse in tens of µs.
- In a text longer than 600 characters the deadline is read in its first 600, else in its
  last 600 (promises state it near the start or the end); every word stays in the task. That
  bounds a parse of any length to a few ms.
- The counterpart is taken from the task: "a Juan" -> "Juan", "al cliente Acme" -> "cliente
  Acme", "a <@U123>" -> "<@U123>", "to Acme"/"call John" -> "Acme"/"John".
"""

from .parser import parse_promise
from .result import ParsedPromise

__all__ = ["ParsedPromise", "parse_promise"]
