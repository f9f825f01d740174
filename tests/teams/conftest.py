"""The Teams side of end-to-end tests: activities posted to the real endpoint, signed for real.

Prometo serves POST /api/messages on its real waitress server; every activity carries a Bot
Framework token signed with tests/teams_double.py's key, which the SDK checks against the
double's JWKS (reached through the SDK's cloud settings). Everything Prometo sends goes to the
ConnectorDouble, the activities' serviceUrl. No variable of the environment is used.
"""

from __future__ import annotations

import http.client
import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides

from app import Prometo, create_app
from handlers.web import HttpServer
from tests.conftest import SettableClock, make_settings
from tests.teams_double import Call, ConnectorDouble, personal_chat

APP_ID = "11111111-2222-3333-4444-555555555555"
BOT = f"28:{APP_ID}"
TENANT = "72f988bf-0000-4000-8000-2d7cd011db47"


@dataclass(frozen=True)
class User:
    aad: str
    mri: str
    name: str
    locale: str
    timezone: str

    @property
    def chat(self) -> str:
        """The id of this user's 1:1 chat with the bot."""
        return personal_chat(self.mri)


ANA = User("aad-ana-0001", "29:1ana", "Ana Pérez", "es-ES", "Europe/Madrid")
BETO = User("aad-beto-0002", "29:1beto", "Beto Rojas", "es-CL", "America/Santiago")
CARLA = User("aad-carla-003", "29:1carla", "Carla Smith", "en-US", "America/New_York")
CHANNEL = "19:c0ffee0123456789abcdef0123456789@thread.tacv2"
TEAM = "19:team0123456789abcdef0123456789ab@thread.tacv2"


def teams_options(connector: ConnectorDouble, **extra: Any) -> dict[str, Any]:
    """The SDK options for tests: tokens from the double, its cloud settings and URL."""
    return {
        "client_id": APP_ID,
        "token": ConnectorDouble.bot_token,
        "cloud": with_overrides(PUBLIC, openid_metadata_url=connector.openid_url),
        "service_url": connector.url,
        **extra,
    }


