"""Less common shapes: numbers in words, dates with years, 'from now', connectors."""

# ruff: noqa: E501  (tables: one phrase per line reads better than wrapped rows)
from __future__ import annotations

from datetime import datetime

import pytest
from parsing_cases import NOWS, Row, rows

from bot.parsing import parse_promise

MORE = rows("""
MON | lo mando a las siete treinta pm | 2026-11-23 19:30! | lo mando
MON | lo mando a las 7 en punto | 2026-11-23 19:00! | lo mando
MON | lo mando a las 12:34:25 | 2026-11-23 12:34! | lo mando
MON | lo mando a las once y cinco pm | 2026-11-23 23:05! | lo mando
MON | lo mando a las cinco y media de la noche | 2026-11-23 17:30! | lo mando
MON | lo mando en la tarde a las cinco treinta | 2026-11-23 17:30! | lo mando
MON | lo mando a las 9h30 | 2026-11-23 09:30! | lo mando
MON | lo mando 15.00 | 2026-11-23 15:00! | lo mando
MON | lo mando a las 15 horas | 2026-11-23 15:00! | lo mando
MON | lo mando a las doce y cuarto | 2026-11-23 12:15! | lo mando
MON | lo mando a las veintiuna horas | 2026-11-23 21:00! | lo mando
MON | lo mando el 2 Oct | 2027-10-02 19:00 | lo mando
MON | lo mando el 2/Oct | 2027-10-02 19:00 | lo mando
MON | lo mando el veintiuno de diciembre | 2026-12-21 19:00 | lo mando
MON | lo mando el lunes 12 de enero, 2027 | 2027-01-12 19:00 | lo mando
MON | lo mando el 2027/08/12 | 2027-08-12 19:00 | lo mando
MON | lo mando el 21/04/27 | 2027-04-21 19:00 | lo mando
MON | lo mando el 21-04-2027 | 2027-04-21 19:00 | lo mando
MON | lo mando el día después de mañana | 2026-11-25 19:00 | lo mando
MON | lo mando esta misma semana | 2026-11-27 19:00 | lo mando
MON | lo mando de acá al viernes | 2026-11-27 19:00 | lo mando
MON | lo mando de aquí al jueves | 2026-11-26 19:00 | lo mando
MON | lo mando el año que viene | 2027-12-31 19:00 | lo mando
MON | en la noche del jueves entrego | 2026-11-26 22:00 | entrego
MON | a las 9 del lunes entrego | 2026-11-30 09:00! | entrego
MON | entrego antes del 1 de diciembre | 2026-11-30 19:00 | entrego
MON | entrego en 3 días más | 2026-11-26 19:00 | entrego
MON | entrego de aquí a 2 semanas | 2026-12-07 19:00 | entrego
MON | entrego en unos días | 2026-11-26 19:00 | entrego
MON | entrego el viernes 27 | 2026-11-27 19:00 | entrego
MON | entrego el próximo lunes 30 | 2026-11-30 19:00 | entrego
MON | entrego hasta el 30 | 2026-11-30 19:00 | entrego
MON | entrego mañana 10am | 2026-11-24 10:00! | entrego
MON | entrego hoy 17:00 | 2026-11-23 17:00! | entrego
MON | entrego el domingo por la noche | 2026-11-29 22:00 | entrego
MON | entrego a primera hora del lunes | 2026-11-30 10:00 | entrego
MON | entrego a última hora de hoy | 2026-11-23 19:00 | entrego
MON | entrego mañana antes del mediodía | 2026-11-24 12:00! | entrego
MON | entrego durante la mañana | 2026-11-23 12:00 | entrego
MON | entrego el finde | 2026-11-28 19:00 | entrego
MON | entrego en la semana | 2026-11-27 19:00 | entrego
MON | entrego el 30/11 a las 9 | 2026-11-30 09:00! | entrego
MON | entrego el lunes a eso de las 11 | 2026-11-30 11:00! | entrego
MON | entrego tipo 5 de la tarde | 2026-11-23 17:00! | entrego
MON | entrego a las 18:30 hrs | 2026-11-23 18:30! | entrego
MON | entrego a las 6 y media | 2026-11-23 18:30! | entrego
MON | entrego el 1ro de diciembre | 2026-12-01 19:00 | entrego
MON | le mando un correo al cliente el lunes 7 de diciembre a las 10 am | 2026-12-07 10:00! | le mando un correo al cliente
MON | el lunes o el martes te llamo | 2026-12-01 19:00 | te llamo
MON | hoy o mañana te llamo | 2026-11-24 19:00 | te llamo
MON | del 1 al 5 de diciembre cierro el inventario | 2026-12-05 19:00 | cierro el inventario
MON | a las 3 o 4 te llamo | 2026-11-23 16:00! | te llamo
MON | entre las 3 y las 5 te llamo | 2026-11-23 17:00! | te llamo
MON | el jueves a las 4 o 5 te llamo | 2026-11-26 17:00! | te llamo
MON | a las 3 y 15 te llamo | 2026-11-23 15:15! | te llamo
MON | quedo en enviarte la minuta hoy | 2026-11-23 19:00 | enviarte la minuta
MON | te mando el informe mañana y el jueves la factura | 2026-11-24 19:00 | te mando el informe y el jueves la factura
NYC | I'll send it over Monday morning | 2026-11-30 12:00 | send it over
NYC | send it tomorrow @ 3 | 2026-11-24 15:00! | send it
NYC | send it Mon 9am | 2026-11-30 09:00! | send it
NYC | send it fri EOD | 2026-11-27 19:00 | send it
NYC | send it by the end of December | 2026-12-31 19:00 | send it
NYC | send it mid-December | 2026-12-15 19:00 | send it
NYC | send it in a fortnight | 2026-12-07 19:00 | send it
MON | lo mando a fines de diciembre | 2026-12-31 19:00 | lo mando
MON | lo mando a mediados de mes | 2026-12-15 19:00 | lo mando
MON | lo mando a mediados de enero | 2027-01-15 19:00 | lo mando
MON | lo mando a fines de la próxima semana | 2026-12-04 19:00 | lo mando
MON | lo mando en el transcurso del día | 2026-11-23 19:00 | lo mando
MON | lo mando durante el día de hoy | 2026-11-23 19:00 | lo mando
MON | lo mando hasta las 18:00 de mañana | 2026-11-24 18:00! | lo mando
MON | lo mando para las 5 de la tarde del viernes | 2026-11-27 17:00! | lo mando
MON | lo mando el mie a las 3 | 2026-11-25 15:00! | lo mando
MON | mandar contrato (jueves) | 2026-11-26 19:00 | mandar contrato
MON | *mañana* te mando el deck | 2026-11-24 19:00 | te mando el deck
MON | te mando el deck _mañana_ sin falta | 2026-11-24 19:00 | te mando el deck
MON | te mando el deck *el jueves a las 3* | 2026-11-26 15:00! | te mando el deck
MON | te mando el deck (mañana a más tardar) | 2026-11-24 19:00 | te mando el deck
MON | Para el viernes: informe de ventas | 2026-11-27 19:00 | informe de ventas
MON | Informe de ventas - viernes | 2026-11-27 19:00 | Informe de ventas
MON | TODO: revisar PR #12 para mañana! | 2026-11-24 19:00 | TODO: revisar PR #12!
MON | ¿te parece si te lo mando el jueves? | 2026-11-26 19:00 | ¿te parece si te lo mando?
MON | mañana, sin falta, te mando el deck | 2026-11-24 19:00 | te mando el deck
NYC | send it a week from today | 2026-11-30 19:00 | send it
NYC | send it two days from now | 2026-11-25 19:00 | send it
NYC | send it 3 days later | 2026-11-26 19:00 | send it
NYC | send it the day after tomorrow at 5pm | 2026-11-25 17:00! | send it
NYC | send it over the weekend | 2026-11-28 19:00 | send it
NYC | send it later today | 2026-11-23 19:00 | send it
NYC | send it sometime next week | 2026-12-04 19:00 | send it
NYC | send it by the end of next week | 2026-12-04 19:00 | send it
NYC | send it end of the day tomorrow | 2026-11-24 19:00 | send it
NYC | send it tomorrow night | 2026-11-24 22:00 | send it
NYC | send it this coming Monday | 2026-11-30 19:00 | send it
NYC | send it by Thursday noon | 2026-11-26 12:00! | send it
NYC | send it at 7:30 in the evening | 2026-11-23 19:30! | send it
NYC | send it by 8 o'clock tonight | 2026-11-23 20:00! | send it
NYC | send it by 10am tomorrow | 2026-11-24 10:00! | send it
NYC | send it before 3 on Friday | 2026-11-27 15:00! | send it
NYC | send it by close of business Thursday | 2026-11-26 19:00 | send it
NYC | send it first thing Monday morning | 2026-11-30 10:00 | send it
NYC | send it within the next hour | 2026-11-23 11:00! | send it
NYC | send it in an hour and a half | 2026-11-23 11:30! | send it
NYC | send it next year | 2027-12-31 19:00 | send it
""")


@pytest.mark.parametrize("row", MORE, ids=[r.id for r in MORE])
def test_more_shapes(row: Row) -> None:
    now = NOWS[row.now]
    result = parse_promise(row.text, now)
    assert result.due is not None and row.when is not None
    assert result.due.replace(tzinfo=None) == datetime.fromisoformat(row.when.rstrip("!"))
    assert result.due_has_time is row.when.endswith("!")
    assert result.task == row.task
