"""Slack over HTTP (a WSGI application for POST /slack/events) or over Socket Mode.

The WSGI layer turns a malformed X-Slack-Request-Timestamp into 401 and an event envelope
whose event is not an object into 400 (Bolt itself would raise and answer 500 for either);
everything else, including signature checks, is Bolt's. `handlers.web`
serves it beside the other platforms.
"""

from __future__ import annotations

import io
import json
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
            if _malformed_event(environ):
                return plain(start_response, "400 Bad Request", "invalid request")
        return slack(environ, start_response)

    return application


def _malformed_event(environ: WSGIEnvironment) -> bool:
    """An Events API envelope whose `event` is not an object; the body is put back for Bolt."""
    if "json" not in str(environ.get("CONTENT_TYPE") or ""):
        return False
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    try:
        envelope = json.loads(body)
    except ValueError:
        return False
    return (
        isinstance(envelope, dict)
        and envelope.get("type") == "event_callback"
        and not isinstance(envelope.get("event"), dict)
    )


def _is_unix_time(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 12


def serve_socket_mode(bolt: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode and handle requests until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(bolt, app_token).start()
