"""Stats and the digest's trend in the console, as a new user runs it: a real process."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chasing.test_console import console

pytestmark = pytest.mark.slow


def test_the_console_shows_stats_and_the_digest_trend_as_sparklines(tmp_path: Path) -> None:
    out = console(
        tmp_path,
        "/prometo stats",
        "/prometo llamar al cliente mañana",
        "/prometo revisar el contrato en 2 horas",
        "/prometo hecho 1",
        "/reloj +7d",
        "/prometo stats",
        "/promise stats",
        "/prometo resumen personas on",
    ).replace("\xa0", " ")
    assert out.index("📊 Aún no tengo cifras tuyas") < out.index("Anotado")
    digest = out[out.index("📋 Resumen semanal de promesas · semana del lunes 30 de noviembre") :]
    assert "Cumplidas a tiempo la semana pasada: 50 % (1 de 2)." in digest
    assert "✅ 1 a tiempo · 📅 0 renegociadas a tiempo · 🕗 0 tarde · ❌ 1 incumplidas" in digest
    assert "📈 A tiempo, últimas 8 semanas: ·······▅ (50 %)" in digest
    stats = out[out.index("📊 Tus promesas, solo para ti") :]
    assert "Últimos 30 días: 50 % a tiempo (1 de 2)" in stats
    assert "tus cifras son las del equipo" in stats
    assert "📈 A tiempo, equipo, 8 semanas: ······▅·" in stats
    assert "📈 On time, team, 8 weeks: ······▅·" in stats
    assert "Listo: el resumen semanal mostrará también las cifras de cada persona." in out


def test_no_chart_is_drawn_for_the_console(tmp_path: Path) -> None:
    from app import _build_chasing, create_app
    from handlers.console import ConsoleMessenger
    from tests.conftest import make_settings

    app = create_app(make_settings(f"sqlite:///{tmp_path / 'p.db'}"))
    try:
        _build_chasing(app, ConsoleMessenger("es"))
        assert app.chaser is not None
        workspace = app.directory.workspace("console", "local")
        assert app.chaser.shows_images(workspace) is False
    finally:
        app.close()
