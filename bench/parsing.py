"""Prometo's promise parser beside dateparser, on realistic promise messages.

Run: .venv/bin/python bench/parsing.py   (dateparser comes with the `dev` extra)

The phrases here are longer, natural chat messages, written apart from the unit-test tables,
and issue 13's families (abbreviations, counted days, now, periods, ranges, dates, times,
holidays) in both languages. Timings cover both sets. A deadline counts as right when the date
matches, and the clock time too where one is named; for a vague or deadline-less message, right
means no deadline. Task accuracy is ours only, on the promise messages.
"""

# ruff: noqa: E501  (the phrase table reads better one message per line)
from __future__ import annotations

import gc
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.parsing import parse_promise  # noqa: E402  (after the path set-up above)
from bot.parsing.lazy import compile_all  # noqa: E402

NOWS = {
    "TUE": datetime(2026, 11, 24, 11, 20, tzinfo=ZoneInfo("America/Santiago")),
    "FRIMX": datetime(2026, 11, 27, 17, 45, tzinfo=ZoneInfo("America/Mexico_City")),
    "MONAR": datetime(2026, 11, 23, 15, 0, tzinfo=ZoneInfo("America/Argentina/Buenos_Aires")),
    "SUNMAD": datetime(2026, 11, 22, 21, 0, tzinfo=ZoneInfo("Europe/Madrid")),
    "WEDNY": datetime(2026, 11, 25, 9, 5, tzinfo=ZoneInfo("America/New_York")),
}

