"""The wider reading (issue 13): abbreviations, counted days, now, periods, ranges, dates in
every form, times, holidays. Each row: 'NOW | text | when | task [| flags]', when as in
parsing_cases ('!' = a clock time was named, 'none' = no deadline), flags 'loose' or 'vague'.
"""

# ruff: noqa: E501  (tables: one phrase per line reads better than wrapped rows)
from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parsing_cases import NOWS, NYC, SCL
from test_parse_robust import rules_never_fail

from bot.parsing import ParsedPromise, parse_promise
from bot.parsing.holiday_rules import country_of


class Case:
    def __init__(self, family: str, line: str) -> None:
        parts = [part.strip() for part in line.split(" | ")]
        self.family, self.now, self.text, self.when, self.task = family, *parts[:4]
        self.flags = set(parts[4].split()) if len(parts) > 4 else set()

    @property
    def id(self) -> str:
        return f"{self.family}:{self.now}:{self.text[:60]}"


def table(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


# Day and month abbreviations, with or without a dot; the ambiguous ones only where they can't be another word.
ABBREVIATIONS = table("""
MON | te mando el informe el lu | 2026-11-30 19:00 | te mando el informe
MON | te mando el informe el lun. | 2026-11-30 19:00 | te mando el informe
MON | te mando el informe el ma | 2026-11-24 19:00 | te mando el informe
MON | te mando el informe el mx | 2026-11-25 19:00 | te mando el informe
MON | te mando el informe el mié | 2026-11-25 19:00 | te mando el informe
MON | te mando el informe el jue. | 2026-11-26 19:00 | te mando el informe
MON | te mando el informe para el vie | 2026-11-27 19:00 | te mando el informe
MON | te mando el informe el sáb | 2026-11-28 19:00 | te mando el informe
MON | te mando el informe el dom. | 2026-11-29 19:00 | te mando el informe
MON | te mando el informe el próximo mar | 2026-11-24 19:00 | te mando el informe
MON | te mando el informe el mar a las 4 | 2026-11-24 16:00! | te mando el informe
MON | te mando el informe el mar 1 de diciembre | 2026-12-01 19:00 | te mando el informe
MON | te mando el informe el 5 ene | 2027-01-05 19:00 | te mando el informe
MON | te mando el informe el 5 feb. | 2027-02-05 19:00 | te mando el informe
MON | te mando el informe el 12 de sept | 2027-09-12 19:00 | te mando el informe
MON | te mando el informe el 20 dic | 2026-12-20 19:00 | te mando el informe
MON | te mando el informe el 3 de mar | 2027-03-03 19:00 | te mando el informe
MON | voy al mar el sábado | 2026-11-28 19:00 | voy al mar
MON | el ma a las 10 te llamo | 2026-11-24 10:00! | te llamo
MON | te llamo ma 10am | 2026-11-24 10:00! | te llamo
NYC | send the deck mon. | 2026-11-30 19:00 | send the deck
NYC | send the deck tue | 2026-11-24 19:00 | send the deck
NYC | send the deck by thu. | 2026-11-26 19:00 | send the deck
NYC | send the deck fri | 2026-11-27 19:00 | send the deck
NYC | send the deck Thurs 3pm | 2026-11-26 15:00! | send the deck
NYC | send the deck on sat | 2026-11-28 19:00 | send the deck
NYC | send the deck Jan 5 | 2027-01-05 19:00 | send the deck
NYC | send the deck feb. 5 | 2027-02-05 19:00 | send the deck
NYC | send the deck sept 12 | 2027-09-12 19:00 | send the deck
NYC | send the deck Dec 20th | 2026-12-20 19:00 | send the deck
NYC | the cat sat on the mat | none | the cat sat on the mat
NYC | check the sun exposure report | none | check the sun exposure report
NYC | do 3 reviews | none | do 3 reviews
NYC | send the deck Mar 3 | 2027-03-03 19:00 | send the deck
MON | reviso los planos jue. temprano | 2026-11-26 10:00 | reviso los planos
""")

# Counted and ordinal days: 'dentro de dos jueves', 'the last Friday of the month', '15th'.
COUNTED = table("""
MON | reviso los contratos dentro de dos jueves | 2026-12-03 19:00 | reviso los contratos
MON | reviso los contratos en tres viernes | 2026-12-11 19:00 | reviso los contratos
MON | reviso los contratos dentro de 2 lunes | 2026-12-07 19:00 | reviso los contratos
MON | reviso los contratos el segundo lunes de marzo | 2027-03-08 19:00 | reviso los contratos
MON | reviso los contratos el primer viernes de diciembre | 2026-12-04 19:00 | reviso los contratos
MON | reviso los contratos el último viernes del mes | 2026-11-27 19:00 | reviso los contratos
MON | reviso los contratos el último jueves de noviembre | 2026-11-26 19:00 | reviso los contratos
MON | reviso los contratos el tercer miércoles del mes que viene | 2026-12-16 19:00 | reviso los contratos
MON | reviso los contratos la última semana de julio | 2027-07-30 19:00 | reviso los contratos | loose
MON | reviso los contratos la primera semana de julio | 2027-07-02 19:00 | reviso los contratos | loose
MON | reviso los contratos la segunda semana de diciembre | 2026-12-11 19:00 | reviso los contratos | loose
MON | reviso los contratos el último día hábil del mes | 2026-11-30 19:00 | reviso los contratos
MON | reviso los contratos el primer día hábil de enero | 2027-01-01 19:00 | reviso los contratos
MON | reviso los contratos la primera quincena de diciembre | 2026-12-15 19:00 | reviso los contratos | loose
MON | reviso los contratos la segunda quincena de enero | 2027-01-31 19:00 | reviso los contratos | loose
MON | reviso los contratos el 15 | 2026-12-15 19:00 | reviso los contratos
MON | reviso los contratos el jueves 3 | 2026-12-03 19:00 | reviso los contratos
MON | reviso los contratos el lunes 30 | 2026-11-30 19:00 | reviso los contratos
MON | reviso los contratos el 5 del mes que viene | 2026-12-05 19:00 | reviso los contratos
MON | reviso los contratos el 28 de este mes | 2026-11-28 19:00 | reviso los contratos
NYC | review the budget 3 fridays from now | 2026-12-11 19:00 | review the budget
NYC | review the budget in two Mondays | 2026-12-07 19:00 | review the budget
NYC | review the budget the last Friday of the month | 2026-11-27 19:00 | review the budget
NYC | review the budget the second Tuesday of January | 2027-01-12 19:00 | review the budget
NYC | review the budget on the first Monday of next month | 2026-12-07 19:00 | review the budget
NYC | review the budget the last week of July | 2027-07-30 19:00 | review the budget | loose
NYC | review the budget the first week of December | 2026-12-04 19:00 | review the budget | loose
NYC | review the budget the last business day of the month | 2026-11-30 19:00 | review the budget
NYC | review the budget on the 15th | 2026-12-15 19:00 | review the budget
NYC | review the budget 15th | 2026-12-15 19:00 | review the budget
NYC | review the budget by the 3rd of next month | 2026-12-03 19:00 | review the budget
NYC | review the budget Thursday the 3rd | 2026-12-03 19:00 | review the budget
NYC | review the budget on the 21st | 2026-12-21 19:00 | review the budget
NYC | he came in 2nd place | none | he came in 2nd place
MON | el viernes 4 entrego | 2026-12-04 19:00 | entrego
FRI | el último viernes del mes entrego | 2026-11-27 19:00 | entrego
MON | para el diecinueve tengo el informe | 2026-12-19 19:00 | tengo el informe
NYC | she came in 3rd in the final | none | she came in 3rd in the final
""")

# Now and the hour to come; haste without a moment stays vague.
NOW = table("""
MON | te confirmo ahora | 2026-11-23 11:00! | te confirmo
MON | ahora te confirmo | 2026-11-23 11:00! | te confirmo
MON | te confirmo ahora mismo | 2026-11-23 11:00! | te confirmo
MON | te confirmo ya | 2026-11-23 11:00! | te confirmo
MON | te confirmo ya mismo | 2026-11-23 11:00! | te confirmo
MON | te confirmo en este momento | 2026-11-23 11:00! | te confirmo
MON | te confirmo en la próxima hora | 2026-11-23 11:00! | te confirmo
MON | te confirmo dentro de la próxima hora | 2026-11-23 11:00! | te confirmo
MON | te confirmo en 10 minutos | 2026-11-23 10:10! | te confirmo
MON | te confirmo en media hora | 2026-11-23 10:30! | te confirmo
MON | te confirmo en un rato | none | te confirmo | vague
MON | por ahora no puedo | none | por ahora no puedo
MON | ya lo mandé | none | lo mandé
MON | ya te confirmo mañana | 2026-11-24 19:00 | te confirmo
MON | ahora que lo pienso, te llamo el jueves | 2026-11-26 19:00 | ahora que lo pienso, te llamo
MON | hasta ahora nada | none | hasta ahora nada
NYC | I'll confirm now | 2026-11-23 11:00! | confirm
NYC | I'll confirm right now | 2026-11-23 11:00! | confirm
NYC | I'll confirm within the hour | 2026-11-23 11:00! | confirm
NYC | I'll confirm in 10 minutes | 2026-11-23 10:10! | confirm
NYC | I'll confirm in half an hour | 2026-11-23 10:30! | confirm
NYC | I'll confirm in the next hour | 2026-11-23 11:00! | confirm
NYC | for now it's fine | none | for now it's fine
NYC | I'll confirm by now | none | confirm by now
NYC | now I'll send it tomorrow | 2026-11-24 19:00 | now I'll send it
NYC | I'll send it right away | none | send it | vague
NYC | give me 10 minutes and I'll call you | 2026-11-23 10:10! | call you
MON | dame 5 minutos y te llamo | 2026-11-23 10:05! | te llamo
NYC | not now, I'm busy | none | not now, I'm busy
""")

# Months, weeks, quarters, halves and years as deadlines: the period's last day, loose.
PERIODS = table("""
MON | cierro el balance en mayo | 2027-05-31 19:00 | cierro el balance | loose
MON | cierro el balance para mayo | 2027-05-31 19:00 | cierro el balance | loose
MON | cierro el balance antes de mayo | 2027-04-30 19:00 | cierro el balance | loose
MON | cierro el balance durante marzo | 2027-03-31 19:00 | cierro el balance | loose
MON | cierro el balance en mayo de 2028 | 2028-05-31 19:00 | cierro el balance | loose
MON | cierro el balance en noviembre | 2026-11-30 19:00 | cierro el balance | loose
MON | cierro el balance a fines de mayo | 2027-05-31 19:00 | cierro el balance | loose
MON | cierro el balance a finales de enero | 2027-01-31 19:00 | cierro el balance | loose
MON | cierro el balance a principios de junio | 2027-06-10 19:00 | cierro el balance | loose
MON | cierro el balance a comienzos de mes | 2026-12-10 19:00 | cierro el balance | loose
MON | cierro el balance a principios del mes que viene | 2026-12-10 19:00 | cierro el balance | loose
MON | cierro el balance a mediados de julio | 2027-07-15 19:00 | cierro el balance
MON | cierro el balance esta semana | 2026-11-27 19:00 | cierro el balance | loose
MON | cierro el balance la semana que viene | 2026-12-04 19:00 | cierro el balance | loose
MON | cierro el balance este trimestre | 2026-12-31 19:00 | cierro el balance | loose
MON | cierro el balance el próximo trimestre | 2027-03-31 19:00 | cierro el balance | loose
MON | cierro el balance para el Q3 | 2027-09-30 19:00 | cierro el balance | loose
MON | cierro el balance antes del Q1 | 2026-12-31 19:00 | cierro el balance | loose
MON | cierro el balance a fin de trimestre | 2026-12-31 19:00 | cierro el balance | loose
MON | cierro el balance en el primer semestre | 2027-06-30 19:00 | cierro el balance | loose
MON | cierro el balance este semestre | 2026-12-31 19:00 | cierro el balance | loose
MON | cierro el balance fin del mes que viene | 2026-12-31 19:00 | cierro el balance | loose
MON | cierro el balance antes de fin de año | 2026-12-31 19:00 | cierro el balance | loose
MON | cierro el balance el año que viene | 2027-12-31 19:00 | cierro el balance | loose
MON | cierro el balance en 2027 | 2027-12-31 19:00 | cierro el balance | loose
MON | cierro el balance a fines de 2027 | 2027-12-31 19:00 | cierro el balance | loose
MON | cierro el Q4 | none | cierro el Q4
MON | compré 2027 unidades | none | compré 2027 unidades
NYC | close the books in May | 2027-05-31 19:00 | close the books | loose
NYC | close the books by May | 2027-05-31 19:00 | close the books | loose
NYC | close the books before June | 2027-05-31 19:00 | close the books | loose
NYC | close the books early June | 2027-06-10 19:00 | close the books | loose
NYC | close the books late January | 2027-01-31 19:00 | close the books | loose
NYC | close the books at the beginning of next month | 2026-12-10 19:00 | close the books | loose
NYC | close the books this quarter | 2026-12-31 19:00 | close the books | loose
NYC | close the books next quarter | 2027-03-31 19:00 | close the books | loose
NYC | close the books by Q3 | 2027-09-30 19:00 | close the books | loose
NYC | close the books by the end of Q2 2027 | 2027-06-30 19:00 | close the books | loose
NYC | close the books by EOQ | 2026-12-31 19:00 | close the books | loose
NYC | close the books by the end of the quarter | 2026-12-31 19:00 | close the books | loose
NYC | close the books end of next month | 2026-12-31 19:00 | close the books | loose
NYC | close the books by EOM | 2026-11-30 19:00 | close the books | loose
NYC | close the books by EOY | 2026-12-31 19:00 | close the books | loose
NYC | close the books by EOD | 2026-11-23 19:00 | close the books
NYC | close the books in 2027 | 2027-12-31 19:00 | close the books | loose
NYC | close the books in H1 | 2027-06-30 19:00 | close the books | loose
NYC | close Q4 numbers by Friday | 2026-11-27 19:00 | close Q4 numbers
NYC | I may send it | none | I may send it
NYC | it's a quarter past three | 2026-11-23 15:15! | it's
""")

# Ranges and spans: the later end is the deadline.
RANGES = table("""
MON | hago la auditoría entre el 3 y el 12 de septiembre | 2027-09-12 19:00 | hago la auditoría
MON | hago la auditoría del lunes al miércoles | 2026-12-02 19:00 | hago la auditoría
MON | hago la auditoría de lunes a miércoles | 2026-12-02 19:00 | hago la auditoría
MON | del lunes al miércoles termino la carga | 2026-12-02 19:00 | termino la carga
MON | de lunes a miércoles termino la carga | 2026-12-02 19:00 | termino la carga
MON | desde el lunes hasta el miércoles reviso los contratos | 2026-12-02 19:00 | reviso los contratos
MON | reviso los contratos desde el lunes hasta el miércoles | 2026-12-02 19:00 | reviso los contratos
MON | hago la auditoría entre el martes y el jueves | 2026-11-26 19:00 | hago la auditoría
MON | hago la auditoría los próximos tres días | 2026-11-26 19:00 | hago la auditoría
MON | hago la auditoría en los próximos 5 días | 2026-11-28 19:00 | hago la auditoría
MON | hago la auditoría entre mayo y junio | 2027-06-30 19:00 | hago la auditoría | loose
MON | hago la auditoría de marzo a abril | 2027-04-30 19:00 | hago la auditoría | loose
MON | hago la auditoría del 28 al 3 de diciembre | 2026-12-03 19:00 | hago la auditoría
MON | hago la auditoría entre hoy y mañana | 2026-11-24 19:00 | hago la auditoría
MON | te llamo de 3 a 5 | 2026-11-23 17:00! | te llamo
MON | te llamo entre las 10 y las 12 | 2026-11-23 12:00! | te llamo
MON | te llamo de 9 a 11 am | 2026-11-23 11:00! | te llamo
MON | te llamo mañana de 15 a 17 hs | 2026-11-24 17:00! | te llamo
MON | te llamo el jueves de 10 a 12 | 2026-11-26 12:00! | te llamo
MON | tardo de 3 a 5 días | none | tardo de 3 a 5 días
MON | éramos de 3 a 4 personas | none | éramos de 3 a 4 personas
NYC | run the audit Monday to Wednesday | 2026-12-02 19:00 | run the audit
NYC | from Monday until Wednesday I'll run the audit | 2026-12-02 19:00 | run the audit
NYC | run the audit from Tuesday to Thursday | 2026-11-26 19:00 | run the audit
NYC | run the audit between Tuesday and Thursday | 2026-11-26 19:00 | run the audit
NYC | run the audit over the next three days | 2026-11-26 19:00 | run the audit
NYC | run the audit between Dec 3 and Dec 12 | 2026-12-12 19:00 | run the audit
NYC | run the audit from May to June | 2027-06-30 19:00 | run the audit | loose
NYC | call me 3-4pm | 2026-11-23 16:00! | call me
NYC | call me tomorrow 3-4pm | 2026-11-24 16:00! | call me
NYC | call me between 2 and 4 pm | 2026-11-23 16:00! | call me
NYC | call me from 9:30 to 10:30 | 2026-11-23 10:30! | call me
NYC | call me 10am-12pm | 2026-11-23 12:00! | call me
NYC | call me 11-1 | none | call me 11-1
NYC | it takes 3-4 days | none | it takes 3-4 days
MON | del 7 al 11 cierro el inventario | 2026-12-11 19:00 | cierro el inventario
""")

# Explicit dates in their common forms, numbers in words up to thirty-one.
DATES = table("""
MON | firmo el contrato el 12/9 | 2027-09-12 19:00 | firmo el contrato
MON | firmo el contrato el 12-09-2027 | 2027-09-12 19:00 | firmo el contrato
MON | firmo el contrato el 2027-09-12 | 2027-09-12 19:00 | firmo el contrato
MON | firmo el contrato el 12.09.2027 | 2027-09-12 19:00 | firmo el contrato
MON | firmo el contrato el 12/09/27 | 2027-09-12 19:00 | firmo el contrato
MON | firmo el contrato el 12 de sept. | 2027-09-12 19:00 | firmo el contrato
MON | firmo el contrato el doce | 2026-12-12 19:00 | firmo el contrato
MON | firmo el contrato el doce de diciembre | 2026-12-12 19:00 | firmo el contrato
MON | firmo el contrato el treinta y uno de diciembre | 2026-12-31 19:00 | firmo el contrato
MON | firmo el contrato el veintiuno | 2026-12-21 19:00 | firmo el contrato
MON | firmo el contrato para el quince | 2026-12-15 19:00 | firmo el contrato
MON | firmo el contrato el primero de diciembre | 2026-12-01 19:00 | firmo el contrato
MON | firmo el contrato el martes 15 de diciembre de 2026 | 2026-12-15 19:00 | firmo el contrato
MON | firmo el contrato el 1ro de diciembre | 2026-12-01 19:00 | firmo el contrato
MON | uno por uno lo reviso | none | uno por uno lo reviso
MON | nos ayudamos el uno al otro | none | nos ayudamos el uno al otro
NYC | sign the contract on 9/12 | 2027-09-12 19:00 | sign the contract
NYC | sign the contract on 12-09-2027 | 2027-12-09 19:00 | sign the contract
NYC | sign the contract on 2027-09-12 | 2027-09-12 19:00 | sign the contract
NYC | sign the contract Sept 12th | 2027-09-12 19:00 | sign the contract
NYC | sign the contract on Sept. 12, 2027 | 2027-09-12 19:00 | sign the contract
NYC | sign the contract 12 Sept 2027 | 2027-09-12 19:00 | sign the contract
NYC | sign the contract the 12th | 2026-12-12 19:00 | sign the contract
NYC | sign the contract on the twelfth | 2026-12-12 19:00 | sign the contract
NYC | sign the contract on the twenty-first | 2026-12-21 19:00 | sign the contract
NYC | sign the contract the fifth of December | 2026-12-05 19:00 | sign the contract
NYC | sign the contract on the thirty-first of December | 2026-12-31 19:00 | sign the contract
NYC | sign the contract by the first of next month | 2026-12-01 19:00 | sign the contract
NYC | sign the first draft | none | sign the first draft
""")

# Clock times in their common forms; a bare 1-7 is in the afternoon.
TIMES = table("""
MON | llamo al banco a las 3 y media | 2026-11-23 15:30! | llamo al banco
MON | llamo al banco a las tres menos cuarto | 2026-11-23 14:45! | llamo al banco
MON | llamo al banco a las 15h | 2026-11-23 15:00! | llamo al banco
MON | llamo al banco a las 15:00 hrs | 2026-11-23 15:00! | llamo al banco
MON | llamo al banco a las 9 de la mañana | 2026-11-23 09:00! | llamo al banco
MON | llamo al banco al mediodía | 2026-11-23 12:00! | llamo al banco
MON | llamo al banco a medianoche | 2026-11-24 00:00! | llamo al banco
MON | llamo al banco a la una | 2026-11-23 13:00! | llamo al banco
MON | llamo al banco a la una y cuarto | 2026-11-23 13:15! | llamo al banco
MON | llamo al banco a las 12 de la noche | 2026-11-24 00:00! | llamo al banco
MON | llamo al banco 15 hs | 2026-11-23 15:00! | llamo al banco
MON | llamo al banco a las 8 en punto | 2026-11-23 08:00! | llamo al banco
MON | llamo al banco a las 3p | 2026-11-23 15:00! | llamo al banco
MON | llamo al banco a las 11 y veinte | 2026-11-23 11:20! | llamo al banco
MON | llamo al banco a las siete de la tarde | 2026-11-23 19:00! | llamo al banco
NYC | call the bank at 3 pm | 2026-11-23 15:00! | call the bank
NYC | call the bank at 3p | 2026-11-23 15:00! | call the bank
NYC | call the bank at 10a | 2026-11-23 10:00! | call the bank
NYC | call the bank at noon | 2026-11-23 12:00! | call the bank
NYC | call the bank at midnight | 2026-11-24 00:00! | call the bank
NYC | call the bank at 1530 | none | call the bank at 1530
NYC | call the bank at half past two | 2026-11-23 14:30! | call the bank
NYC | call the bank at a quarter to four | 2026-11-23 15:45! | call the bank
NYC | call the bank at 9 o'clock | 2026-11-23 09:00! | call the bank
NYC | call the bank at twelve thirty | 2026-11-23 12:30! | call the bank
NYC | call the bank at 7:45 in the evening | 2026-11-23 19:45! | call the bank
NYC | call the bank at 3 | 2026-11-23 15:00! | call the bank
NYC | call the bank at 9 | 2026-11-23 09:00! | call the bank
""")

# Holidays of the person's country (now's timezone): Chile, Mexico, Spain, Argentina, the US.
HOLIDAYS = table("""
MON | cierro las ventas antes de Navidad | 2026-12-24 19:00 | cierro las ventas
MON | cierro las ventas para Navidad | 2026-12-25 19:00 | cierro las ventas
MON | cierro las ventas después de Navidad | 2026-12-28 19:00 | cierro las ventas
MON | cierro las ventas antes de Año Nuevo | 2026-12-31 19:00 | cierro las ventas
MON | cierro las ventas después de Año Nuevo | 2027-01-04 19:00 | cierro las ventas
MON | cierro las ventas después de Fiestas Patrias | 2027-09-20 19:00 | cierro las ventas
MON | cierro las ventas antes de las fiestas patrias | 2027-09-16 19:00 | cierro las ventas
MON | cierro las ventas antes de Semana Santa | 2027-03-25 19:00 | cierro las ventas
MON | cierro las ventas para Nochebuena | 2026-12-24 19:00 | cierro las ventas
MON | cierro las ventas antes del próximo feriado | 2026-12-07 19:00 | cierro las ventas
MON | cierro las ventas antes del feriado | 2026-12-07 19:00 | cierro las ventas
MON | cierro las ventas antes de las fiestas | 2026-12-24 19:00 | cierro las ventas
MEX | cierro las ventas antes de las fiestas patrias | 2027-09-15 19:00 | cierro las ventas
MEX | cierro las ventas antes del día del trabajo | 2027-04-30 19:00 | cierro las ventas
MAD | cierro las ventas antes de Reyes | 2027-01-05 19:00 | cierro las ventas
MAD | cierro las ventas antes del día de Reyes | 2027-01-05 19:00 | cierro las ventas
MAD | cierro las ventas después del puente | 2026-12-09 19:00 | cierro las ventas
BUE | cierro las ventas antes de carnaval | 2027-02-05 19:00 | cierro las ventas
BUE | cierro las ventas antes del feriado | 2026-12-04 19:00 | cierro las ventas
MON | cruzo el puente mañana | 2026-11-24 19:00 | cruzo el puente
NYC | close the deal before Thanksgiving | 2026-11-25 19:00 | close the deal
NYC | close the deal after Thanksgiving | 2026-11-27 19:00 | close the deal
NYC | close the deal by Christmas | 2026-12-25 19:00 | close the deal
NYC | close the deal before Christmas Eve | 2026-12-23 19:00 | close the deal
NYC | close the deal before the holidays | 2026-12-24 19:00 | close the deal
NYC | close the deal after New Year's | 2027-01-04 19:00 | close the deal
NYC | close the deal before Memorial Day | 2027-05-28 19:00 | close the deal
NYC | close the deal before the holiday | 2026-11-25 19:00 | close the deal
NYC | close the deal before Easter | 2027-03-25 19:00 | close the deal
NYC | I'm on holiday tomorrow | 2026-11-24 19:00 | I'm on holiday
MAD | close the deal before Thanksgiving | 2026-11-25 19:00 | close the deal
""")

FAMILIES = {
    "abbreviations": ABBREVIATIONS,
    "counted": COUNTED,
    "now": NOW,
    "periods": PERIODS,
    "ranges": RANGES,
    "dates": DATES,
    "times": TIMES,
    "holidays": HOLIDAYS,
}
CASES = [Case(family, line) for family, lines in FAMILIES.items() for line in lines]


def _check(case: Case, result: ParsedPromise) -> None:
    now = NOWS[case.now]
    if case.when == "none":
        assert result.due is None
    else:
        assert result.due is not None
        expected = datetime.fromisoformat(case.when.rstrip("!"))
        assert result.due.replace(tzinfo=None) == expected
        assert result.due.tzinfo is now.tzinfo
        assert result.due_has_time is case.when.endswith("!")
    assert result.task == case.task
    assert result.loose is ("loose" in case.flags)
    assert result.vague is ("vague" in case.flags)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_wider_reading(case: Case) -> None:
    now = NOWS[case.now]
    lang = "en" if now.tzinfo is NYC else "es"
    with rules_never_fail():
        _check(case, parse_promise(case.text, now, lang=lang))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_wider_reading_with_the_language_detected(case: Case) -> None:
    _check(case, parse_promise(case.text, NOWS[case.now]))


def test_every_family_has_both_languages() -> None:
    for family, lines in FAMILIES.items():
        zones = {NOWS[Case(family, line).now].tzinfo is NYC for line in lines}
        assert zones == {True, False}, family


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("America/Santiago", "CL"),
        ("America/Mexico_City", "MX"),
        ("America/Argentina/Buenos_Aires", "AR"),
        ("America/Bogota", "CO"),
        ("Europe/Madrid", "ES"),
        ("America/New_York", "US"),
        ("Europe/London", "GB"),
        ("UTC", None),
    ],
)
def test_the_country_comes_from_the_timezone(zone: str, country: str | None) -> None:
    assert country_of(ZoneInfo(zone)) == country


