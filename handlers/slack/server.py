"""Slack over HTTP (a WSGI application for POST /slack/events) or over Socket Mode.

The WSGI layer turns a malformed X-Slack-Request-Timestamp into 401 (Bolt itself would raise
and answer 500); everything else, including signature checks, is Bolt's. `handlers.web`
serves it beside the other platforms.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from handlers.web import plain

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

PATH = "/slack/events"


def wsgi_app(bolt: App, path: str = PATH) -> WSGIApplication:
    """The WSGI application for Slack's requests at `path`."""
    slack = SlackRequestHandler(bolt, path=path)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
            if stamp is not None and not _is_unix_time(stamp):
                return plain(start_response, "401 Unauthorized", "invalid request")
        return slack(environ, start_response)

    return application


def _is_unix_time(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 12


def serve_socket_mode(bolt: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode and handle requests until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(bolt, app_token).start()