# now | message | expected deadline ('-' none; 'YYYY-MM-DD' date only; '... HH:MM' clock named) | task
PHRASES = """
TUE | ok, te mando la propuesta corregida el lunes a primera hora | 2026-11-30 | te mando la propuesta corregida
TUE | le devuelvo la llamada a Carolina mañana en la tarde | 2026-11-25 | le devuelvo la llamada a Carolina
TUE | dale, el jueves a las 4 reviso contigo el presupuesto del proyecto | 2026-11-26 16:00 | reviso contigo el presupuesto del proyecto
TUE | subo los cambios al repo antes de las 6 | 2026-11-24 18:00 | subo los cambios al repo
TUE | te prometo que el informe queda listo esta semana | 2026-11-27 | el informe queda listo
TUE | le escribo al cliente de Valparaíso pasado mañana sin falta | 2026-11-26 | le escribo al cliente de Valparaíso
TUE | coordino la reunión con logística para la próxima semana | 2026-12-04 | coordino la reunión con logística
TUE | en una hora te confirmo si podemos despachar | 2026-11-24 12:20 | te confirmo si podemos despachar
TUE | reviso el contrato de arriendo el 3 de diciembre | 2026-12-03 | reviso el contrato de arriendo
TUE | a fin de mes cierro la conciliación bancaria | 2026-11-30 | cierro la conciliación bancaria
TUE | mañana temprano paso a buscar las muestras donde el proveedor | 2026-11-25 | paso a buscar las muestras donde el proveedor
TUE | esta noche te mando el resumen de la reunión | 2026-11-24 | te mando el resumen de la reunión
TUE | lo antes posible le contesto a la gente de soporte | - | le contesto a la gente de soporte
TUE | el miércoles 2 presento el avance al directorio | 2026-12-02 | presento el avance al directorio
TUE | te paso los números del trimestre el 15 | 2026-12-15 | te paso los números del trimestre
TUE | hoy a las 5 de la tarde llamo a Rodrigo para cerrar el trato | 2026-11-24 17:00 | llamo a Rodrigo para cerrar el trato
TUE | me comprometo a enviar la cotización a más tardar el viernes a mediodía | 2026-11-27 12:00 | enviar la cotización
TUE | en 20 min te llamo | 2026-11-24 11:40 | te llamo
TUE | en un par de días tengo el diseño nuevo | 2026-11-26 | tengo el diseño nuevo
TUE | dentro de dos semanas entrego la versión final | 2026-12-08 | entrego la versión final
TUE | antes del jueves actualizo el ticket #4821 | 2026-11-25 | actualizo el ticket #4821
TUE | el lunes que viene hacemos el 1:1 de seguimiento | 2026-11-30 | hacemos el 1:1 de seguimiento
TUE | mañana a las 9:30 tengo lista la demo para <@U02ABC> | 2026-11-25 09:30 | tengo lista la demo para <@U02ABC>
TUE | el viernes en la mañana mando el acta por correo | 2026-11-27 | mando el acta por correo
TUE | listo, a las 3 te mando el link | 2026-11-24 15:00 | te mando el link
TUE | preparo la presentación para el cliente Acme el próximo martes | 2026-12-01 | preparo la presentación para el cliente Acme
TUE | a la brevedad te envío la factura corregida | - | te envío la factura corregida
TUE | para el 5/12 tengo las fotos del evento | 2026-12-05 | tengo las fotos del evento
TUE | mañana en la mañana llamo al banco por el crédito | 2026-11-25 | llamo al banco por el crédito
TUE | pasado mañana antes del almuerzo te confirmo | 2026-11-26 | te confirmo
TUE | reviso la propuesta y te respondo hoy antes de las 6 | 2026-11-24 18:00 | reviso la propuesta y te respondo
TUE | al tiro te mando el documento | - | te mando el documento
TUE | este viernes sin falta entrego los reportes | 2026-11-27 | entrego los reportes
TUE | el 10 de enero renuevo el dominio | 2027-01-10 | renuevo el dominio
TUE | revisemos el ticket #4821 cuando puedas, no es urgente | - | revisemos el ticket #4821 cuando puedas, no es urgente
FRIMX | ahorita le marco al proveedor | - | le marco al proveedor
FRIMX | el lunes a las 10 te mando la cotización | 2026-11-30 10:00 | te mando la cotización
FRIMX | mañana en la noche subo el video | 2026-11-28 | subo el video
FRIMX | la otra semana checamos lo del sprint 12 | 2026-12-04 | checamos lo del sprint 12
FRIMX | hoy antes de las 5 le hablo a la contadora | 2026-11-27 17:00 | le hablo a la contadora
FRIMX | en media hora te paso el archivo | 2026-11-27 18:15 | te paso el archivo
MONAR | el jueves te paso el presupuesto de la obra | 2026-11-26 | te paso el presupuesto de la obra
MONAR | mañana a la tarde arreglo lo del descuento del 50% | 2026-11-24 | arreglo lo del descuento del 50%
MONAR | para fin de mes te devuelvo los $3.000 | 2026-11-30 | te devuelvo los $3.000
SUNMAD | mañana a primera hora os envío el acta | 2026-11-23 | os envío el acta
SUNMAD | el martes por la tarde reviso los presupuestos | 2026-11-24 | reviso los presupuestos
SUNMAD | esta semana cierro el acuerdo con Telefónica | 2026-11-27 | cierro el acuerdo con Telefónica
SUNMAD | a las ocho y media de la tarde llamo a mi madre | 2026-11-22 20:30 | llamo a mi madre
WEDNY | I'll get the revised deck over to Priya by Friday | 2026-11-27 | get the revised deck over to Priya
WEDNY | will circle back with legal tomorrow afternoon | 2026-11-26 | will circle back with legal
WEDNY | I promise to send the signed NDA before noon | 2026-11-25 12:00 | send the signed NDA
WEDNY | ping me in 2 hours if the build is still red | 2026-11-25 11:05 | ping me if the build is still red
WEDNY | I'll review the Q4 forecast next week | 2026-12-04 | review the Q4 forecast
WEDNY | sending the invoice to Acme first thing tomorrow | 2026-11-26 | sending the invoice to Acme
WEDNY | I'll have the migration plan ready by end of month | 2026-11-30 | have the migration plan ready
WEDNY | can do the 1:1 notes tonight | 2026-11-25 | can do the 1:1 notes
WEDNY | I'll call the supplier at 3pm today | 2026-11-25 15:00 | call the supplier
WEDNY | will update ticket #311 on Monday | 2026-11-30 | will update ticket #311
WEDNY | I'll send the draft ASAP | - | send the draft
WEDNY | let me get back to you on 12/3 | 2026-12-03 | let me get back to you
WEDNY | I'll finish the report by EOD | 2026-11-25 | finish the report
WEDNY | will share the recording in 30 minutes | 2026-11-25 09:35 | will share the recording
WEDNY | I'll ship v2.5 on the 15th | 2026-12-15 | ship v2.5
WEDNY | I promise to email Sarah the contract this afternoon | 2026-11-25 | email Sarah the contract
WEDNY | next Tuesday I'll walk the team through the roadmap | 2026-12-01 | walk the team through the roadmap
WEDNY | I'll book the venue by December 5th | 2026-12-05 | book the venue
"""

