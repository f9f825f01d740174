"""OAuth installs through the real endpoints; each workspace served with its own token."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from sqlalchemy import text

from app import Prometo
from bot.model import EventKind, Status
from storage.secrets import TokenCipher
from tests.chasing.helpers import tasks_sent
from tests.conftest import SettableClock
from tests.production.conftest import ACME, GLOBEX, KEY, get, installed, start_install
from tests.slack.conftest import SlackSide

ANA, GUS = "U0ANA", "U0GUS"


def raw(prometo: Prometo, sql: str, **params: object) -> list[tuple]:
    with prometo.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def test_install_stores_the_token_encrypted_and_makes_the_workspace(
    multi_side: SlackSide, multi: Prometo
) -> None:
    token = installed(multi_side, ACME, ANA, "Acme Corp")
    [(team, stored, scopes, installer)] = raw(
        multi, "SELECT team_id, bot_token, bot_scopes, installer_user_id FROM slack_installations"
    )
    assert (team, installer) == (ACME, ANA)
    assert "chat:write" in scopes
    assert token not in stored and "xoxb" not in stored, "the raw column holds no clear token"
    assert TokenCipher(KEY).decrypt(stored) == token
    [(external, name, active, installed_by)] = raw(
        multi, "SELECT external_id, name, active, installer FROM workspaces"
    )
    assert (external, name, bool(active), installed_by) == (ACME, "Acme Corp", True, ANA)
    exchange = multi_side.slack.calls_to("oauth.v2.access")
    assert len(exchange) == 1 and exchange[0].ok


def test_each_workspace_is_answered_with_its_own_token(
    multi_side: SlackSide, multi: Prometo
) -> None:
    acme = installed(multi_side, ACME, ANA)
    globex = installed(multi_side, GLOBEX, GUS)
    multi_side.slack.add_user(GUS, name="Gus")
    assert multi_side.command("llamar al cliente mañana a las 10", team=ACME).status == 200
    assert (
        multi_side.command("enviar la cotización el viernes", user=GUS, team=GLOBEX).status == 200
    )
    infos = {c.args["user"]: c.token for c in multi_side.slack.calls_to("users.info")}
    assert infos == {ANA: acme, GUS: globex}
    replies = [c.args["text"] for c in multi_side.responses()]
    assert any("llamar al cliente" in r for r in replies)
    assert any("enviar la cotización" in r for r in replies)
    owners = raw(
        multi,
        "SELECT w.external_id, p.task FROM promises p JOIN workspaces w ON w.id = p.workspace_id"
        " ORDER BY p.id",
    )
    assert [o[0] for o in owners] == [ACME, GLOBEX]


def test_a_workspace_that_never_installed_is_refused(multi_side: SlackSide, multi: Prometo) -> None:
    installed(multi_side, ACME, ANA)
    answer = multi_side.command("llamar al cliente mañana", team="T0STRANGER")
    assert answer.status == 200
    assert "no está instalado" in multi_side.last_response()["text"]
    assert "isn't installed" in multi_side.last_response()["text"]
    assert raw(multi, "SELECT count(*) FROM promises") == [(0,)]


def test_a_forged_or_reused_state_installs_nothing(multi_side: SlackSide, multi: Prometo) -> None:
    multi_side.slack.install("code-x", ACME, user_id=ANA)
    page = get(multi_side, "/slack/oauth_redirect?code=code-x&state=forged", "x=y")
    assert page.status >= 400
    state, cookie = start_install(multi_side)
    other_state, _ = start_install(multi_side)
    page = get(multi_side, f"/slack/oauth_redirect?code=code-x&state={quote(other_state)}", cookie)
    assert page.status >= 400, "the state must match the browser's cookie"
    assert raw(multi, "SELECT count(*) FROM slack_installations") == [(0,)]
    assert not multi_side.slack.calls_to("oauth.v2.access")
    assert state != other_state


def test_uninstall_forgets_the_token_stops_chasing_and_keeps_history(
    multi_side: SlackSide, multi: Prometo, clock: SettableClock
) -> None:
    installed(multi_side, ACME, ANA)
    multi_side.command("tarea 7 hoy a las 15", team=ACME)
    [(promise_id,)] = raw(multi, "SELECT id FROM promises")
    multi_side.event({"type": "app_uninstalled"}, team=ACME)
    assert raw(multi, "SELECT count(*) FROM slack_installations") == [(0,)]
    assert raw(multi, "SELECT count(*) FROM chases") == [(0,)]
    [(active,)] = raw(multi, "SELECT active FROM workspaces")
    assert not active
    promise = multi.store.get_promise(promise_id)
    assert promise is not None and promise.status is Status.OPEN
    assert [e.kind for e in multi.store.events(promise_id)] == [EventKind.CREATED]
    clock.advance(days=2)
    assert multi.chaser is not None
    multi.chaser.sweep()
    assert not tasks_sent(multi_side.slack), "nothing is sent to an uninstalled workspace"
    # installed again: what is still owed goes out (the overdue notice), with the new token
    token = installed(multi_side, ACME, ANA)
    multi.chaser.sweep()
    sent = [c for c in multi_side.slack.calls_to("chat.postMessage") if "tarea 7" in str(c.args)]
    assert len(sent) == 1 and sent[0].token == token
    assert "Venció" in str(sent[0].args.get("text"))


def test_a_revoked_bot_token_is_forgotten_but_revoked_user_tokens_change_nothing(
    multi_side: SlackSide, multi: Prometo
) -> None:
    installed(multi_side, ACME, ANA)
    users_only = {"type": "tokens_revoked", "tokens": {"oauth": [ANA], "bot": []}}
    multi_side.event(users_only, team=ACME)
    assert raw(multi, "SELECT count(*) FROM slack_installations") == [(1,)]
    bots = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOTT0ACME"]}}
    multi_side.event(bots, team=ACME)
    assert raw(multi, "SELECT count(*) FROM slack_installations") == [(0,)]


def test_states_expire(multi_side: SlackSide, multi: Prometo, clock: SettableClock) -> None:
    multi_side.slack.install("code-late", ACME, user_id=ANA)
    state, cookie = start_install(multi_side)
    clock.advance(minutes=11)
    page = get(multi_side, f"/slack/oauth_redirect?code=code-late&state={quote(state)}", cookie)
    assert page.status >= 400
    assert raw(multi, "SELECT count(*) FROM slack_installations") == [(0,)]
    assert clock.at - timedelta(minutes=11) < clock.at
