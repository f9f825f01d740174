"""Slack over HTTP (a WSGI application for POST /slack/events) or over Socket Mode.

The WSGI layer checks Slack's signature before Bolt sees anything: v0 HMAC-SHA256 over
`v0:{timestamp}:{body}` with the signing secret, the timestamp at most 5 minutes from the app's
clock (so a request replayed later is refused, and tests move time instead of sleeping). A
missing or malformed signature or timestamp gets 401, a payload unlike anything Slack sends
(handlers.slack.payloads: not JSON, not an object, an event that is not one...) 400; Bolt
itself would raise and answer 500 for these. Everything else is Bolt's.
`handlers.web` serves it beside the other platforms.

Events API callbacks are acknowledged here, before Bolt sees them (`EventsAfterAck`): once the
signature and the payload are checked, the request thread answers 200 and hands the event to
Bolt on the listener pool, where its middleware (a retry's check against the database, the
workspace's client) and its listener run. Nothing an event causes, not even a database
query, waits in front of its acknowledgement; an event acknowledged is handled unless the
process stops before the pool reaches it (see `ListenerPool.close`). Over Socket Mode, an
event's envelope is acknowledged the same way (`serve_socket_mode`).
"""

from __future__ import annotations

import heapq
import io
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import Clock, SignatureVerifier

from handlers.slack import payloads
from handlers.web import plain

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    from bot.ports import Clock as AppClock

log = logging.getLogger(__name__)

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