# Issue 13's families, each in both languages: written by hand with the deadline a person
# means, before the parser was run on them (the misses stay: they are what the report counts).
# family | now | message | expected deadline (as above)
FAMILY_PHRASES = """
abbreviations | TUE | le paso el borrador el jue. | 2026-11-26
abbreviations | TUE | nos juntamos el lun 10:00 para revisar | 2026-11-30 10:00
abbreviations | TUE | te confirmo el vie | 2026-11-27
abbreviations | TUE | mando el acta el mx | 2026-11-25
abbreviations | TUE | cierro la orden el 4 dic. | 2026-12-04
abbreviations | TUE | renuevo la póliza el 15 ene | 2027-01-15
abbreviations | TUE | voy a la playa, el mar está lindo | -
abbreviations | TUE | entrego los planos sáb. temprano | 2026-11-28
abbreviations | WEDNY | will send the slides thu | 2026-11-26
abbreviations | WEDNY | call with Dana tues 2pm | 2026-12-01 14:00
abbreviations | WEDNY | I'll fix the invoice fri. | 2026-11-27
abbreviations | WEDNY | renewal due Jan 15 | 2027-01-15
abbreviations | WEDNY | send the contract by Dec. 3rd | 2026-12-03
abbreviations | WEDNY | the sun was out all day | -
abbreviations | WEDNY | sept 9 kickoff prep | 2027-09-09
abbreviations | WEDNY | review the deck Mon. | 2026-11-30
counted | TUE | entrego el informe dentro de tres martes | 2026-12-15
counted | TUE | la reunión de directorio es el primer lunes de diciembre, ahí presento | 2026-12-07
counted | TUE | pago a proveedores el último viernes de enero | 2027-01-29
counted | TUE | el tercer jueves del mes que viene reviso el stock | 2026-12-17
counted | TUE | envío la nómina el último día hábil del mes | 2026-11-30
counted | TUE | el 20 te mando la factura | 2026-12-20
counted | TUE | el viernes 4 tengo la maqueta | 2026-12-04
counted | TUE | para el dieciocho te tengo la respuesta | 2026-12-18
counted | WEDNY | finish the audit two Fridays from now | 2026-12-04
counted | WEDNY | board meeting prep by the second Monday of December | 2026-12-14
counted | WEDNY | payroll goes out the last business day of the month | 2026-11-30
counted | WEDNY | I'll ship it on the 3rd | 2026-12-03
counted | WEDNY | send the recap the first Tuesday of next month | 2026-12-01
counted | WEDNY | I'll have it by the 28th | 2026-11-28
counted | WEDNY | close the ticket in 3 Thursdays | 2026-12-10
counted | WEDNY | she finished 2nd in the race | -
now | TUE | ahora mismo te reenvío el correo | 2026-11-24 12:20
now | TUE | te lo subo ya | 2026-11-24 12:20
now | TUE | en este momento lo estoy revisando, te aviso | 2026-11-24 12:20
now | TUE | te llamo en 10 minutos | 2026-11-24 11:30
now | TUE | por ahora no puedo, te escribo mañana | 2026-11-25
now | TUE | en la próxima hora te paso los datos | 2026-11-24 12:20
now | TUE | en un rato te llamo | -
now | TUE | lo mando en media hora | 2026-11-24 11:50
now | WEDNY | sending it right now | 2026-11-25 10:05
now | WEDNY | I'll call you now | 2026-11-25 10:05
now | WEDNY | will get back to you within the hour | 2026-11-25 10:05
now | WEDNY | give me 20 minutes | 2026-11-25 09:25
now | WEDNY | in half an hour I'll send the link | 2026-11-25 09:35
now | WEDNY | for now let's keep it as is | -
now | WEDNY | I'll send it in a bit | -
now | WEDNY | on it now, will share in 15 | 2026-11-25 09:20
periods | TUE | cierro la migración en enero | 2027-01-31
periods | TUE | para marzo tenemos el piloto | 2027-03-31
periods | TUE | a principios de diciembre te confirmo | 2026-12-10
periods | TUE | a mediados de enero entrego | 2027-01-15
periods | TUE | este trimestre cierro el acuerdo | 2026-12-31
periods | TUE | el próximo trimestre lanzamos la app | 2027-03-31
periods | TUE | antes de fin de año te pago | 2026-12-31
periods | TUE | la semana que viene te llamo | 2026-12-04
periods | WEDNY | we'll launch in February | 2027-02-28
periods | WEDNY | I'll have the plan by end of Q1 | 2027-03-31
periods | WEDNY | final numbers by EOM | 2026-11-30
periods | WEDNY | budget review by late January | 2027-01-31
periods | WEDNY | this quarter we ship the API | 2026-12-31
periods | WEDNY | I'll sort it out next month | 2026-12-31
periods | WEDNY | wrap up the pilot by the end of next week | 2026-12-04
periods | WEDNY | I'll renew it in 2027 | 2027-12-31
ranges | TUE | hago las entrevistas entre el 7 y el 11 de diciembre | 2026-12-11
ranges | TUE | del lunes al jueves termino la carga | 2026-12-03
ranges | TUE | te llamo mañana entre las 3 y las 4 | 2026-11-25 16:00
ranges | TUE | en los próximos dos días te mando todo | 2026-11-26
ranges | TUE | reviso el contrato de 10 a 11 | 2026-11-24 11:00
ranges | TUE | entre enero y febrero migramos | 2027-02-28
ranges | TUE | del 14 al 18 estoy con el cierre | 2026-12-18
ranges | TUE | te paso el dato hoy o mañana | 2026-11-25
ranges | WEDNY | I'll do the interviews Monday through Wednesday | 2026-12-02
ranges | WEDNY | call me tomorrow 2-3pm | 2026-11-26 15:00
ranges | WEDNY | over the next 3 days I'll clean the backlog | 2026-11-28
ranges | WEDNY | between Dec 7 and Dec 11 we'll migrate | 2026-12-11
ranges | WEDNY | I'll be reviewing from 1 to 3 | 2026-11-25 15:00
ranges | WEDNY | from March to May we'll run the pilot | 2027-05-31
ranges | WEDNY | I can meet Thursday or Friday | 2026-11-27
ranges | WEDNY | demo 10:30-11:30 tomorrow | 2026-11-26 11:30
dates | TUE | firmo el 9/12 | 2026-12-09
dates | TUE | entrego el 05-01-2027 | 2027-01-05
dates | TUE | vence el 2027-03-15 | 2027-03-15
dates | TUE | te pago el quince | 2026-12-15
dates | TUE | la auditoría es el 3 de feb. | 2027-02-03
dates | TUE | el veintidós de diciembre te lo entrego | 2026-12-22
dates | TUE | para el 30/11 tengo el informe | 2026-11-30
dates | TUE | reviso el martes 1 de diciembre | 2026-12-01
dates | WEDNY | sign on 12/9 | 2026-12-09
dates | WEDNY | due 1/5/2027 | 2027-01-05
dates | WEDNY | report due 2027-03-15 | 2027-03-15
dates | WEDNY | invoice on the fifteenth | 2026-12-15
dates | WEDNY | audit on Feb 3rd | 2027-02-03
dates | WEDNY | I'll deliver it December 22 | 2026-12-22
dates | WEDNY | ship by the 30th | 2026-11-30
dates | WEDNY | kickoff Tuesday, December 1st | 2026-12-01
times | TUE | te llamo a las 4 y media | 2026-11-24 16:30
times | TUE | a las cinco menos cuarto te escribo | 2026-11-24 16:45
times | TUE | subo los cambios 18h | 2026-11-24 18:00
times | TUE | a la una te confirmo | 2026-11-24 13:00
times | TUE | antes del mediodía te mando el link | 2026-11-24 12:00
times | TUE | a las 20:30 hrs reviso | 2026-11-24 20:30
times | TUE | a las 9 de la noche llamo | 2026-11-24 21:00
times | TUE | a medianoche subo el respaldo | 2026-11-25 00:00
times | WEDNY | call at 3p | 2026-11-25 15:00
times | WEDNY | I'll ping you at noon | 2026-11-25 12:00
times | WEDNY | standup at 9:45 | 2026-11-25 09:45
times | WEDNY | send it by quarter past four | 2026-11-25 16:15
times | WEDNY | at 11am I'll call | 2026-11-25 11:00
times | WEDNY | deploy at midnight | 2026-11-26 00:00
times | WEDNY | I'll call around 2 | 2026-11-25 14:00
times | WEDNY | review at 7 in the evening | 2026-11-25 19:00
holidays | TUE | te entrego todo antes de Navidad | 2026-12-24
holidays | TUE | después de Año Nuevo retomamos | 2027-01-04
holidays | TUE | después de Fiestas Patrias firmamos | 2027-09-20
holidays | FRIMX | antes del día de la independencia entrego | 2027-09-15
holidays | SUNMAD | antes de Reyes os mando los regalos | 2027-01-05
holidays | MONAR | antes del próximo feriado te paso el presupuesto | 2026-12-04
holidays | TUE | para Semana Santa tengo los planos | 2027-03-26
holidays | TUE | antes del próximo feriado te aviso | 2026-12-07
holidays | WEDNY | I'll send it before Thanksgiving | 2026-11-25
holidays | WEDNY | after Thanksgiving we'll regroup | 2026-11-27
holidays | WEDNY | I'll have it done by Christmas | 2026-12-25
holidays | WEDNY | let's close it before the holidays | 2026-12-24
holidays | WEDNY | back to it after New Year's | 2027-01-04
holidays | WEDNY | before Memorial Day I'll finish | 2027-05-28
holidays | WEDNY | by Labor Day | 2027-09-06
holidays | WEDNY | before MLK day | 2027-01-15
"""


