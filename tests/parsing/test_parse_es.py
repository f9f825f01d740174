"""Spanish promises, as written in Chile, Mexico, Argentina and Spain."""

# ruff: noqa: E501  (tables: one phrase per line reads better than wrapped rows)

from __future__ import annotations

from datetime import datetime

import pytest
from parsing_cases import NOWS, Row, rows

from bot.parsing import parse_promise

WEEKDAYS = rows("""
MON | llamar a Juan el jueves | 2026-11-26 19:00 | llamar a Juan
MON | el jueves llamo a Juan | 2026-11-26 19:00 | llamo a Juan
MON | te mando el informe el martes | 2026-11-24 19:00 | te mando el informe
MON | reviso el contrato el miércoles | 2026-11-25 19:00 | reviso el contrato
MON | reviso el contrato el miercoles | 2026-11-25 19:00 | reviso el contrato
MON | reviso el contrato el MIERCOLES | 2026-11-25 19:00 | reviso el contrato
MON | envío la factura el viernes | 2026-11-27 19:00 | envío la factura
MON | cierro la venta el sábado | 2026-11-28 19:00 | cierro la venta
MON | cierro la venta el sabado | 2026-11-28 19:00 | cierro la venta
MON | publico el post el domingo | 2026-11-29 19:00 | publico el post
MON | el lunes te confirmo | 2026-11-30 19:00 | te confirmo
MON | le escribo el próximo martes | 2026-11-24 19:00 | le escribo
MON | le escribo el proximo jueves | 2026-11-26 19:00 | le escribo
MON | lo vemos el lunes que viene | 2026-11-30 19:00 | lo vemos
MON | lo vemos el viernes que viene | 2026-11-27 19:00 | lo vemos
MON | lo vemos el miércoles de la próxima semana | 2026-12-02 19:00 | lo vemos
MON | lo vemos el martes de la semana que viene | 2026-12-01 19:00 | lo vemos
MON | lo vemos el otro lunes | 2026-11-30 19:00 | lo vemos
MON | lo vemos el otro viernes | 2026-12-04 19:00 | lo vemos
MON | armo la demo este viernes | 2026-11-27 19:00 | armo la demo
MON | para el viernes tengo el presupuesto | 2026-11-27 19:00 | tengo el presupuesto
MON | a más tardar el lunes mando los datos | 2026-11-30 19:00 | mando los datos
MON | mando los datos a más tardar el lunes | 2026-11-30 19:00 | mando los datos
MON | mando los datos el lunes a más tardar | 2026-11-30 19:00 | mando los datos
MON | mando los datos antes del viernes | 2026-11-26 19:00 | mando los datos
MON | mando los datos antes del jueves | 2026-11-25 19:00 | mando los datos
MON | mando los datos hasta el jueves | 2026-11-26 19:00 | mando los datos
MON | mando los datos máximo el jueves | 2026-11-26 19:00 | mando los datos
MON | el jueves a las 3 llamo al proveedor | 2026-11-26 15:00! | llamo al proveedor
MON | el viernes a las 10:30 presento el avance | 2026-11-27 10:30! | presento el avance
MON | el martes 1 entrego el diseño | 2026-12-01 19:00 | entrego el diseño
MON | el viernes 4 de diciembre entrego el diseño | 2026-12-04 19:00 | entrego el diseño
MON | el jueves en la tarde paso por la oficina | 2026-11-26 19:00 | paso por la oficina
MON | el miércoles en la mañana reviso el PR | 2026-11-25 12:00 | reviso el PR
MON | el lunes a primera hora te mando la minuta | 2026-11-30 10:00 | te mando la minuta
MON | el domingo en la noche subo las fotos | 2026-11-29 22:00 | subo las fotos
MON | llamo a la clienta el juev | 2026-11-26 19:00 | llamo a la clienta
MON | llamo al banco el vie | 2026-11-27 19:00 | llamo al banco
THU | llamar a Juan el jueves | 2026-12-03 19:00 | llamar a Juan
THU | te mando el informe el próximo jueves | 2026-12-03 19:00 | te mando el informe
THU | te mando el informe el viernes | 2026-11-27 19:00 | te mando el informe
THU | te mando el informe el miércoles | 2026-12-02 19:00 | te mando el informe
SUN | el lunes te llamo | 2026-11-23 19:00 | te llamo
SUN | el domingo te llamo | 2026-11-29 19:00 | te llamo
SUN | el sábado te llamo | 2026-11-28 19:00 | te llamo
FRI | el viernes entrego | 2026-12-04 19:00 | entrego
FRI | el lunes entrego | 2026-11-30 19:00 | entrego
FRI | el lunes temprano entrego | 2026-11-30 10:00 | entrego
MEX | el jueves le marco al cliente | 2026-11-26 19:00 | le marco al cliente
BUE | el jueves te paso el presupuesto | 2026-11-26 19:00 | te paso el presupuesto
MAD | el jueves os envío el acta | 2026-11-26 19:00 | os envío el acta
""")