@dataclass
class Answer:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class TeamsSide:
    """Sends what Teams sends to Prometo's real endpoint; waits for background work."""

    server: HttpServer
    connector: ConnectorDouble
    prometo: Prometo
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    # raw HTTP ---------------------------------------------------------------------------------
    def post(
        self,
        activity: dict[str, Any] | bytes,
        *,
        token: str | None = None,
        signed: bool = True,
        method: str = "POST",
        settle: bool = True,
    ) -> Answer:
        body = activity if isinstance(activity, bytes) else json.dumps(activity).encode()
        headers = {"Content-Type": "application/json"}
        if signed:
            headers["Authorization"] = "Bearer " + (token or self.connector.token(APP_ID))
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            conn.request(method, "/api/messages", body=body, headers=headers)
            response = conn.getresponse()
            answer = Answer(response.status, response.read().decode())
        finally:
            conn.close()
        if settle:
            self.settle()
        return answer

    def settle(self) -> None:
        """Wait until the background work started so far (sends, card updates) is done."""
        assert self.prometo.teams.runtime.settle(20), "Teams work still running after 20 s"

    # Teams' activities --------------------------------------------------------------------------
    def base(
        self, user: User, *, conversation: str | None = None, kind: str = "personal"
    ) -> dict[str, Any]:
        n = next(self._ids)
        conversation = conversation or user.chat
        activity: dict[str, Any] = {
            "id": f"in-{n}",
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "timestamp": "2026-11-23T13:00:00.000Z",
            "locale": user.locale,
            "from": {"id": user.mri, "name": user.name, "aadObjectId": user.aad},
            "recipient": {"id": BOT, "name": "Prometo"},
            "conversation": {
                "id": conversation,
                "conversationType": kind,
                "tenantId": TENANT,
            },
            "channelData": {"tenant": {"id": TENANT}},
            "entities": [{"type": "clientInfo", "locale": user.locale, "timezone": user.timezone}],
        }
        if kind == "channel":
            activity["channelData"].update(
                team={"id": TEAM, "name": "Ventas"},
                channel={"id": CHANNEL.split(";")[0], "name": "General"},
            )
        return activity

    def message(self, text: str, user: User = ANA) -> Answer:
        """A message in the user's personal chat with the bot."""
        return self.post({**self.base(user), "type": "message", "text": text})

    def mention(self, text: str, user: User = ANA, *, thread: str = "1700000000001") -> Answer:
        """'@Prometo <text>' in a channel thread, as Teams sends it (the mention in the text)."""
        activity = self.base(user, conversation=f"{CHANNEL};messageid={thread}", kind="channel")
        mention = {
            "type": "mention",
            "text": "<at>Prometo</at>",
            "mentioned": {"id": BOT, "name": "Prometo"},
        }
        activity["entities"].append(mention)
        return self.post({**activity, "type": "message", "text": f"<at>Prometo</at> {text}"})

    def click(
        self,
        data: dict[str, Any],
        user: User = ANA,
        *,
        message_id: str | None = None,
        conversation: str | None = None,
        trigger: str = "manual",
    ) -> Answer:
        """An Action.Execute on a card (adaptiveCard/action invoke)."""
        activity = self.base(user, conversation=conversation)
        activity.update(
            type="invoke",
            name="adaptiveCard/action",
            replyToId=message_id,
            value={
                "action": {"type": "Action.Execute", "verb": data.get("action"), "data": data},
                "trigger": trigger,
            },
        )
        return self.post(activity)

    def message_action(
        self, name: str, value: dict[str, Any], user: User = ANA, *, settle: bool = True
    ) -> Answer:
        """A message extension invoke (composeExtension/fetchTask or /submitAction)."""
        thread = f"{CHANNEL};messageid=1700000000009"
        activity = self.base(user, conversation=thread, kind="channel")
        activity.update(type="invoke", name=name, value=value)
        return self.post(activity, settle=settle)

    def react(
        self, message_id: str, reaction: str, user: User = ANA, *, channel: str | None = None
    ) -> Answer:
        """A reaction added to one of the bot's messages (the user's 1:1 chat, or a channel)."""
        if channel:
            activity = self.base(user, conversation=channel, kind="channel")
        else:
            activity = self.base(user)
        activity.update(
            type="messageReaction",
            replyToId=message_id,
            reactionsAdded=[{"type": reaction}],
        )
        return self.post(activity)

    # what reached Teams -----------------------------------------------------------------------
    def last_sent(self, conversation: str | None = None) -> Call:
        sent = self.connector.sent(conversation)
        assert sent, f"nothing was sent to {conversation or 'anyone'}"
        return sent[-1]


@pytest.fixture
def connector() -> Iterator[ConnectorDouble]:
    with ConnectorDouble.running() as double:
        for user in (ANA, BETO, CARLA):
            double.add_member(user.aad, user.mri, user.name)
        yield double


@pytest.fixture
def prometo(
    database_url: str, clock: SettableClock, connector: ConnectorDouble
) -> Iterator[Prometo]:
    settings = make_settings(database_url, prometo_timezone="America/Santiago")
    app = create_app(settings, clock=clock, teams=teams_options(connector))
    yield app
    app.close()


@contextmanager
def serving(prometo: Prometo, connector: ConnectorDouble) -> Iterator[TeamsSide]:
    server = HttpServer(prometo.web, host="127.0.0.1", port=0, threads=8).start()
    try:
        yield TeamsSide(server, connector, prometo)
    finally:
        server.stop()


@pytest.fixture
def side(prometo: Prometo, connector: ConnectorDouble) -> Iterator[TeamsSide]:
    with serving(prometo, connector) as teams_side:
        yield teams_side
