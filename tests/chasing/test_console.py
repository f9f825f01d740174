"""The console's chasing, as a new user runs it: a real process, a virtual clock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def console(tmp_path: Path, *lines: str, now: str = "2026-11-24T10:00") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PROMETO_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'prometo.db'}",
        PROMETO_TIMEZONE="America/Santiago",
        PROMETO_USER="ana",
        HOME=str(tmp_path),
    )
    result = subprocess.run(
        # by default Tuesday 24 November 2026, 10:00 in Santiago: inside work hours, every run
        [sys.executable, str(ROOT / "app.py"), "console", "--now", now],
        input=("\n".join(lines) + "\n").encode(),
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    return result.stdout.decode()


def test_moving_the_clock_shows_a_reminder_the_overdue_post_and_a_digest(
    tmp_path: Path,
) -> None:
    out = console(
        tmp_path,
        "/prometo llamar al cliente en 2 horas",
        "/reloj +119m",
        "/reloj +2h",
        "/clock +1d",
        "/reloj +8d",
        "/reloj mañana",
    )
    reminder = out.index("⏰ Recordatorio: prometiste llamar al cliente")
    overdue = out.index("⚠️ Venció")
    post = out.index("📣 En #equipo:\n⚠️ Promesa vencida: ana prometió llamar al cliente")
    assert reminder < overdue < post
    assert (
        "[Cumplida: /prometo hecho 1]  [Nueva fecha: /prometo nueva fecha 1 …]  "
        "[Avisé que sigo en ello: /prometo avisé 1]"
    ) in out
    assert out.count("⏰ Recordatorio") == 1 and out.count("Promesa vencida") == 1
    assert "📋 Resumen semanal de promesas" in out[post:]
    assert "🕐 Ahora es martes 24 de noviembre, 11:59." in out and "Uso: `/reloj +2d`" in out


def test_a_promise_made_in_english_is_chased_in_english_with_english_commands(
    tmp_path: Path,
) -> None:
    """In a Spanish console, a promise typed with /promise: its reminder, words and buttons, all
    in English, and each button typed as the /promise command it stands for."""
    out = console(
        tmp_path, "/promise call the client in 2 hours", "/reloj +119m", "/promise done 1"
    )
    assert "Got it. Your promise: call the client, by" in out
    assert "⏰ Reminder, your promise: call the client, by" in out
    assert (
        "[Done: /promise done 1]  [New date: /promise new date 1 …]  "
        "[I told them I'm on it: /promise checked in 1]"
    ) in out
    assert "/prometo" not in out.split("⏰ Reminder")[1]
    assert "✅ Kept: call the client." in out


def test_a_promise_in_the_persons_own_words_is_reminded_as_their_words(tmp_path: Path) -> None:
    """Not 'prometiste te mando el informe': the reminder and the team post quote the words."""
    out = console(
        tmp_path,
        "/prometo te mando el informe en 2 horas",
        "/reloj +119m",
        "/reloj +2h",
        "/clock +1d",
    )
    assert "Anotado. Tu promesa: te mando el informe, para el" in out
    assert "⏰ Recordatorio de tu promesa: te mando el informe, para el" in out
    assert "⚠️ Promesa vencida de ana: te mando el informe, para el" in out
    assert "prometiste te mando" not in out.lower() and "prometió te mando" not in out


def test_one_promise_to_a_customer_from_capture_to_follow_up(tmp_path: Path) -> None:
    out = console(
        tmp_path,
        "/prometo enviar la propuesta a Acme esta semana",
        "/prometo fijar 1 el jueves a las 12:00",
        "/reloj +28h",
        "/prometo todavía no 1",
        "/prometo avisé 1",
        "/reloj +22h",
        "/prometo no llego 1",
        "/prometo nueva fecha 1 el viernes a las 12",
        "/prometo nueva fecha 1 el viernes a las 12 porque Acme pidió sumar un anexo",
        "/prometo historial 1",
        "/reloj +1d",
        "/prometo llego 1",
        "/reloj +21h",
        "/prometo hecho 1",
        "/prometo seguimiento 1",
        "/prometo lista acme",
        now="2026-11-23T10:00",  # a Monday
    )
    steps = [
        "«esta semana» vence el viernes 27 de noviembre, 19:00. ¿Lo concretas?",
        "[jueves 12:00: /prometo fijar 1 el jueves a las 12:00]",
        "📌 Fijada: enviar la propuesta a Acme, para el jueves 26 de noviembre, 12:00.",
        "🕐 Ahora es martes 24 de noviembre, 14:00.\n📨 Mensaje directo para ana:\n"
        "💬 ¿Le avisaste a Acme que sigues en ello?",
        "[Avisé: /prometo avisé 1]  [Todavía no: /prometo todavía no 1]",
        "Un mensaje corto basta, por ejemplo: «Te cuento que sigo en ello; cuenta conmigo a más "
        "tardar el jueves 26 de noviembre, 12:00».",
        "👍 Anotado: avisaste que sigues en ello",
        "🕐 Ahora es miércoles 25 de noviembre, 12:00.\n📨 Mensaje directo para ana:\n"
        "🤔 ¿Llegas? Prometiste enviar la propuesta a Acme, para el jueves 26 de noviembre, 12:00",
        "[Sí, llego: /prometo llego 1]  [No, necesito otra fecha: /prometo no llego 1]",
        "Gracias por decirlo a tiempo.",
        "Una nueva fecha necesita un motivo",
        "📅 Nueva fecha para enviar la propuesta a Acme: viernes 27 de noviembre, 12:00.\n"
        "Motivo: Acme pidió sumar un anexo\nA tiempo: la cambiaste antes de que venciera.\n"
        "Fecha prometida al principio: jueves 26 de noviembre, 12:00",
        "(a tiempo). Motivo: Acme pidió sumar un anexo",
        "🤔 ¿Llegas? Prometiste enviar la propuesta a Acme, para el viernes 27 de noviembre",
        "👍 Anotado: llegas a tiempo (enviar la propuesta a Acme).",
        "✅ Cumplida: enviar la propuesta a Acme. En la fecha renegociada (la primera era el "
        "jueves 26 de noviembre, 12:00).\n"
        "¿Hacemos seguimiento? En 3 días hábiles te recuerdo preguntarle a Acme si quedó conforme.",
        "🔁 Seguimiento anotado: confirmar con Acme que quedó conforme: enviar la propuesta a "
        "Acme, para el miércoles 2 de diciembre, 19:00.",
        "Promesas abiertas a Acme (1)\n2. confirmar con Acme",
    ]
    position = 0
    for step in steps:
        found = out.find(step, position)
        assert found >= 0, f"missing, or out of order: {step!r}\n{out}"
        position = found + len(step)
    assert out.count("¿Le avisaste a Acme") == 1 and out.count("🤔 ¿Llegas?") == 2
    assert "⏰ Recordatorio" in out and out.count("⏰ Recordatorio") == 1