RELATIVE = rows("""
MON | hoy mando la cotización | 2026-11-23 19:00 | mando la cotización
MON | mando la cotización hoy | 2026-11-23 19:00 | mando la cotización
MON | mando la cotización hoy mismo | 2026-11-23 19:00 | mando la cotización
MON | mañana mando la cotización | 2026-11-24 19:00 | mando la cotización
MON | mando la cotización mañana | 2026-11-24 19:00 | mando la cotización
MON | mando la cotización manana | 2026-11-24 19:00 | mando la cotización
MON | mando la cotización mñn | 2026-11-24 19:00 | mando la cotización
MON | MAÑANA MANDO LA COTIZACIÓN | 2026-11-24 19:00 | MANDO LA COTIZACIÓN
MON | pasado mañana mando la cotización | 2026-11-25 19:00 | mando la cotización
MON | mando la cotización pasado manana | 2026-11-25 19:00 | mando la cotización
MON | en un par de días mando la cotización | 2026-11-25 19:00 | mando la cotización
MON | mando la cotización en 3 días | 2026-11-26 19:00 | mando la cotización
MON | mando la cotización en tres días | 2026-11-26 19:00 | mando la cotización
MON | mando la cotización dentro de 15 días | 2026-12-08 19:00 | mando la cotización
MON | mando la cotización en una semana | 2026-11-30 19:00 | mando la cotización
MON | mando la cotización en 2 semanas | 2026-12-07 19:00 | mando la cotización
MON | mando la cotización en dos semanas | 2026-12-07 19:00 | mando la cotización
MON | mando la cotización en un mes | 2026-12-23 19:00 | mando la cotización
MON | mando la cotización en 5 días hábiles | 2026-11-30 19:00 | mando la cotización
FRI | mañana reviso los tickets | 2026-11-28 19:00 | reviso los tickets
FRI | pasado mañana reviso los tickets | 2026-11-29 19:00 | reviso los tickets
FRI | en 2 días reviso los tickets | 2026-11-29 19:00 | reviso los tickets
SUN | mañana reviso los tickets | 2026-11-23 19:00 | reviso los tickets
DEC30 | mañana reviso los tickets | 2026-12-31 19:00 | reviso los tickets
DEC30 | pasado mañana reviso los tickets | 2027-01-01 19:00 | reviso los tickets
DEC30 | en 3 días reviso los tickets | 2027-01-02 19:00 | reviso los tickets
""")

DURATIONS = rows("""
MON | en 2 horas te llamo | 2026-11-23 12:00! | te llamo
MON | te llamo en 2 horas | 2026-11-23 12:00! | te llamo
MON | te llamo en dos horas | 2026-11-23 12:00! | te llamo
MON | te llamo en media hora | 2026-11-23 10:30! | te llamo
MON | te llamo en 20 min | 2026-11-23 10:20! | te llamo
MON | te llamo en 20 minutos | 2026-11-23 10:20! | te llamo
MON | te llamo en veinte minutos | 2026-11-23 10:20! | te llamo
MON | te llamo en 3 hrs | 2026-11-23 13:00! | te llamo
MON | te llamo en una hora | 2026-11-23 11:00! | te llamo
MON | te llamo en una hora y media | 2026-11-23 11:30! | te llamo
MON | te llamo en hora y media | 2026-11-23 11:30! | te llamo
MON | te llamo en 1 hora y 15 minutos | 2026-11-23 11:15! | te llamo
MON | te llamo dentro de 45 minutos | 2026-11-23 10:45! | te llamo
MON | te llamo en un par de horas | 2026-11-23 12:00! | te llamo
MON | te llamo en 2h | 2026-11-23 12:00! | te llamo
MON | te llamo en quince minutos | 2026-11-23 10:15! | te llamo
MON | te llamo en 90 min | 2026-11-23 11:30! | te llamo
MON | te llamo en 1,5 horas | 2026-11-23 11:30! | te llamo
FRI | subo el parche en 4 horas | 2026-11-27 20:30! | subo el parche
""")