def test_a_fixed_offset_has_no_country() -> None:
    assert country_of(timezone(timedelta(hours=-3))) is None


@pytest.mark.parametrize(
    ("country", "due"),
    [("CL", "2027-09-16"), ("MX", "2027-09-15"), ("AR", "2027-07-08"), ("US", "2027-07-02")],
)
def test_the_country_argument_decides_whose_holiday(country: str, due: str) -> None:
    # Read in New York for someone from elsewhere: the last working day before their
    # Independence Day (Chile adds a holiday on Friday 17 September 2027).
    result = parse_promise("cierro el trato antes de Fiestas Patrias", NOWS["NYC"], country=country)
    assert result.due is not None and result.due.date().isoformat() == due


def test_a_country_without_that_holiday_reads_no_deadline() -> None:
    result = parse_promise("cierro el trato antes de Fiestas Patrias", NOWS["MAD"])
    assert result.due is None
    assert result.task == "cierro el trato antes de Fiestas Patrias"


def test_unknown_country_or_zone_still_reads_universal_holidays() -> None:
    now = datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=-3)))
    result = parse_promise("cierro el trato antes de Navidad", now, country="XX")
    assert result.due is not None and result.due.date().isoformat() == "2026-12-24"
    assert parse_promise("cierro el trato antes del feriado", now).due is None


