"""Item 14: a button's value is only a claim. Tampered block_actions and modal submissions that
try to complete, reschedule, cancel (or otherwise change) someone else's promise, from the same
workspace or from another one, change nothing, and the tamperer gets a friendly answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from app import Prometo
from bot.model import Promise
from handlers.slack import ids
from tests.production.conftest import GLOBEX, installed, multi, multi_side  # noqa: F401  (OAuth fixtures)
from tests.reliability.inputs import Rows, changed, rows
from tests.slack.conftest import ANA, BETO, SlackSide, text_of
from tests.slack_double import TEAM, Call

PROMISE_TABLES = ("promises", "promise_events", "chases", "suggestions")
FAILED = ("Algo falló", "Something failed")  # the error handler's words: never for a refusal


def guarded(prometo: Prometo) -> Rows:
    """The rows an unauthorized change would touch."""
    return {k: v for k, v in rows(prometo.engine).items() if k in PROMISE_TABLES}


def anas_promise(side: SlackSide, prometo: Prometo, team: str = TEAM) -> Promise:
    side.command("llamar al cliente el jueves a las 10", team=team)
    ana = prometo.directory.person("slack", team, ANA)
    return prometo.book.open_for(ana)[-1]


def reschedule_values(day: str = "2026-11-30") -> dict[str, Any]:
    return {
        ids.DATE_BLOCK: {ids.DATE_INPUT: {"type": "datepicker", "selected_date": day}},
        ids.TIME_BLOCK: {ids.TIME_INPUT: {"type": "timepicker", "selected_time": "12:00"}},
        ids.REASON_BLOCK: {ids.REASON_INPUT: {"type": "plain_text_input", "value": "porque sí"}},
    }


def answers_to(calls: list[Call], user: str) -> list[Call]:
    """What reached the tamperer: a private reply, a DM, or a modal opened for them."""
    return [
        c
        for c in calls
        if c.method in ("response_url", "views.open")
        or (c.method == "chat.postMessage" and c.args.get("channel") == "D" + user)
    ]


def tamper(
    side: SlackSide,
    promise: Promise,
    *,
    user: str,
    team: str = TEAM,
) -> dict[str, list[Call]]:
    """Every button that names a promise, pressed by `user` of `team` on `promise`, from a
    message and from the home tab; and the new-date modal submitted for it. What each one
    answered the tamperer (the modal's answer is the HTTP body, kept as a pseudo-call)."""
    value = str(promise.id)
    due = (promise.due + timedelta(days=1)).isoformat()
    presses = [(name, value) for name in ids.PROMISE_ACTIONS if name != ids.HISTORY]
    presses.append((ids.TIGHTEN + ".1", f"{promise.id}|{due}|1"))
    answered: dict[str, list[Call]] = {}
    for where in ("message", "home"):
        for name, claimed in presses:
            seen = len(side.slack.calls)
            side.click(name, claimed, user=user, where=where, team=team)
            answered[f"{name} ({where})"] = answers_to(side.slack.calls[seen:], user)
    meta = json.dumps({"p": promise.id, "l": "es", "r": None})
    answer = side.submit(ids.VIEW_RESCHEDULE, reschedule_values(), meta, user=user, team=team)
    answered["new-date modal"] = [Call("modal", answer.json() or {}, {})]
    return answered


def unfriendly(answered: dict[str, list[Call]]) -> dict[str, str]:
    """Attempts that got no answer, or the error handler's instead of a refusal."""
    bad = {}
    for attempt, calls in answered.items():
        shown = "\n".join(text_of(c.args) + json.dumps(c.args, ensure_ascii=False) for c in calls)
        if not calls or any(words in shown for words in FAILED):
            bad[attempt] = shown[:200] or "(silence)"
    return bad


def test_tampered_buttons_and_modals_from_a_colleague_change_nothing(
    side: SlackSide, prometo: Prometo, figure: Callable[..., None]
) -> None:
    promise = anas_promise(side, prometo)
    before = guarded(prometo)
    answered = tamper(side, promise, user=BETO)
    unauthorized = changed(before, guarded(prometo))
    of = f"{len(answered)} tampered actions on another person's promise, same workspace"
    figure("14", "unauthorized changes", unauthorized, of=of)
    kind = len(answered) - len(unfriendly(answered))
    figure("14", "tamperer answered kindly", f"{kind}/{len(answered)}", of=of)
    assert unauthorized == 0
    assert unfriendly(answered) == {}
    refusal = answered[f"{ids.DONE} (message)"][-1].args
    assert refusal["response_type"] == "ephemeral" and refusal["replace_original"] is False
    assert "Solo <@U0ANA>" in refusal["text"]  # who may change it, without a ping
    modal = answered["new-date modal"][0].args
    assert modal["response_action"] == "errors" and "Solo Ana" in modal["errors"][ids.DATE_BLOCK]
    side.click(ids.DONE, "not-a-number", user=BETO, where="message")
    assert "ya no existe" in side.last_response()["text"]


def test_a_team_id_from_another_workspace_changes_nothing(
    side: SlackSide, prometo: Prometo, figure: Callable[..., None]
) -> None:
    """The same user id in a forged team: a different person, who sees no such promise."""
    promise = anas_promise(side, prometo)
    before = guarded(prometo)
    answered = tamper(side, promise, user=ANA, team="T0OTHER")
    unauthorized = changed(before, guarded(prometo))
    of = f"{len(answered)} tampered actions, same user id, team_id of another workspace"
    figure("14", "unauthorized changes (forged team_id)", unauthorized, of=of)
    assert unauthorized == 0
    assert unfriendly(answered) == {}
    assert "ya no existe" in answered[f"{ids.DONE} (message)"][-1].args["text"]
    # a concrete-date button naming a person of the other workspace as the counterpart
    stranger = prometo.directory.person("slack", "T0OTHER", ANA)
    beto = prometo.directory.person("slack", TEAM, BETO)
    due = (promise.due + timedelta(days=2)).isoformat()
    capture = json.dumps({"task": "llamar", "due": due, "who": "Beto", "pid": beto.id})
    side.click(ids.CAPTURE_AT + ".1", capture, user=ANA, team="T0OTHER", where="message")
    made = prometo.book.open_for(stranger)
    # its own promise is recorded in its own workspace, never linked to a person of another
    assert [(p.workspace_id, p.counterpart_id) for p in made] == [(stranger.workspace_id, None)]


def test_an_installed_workspace_cannot_touch_anothers_promises(
    multi_side: SlackSide,  # noqa: F811
    multi: Prometo,  # noqa: F811
    figure: Callable[..., None],
) -> None:
    """Many workspaces (OAuth): a real member of Globex presses Acme's promise ids."""
    from tests.production.conftest import ACME

    installed(multi_side, ACME, ANA)
    installed(multi_side, GLOBEX, BETO)
    promise = anas_promise(multi_side, multi, team=ACME)
    before = guarded(multi)
    answered = tamper(multi_side, promise, user=BETO, team=GLOBEX)
    unauthorized = changed(before, guarded(multi))
    of = f"{len(answered)} tampered actions from another installed workspace (OAuth mode)"
    figure("14", "unauthorized changes (other workspace)", unauthorized, of=of)
    assert unauthorized == 0
    assert unfriendly(answered) == {}