CLOCKS = rows("""
MON | a las 3 llamo a Juan | 2026-11-23 15:00! | llamo a Juan
MON | llamo a Juan a las 3 | 2026-11-23 15:00! | llamo a Juan
MON | llamo a Juan a las tres | 2026-11-23 15:00! | llamo a Juan
MON | llamo a Juan a las 10:30 | 2026-11-23 10:30! | llamo a Juan
MON | llamo a Juan a las 10 | 2026-11-23 10:00! | llamo a Juan
MON | llamo a Juan a las 11 | 2026-11-23 11:00! | llamo a Juan
MON | llamo a Juan a la una | 2026-11-23 13:00! | llamo a Juan
MON | llamo a Juan a las 5 de la tarde | 2026-11-23 17:00! | llamo a Juan
MON | llamo a Juan a las cinco de la tarde | 2026-11-23 17:00! | llamo a Juan
MON | llamo a Juan a las 8 de la noche | 2026-11-23 20:00! | llamo a Juan
MON | llamo a Juan a las 11 de la mañana | 2026-11-23 11:00! | llamo a Juan
MON | llamo a Juan a las 17 hrs | 2026-11-23 17:00! | llamo a Juan
MON | llamo a Juan 17 hrs | 2026-11-23 17:00! | llamo a Juan
MON | llamo a Juan a las 17:45 | 2026-11-23 17:45! | llamo a Juan
MON | llamo a Juan a las 12 del día | 2026-11-23 12:00! | llamo a Juan
MON | llamo a Juan al mediodía | 2026-11-23 12:00! | llamo a Juan
MON | llamo a Juan a mediodía | 2026-11-23 12:00! | llamo a Juan
MON | llamo a Juan a medianoche | 2026-11-24 00:00! | llamo a Juan
MON | llamo a Juan a las tres y media | 2026-11-23 15:30! | llamo a Juan
MON | llamo a Juan a las diez y media | 2026-11-23 10:30! | llamo a Juan
MON | llamo a Juan a las 4 y cuarto | 2026-11-23 16:15! | llamo a Juan
MON | llamo a Juan a las 5 menos cuarto | 2026-11-23 16:45! | llamo a Juan
MON | llamo a Juan a las doce menos diez | 2026-11-23 11:50! | llamo a Juan
MON | llamo a Juan a eso de las 4 | 2026-11-23 16:00! | llamo a Juan
MON | llamo a Juan como a las 4 | 2026-11-23 16:00! | llamo a Juan
MON | llamo a Juan tipo 4 | 2026-11-23 16:00! | llamo a Juan
MON | llamo a Juan a las 4pm | 2026-11-23 16:00! | llamo a Juan
MON | llamo a Juan a las 9 am | 2026-11-23 09:00! | llamo a Juan
MON | llamo a Juan a las 9 p.m. | 2026-11-23 21:00! | llamo a Juan
MON | llamo a Juan 10:30 | 2026-11-23 10:30! | llamo a Juan
MON | llamo a Juan a las 07:00 | 2026-11-23 07:00! | llamo a Juan
MON | antes de las 12 mando la minuta | 2026-11-23 12:00! | mando la minuta
MON | mando la minuta antes de las 12 | 2026-11-23 12:00! | mando la minuta
MON | mando la minuta antes de las 6 | 2026-11-23 18:00! | mando la minuta
MON | mando la minuta antes del mediodía | 2026-11-23 12:00! | mando la minuta
MON | mando la minuta hasta las 5 | 2026-11-23 17:00! | mando la minuta
MON | mando la minuta para las 4 | 2026-11-23 16:00! | mando la minuta
MON | mañana a las 3 mando la minuta | 2026-11-24 15:00! | mando la minuta
MON | mañana a las 9 mando la minuta | 2026-11-24 09:00! | mando la minuta
MON | mañana a 11 mando la minuta | 2026-11-24 11:00! | mando la minuta
MON | mañana a las once mando la minuta | 2026-11-24 11:00! | mando la minuta
MON | mando la minuta mañana a las 10 de la mañana | 2026-11-24 10:00! | mando la minuta
MON | mando la minuta mañana en la tarde a las 3 | 2026-11-24 15:00! | mando la minuta
MON | mando la minuta hoy a las 6 | 2026-11-23 18:00! | mando la minuta
MON | mando la minuta hoy antes de las 6 | 2026-11-23 18:00! | mando la minuta
MON | el jueves tipo 11 paso | 2026-11-26 11:00! | paso
MON | el 15 de diciembre a las 9 firmamos | 2026-12-15 09:00! | firmamos
""")