def wsgi_app(
    bolt: App,
    *,
    check: SignatureVerifier | None,
    path: str = PATH,
    events: EventsAfterAck | None = None,
) -> WSGIApplication:
    """The WSGI application for Slack's requests at `path`.

    `check` verifies every POST before Bolt; None leaves it to Bolt's own verification (an app
    built with request_verification_enabled) or to nobody (tests without a signing secret).
    With `events` (an EventsAfterAck of `bolt`), Events API callbacks are answered 200 as soon
    as they are checked and handled by Bolt afterwards, on its listener executor; Bolt's own
    verification would then come too late, so it needs `check` (or no verification at all).
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
            payload, _ = payloads.checked(body, str(environ.get("CONTENT_TYPE") or ""))
            if payload is None:
                return plain(start_response, "400 Bad Request", "invalid request")
            if (
                events is not None
                and payload.get("type") == "event_callback"
                and environ.get("PATH_INFO") == path
            ):
                if not events.accept(body, environ, payload):
                    # stopping: Slack delivers it again, to this process's successor
                    return plain(start_response, "503 Service Unavailable", "stopping")
                return plain(start_response, "200 OK", "")
        return slack(environ, start_response)

    return application


class EventsAfterAck:
    """Events API callbacks handed to Bolt after their 200, on Bolt's listener executor.

    Bolt acknowledges an event before its listener runs, but only after its middleware, on
    the request thread: Prometo's check that an event is not a retry writes to the database,
    and under load (SQLite's one writer, a busy pool of connections) that write held the
    acknowledgement for hundreds of milliseconds. Here the request thread only queues the
    event; the whole of Bolt (middleware, listener matching, the listener) runs on the pool.

    Slack no longer retries an event it got 200 for, so Prometo does, when the event failed
    before its listener started (Bolt's answer 500: the database away during the retry check
    or the workspace's authorization; nothing was done, nothing was recorded): again after
    each of `retry_after`'s delays, then it is logged as lost. A listener's own error is the
    error handler's (logged, the person told) and is not tried again.
    """

    # Slack's own retries of an unanswered event come at once, after 1 min and after 5 min;
    # these start a second after the failure, with one more at 10 s
    RETRY_AFTER: tuple[float, ...] = (1.0, 10.0, 60.0, 300.0)

    def __init__(self, bolt: App, retry_after: Sequence[float] | None = None) -> None:
        self.bolt = bolt
        self.executor = bolt.listener_runner.listener_executor
        self.retry_after = tuple(self.RETRY_AFTER if retry_after is None else retry_after)
        self._later: list[tuple[float, int, Callable[[], None]]] = []  # a heap, by due time
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._closed = False
        self._timer: threading.Thread | None = None

    def accept(self, body: bytes, environ: WSGIEnvironment, payload: dict[str, Any]) -> bool:
        """Queue a checked event for Bolt; False when the executor no longer takes work."""
        request = partial(BoltRequest, body=body.decode("utf-8"), headers=_headers(environ))
        return self._submit(request, payload)

    def accept_socket(
        self, payload: dict[str, Any], headers: dict[str, str | Sequence[str]]
    ) -> bool:
        """The same for an event that came over Socket Mode (its envelope's payload)."""
        request = partial(BoltRequest, mode="socket_mode", body=payload, headers=headers)
        return self._submit(request, payload)

    def _submit(self, request: Callable[[], BoltRequest], payload: dict[str, Any]) -> bool:
        event_id = str(payload.get("event_id") or "")[:64]
        try:
            self.executor.submit(self._dispatch, request, event_id, 0)
        except RuntimeError:  # shut down: the process is stopping
            log.warning("Slack event %s refused: stopping", event_id)
            return False
        return True

    def _dispatch(self, request: Callable[[], BoltRequest], event_id: str, attempt: int) -> None:
        try:  # a new BoltRequest each time: Bolt keeps what a dispatch found in its context
            status = self.bolt.dispatch(request()).status
        except Exception:  # Bolt handles its own errors; this is a last resort, after the 200
            log.exception("Slack event %s failed after its acknowledgement", event_id)
            status = 500
        if status < 500:
            return
        if attempt >= len(self.retry_after):
            log.error("Slack event %s lost: it failed %d times", event_id, attempt + 1)
            return
        delay = self.retry_after[attempt]
        log.warning("Slack event %s failed (status %s); again in %g s", event_id, status, delay)

        def again() -> None:
            self.executor.submit(self._dispatch, request, event_id, attempt + 1)

        self._schedule(delay, again)

    def _schedule(self, delay: float, call: Callable[[], None]) -> None:
        with self._changed:
            if self._closed:
                log.warning("stopping: a failed Slack event is not tried again")
                return
            heapq.heappush(self._later, (time.monotonic() + delay, next(self._order), call))
            if self._timer is None:
                self._timer = threading.Thread(target=self._run, name="slack-again", daemon=True)
                self._timer.start()
            self._changed.notify_all()

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._closed and (
                    not self._later or self._later[0][0] > time.monotonic()
                ):
                    wait = self._later[0][0] - time.monotonic() if self._later else None
                    self._changed.wait(wait)
                if self._closed:
                    return
                _, _, call = heapq.heappop(self._later)
                self._changed.notify_all()
            try:
                call()
            except RuntimeError:  # the executor shut down meanwhile
                log.warning("stopping: a failed Slack event is not tried again")

    @property
    def pending(self) -> int:
        """Failed events waiting to be tried again."""
        with self._changed:
            return len(self._later)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no failed event waits to be tried again (tests); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._later, timeout)

    def close(self) -> int:
        """Stop trying failed events again; how many were still waiting."""
        with self._changed:
            self._closed = True
            left = len(self._later)
            self._later.clear()
            self._changed.notify_all()
        return left


def _headers(environ: WSGIEnvironment) -> dict[str, str | Sequence[str]]:
    """The request's headers as Bolt's WSGI adapter reads them (lower case, dashes)."""
    headers: dict[str, str | Sequence[str]] = {}
    for key, value in environ.items():
        if key in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            headers[key.lower().replace("_", "-")] = value
        elif key.startswith("HTTP_"):
            headers[key[5:].lower().replace("_", "-")] = value
    return headers


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


def serve_socket_mode(bolt: App, app_token: str, events: EventsAfterAck | None = None) -> None:
    """Connect to Slack over Socket Mode and handle requests until interrupted.

    With `events`, an Events API envelope is acknowledged as soon as it is queued for Bolt,
    as over HTTP, not after Bolt's middleware and listener; one that cannot be queued (the
    process is stopping) is not acknowledged, so Slack sends it again. Commands and actions
    go through Bolt before their acknowledgement, which can carry an answer."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.socket_mode.builtin import SocketModeClient
    from slack_sdk.socket_mode.request import SocketModeRequest
    from slack_sdk.socket_mode.response import SocketModeResponse

    class EventsFirst(SocketModeHandler):
        def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
            if events is None or req.type != "events_api" or not isinstance(req.payload, dict):
                super().handle(client, req)
            elif events.accept_socket(req.payload, _retry_headers(req)):
                client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))

    EventsFirst(bolt, app_token).start()


def _retry_headers(req: Any) -> dict[str, str | Sequence[str]]:
    """A Socket Mode envelope's retry, as the headers Slack sends it in over HTTP."""
    headers: dict[str, str | Sequence[str]] = {}
    if req.retry_attempt is not None:
        headers["x-slack-retry-num"] = str(req.retry_attempt)
    if req.retry_reason is not None:
        headers["x-slack-retry-reason"] = str(req.retry_reason)
    return headers
