"""Prometo in Microsoft Teams, on the Teams SDK for Python (microsoft-teams-apps 2.1).

`build_teams_app(app, conversations, ...)` wires every surface and starts nothing: the SDK's
app runs on a LoopThread (started on first use), its POST /api/messages is a WSGI application
for `handlers.web.Router`, and `TeamsBot.messenger` is the chaser's bot.ports.Messenger.
Incoming requests are validated as Bot Framework JWTs by the SDK; nothing here turns that off.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.i18n import lang_of, t
from handlers.teams import actions, extension, ids, listing, messages, reactions, spotting
from handlers.teams.bridge import INVOKE_DEADLINE, WsgiBridge, understood
from handlers.teams.conversations import Conversations
from handlers.teams.messenger import TeamsMessenger, TeamsSender
from handlers.teams.runtime import LoopThread
from handlers.teams.services import Services

with warnings.catch_warnings():  # the SDK warns at import about a preview feature we don't use
    warnings.simplefilter("ignore")
    from microsoft_teams.apps import App
    from microsoft_teams.common import ClientOptions

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

    from app import Prometo

log = logging.getLogger(__name__)

DEFAULT_SERVICE_URL = "https://smba.trafficmanager.net/teams"
HTTP_TIMEOUT = 20.0  # seconds for one Bot Connector call (the SDK's default is none)


@dataclass
class TeamsBot:
    """The Teams side of Prometo, built and wired, nothing started."""

    sdk: App
    runtime: LoopThread
    bridge: WsgiBridge
    messenger: TeamsMessenger
    services: Services

    def wsgi(self) -> Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]:
        """The WSGI application for POST /api/messages."""
        return self.bridge.wsgi(ids.PATH)

    def close(self) -> None:
        """Finish background sends, close the SDK's connections, then stop the event loop."""
        if self.runtime.started:
            self.runtime.settle(10)
            try:
                self.runtime.run(self._close_connections(), timeout=5)
            except (TimeoutError, RuntimeError) as exc:
                log.warning("Teams connections not closed cleanly: %s", exc)
        self.runtime.stop()

    async def _close_connections(self) -> None:
        for client in (self.sdk.http_client, self.sdk.api.http):
            await client.http.aclose()


def build_teams_app(
    app: Prometo,
    conversations: Conversations,
    *,
    client_id: str,
    client_secret: str | None = None,
    tenant_id: str | None = None,
    service_url: str | None = None,
    invoke_deadline: float = INVOKE_DEADLINE,
    **options: Any,
) -> TeamsBot:
    """The Teams bot of `app`; `options` go to the SDK's App (tests: token=, cloud=)."""
    runtime = LoopThread()
    bridge = WsgiBridge(
        runtime, late_answer=late_answer, invoke_deadline=invoke_deadline, readable=understood
    )
    service_url = (service_url or DEFAULT_SERVICE_URL).rstrip("/")
    options.setdefault("client", ClientOptions(timeout=HTTP_TIMEOUT))
    sdk = App(
        client_id=client_id,
        client_secret=client_secret,
        tenant_id=tenant_id,
        service_url=service_url,
        http_server_adapter=bridge,
        dangerously_allow_unauthenticated_requests=False,
        **options,
    )
    runtime.on_start(sdk.initialize)
    sender = TeamsSender(sdk)
    messenger = TeamsMessenger(
        sender, runtime, conversations, app.directory, app.clock, service_url=service_url
    )
    services = Services(
        app=app,
        sdk=sdk,
        runtime=runtime,
        conversations=conversations,
        sender=sender,
        messenger=messenger,
    )
    for surface in (messages, actions, extension, reactions, spotting):
        surface.register(sdk, services)
    app.listeners.append(listing.on_change(services))

    @sdk.event("error")
    async def on_error(event: Any) -> None:
        log.error("Teams activity failed: %s", event.error, exc_info=event.error)

    return TeamsBot(sdk, runtime, bridge, messenger, services)


def late_answer(body: dict[str, Any]) -> dict[str, Any]:
    """What an invoke gets when our answer is not ready within Teams' 5 seconds."""
    lang = lang_of(str(body.get("locale") or ""))
    text = t(lang, "teams_working").replace("**", "")
    name = str(body.get("name") or "")
    if name.startswith("composeExtension/") or name.startswith("task/"):
        return {"task": {"type": "message", "value": text}}
    return {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": text,
    }


__all__ = ["TeamsBot", "build_teams_app", "late_answer"]