PARTS = rows("""
MON | en la tarde te mando el link | 2026-11-23 19:00 | te mando el link
MON | te mando el link en la tarde | 2026-11-23 19:00 | te mando el link
MON | te mando el link por la tarde | 2026-11-23 19:00 | te mando el link
MON | te mando el link esta tarde | 2026-11-23 19:00 | te mando el link
MON | te mando el link a la tarde | 2026-11-23 19:00 | te mando el link
MON | te mando el link esta noche | 2026-11-23 22:00 | te mando el link
MON | te mando el link en la noche | 2026-11-23 22:00 | te mando el link
MON | te mando el link hoy en la noche | 2026-11-23 22:00 | te mando el link
MON | te mando el link en la mañana | 2026-11-23 12:00 | te mando el link
MON | te mando el link mañana en la mañana | 2026-11-24 12:00 | te mando el link
MON | te mando el link mañana por la mañana | 2026-11-24 12:00 | te mando el link
MON | te mando el link mañana temprano | 2026-11-24 10:00 | te mando el link
MON | te mando el link mañana a primera hora | 2026-11-24 10:00 | te mando el link
MON | te mando el link a primera hora | 2026-11-23 10:00 | te mando el link
MON | te mando el link mañana en la tarde | 2026-11-24 19:00 | te mando el link
MON | te mando el link mañana en la noche | 2026-11-24 22:00 | te mando el link
MON | te mando el link al final del día | 2026-11-23 19:00 | te mando el link
MON | te mando el link a fin del día | 2026-11-23 19:00 | te mando el link
MON | te mando el link antes de que termine el día | 2026-11-23 19:00 | te mando el link
MON | te mando el link antes del almuerzo | 2026-11-23 13:00 | te mando el link
MON | te mando el link después de almuerzo | 2026-11-23 19:00 | te mando el link
MON | te mando el link mañana a última hora | 2026-11-24 19:00 | te mando el link
MON | te mando el link el viernes a última hora | 2026-11-27 19:00 | te mando el link
""")

PERIODS = rows("""
MON | esta semana cierro el acuerdo | 2026-11-27 19:00 | cierro el acuerdo
MON | cierro el acuerdo esta semana | 2026-11-27 19:00 | cierro el acuerdo
MON | cierro el acuerdo durante esta semana | 2026-11-27 19:00 | cierro el acuerdo
MON | cierro el acuerdo la próxima semana | 2026-12-04 19:00 | cierro el acuerdo
MON | cierro el acuerdo la proxima semana | 2026-12-04 19:00 | cierro el acuerdo
MON | cierro el acuerdo la semana que viene | 2026-12-04 19:00 | cierro el acuerdo
MON | cierro el acuerdo la otra semana | 2026-12-04 19:00 | cierro el acuerdo
MON | cierro el acuerdo para la próxima semana | 2026-12-04 19:00 | cierro el acuerdo
MON | cierro el acuerdo a fin de mes | 2026-11-30 19:00 | cierro el acuerdo
MON | cierro el acuerdo a fines de mes | 2026-11-30 19:00 | cierro el acuerdo
MON | cierro el acuerdo para fin de mes | 2026-11-30 19:00 | cierro el acuerdo
MON | cierro el acuerdo antes de fin de mes | 2026-11-30 19:00 | cierro el acuerdo
MON | cierro el acuerdo este mes | 2026-11-30 19:00 | cierro el acuerdo
MON | cierro el acuerdo el mes que viene | 2026-12-31 19:00 | cierro el acuerdo
MON | cierro el acuerdo el próximo mes | 2026-12-31 19:00 | cierro el acuerdo
MON | cierro el acuerdo a fin de año | 2026-12-31 19:00 | cierro el acuerdo
MON | cierro el acuerdo el fin de semana | 2026-11-28 19:00 | cierro el acuerdo
MON | cierro el acuerdo a fin de semana | 2026-11-27 19:00 | cierro el acuerdo
MON | cierro el acuerdo antes del fin de semana | 2026-11-27 19:00 | cierro el acuerdo
SUN | cierro el acuerdo esta semana | 2026-11-27 19:00 | cierro el acuerdo
SUN | cierro el acuerdo la próxima semana | 2026-11-27 19:00 | cierro el acuerdo
FRI | cierro el acuerdo la próxima semana | 2026-12-04 19:00 | cierro el acuerdo
FRI | cierro el acuerdo esta semana | 2026-11-27 19:00 | cierro el acuerdo
DEC30 | cierro el acuerdo a fin de mes | 2026-12-31 19:00 | cierro el acuerdo
DEC30 | cierro el acuerdo el mes que viene | 2027-01-31 19:00 | cierro el acuerdo
DEC30 | cierro el acuerdo la próxima semana | 2027-01-08 19:00 | cierro el acuerdo
""")

