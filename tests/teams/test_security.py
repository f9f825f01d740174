"""Every request to /api/messages must carry a valid Bot Framework token; bad input never 500s."""

from __future__ import annotations

import os
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from app import create_app
from tests.conftest import SettableClock, make_settings
from tests.teams.conftest import ANA, APP_ID, TeamsSide, serving, teams_options
from tests.teams_double import ISSUER, KID, ConnectorDouble


def _promises(side: TeamsSide) -> int:
    with side.prometo.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM promises").scalar_one())


def _activity(side: TeamsSide) -> dict[str, object]:
    return {**side.base(ANA), "type": "message", "text": "prometo llamar a Acme mañana"}


def test_a_valid_token_passes(side: TeamsSide) -> None:
    assert side.post(_activity(side)).status == 200
    assert _promises(side) == 1 and len(side.connector.sent(ANA.chat)) == 1


@pytest.mark.parametrize(
    "case",
    ["wrong audience", "wrong serviceurl claim", "missing header", "other key", "expired", "junk"],
)
def test_a_bad_token_gets_401_and_changes_nothing(side: TeamsSide, case: str) -> None:
    connector = side.connector
    signed = True
    token = None
    if case == "wrong audience":
        token = connector.token("99999999-2222-3333-4444-555555555555")
    elif case == "wrong serviceurl claim":
        token = connector.token(APP_ID, service_url="https://evil.example.com")
    elif case == "missing header":
        signed = False
    elif case == "other key":
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": APP_ID, "iat": now, "exp": now + 600}
        claims["serviceurl"] = connector.url
        token = jwt.encode(claims, other, algorithm="RS256", headers={"kid": KID})
    elif case == "expired":
        token = connector.token(APP_ID, exp=int(time.time()) - 3600, iat=int(time.time()) - 7200)
    else:
        token = "not-a-jwt"
    answer = side.post(_activity(side), token=token, signed=signed)
    assert answer.status == 401
    assert _promises(side) == 0 and connector.sent() == []


def test_bad_requests_get_4xx_never_500(side: TeamsSide) -> None:
    assert side.post(b"{not json").status == 400
    assert side.post(b"[1, 2]").status == 400
    assert side.post(b"").status == 400
    assert side.post(b"{}", method="GET").status == 405
    assert side.post(b'{"type": "message"}', signed=False).status == 401


def test_the_environment_cannot_turn_validation_off(
    database_url: str,
    clock: SettableClock,
    connector: ConnectorDouble,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS", "true")
    app = create_app(make_settings(database_url), clock=clock, teams=teams_options(connector))
    try:
        with serving(app, connector) as side:
            assert side.post(_activity(side), signed=False).status == 401
            assert side.post(_activity(side)).status == 200
    finally:
        app.close()


def test_tests_run_without_any_teams_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dotenv import find_dotenv, load_dotenv

    from tests.conftest import TEAMS_ENV

    assert not [name for name in TEAMS_ENV if name in os.environ]
    (tmp_path / ".env").write_text("CLIENT_SECRET=a-real-secret\n")
    monkeypatch.chdir(tmp_path)
    assert load_dotenv(find_dotenv(usecwd=True)) is False  # what the SDK does at import
    assert "CLIENT_SECRET" not in os.environ
