"""Prometo's Slack app on Bolt: `build_slack_app(app, client)` wires every surface.

Nothing runs at import time; `handlers.slack.server` serves the result over HTTP or Socket Mode.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from slack_bolt import Ack, App, BoltResponse
from slack_sdk import WebClient

from bot.i18n import lang_of, t
from handlers.slack import actions, commands, events, home, shortcuts, spotting, views
from handlers.slack.clients import SlackClients, bind_request_client
from handlers.slack.formatter import SlackFormatter
from handlers.slack.messenger import SlackMessenger
from handlers.slack.services import Services

if TYPE_CHECKING:
    from app import Prometo

log = logging.getLogger(__name__)
T = TypeVar("T")

# what someone in a workspace without an installation reads (Bolt answers for us)
NOT_INSTALLED = (
    "Prometo no está instalado en este espacio de trabajo: pide a un administrador que lo "
    "instale. / Prometo isn't installed in this workspace: ask an admin to install it."
)

# Listeners run here, never on the request thread, so slow Web API calls never delay an ack.
LISTENER_THREADS = 32


class ListenerPool(ThreadPoolExecutor):
    """A thread pool that knows when all its work is done (graceful stops, tests)."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers, thread_name_prefix="slack")
        self._busy = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        with self._idle:
            self._busy += 1
        # the listener runs in the request's context: its request id, its workspace's client
        context = contextvars.copy_context()
        try:
            future = super().submit(context.run, fn, *args, **kwargs)
        except BaseException:  # shut down: nothing was queued
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no listener runs; False when `timeout` seconds passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def close(self, timeout: float) -> int:
        """Let listeners finish for up to `timeout` seconds, then drop what has not started.

        Requests are acked before their listener runs, so an overloaded process can hold a
        backlog; a stop (a deploy) must not wait for all of it. Returns how many were left.
        """
        self.wait_idle(timeout)
        with self._idle:
            left = self._busy
        self.shutdown(wait=False, cancel_futures=True)
        return left


def build_slack_app(app: Prometo, clients: SlackClients | WebClient) -> App:
    """A Bolt app for `app`; `clients` talk to Slack (their base_url may be a double).

    With `app.oauth` (handlers.slack.oauth: installation store, settings) it serves many
    workspaces through Bolt's OAuth flow; otherwise the one workspace of SLACK_BOT_TOKEN.
    """
    if not isinstance(clients, SlackClients):
        clients = SlackClients.around(clients)
    secret = app.settings.slack_signing_secret
    oauth = getattr(app, "oauth", None)
    options: dict[str, Any] = {}
    if oauth is not None:
        from handlers.slack.oauth import authorize

        options = {
            "user_facing_authorize_error_message": NOT_INSTALLED,
            "oauth_settings": oauth.settings,
            "installation_store_bot_only": True,
            "authorize": authorize(oauth.store, oauth.settings, clients.base),
        }
    bolt = App(
        client=clients.base,
        signing_secret=secret.get_secret_value() if secret else None,
        # HTTP requests are verified before Bolt, against the app's clock
        # (handlers.slack.server); Socket Mode needs no signature
        request_verification_enabled=False,
        token_verification_enabled=False,
        process_before_response=False,
        listener_executor=ListenerPool(LISTENER_THREADS),
        logger=logging.getLogger("slack_bolt"),
        **options,
    )
    services = Services(
        app=app,
        clients=clients,
        fmt=SlackFormatter(),
        messenger=getattr(app, "slack_messenger", None) or SlackMessenger(clients, app.directory),
    )
    bolt.use(_ack_at_once)
    bolt.use(bind_request_client(clients))
    for surface in (events, commands, shortcuts, views, actions, home, spotting):
        surface.register(bolt, services)
    bolt.error(_error_handler(services))
    return bolt


# Acknowledged with an empty 200 whatever their listener does (it answers through response_url,
# a DM or a modal). View submissions are not: their ack carries the modal's field errors.
_ACK_AT_ONCE = frozenset({"block_actions", "message_action", "shortcut"})


def _ack_at_once(body: dict[str, Any], ack: Ack, next: Callable[[], None]) -> None:
    """Acknowledge slash commands and buttons on the request thread, at once.

    Bolt runs a listener, its ack() included, on the listener pool: when every pool thread is
    busy (slow Web API calls, a loaded CPU), the ack would wait for one, past Slack's 3 s.
    """
    if body.get("command") or body.get("type") in _ACK_AT_ONCE:
        ack()
    next()


def _error_handler(services: Services) -> Any:
    def on_error(error: Exception, body: dict[str, Any], respond: Any) -> BoltResponse | None:
        """The one place unexpected errors land: log with traceback, tell the person."""
        log.error("Slack listener failed: %s", error, exc_info=error)
        lang = _lang_of_request(services, body)
        text = t(lang, "slack_error")
        try:
            if respond is not None and body.get("response_url"):
                respond(text=text, response_type="ephemeral", replace_original=False)
            elif user := _user(body):
                services.client.chat_postMessage(channel=user, text=text)
        except Exception:  # the error report itself failed; the log above is what remains
            log.exception("could not tell the user about the error")
        return None

    return on_error


def _user(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if isinstance(user, dict):
        return str(user.get("id") or "") or None
    return str(body.get("user_id") or "") or None


def _lang_of_request(services: Services, body: dict[str, Any]) -> str:
    command = body.get("command")
    if command:
        return "en" if command == "/promise" else "es"
    user = body.get("user")
    locale = user.get("locale") if isinstance(user, dict) else None
    return lang_of(locale) if locale else services.app.settings.prometo_locale


__all__ = ["ListenerPool", "build_slack_app"]