def test_holidays_are_not_imported_with_the_parser() -> None:
    code = (
        "import sys, bot.parsing\n"
        "from datetime import datetime\n"
        "from zoneinfo import ZoneInfo\n"
        "now = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo('America/Santiago'))\n"
        "bot.parsing.parse_promise('te llamo el jueves a las 3', now)\n"
        "print('holidays' in sys.modules)\n"
        "bot.parsing.parse_promise('te llamo antes de Navidad', now)\n"
        "print('holidays' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "True"]


_NEW_WORDS = (
    "lu ma mx mar mié jue. vie sáb dom mon. tue thu fri sat sun ene feb. sept dic jan dec "
    "ahora ya now right mismo rato próxima hora within hour dentro de dos jueves fridays from "
    "segundo último last first of the month semana week mayo may junio principios early fines "
    "mediados trimestre quarter Q3 Q 3 H1 EOQ EOY EOM 2027 entre between y and al to - 3-4pm "
    "de a 9:30 10:30 3p 10a 15h hrs doce twelfth veintiuno 15th 12/9 12-09-2027 2027-09-12 "
    "Navidad Christmas antes before después after Fiestas Patrias Thanksgiving feriado holiday "
    "puente Reyes Semana Santa Easter Año Nuevo New Year's día del trabajo , . ! ?"
)


@settings(deadline=None, max_examples=400)
@given(
    st.lists(st.sampled_from(_NEW_WORDS.split()), max_size=30).map(" ".join),
    st.sampled_from([SCL, NYC, ZoneInfo("Europe/Madrid"), UTC]),
    st.sampled_from([None, "CL", "US", "XX", ""]),
    st.datetimes(
        min_value=datetime(2024, 1, 1),
        max_value=datetime(2031, 12, 31),
    ),
)
def test_wider_vocabulary_never_raises(
    text: str, tz: object, country: str | None, moment: datetime
) -> None:
    now = moment.replace(tzinfo=tz)  # type: ignore[arg-type]
    with rules_never_fail():
        result = parse_promise(text, now, country=country)
    assert result.due is None or result.due.tzinfo is tz
    assert not (result.loose and result.due is None)


def test_the_result_is_a_value() -> None:
    import copy
    import pickle

    result = parse_promise("llamar a Juan el jueves a las 3", NOWS["MON"])
    same = parse_promise("llamar a Juan el jueves a las 3", NOWS["MON"])
    assert result == same and hash(result) == hash(same)
    assert pickle.loads(pickle.dumps(result)) == result
    assert copy.deepcopy(result) == result
    moved = result.replace(task="llamar a Pedro")
    assert (moved.task, moved.due, result.task) == ("llamar a Pedro", result.due, "llamar a Juan")
    assert repr(result).startswith("ParsedPromise(task='llamar a Juan', due=datetime.datetime(")
    with pytest.raises(AttributeError):
        result.due = None  # type: ignore[misc]