DATES = rows("""
MON | el 5 de diciembre entrego el informe | 2026-12-05 19:00 | entrego el informe
MON | entrego el informe el 5 de diciembre | 2026-12-05 19:00 | entrego el informe
MON | entrego el informe el cinco de diciembre | 2026-12-05 19:00 | entrego el informe
MON | entrego el informe el 5 de dic | 2026-12-05 19:00 | entrego el informe
MON | entrego el informe 5 dic | 2026-12-05 19:00 | entrego el informe
MON | entrego el informe el 1ro de diciembre | 2026-12-01 19:00 | entrego el informe
MON | entrego el informe el primero de diciembre | 2026-12-01 19:00 | entrego el informe
MON | entrego el informe el 15 | 2026-12-15 19:00 | entrego el informe
MON | entrego el informe para el 15 | 2026-12-15 19:00 | entrego el informe
MON | entrego el informe antes del 15 | 2026-12-14 19:00 | entrego el informe
MON | entrego el informe el día 28 | 2026-11-28 19:00 | entrego el informe
MON | entrego el informe el 23 | 2026-11-23 19:00 | entrego el informe
MON | entrego el informe el 22 | 2026-12-22 19:00 | entrego el informe
MON | entrego el informe el 31 | 2026-12-31 19:00 | entrego el informe
MON | entrego el informe 5/12 | 2026-12-05 19:00 | entrego el informe
MON | entrego el informe el 5/12 | 2026-12-05 19:00 | entrego el informe
MON | entrego el informe el 25/12 | 2026-12-25 19:00 | entrego el informe
MON | entrego el informe el 3/1 | 2027-01-03 19:00 | entrego el informe
MON | entrego el informe el 20/11 | 2027-11-20 19:00 | entrego el informe
MON | entrego el informe el 10/12/2026 | 2026-12-10 19:00 | entrego el informe
MON | entrego el informe el 2026-12-10 | 2026-12-10 19:00 | entrego el informe
MON | entrego el informe el 10 de enero | 2027-01-10 19:00 | entrego el informe
MON | entrego el informe el 10 de enero de 2027 | 2027-01-10 19:00 | entrego el informe
MON | entrego el informe diciembre 5 | 2026-12-05 19:00 | entrego el informe
MON | entrego el informe el martes 1 | 2026-12-01 19:00 | entrego el informe
MON | entrego el informe el lunes 7 | 2026-12-07 19:00 | entrego el informe
DEC30 | entrego el informe el 5 de enero | 2027-01-05 19:00 | entrego el informe
DEC30 | entrego el informe el 2 | 2027-01-02 19:00 | entrego el informe
DEC30 | entrego el informe el 31 | 2026-12-31 19:00 | entrego el informe
DEC30 | entrego el informe 5/1 | 2027-01-05 19:00 | entrego el informe
DEC30 | entrego el informe el lunes | 2027-01-04 19:00 | entrego el informe
DEC30 | entrego el informe el 15 de diciembre | 2027-12-15 19:00 | entrego el informe
""")