def load_families() -> list[tuple[str, datetime, str, str | None]]:
    rows = []
    for line in FAMILY_PHRASES.strip().splitlines():
        family, now, text, when = (part.strip() for part in line.split(" | "))
        rows.append((family, NOWS[now], text, None if when == "-" else when))
    return rows


def load() -> list[tuple[datetime, str, str | None, str]]:
    rows = []
    for line in PHRASES.strip().splitlines():
        now, text, when, task = (part.strip() for part in line.split(" | "))
        rows.append((NOWS[now], text, None if when == "-" else when, task))
    return rows


def right(due: datetime | None, when: str | None) -> bool:
    if when is None or due is None:
        return when is None and due is None
    if len(when) == 10:
        return due.date().isoformat() == when
    return due.strftime("%Y-%m-%d %H:%M") == when


Row = tuple[datetime, str, str | None, str | None]  # now, text, deadline, task (None: unscored)


def ours(rows: list[Row], reps: int) -> tuple[dict[str, float], list[bool]]:
    """Our figures on `rows`, and whether each row's deadline was right (timed with the garbage
    collector off, as dateparser is, so that a collection another test left pending is not
    charged to one phrase)."""
    tasks = scored = 0
    timings: list[float] = []
    best: list[float] = []
    hits: list[bool] = []
    for now, text, when, task in rows:
        result = parse_promise(text, now)
        hits.append(right(result.due, when))
        if task is not None:
            scored += 1
            tasks += result.task == task
        mine = []
        gc.disable()
        for _ in range(reps):
            start = time.perf_counter()
            parse_promise(text, now)
            mine.append(time.perf_counter() - start)
        gc.enable()
        timings += mine
        best.append(min(mine))
    timings.sort()
    figures = {
        "deadlines": sum(hits) / len(rows),
        "tasks": tasks / max(1, scored),
        "best_us": statistics.median(best) * 1e6,
        "median_us": statistics.median(timings) * 1e6,
        "p99_us": timings[int(len(timings) * 0.99)] * 1e6,
    }
    return figures, hits


