"""The console's chasing, as a new user runs it: a real process, a virtual clock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def console(tmp_path: Path, *lines: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PROMETO_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'prometo.db'}",
        PROMETO_TIMEZONE="America/Santiago",
        PROMETO_USER="ana",
        HOME=str(tmp_path),
    )
    result = subprocess.run(
        # Tuesday 24 November 2026, 10:00 in Santiago: inside work hours, the same every run
        [sys.executable, str(ROOT / "app.py"), "console", "--now", "2026-11-24T10:00"],
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