NOT_TIMES = rows("""
MON | reviso el ticket #4821 el jueves | 2026-11-26 19:00 | reviso el ticket #4821
MON | preparo el 1:1 con Ana el jueves | 2026-11-26 19:00 | preparo el 1:1 con Ana
MON | cierro el Q4 el viernes | 2026-11-27 19:00 | cierro el Q4
MON | termino el sprint 12 el viernes | 2026-11-27 19:00 | termino el sprint 12
MON | pago los $3.000 mañana | 2026-11-24 19:00 | pago los $3.000
MON | activo la promo 2x1 el lunes | 2026-11-30 19:00 | activo la promo 2x1
MON | publico la v2.5 el martes | 2026-11-24 19:00 | publico la v2.5
MON | subo el descuento al 50% el miércoles | 2026-11-25 19:00 | subo el descuento al 50%
MON | reviso el ticket #4821 | none | reviso el ticket #4821
MON | preparo el 1:1 con Ana | none | preparo el 1:1 con Ana
MON | compro 3 sillas para la oficina | none | compro 3 sillas para la oficina
MON | ayudo a 3 clientes con la migración | none | ayudo a 3 clientes con la migración
MON | cierro el Q4 | none | cierro el Q4
MON | reviso la sección 12.30 del manual | none | reviso la sección 12.30 del manual
MON | le mando a <@U123> el doc de la tarde | 2026-11-23 19:00 | le mando a <@U123> el doc
MON | comparto <https://example.com/a/10:30|la agenda> el lunes | 2026-11-30 19:00 | comparto <https://example.com/a/10:30|la agenda>
MON | aviso en <#C123|canal-3> el jueves | 2026-11-26 19:00 | aviso en <#C123|canal-3>
MON | reviso https://x.io/15/12 el martes | 2026-11-24 19:00 | reviso https://x.io/15/12
MON | 🚀 lanzo la campaña el viernes 🎉 | 2026-11-27 19:00 | 🚀 lanzo la campaña 🎉
MON | mando :memo: el acta el jueves | 2026-11-26 19:00 | mando :memo: el acta
""")

FILLER = rows("""
MON | prometo mandar el informe el jueves | 2026-11-26 19:00 | mandar el informe
MON | te prometo que mando el informe el jueves | 2026-11-26 19:00 | mando el informe
MON | Te prometo que mando el informe el jueves | 2026-11-26 19:00 | mando el informe
MON | me comprometo a mandar el informe el jueves | 2026-11-26 19:00 | mandar el informe
MON | ok, te mando la propuesta el lunes a primera hora | 2026-11-30 10:00 | te mando la propuesta
MON | dale, mañana lo reviso | 2026-11-24 19:00 | lo reviso
MON | listo! el viernes te paso los números | 2026-11-27 19:00 | te paso los números
MON | sí, te lo mando el jueves. | 2026-11-26 19:00 | te lo mando
MON | te llamo mañana, a las 3 | 2026-11-24 15:00! | te llamo
MON | mañana, a las 3, te llamo | 2026-11-24 15:00! | te llamo
MON | Mañana le mando el presupuesto a Juan antes de las 6 | 2026-11-24 18:00! | le mando el presupuesto a Juan
""")

ALL = WEEKDAYS + RELATIVE + DURATIONS + CLOCKS + PARTS + PERIODS + DATES + NOT_TIMES + FILLER


@pytest.mark.parametrize("row", ALL, ids=[r.id for r in ALL])
def test_spanish(row: Row) -> None:
    now = NOWS[row.now]
    result = parse_promise(row.text, now, lang="es")
    if row.when is None:
        assert result.due is None
    else:
        assert result.due is not None
        expected = datetime.fromisoformat(row.when.rstrip("!")).replace(tzinfo=now.tzinfo)
        assert result.due.replace(tzinfo=None) == expected.replace(tzinfo=None)
        assert result.due.tzinfo is now.tzinfo
        assert result.due_has_time is row.when.endswith("!")
    assert result.task == row.task
    assert result.lang == "es"


@pytest.mark.parametrize("row", ALL, ids=[r.id for r in ALL])
def test_spanish_detected(row: Row) -> None:
    """The same rows with the language left to detection read the same deadline."""
    now = NOWS[row.now]
    detected = parse_promise(row.text, now)
    told = parse_promise(row.text, now, lang="es")
    assert detected.due == told.due