def theirs(rows: list[Row], reps: int) -> tuple[dict[str, float], list[bool]] | None:
    """dateparser's figures on `rows` (its first date found is its deadline), and its hits."""
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None
    timings: list[float] = []
    best: list[float] = []
    hits: list[bool] = []
    for now, text, when, _ in rows:
        settings = {
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": now.replace(tzinfo=None),
            "RETURN_AS_TIMEZONE_AWARE": True,
            "TIMEZONE": str(now.tzinfo),
            "TO_TIMEZONE": str(now.tzinfo),
        }
        found = None
        theirs_ = []
        gc.disable()
        for _ in range(reps):
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = search_dates(text, languages=["es", "en"], settings=settings)
            theirs_.append(time.perf_counter() - start)
        gc.enable()
        timings += theirs_
        best.append(min(theirs_))
        due = found[0][1] if found else None
        hits.append(right(due, when))
    timings.sort()
    figures = {
        "deadlines": sum(hits) / len(rows),
        "best_us": statistics.median(best) * 1e6,
        "median_us": statistics.median(timings) * 1e6,
        "p99_us": timings[int(len(timings) * 0.99)] * 1e6,
    }
    return figures, hits


def worst_case_us(count: int) -> float:
    rng = random.Random(20261123)
    now = NOWS["TUE"]
    vocabulary = [
        "a",
        "las",
        "el",
        "la",
        "de",
        "en",
        "mañana",
        "hoy",
        "jueves",
        "viernes",
        "3",
        "10:30",
        "5/12",
        "pm",
        "por",
        "tarde",
        "noche",
        "antes",
        "del",
        "para",
        "próximo",
        "que",
        "viene",
        "semana",
        "fin",
        "y",
        "media",
        "cuarto",
        "by",
        "at",
        "next",
        "tomorrow",
        "noon",
        "in",
        "horas",
        "días",
        "<@U1>",
        "#4821",
        "$3.000",
        "2x1",
        "1:1",
        "🚀",
        ",",
        ".",
        "lo",
        "antes",
        "posible",
        "primera",
        "hora",
    ]
    alphabet = "abcdefghijklmnopqrstuvwxyzáéñ0123456789 :/.,#$%<>@|-🚀\x00"
    worst = 0.0
    for i in range(count):
        if i % 2:
            text = " ".join(rng.choice(vocabulary) for _ in range(1200))[:5000]
        else:
            text = "".join(rng.choice(alphabet) for _ in range(5000))
        start = time.perf_counter()
        parse_promise(text, now)
        worst = max(worst, time.perf_counter() - start)
    return worst * 1e6


