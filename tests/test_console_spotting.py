"""The console: a line without a command is said in the team channel, as in a team chat."""

from __future__ import annotations

import io

from app import Prometo
from handlers.console import Console


def test_a_promise_said_in_the_channel_gets_the_suggestion_and_its_commands(
    app: Prometo,
) -> None:
    console = Console(app, user="ana", out=io.StringIO())
    hint = console.handle("hola a todos")
    assert hint is not None and hint.startswith("💬 Dicho en #equipo.")
    assert console.handle("buenos días") is None  # chatter: silence, as in Slack
    offer = console.handle("te mando la propuesta mañana a las 10")
    assert offer == (
        "¿Lo guardo como promesa? martes 24 de noviembre, 10:00\n"
        "«te mando la propuesta»\n"
        "Solo tú ves este mensaje.\n"
        "[Guardar: /prometo guardar 1]  [No: /prometo no 1]  "
        "[No me sugieras más: /prometo sugerencias off]"
    )
    saved = console.handle("/prometo guardar 1")
    assert saved is not None and saved.startswith(
        "Anotado como promesa: «te mando la propuesta», para el"
    )
    assert "[Deshacer: /prometo cancelar 1]" in saved
    listing = console.handle("/prometo lista")
    assert listing is not None and "1. te mando la propuesta — martes 24" in listing


def test_english_no_and_the_switches(app: Prometo) -> None:
    console = Console(app, user="ana", out=io.StringIO())
    offer = console.handle("I'll send the deck by Friday")
    assert offer is not None and "[Save: /promise save 1]  [No: /promise dismiss 1]" in offer
    assert console.handle("/promise dismiss 1") == "Ok, I won't save it."
    assert "no te sugeriré más" in (console.handle("/prometo sugerencias off") or "")
    assert "Dicho en #equipo" in (console.handle("le llamo al cliente el jueves") or "")
    console.handle("/prometo sugerencias on")
    assert "Solo un administrador" not in (console.handle("/prometo sugerencias canal off") or "")
    assert console.handle("le llamo al cliente el jueves") is None  # #equipo is off now
    console.handle("/prometo sugerencias canal on")
    assert "¿Lo guardo como promesa?" in (console.handle("le llamo al cliente el jueves") or "")
    assert app.book.open_for(console.me) == []
