"""The `prometo` command as a new user runs it: a real process, a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROMETO = [sys.executable, str(ROOT / "app.py")]


def run(
    args: list[str], tmp_path: Path, stdin: bytes = b"", **env: str
) -> subprocess.CompletedProcess[bytes]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "PROMETO_", "DATABASE_URL"))
    }
    environment.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prometo.db'}",
            "PROMETO_TIMEZONE": "America/Santiago",
            "HOME": str(tmp_path),
            "PROMETO_USER": "ana",
        }
    )
    environment.update(env)
    return subprocess.run(
        PROMETO + args,
        input=stdin,
        capture_output=True,
        cwd=tmp_path,
        env=environment,
        timeout=120,
        check=False,
    )


def console(tmp_path: Path, *lines: str, **env: str) -> str:
    result = run(["console"], tmp_path, ("\n".join(lines) + "\n").encode(), **env)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    return result.stdout.decode()


def test_console_records_lists_and_completes_a_promise(tmp_path: Path) -> None:
    out = console(tmp_path, "/prometo llamar al cliente el jueves", "/prometo lista")
    assert "Anotado. Prometiste llamar al cliente, para el jueves" in out
    assert ", 19:00" in out
    assert "1. llamar al cliente — jueves" in out
    out = console(tmp_path, "/prometo hecho 1", "/prometo lista")
    assert "Cumplida: llamar al cliente" in out
    assert "No tienes promesas abiertas" in out


def test_promises_persist_between_runs(tmp_path: Path) -> None:
    console(tmp_path, "/prometo enviar la propuesta a Acme mañana a las 10")
    assert (tmp_path / "prometo.db").exists()
    out = console(tmp_path, "/prometo lista")
    assert "1. enviar la propuesta a Acme — " in out and "10:00" in out


def test_reschedule_with_a_reason_and_cancel(tmp_path: Path) -> None:
    out = console(
        tmp_path,
        "/prometo revisar el contrato el jueves",
        "/prometo nueva fecha 1 el viernes porque espero la firma",
        "/prometo cancelar 1",
        "/prometo hecho 1",
    )
    assert "Nueva fecha para revisar el contrato: viernes" in out
    assert "Motivo: espero la firma" in out
    assert "Cancelada: revisar el contrato" in out
    assert "ya no está abierta (cancelada)" in out


def test_english_command_answers_in_english(tmp_path: Path) -> None:
    out = console(
        tmp_path,
        "/promise call the client on Thursday",
        "/promise list",
        "/promise done 1",
        "/promise help",
    )
    assert "Got it. Your promise: call the client, by Thursday" in out
    assert "1. call the client — Thursday" in out
    assert "Kept: call the client" in out
    assert "reminds you of what you promised" in out


def test_help_and_listo(tmp_path: Path) -> None:
    out = console(
        tmp_path, "/prometo ayuda", "/prometo pagar la factura mañana", "/prometo listo 1"
    )
    assert "/prometo nueva fecha 1 el viernes porque espero la firma" in out
    assert "Cumplida: pagar la factura" in out


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/prometo", "Cuéntame qué prometiste"),
        ("/prometo hecho 99", "No tienes una promesa número 99"),
        ("/prometo hecho abc", "Dime el número de la promesa"),
        ("/prometo hecho", "Dime el número de la promesa"),
        ("/prometo cancelar 123456789012345678901234567890", "Dime el número de la promesa"),
        ("/prometo 🎉🎉🎉", "¿Para cuándo"),
        ("/prometo llamar a Juan pronto", "no es una fecha"),
        ("/prometo llamar a Juan", "¿Para cuándo es «llamar a Juan»?"),
        ("/foo bar", "No conozco el comando /foo"),
        ("/prometo " + "x" * 5000, "Es muy largo"),
        ("/promise", "Tell me what you promised"),
        ("/promise done 7", "You have no promise number 7"),
    ],
)
def test_bad_input_gets_a_friendly_answer_and_changes_nothing(
    tmp_path: Path, line: str, expected: str
) -> None:
    out = console(tmp_path, line, "/prometo lista")
    assert expected in out
    assert "No tienes promesas abiertas" in out


def test_reschedule_to_the_past_is_refused(tmp_path: Path) -> None:
    out = console(
        tmp_path,
        "/prometo llamar al cliente el jueves",
        "/prometo nueva fecha 1 ayer",
        "/prometo nueva fecha 1 hoy a las 00:01",
        "/prometo lista",
    )
    assert "1. llamar al cliente — jueves" in out


def test_invalid_utf8_and_nul_bytes_never_crash(tmp_path: Path) -> None:
    raw = b"/prometo llamar \xff\xfe al cliente\x00 el jueves\n/prometo \x00\x00\n/prometo lista\n"
    result = run(["console"], tmp_path, raw)
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    out = result.stdout.decode()
    assert "Anotado" in out and "1. llamar" in out


def test_parse_prints_json(tmp_path: Path) -> None:
    result = run(
        [
            "parse",
            "llamar al cliente el jueves",
            "--now",
            "2026-11-23T10:00",
            "--tz",
            "America/Santiago",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["task"] == "llamar al cliente"
    assert data["due"].startswith("2026-11-26T19:00:00-03:00")
    assert data["due_has_time"] is False and data["vague"] is False


def test_parse_reads_the_holidays_of_the_country_given(tmp_path: Path) -> None:
    text = "cerrar el trato antes de Fiestas Patrias"
    args = ["parse", text, "--now", "2026-11-23T10:00", "--tz", "America/New_York"]
    for country, due in (("cl", "2027-09-16T19:00:00-04:00"), ("MX", "2027-09-15T19:00:00-04:00")):
        result = run([*args, "--country", country], tmp_path)
        assert result.returncode == 0, result.stderr.decode()
        data = json.loads(result.stdout)
        assert (data["task"], data["due"]) == ("cerrar el trato", due)
    bad = run([*args, "--country", "Chile"], tmp_path)
    assert bad.returncode == 2 and b"two-letter code" in bad.stderr


def test_parse_rejects_a_bad_timezone_and_time(tmp_path: Path) -> None:
    bad_tz = run(["parse", "mañana", "--tz", "Mars/Olympus"], tmp_path)
    assert bad_tz.returncode == 2 and b"unknown timezone" in bad_tz.stderr
    bad_now = run(["parse", "mañana", "--now", "ayer"], tmp_path)
    assert bad_now.returncode == 2 and b"ISO 8601" in bad_now.stderr


def test_migrate_creates_the_database_and_hides_passwords(tmp_path: Path) -> None:
    result = run(["migrate"], tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "prometo.db").exists()
    assert b"is up to date" in result.stdout


def test_invalid_settings_get_a_short_message(tmp_path: Path) -> None:
    result = run(
        ["console"],
        tmp_path,
        b"",
        PROMETO_TIMEZONE="Nowhere/Land",
        PROMETO_WORK_HOURS="19:00-09:00",
    )
    assert result.returncode == 2
    assert b"PROMETO_TIMEZONE" in result.stderr and b"PROMETO_WORK_HOURS" in result.stderr
    assert b"Traceback" not in result.stderr


def test_unknown_subcommand_is_refused_cleanly(tmp_path: Path) -> None:
    result = run(["frobnicate"], tmp_path)
    assert result.returncode == 2 and b"invalid choice" in result.stderr


def test_check_in_is_recorded_and_buttons_show_their_commands(tmp_path: Path) -> None:
    out = console(
        tmp_path,
        "/prometo llamar al cliente el jueves",
        "/prometo avisé 1",
        "/promise checked in 1",
        "/prometo avise 9",
    )
    assert "[Deshacer: /prometo cancelar 1]" in out
    assert "avisaste que sigues en ello (llamar al cliente)" in out
    assert "[Avisé que sigo en ello" not in out  # the check-in reply offers done/new date/cancel
    assert "[Done: /promise done 1]" in out
    assert "No tienes una promesa número 9" in out
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'prometo.db'}")
    with engine.connect() as conn:
        kinds = [r[0] for r in conn.execute(text("SELECT kind FROM promise_events ORDER BY id"))]
    engine.dispose()
    assert kinds == ["created", "checked_in", "checked_in"]


def test_console_can_start_its_virtual_clock_at_a_given_time(tmp_path: Path) -> None:
    result = run(
        ["console", "--now", "2026-11-26T10:00"],
        tmp_path,
        b"/prometo llamar al cliente el jueves\n/reloj +1h\n",
    )
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "jueves 3 de diciembre, 19:00" in out  # said on a Thursday: next week's
    assert "Ahora es jueves 26 de noviembre, 11:00" in out
    bad = run(["console", "--now", "el jueves"], tmp_path)
    assert bad.returncode == 2 and b"ISO 8601" in bad.stderr


def test_console_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    """`prometo console < lines | head -1`: the reader goes away; no traceback, exit 0."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PROMETO_"))}
    environment.update(DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}", PROMETO_USER="ana")
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the first answer written breaks the pipe
    lines = b"/prometo lista\n" * 50
    with os.fdopen(writer, "wb") as out:
        result = subprocess.run(
            [*PROMETO, "console"],
            input=lines,
            stdout=out,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env=environment,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr.decode()