def _run(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def _import_ms(env: dict[str, str], runs: int) -> tuple[float, float]:
    bare = min(_run("pass", env) for _ in range(runs))
    full = min(_run("import bot.parsing", env) for _ in range(runs))
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import bot.parsing"],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    ).stderr
    line = next(x for x in out.splitlines() if x.rstrip().endswith("| bot.parsing"))
    return (full - bare) * 1000, int(line.split("|")[1]) / 1000


def import_ms(runs: int = 7) -> dict[str, float]:
    """Import cost in fresh processes: from source (as this environment runs, when it sets
    PYTHONDONTWRITEBYTECODE) and with bytecode cached (as an installed package runs)."""
    source_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryDirectory() as cache:
        cached_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached_env["PYTHONPYCACHEPREFIX"] = cache
        _run("import bot.parsing", cached_env)  # writes the bytecode
        cached = _import_ms(cached_env, runs)
    source = _import_ms(source_env, runs)
    first = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; from datetime import datetime; from zoneinfo import ZoneInfo; "
            "from bot.parsing import parse_promise; "
            "now = datetime(2026, 11, 24, 11, 20, tzinfo=ZoneInfo('America/Santiago')); "
            "t = time.perf_counter(); parse_promise('el jueves a las 3 llamo a Juan', now); "
            "print((time.perf_counter() - t) * 1000)",
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    return {
        "cached_ms": cached[0],
        "cached_importtime_ms": cached[1],
        "source_ms": source[0],
        "source_importtime_ms": source[1],
        "first_parse_ms": float(first),
    }


def holiday_path_ms() -> dict[str, float]:
    """The holiday path in a fresh process: the first text naming a holiday imports the
    `holidays` library and builds the country's calendar; later ones reuse it."""
    code = (
        "import time, sys; from datetime import datetime; from zoneinfo import ZoneInfo; "
        "from bot.parsing import parse_promise; "
        "now = datetime(2026, 11, 24, 11, 20, tzinfo=ZoneInfo('America/Santiago')); "
        "parse_promise('el jueves a las 3 llamo a Juan', now); "
        "assert 'holidays' not in sys.modules; "
        "t = time.perf_counter(); parse_promise('te mando todo antes de Navidad', now); "
        "first = time.perf_counter() - t; "
        "t = time.perf_counter(); parse_promise('cierro la venta antes de Año Nuevo', now); "
        "second = time.perf_counter() - t; "
        "print(first * 1000, second * 1000)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True
        ).stdout.split()
        runs.append((float(out[0]), float(out[1])))
    return {"first_ms": min(r[0] for r in runs), "next_ms": min(r[1] for r in runs)}


def by_family(
    families: list[tuple[str, datetime, str, str | None]],
    mine: list[bool],
    other: list[bool] | None,
) -> None:
    """Deadlines right per family and language, ours beside dateparser's."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (family, now, _, _) in enumerate(families):
        lang = "en" if str(now.tzinfo) == "America/New_York" else "es"
        groups.setdefault((family, lang), []).append(i)
    print(f"{'family':24}{'prometo':>14}{'dateparser':>14}")
    for (family, lang), rows in groups.items():
        ours_right = sum(mine[i] for i in rows)
        line = f"{family + ' (' + lang + ')':24}{f'{ours_right}/{len(rows)}':>14}"
        if other is not None:
            line += f"{f'{sum(other[i] for i in rows)}/{len(rows)}':>14}"
        print(line)
    total = sum(mine)
    line = f"{'all families':24}{f'{total}/{len(mine)}':>14}"
    if other is not None:
        line += f"{f'{sum(other)}/{len(other)}':>14}"
    print(line)
    misses = [families[i] for i in range(len(families)) if not mine[i]]
    for family, _, text, when in misses:
        print(f"  ours missed ({family}): {text!r}, meant {when or 'no deadline'}")


def main() -> None:
    began = time.perf_counter()
    rows: list[Row] = list(load())
    families = load_families()
    every = rows + [(now, text, when, None) for _, now, text, when in families]
    compile_all()
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, ", end="")
    print(f"os.cpu_count()={os.cpu_count()}; load average {os.getloadavg()[0]:.2f}; ", end="")
    print(f"{len(rows)} promise messages + {len(families)} family phrases (es and en)")
    mine, mine_hits = ours(every, reps=200)
    found = theirs(every, reps=3)
    other, other_hits = found if found else (None, None)
    n = len(rows)
    print()
    print(f"{'':24}{'prometo':>14}{'dateparser':>14}")
    print(f"{'deadlines right, msgs':24}{sum(mine_hits[:n]) / n:>14.1%}", end="")
    print(f"{sum(other_hits[:n]) / n:>14.1%}" if other_hits else f"{'n/a':>14}")
    print(f"{'tasks exactly right':24}{mine['tasks']:>14.1%}{'-':>14}")
    print(f"{'median µs / phrase':24}{mine['median_us']:>14.1f}", end="")
    print(f"{other['median_us']:>14.1f}" if other else f"{'n/a':>14}")
    print(f"{'median of best-of-n µs':24}{mine['best_us']:>14.1f}", end="")
    print(f"{other['best_us']:>14.1f}" if other else f"{'n/a':>14}")
    print(f"{'p99 µs / phrase':24}{mine['p99_us']:>14.1f}", end="")
    print(f"{other['p99_us']:>14.1f}" if other else f"{'n/a':>14}")
    print(f"{'worst µs, 5,000 chars':24}{worst_case_us(40):>14.1f}{'-':>14}")
    print(f"(load average after the timings: {os.getloadavg()[0]:.2f})")
    print()
    by_family(families, mine_hits[n:], other_hits[n:] if other_hits else None)
    holiday = holiday_path_ms()
    print()
    print(
        f"holiday path, fresh process: first holiday text {holiday['first_ms']:.1f} ms "
        f"(imports holidays, builds the calendar), the next one {holiday['next_ms']:.2f} ms"
    )
    imports = import_ms()
    print()
    print(
        "import bot.parsing, best fresh process minus best bare interpreter start (and by -X importtime):"
    )
    print(
        f"  bytecode cached (installed): {imports['cached_ms']:.1f} ms "
        f"({imports['cached_importtime_ms']:.1f} ms)"
    )
    print(
        f"  compiled from source:        {imports['source_ms']:.1f} ms "
        f"({imports['source_importtime_ms']:.1f} ms)"
    )
    print(
        f"  first parse in a fresh process (compiles the regexes once): "
        f"{imports['first_parse_ms']:.1f} ms"
    )
    if other is None:
        print("dateparser is not installed (pip install -e '.[dev]'): its column is n/a")
    print(f"bench took {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
