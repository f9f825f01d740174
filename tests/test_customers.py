"""Promises to customers through the core's commands and buttons, on real databases."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from app import Prometo, Settings, create_app
from bot import messages as msg
from bot.messages import PlainFormatter
from bot.model import EventKind, Person, Status
from tests.conftest import SettableClock, make_settings

FMT = PlainFormatter()
SCL = ZoneInfo("America/Santiago")


def person(app: Prometo, user: str, name: str | None = None) -> Person:
    return app.directory.person("slack", "T1", user, name=name or user)


def run(app: Prometo, who: Person, text: str, lang: str = "es"):
    return app.commands.run(who, text, lang, FMT)


def events(app: Prometo, promise_id: int) -> list[EventKind]:
    return [e.kind for e in app.book.history(promise_id)]


def outbox(app: Prometo) -> list[tuple[str, str, str]]:
    with app.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT key, kind, status FROM deliveries WHERE kind LIKE 'told%' ORDER BY id")
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_lista_acme_finds_every_open_promise_to_acme_loosely(app: Prometo) -> None:
    ana, beto = person(app, "U_ANA", "Ana"), person(app, "U_BETO", "Beto")
    run(app, ana, "enviar la propuesta al cliente Ácme el jueves")
    run(app, beto, "llamar a ACME mañana a las 10")
    run(app, ana, "enviar la factura a Beta el viernes")
    done = run(app, ana, "revisar el contrato de Acme con Acme el lunes").change
    run(app, ana, f"hecho {done.promise.number}")  # type: ignore[union-attr]
    reply = run(app, ana, "lista acme")
    assert reply.kind == "list_for" and reply.ok
    shown = reply.message.plain()
    assert reply.message.text == "Promesas abiertas a acme (2)"
    assert "Beto #1: llamar a ACME — martes 24 de noviembre, 10:00 · con ACME" in shown
    assert "1. enviar la propuesta al cliente Ácme — jueves 26 de noviembre, 19:00" in shown
    assert "Beta" not in shown and "revisar el contrato" not in shown
    assert shown.index("Beto #1") < shown.index("1. enviar")  # earliest first
    assert run(app, ana, "list to ACMÉ", "en").message.text == "Open promises to ACMÉ (2)"
    nobody = run(app, ana, "lista Initech")
    assert (
        nobody.kind == "list_for" and "No hay promesas abiertas a «Initech»" in nobody.message.text
    )


def test_lista_with_a_number_or_a_date_keeps_its_old_meanings(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    run(app, ana, "llamar al cliente el jueves")
    assert run(app, ana, "lista 1").kind == "done"
    priced = run(app, ana, "lista de precios para Acme mañana")
    assert priced.kind == "saved" and priced.change.promise.task.startswith("lista de precios")  # type: ignore[union-attr]
    long_query = run(app, ana, "lista " + "x" * 1000)
    assert long_query.kind == "list_query_too_long" and not long_query.ok


def test_a_counterpart_of_a_thousand_characters_is_refused_and_nothing_changes(
    app: Prometo,
) -> None:
    ana = person(app, "U_ANA")
    promise = run(app, ana, "enviar la propuesta a Acme el jueves").change.promise  # type: ignore[union-attr]
    reply = run(app, ana, "con 1 " + "Acme " * 200)
    assert not reply.ok and reply.kind == "counterpart_too_long"
    assert "muy largo (999 caracteres). Usa menos de 200" in reply.message.text  # trimmed
    assert app.store.get_promise(promise.id) == promise
    tampered = json.dumps(
        {"task": "llamar", "lang": "es", "who": "A" * 1000, "due": "2026-11-30T12:00:00-03:00"}
    )
    refused = app.commands.press(ana, msg.ACTION_CAPTURE_AT + ".1", tampered, "es", FMT)
    assert refused.kind == "counterpart_too_long"
    assert [p.id for p in app.book.open_for(ana)] == [promise.id]
    named = run(app, ana, "con 1 cliente Initech")
    assert named.kind == "counterpart" and "promesa a cliente Initech" in named.message.text
    assert app.store.get_promise(promise.id).counterpart == "cliente Initech"  # type: ignore[union-attr]
    assert events(app, promise.id)[-1] is EventKind.COUNTERPART


def test_a_workspace_person_as_counterpart_is_told_only_when_the_owner_asks(
    app: Prometo, clock: SettableClock
) -> None:
    ana = person(app, "U_ANA", "Ana")
    beto = person(app, "U0BETO", "Beto")
    reply = run(app, ana, "enviar el informe a <@U0BETO> el jueves")
    promise = reply.change.promise  # type: ignore[union-attr]
    assert promise.task == "enviar el informe a @Beto" and promise.counterpart == "@Beto"
    assert promise.counterpart_id == beto.id and not promise.notify_counterpart
    toggle = [b for b in reply.message.buttons if b.action == msg.ACTION_NOTIFY_ON]
    assert [b.label for b in toggle] == ["Avisar a @Beto al cumplir o cambiar fecha"]
    run(app, ana, "nueva fecha 1 el viernes porque falta un dato")
    assert outbox(app) == [], "off by default: nobody is told"

    on = app.commands.press(ana, msg.ACTION_NOTIFY_ON, str(promise.id), "es", FMT)
    assert on.kind == "notify_on" and [b.action for b in on.message.buttons] == [
        msg.ACTION_NOTIFY_OFF
    ]
    again = app.commands.press(ana, msg.ACTION_NOTIFY_ON, str(promise.id), "es", FMT)
    assert again.kind == "notify_already_on" and not again.ok
    moved = run(app, ana, "nueva fecha 1 el lunes porque el cliente pidió cambios")
    assert "Le aviso a @Beto de la nueva fecha." in moved.message.plain()
    clock.advance(hours=1)
    run(app, ana, "hecho 1")
    keys = outbox(app)
    assert [(k.split("/")[1], status) for k, _, status in keys] == [
        ("told_moved", "pending"),
        ("told_kept", "pending"),
    ]
    assert all(k.startswith(f"p{promise.id}/") for k, _, _ in keys)
    assert events(app, promise.id).count(EventKind.NOTIFY) == 1


def test_telling_needs_a_person_and_only_the_owner_may_ask_for_it(app: Prometo) -> None:
    ana, eve = person(app, "U_ANA"), person(app, "U_EVE")
    text_only = run(app, ana, "enviar la propuesta a Acme el jueves").change.promise  # type: ignore[union-attr]
    refused = app.commands.press(ana, msg.ACTION_NOTIFY_ON, str(text_only.id), "es", FMT)
    assert refused.kind == "notify_no_person"
    mine = run(app, ana, "llamar a <@U_EVE> el jueves").change.promise  # type: ignore[union-attr]
    stolen = app.commands.press(eve, msg.ACTION_NOTIFY_ON, str(mine.id), "es", FMT)
    assert stolen.kind == "forbidden"
    assert not app.store.get_promise(mine.id).notify_counterpart  # type: ignore[union-attr]
    self_promise = run(app, ana, "llamar a <@U_ANA> el jueves").change.promise  # type: ignore[union-attr]
    assert not any(b.action == msg.ACTION_NOTIFY_ON for b in run(app, ana, "lista").message.buttons)
    assert (
        app.commands.press(ana, msg.ACTION_NOTIFY_ON, str(self_promise.id), "es", FMT).kind
        == "notify_no_person"
    )


def test_a_new_date_needs_a_reason_and_says_whether_it_came_in_time(
    app: Prometo, clock: SettableClock
) -> None:
    ana = person(app, "U_ANA")
    promise = run(app, ana, "enviar la propuesta a Acme el jueves").change.promise  # type: ignore[union-attr]
    bare = run(app, ana, "nueva fecha 1 el viernes")
    assert bare.kind == "reason_needed" and "porque" in bare.message.text
    assert app.store.get_promise(promise.id) == promise and events(app, promise.id) == [
        EventKind.CREATED
    ]
    in_time = run(app, ana, "nueva fecha 1 el viernes porque falta la firma")
    assert "A tiempo" in in_time.message.plain()
    assert "Cuéntaselo a Acme hoy" in in_time.message.plain()
    clock.at = datetime(2026, 11, 28, 10, tzinfo=SCL).astimezone(UTC)  # Saturday: overdue
    late = run(app, ana, "nueva fecha 1 el lunes porque se enfermó el diseñador")
    assert "Tarde: ya había vencido (viernes 27 de noviembre, 19:00)." in late.message.plain()
    moved = app.store.get_promise(promise.id)
    assert moved is not None and moved.original_due == promise.due
    first, second = [e for e in app.book.history(promise.id) if e.kind is EventKind.RESCHEDULED]
    assert first.renegotiated_in_time and not second.renegotiated_in_time
    history = run(app, ana, "historial 1").message.plain()
    assert "Prometida para el jueves 26 de noviembre, 19:00; ahora vence el lunes 30" in history
    assert "(a tiempo). Motivo: falta la firma" in history
    assert "(tarde). Motivo: se enfermó el diseñador" in history


def test_llegas_answers_are_recorded_and_no_opens_the_renegotiation(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    promise = run(app, ana, "enviar la propuesta a Acme el jueves").change.promise  # type: ignore[union-attr]
    yes = run(app, ana, "llego 1")
    assert yes.kind == "on_track" and not yes.ask_date
    no = app.commands.press(ana, msg.ACTION_OFF_TRACK, str(promise.id), "es", FMT)
    assert no.kind == "off_track" and no.ask_date
    assert "`/prometo nueva fecha 1 el viernes porque …`" in no.message.plain()
    assert events(app, promise.id) == [EventKind.CREATED, EventKind.ON_TRACK, EventKind.OFF_TRACK]
    run(app, ana, "cancelar 1")
    closed = run(app, ana, "llego 1")
    assert closed.kind == "not_open" and events(app, promise.id)[-1] is EventKind.CANCELLED
    run(app, ana, "reabrir 1")
    again = run(app, ana, "reabrir 1")
    assert again.kind == "already_open" and "ya está abierta" in again.message.text
    assert events(app, promise.id)[-1] is EventKind.REOPENED


def test_todavia_no_suggests_a_short_note_and_avise_records_they_heard(
    app: Prometo, clock: SettableClock
) -> None:
    ana = person(app, "U_ANA")
    promise = run(app, ana, "enviar la propuesta a Acme el jueves").change.promise  # type: ignore[union-attr]
    not_yet = run(app, ana, "todavía no 1")
    assert not_yet.kind == "not_yet"
    assert "«Te cuento que sigo en ello; cuenta conmigo a más tardar el jueves 26" in (
        not_yet.message.text
    )
    assert events(app, promise.id) == [EventKind.CREATED]
    clock.advance(hours=3)
    run(app, ana, "avisé 1")
    heard = app.store.get_promise(promise.id)
    assert heard is not None and heard.last_heard_at == clock.at


def test_a_kept_promise_to_someone_offers_one_follow_up(app: Prometo, clock: SettableClock) -> None:
    ana = person(app, "U_ANA")
    promise = run(app, ana, "enviar la propuesta a Acme el jueves").change.promise  # type: ignore[union-attr]
    clock.at = datetime(2026, 11, 26, 16, tzinfo=SCL).astimezone(UTC)  # Thursday
    kept = app.commands.act(ana, msg.ACTION_DONE, promise.id, "es", FMT)
    assert "¿Hacemos seguimiento? En 3 días hábiles" in kept.message.plain()
    assert kept.message.buttons[0].action == msg.ACTION_FOLLOW_UP
    follow = app.commands.press(ana, msg.ACTION_FOLLOW_UP, str(promise.id), "es", FMT)
    assert follow.kind == "follow_up"
    made = follow.change.promise  # type: ignore[union-attr]
    assert made.follow_up_of == promise.id and made.counterpart == "Acme"
    assert made.task == "confirmar con Acme que quedó conforme: enviar la propuesta a Acme"
    assert made.due == datetime(2026, 12, 1, 19, tzinfo=SCL)  # Fri, Mon, Tue
    assert made.next_chase_at is not None, "chased like any promise"
    twice = run(app, ana, "seguimiento 1")
    assert twice.kind == "follow_up_exists" and "#2" in twice.message.text
    assert len(app.book.open_for(ana)) == 1
    again = app.commands.act(ana, msg.ACTION_DONE, made.id, "es", FMT)
    assert not any(b.action == msg.ACTION_FOLLOW_UP for b in again.message.buttons)
    assert run(app, ana, "seguimiento 2").kind == "follow_up_of_follow_up"
    assert events(app, promise.id)[-1] is EventKind.FOLLOW_UP
    history = run(app, ana, "historial 2").message.plain()
    assert history.splitlines()[1] == "Seguimiento de #1: enviar la propuesta a Acme"


def test_no_follow_up_of_a_cancelled_or_open_promise(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    run(app, ana, "enviar la propuesta a Acme el jueves")
    run(app, ana, "llamar a Beta el viernes")
    run(app, ana, "cancelar 1")
    cancelled = run(app, ana, "seguimiento 1")
    assert cancelled.kind == "follow_up_not_kept" and "está cancelada" in cancelled.message.text
    still_open = run(app, ana, "seguimiento 2")
    assert still_open.kind == "follow_up_not_kept" and "está abierta" in still_open.message.text
    assert run(app, ana, "seguimiento 9").kind == "not_found"
    assert [p.number for p in app.book.open_for(ana)] == [2]


def test_the_follow_up_delay_is_a_setting(database_url: str, clock: SettableClock) -> None:
    settings = make_settings(database_url, prometo_follow_up_days="1")
    app = create_app(settings, clock=clock)
    try:
        ana = person(app, "U_ANA")
        run(app, ana, "enviar la propuesta a Acme el jueves")
        run(app, ana, "hecho 1")  # Monday
        made = run(app, ana, "seguimiento 1").change.promise  # type: ignore[union-attr]
        assert made.due == datetime(2026, 11, 24, 19, tzinfo=SCL)
    finally:
        app.close()


def test_many_promises_the_same_day_get_a_kind_word(
    database_url: str, clock: SettableClock
) -> None:
    app = create_app(make_settings(database_url, prometo_overcommit="3"), clock=clock)
    try:
        ana = person(app, "U_ANA")
        for n in range(3):
            reply = run(app, ana, f"tarea {n} el jueves a las 1{n}")
            assert "Ojo" not in reply.message.plain()
        run(app, ana, "otra cosa el viernes")
        fourth = run(app, ana, "llamar a Acme el jueves").message.plain()
        assert "Ojo: ya tienes 3 promesas más para el jueves 26 de noviembre." in fourth
    finally:
        app.close()


def test_a_vague_promise_gets_concrete_choices_that_record_it(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    reply = run(app, ana, "llamar a Gonzalo pronto")
    assert reply.kind == "needs_date" and app.book.open_for(ana) == []
    assert [b.label for b in reply.message.buttons] == [
        "hoy 18:00",
        "mañana 12:00",
        "viernes 12:00",
    ]
    assert [b.command for b in reply.message.buttons][1] == "llamar a Gonzalo mañana a las 12:00"
    second = reply.message.buttons[1]
    saved = app.commands.press(ana, second.action, second.value, "es", FMT)
    assert saved.kind == "saved"
    promise = saved.change.promise  # type: ignore[union-attr]
    assert (
        promise.due == datetime(2026, 11, 24, 12, tzinfo=SCL) and promise.counterpart == "Gonzalo"
    )
    typed = run(app, ana, second.command or "")  # the console's way: the same promise again
    assert typed.change.promise.due == promise.due  # type: ignore[union-attr]
    no_date = run(app, ana, "revisar el contrato")
    assert len(no_date.message.buttons) == 3 and "Una promesa sin fecha se olvida" in (
        no_date.message.text
    )
    for bad in ("", "{", json.dumps({"task": "x", "due": "ayer"}), json.dumps([1])):
        assert app.commands.press(ana, msg.ACTION_CAPTURE_AT, bad, "es", FMT).kind == "bad_text"
    past = json.dumps({"task": "x", "lang": "es", "due": "2026-11-20T12:00:00-03:00"})
    assert app.commands.press(ana, msg.ACTION_CAPTURE_AT, past, "es", FMT).kind == "past"
    assert len(app.book.open_for(ana)) == 2


def test_a_loose_deadline_is_saved_at_once_with_choices_to_pin_it_down(app: Prometo) -> None:
    ana = person(app, "U_ANA")
    reply = run(app, ana, "enviar la cotización a Acme esta semana")
    assert reply.kind == "saved"
    promise = reply.change.promise  # type: ignore[union-attr]
    assert promise.due == datetime(2026, 11, 27, 19, tzinfo=SCL)
    assert "«esta semana» vence el viernes 27 de noviembre, 19:00." in reply.message.plain()
    pins = [b for b in reply.message.buttons if msg.base_action(b.action) == msg.ACTION_TIGHTEN]
    assert [b.label for b in pins] == ["hoy 12:00", "jueves 12:00", "viernes 12:00"]
    assert len({b.action for b in pins}) == 3, "unique action ids in one message"
    thursday = pins[1]
    assert thursday.command == "fijar 1 el jueves a las 12:00"
    tight = app.commands.press(ana, thursday.action, thursday.value, "es", FMT)
    assert tight.kind == "tightened" and "📌 Fijada" in tight.message.text
    stored = app.store.get_promise(promise.id)
    assert stored is not None and stored.due == datetime(2026, 11, 26, 12, tzinfo=SCL)
    assert stored.original_due == stored.due, "the concrete moment is what was promised"
    assert events(app, promise.id) == [EventKind.CREATED, EventKind.TIGHTENED]
    later = app.commands.press(ana, pins[2].action, pins[2].value, "es", FMT)
    assert later.kind == "cannot_tighten"
    typed = run(app, ana, "fijar 1 el jueves a las 10")
    assert typed.kind == "tightened"
    run(app, ana, "nueva fecha 1 el viernes porque falta un dato")
    assert run(app, ana, "fijar 1 el jueves a las 9").kind == "cannot_tighten"
    for bad in ("x", f"{promise.id}|mañana|1", f"{promise.id}|2026-11-26T12:00:00|1", "1|2|3|4"):
        assert app.commands.press(ana, msg.ACTION_TIGHTEN + ".1", bad, "es", FMT).kind == (
            "not_found_id"
        )
    other = person(app, "U_EVE")
    assert app.commands.press(other, thursday.action, thursday.value, "es", FMT).kind == "forbidden"


def test_history_is_for_the_owner_and_whom_it_was_promised_to(app: Prometo) -> None:
    ana, beto, eve = person(app, "U_ANA"), person(app, "U0BETO", "Beto"), person(app, "U_EVE")
    promise = run(app, ana, "enviar el informe a <@U0BETO> el jueves").change.promise  # type: ignore[union-attr]
    for reader in (ana, beto):
        shown = app.commands.press(reader, msg.ACTION_HISTORY, str(promise.id), "es", FMT)
        assert shown.kind == "history" and "anotada, para el jueves" in shown.message.plain()
    assert app.commands.press(eve, msg.ACTION_HISTORY, str(promise.id), "es", FMT).kind == (
        "forbidden"
    )
    assert run(app, ana, "historial").kind == "bad_number"
    assert run(app, ana, "history 7", "en").message.text.startswith("You have no promise number 7")


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("prometo_follow_up_days", "0", "working days"),
        ("prometo_follow_up_days", "tres", "working days"),
        ("prometo_silence_days", "61", "working days"),
        ("prometo_overcommit", "-1", "number of promises"),
    ],
)
def test_settings_are_checked_with_a_clear_message(name: str, value: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Settings(_env_file=None, **{name: value})  # type: ignore[call-arg]
    assert Settings(_env_file=None).prometo_follow_up_days == 3  # type: ignore[call-arg]


def test_a_reopened_and_kept_again_promise_tells_them_again_once(
    app: Prometo, clock: SettableClock
) -> None:
    ana = person(app, "U_ANA")
    person(app, "U0BETO", "Beto")
    promise = run(app, ana, "enviar el informe a <@U0BETO> el jueves").change.promise  # type: ignore[union-attr]
    app.commands.press(ana, msg.ACTION_NOTIFY_ON, str(promise.id), "es", FMT)
    run(app, ana, "hecho 1")
    clock.advance(minutes=5)
    run(app, ana, "reabrir 1")
    clock.advance(minutes=5)
    run(app, ana, "hecho 1")
    assert [kind for _, kind, _ in outbox(app)] == ["told_kept", "told_kept"]
    assert len({key for key, _, _ in outbox(app)}) == 2
    assert app.store.get_promise(promise.id).status is Status.DONE  # type: ignore[union-attr]
    assert app.store.get_promise(promise.id).completed_at == clock.at  # type: ignore[union-attr]


def test_the_digest_counts_counterparts_left_without_news(
    database_url: str, clock: SettableClock
) -> None:
    from bot.scheduler import Chaser
    from storage.chases import SqlChaseStore
    from tests.chasing.test_digest import Recorder

    settings = make_settings(database_url, prometo_team_channel="C_TEAM", prometo_silence_days="2")
    app = create_app(settings, clock=clock)
    try:
        ana = person(app, "U_ANA")
        run(app, ana, "enviar la propuesta a Acme el 15 de diciembre")
        run(app, ana, "enviar la factura a Initech el 15 de diciembre")
        run(app, ana, "revisar el contrato el 15 de diciembre")  # nobody to tell
        clock.at = datetime(2026, 11, 26, 10, tzinfo=SCL).astimezone(UTC)  # Thursday
        run(app, ana, "avisé 2")
        recorder = Recorder(clock)
        chaser = Chaser(
            store=app.store,
            chases=SqlChaseStore(app.engine),
            directory=app.directory,
            messenger=recorder,
            formatter=FMT,
            clock=clock,
            rules=app.rules,
            customers=app.book.customers,
        )
        chaser.sweep()  # schedules the digest: Monday 30 November, 09:00
        clock.at = datetime(2026, 11, 30, 9, 1, tzinfo=SCL).astimezone(UTC)
        chaser.sweep()
        [(_, channel, digest)] = recorder.posts
        assert channel == "C_TEAM"
        assert (
            "🔇 Promesas cuya contraparte lleva más de 2 días hábiles sin noticias: 1."
            in digest.text
        )
        chaser.shutdown()
    finally:
        app.close()


def test_a_check_in_after_a_new_date_keeps_that_days_llegas(
    app: Prometo, clock: SettableClock
) -> None:
    ana = person(app, "U_ANA")  # in the workspace's timezone, Santiago
    promise = run(app, ana, "enviar la propuesta a Acme el jueves").change.promise  # type: ignore[union-attr]
    clock.at = datetime(2026, 11, 24, 10, tzinfo=SCL).astimezone(UTC)
    run(app, ana, "nueva fecha 1 el viernes porque falta la firma")
    clock.at = datetime(2026, 11, 26, 10, tzinfo=SCL).astimezone(UTC)  # Thursday morning
    run(app, ana, "avisé 1")
    stored = app.store.get_promise(promise.id)
    assert stored is not None and stored.due_set_at == datetime(2026, 11, 24, 10, tzinfo=SCL)
    assert (stored.chase_kind, stored.next_chase_at) == (
        "ask",
        datetime(2026, 11, 26, 14, tzinfo=SCL),
    ), "the check-in does not count as setting the deadline"
