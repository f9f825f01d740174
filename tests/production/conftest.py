"""Many workspaces end to end: Prometo in OAuth mode on its real HTTP server, the Slack double.

`installed(side, team, user)` goes through the install as a browser would: GET /slack/install
(state cookie and the "Add to Slack" link), then GET /slack/oauth_redirect with the code Slack
hands back, the state and the cookie.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlparse

import pytest

from app import Prometo, Settings, create_app
from tests.conftest import SettableClock, make_settings
from tests.slack.conftest import ANA, BETO, SECRET, SlackSide, serving, slack_settings
from tests.slack_double import SlackDouble

KEY = "q8Ck6s4ZyYVwz3dM0HnSMtVcQfV3pHk2z9rxxHcxq4w="  # a Fernet key for the tests
ACME, GLOBEX = "T0ACME", "T0GLOBEX"


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    body: str


def get(side: SlackSide, path: str, cookie: str | None = None) -> Page:
    conn = http.client.HTTPConnection("127.0.0.1", side.server.port, timeout=10)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Page(response.status, headers, response.read().decode())
    finally:
        conn.close()


def oauth_settings(database_url: str, slack: SlackDouble, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "slack_client_id": slack.client_id,
        "slack_client_secret": slack.client_secret,
        "slack_signing_secret": SECRET,
        "slack_api_url": slack.url,
        "prometo_secret_key": KEY,
        # the limiter has tests of its own; here it must not make these tests wait
        "prometo_slack_rate": "100/s",
        "prometo_slack_channel_rate": "100/s",
    }
    values.update(overrides)
    return make_settings(database_url, **values)


@pytest.fixture
def slack() -> Iterator[SlackDouble]:
    with SlackDouble.running() as double:
        double.add_user(ANA, tz="Europe/Madrid", locale="es-ES", name="Ana")
        double.add_user(BETO, tz="America/Santiago", locale="es-LA", name="Beto")
        yield double


@pytest.fixture
def side(database_url: str, clock: SettableClock, slack: SlackDouble) -> Iterator[SlackSide]:
    """One workspace, SLACK_BOT_TOKEN mode, served on a real port."""
    app = create_app(slack_settings(database_url, slack), clock=clock)
    try:
        with serving(app, slack) as found:
            yield found
    finally:
        app.close()


@pytest.fixture
def multi(database_url: str, clock: SettableClock, slack: SlackDouble) -> Iterator[Prometo]:
    app = create_app(oauth_settings(database_url, slack), clock=clock)
    yield app
    app.close()


@pytest.fixture
def multi_side(multi: Prometo, slack: SlackDouble) -> Iterator[SlackSide]:
    with serving(multi, slack) as side:
        yield side


def start_install(side: SlackSide) -> tuple[str, str]:
    """GET /slack/install: (state, cookie) from the page and its Set-Cookie."""
    page = get(side, "/slack/install")
    assert page.status == 200, page
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.body)
    assert link, page.body
    query = parse_qs(urlparse(link.group(1).replace("&amp;", "&")).query)
    assert query["client_id"] == [side.slack.client_id]
    assert "chat:write" in query["scope"][0].split(",")
    state = query["state"][0]
    cookie = page.headers["set-cookie"].split(";", 1)[0]
    assert cookie.endswith("=" + state)
    return state, cookie


def installed(side: SlackSide, team: str, user: str, name: str = "") -> str:
    """Install Prometo in `team` through the real endpoints; returns its bot token."""
    token = side.slack.install(f"code-{team}", team, team_name=name or team, user_id=user)
    state, cookie = start_install(side)
    page = get(side, f"/slack/oauth_redirect?code=code-{team}&state={quote(state)}", cookie)
    assert page.status == 200, page
    return token
