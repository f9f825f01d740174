"""Slack over HTTP (a WSGI application for POST /slack/events) or over Socket Mode.

The WSGI layer checks Slack's signature before Bolt sees anything: v0 HMAC-SHA256 over
`v0:{timestamp}:{body}` with the signing secret, the timestamp at most 5 minutes from the app's
clock (so a request replayed later is refused, and tests move time instead of sleeping). A
missing or malformed signature or timestamp gets 401, a payload unlike anything Slack sends
(handlers.slack.payloads: not JSON, not an object, an event that is not one...) 400; Bolt
itself would raise and answer 500 for these. Everything else is Bolt's.
`handlers.web` serves it beside the other platforms.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import Clock, SignatureVerifier

from handlers.slack import payloads
from handlers.web import plain

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    from bot.ports import Clock as AppClock

PATH = "/slack/events"


class _ClockSeconds(Clock):
    """slack_sdk's clock (Unix seconds) read from the app's clock."""

    def __init__(self, clock: AppClock) -> None:
        self.clock = clock

    def now(self) -> float:
        return self.clock.now().timestamp()


def verifier(secret: str, clock: AppClock) -> SignatureVerifier:
    """Slack's signature check, with 'now' from `clock` (the app's)."""
    return SignatureVerifier(secret, clock=_ClockSeconds(clock))


def wsgi_app(bolt: App, *, check: SignatureVerifier | None, path: str = PATH) -> WSGIApplication:
    """The WSGI application for Slack's requests at `path`.

    `check` verifies every POST before Bolt; None leaves it to Bolt's own verification (an app
    built with request_verification_enabled) or to nobody (tests without a signing secret).
    """
    slack = SlackRequestHandler(bolt, path=path)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
            if stamp is not None and not _is_unix_time(stamp):
                return plain(start_response, "401 Unauthorized", "invalid request")
            body = _body(environ)
            if not _is_utf8(body):  # Slack sends UTF-8; slack_sdk's check would raise
                return plain(start_response, "400 Bad Request", "invalid request")
            if check is not None and not check.is_valid(
                body, stamp, environ.get("HTTP_X_SLACK_SIGNATURE")
            ):
                return plain(start_response, "401 Unauthorized", "invalid request")
            if payloads.problem(body, str(environ.get("CONTENT_TYPE") or "")) is not None:
                return plain(start_response, "400 Bad Request", "invalid request")
        return slack(environ, start_response)

    return application


def _body(environ: WSGIEnvironment) -> bytes:
    """The request body, read once and put back for Bolt."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return bytes(body)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_unix_time(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 12


def serve_socket_mode(bolt: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode and handle requests until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(bolt, app_token).start()
