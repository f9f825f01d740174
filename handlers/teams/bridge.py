"""POST /api/messages on our WSGI server, handed to the Teams SDK on its event loop.

The SDK accepts any HTTP framework through a small adapter protocol (`register_route`,
`serve_static`, `start`, `stop`); this one keeps the route the SDK registers and serves it as
a WSGI application that `handlers.web.Router` mounts beside Slack. A waitress thread reads
the body, submits the SDK's handler (JWT validation, then our listeners) to the LoopThread and
waits for its answer. With `readable` (the Teams bot passes `understood`), a body the SDK's
models cannot read as an activity is refused first (401 without a token, else 400): the SDK
would answer it 500, with a traceback in the log. Teams gives an invoke 5 seconds: when ours
is not ready in `invoke_deadline` seconds, Teams gets a friendly answer now and the work goes
on.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal

from microsoft_teams.api import ActivityTypeAdapter
from pydantic import ValidationError

from handlers.teams.runtime import LoopThread
from handlers.web import MAX_BODY, plain

with warnings.catch_warnings():  # the SDK warns at import about a preview feature we don't use
    warnings.simplefilter("ignore")
    from microsoft_teams.apps.events import CoreActivity

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)

INVOKE_DEADLINE = 4.5  # seconds; Teams retries an invoke it has no answer to after 5
MESSAGE_DEADLINE = 60.0

Handler = Callable[[dict[str, Any]], Any]  # the SDK's HttpRouteHandler


class WsgiBridge:
    """The SDK's HttpServerAdapter, and the WSGI application serving what it registers."""

    def __init__(
        self,
        runtime: LoopThread,
        *,
        late_answer: Callable[[dict[str, Any]], dict[str, Any]],
        invoke_deadline: float = INVOKE_DEADLINE,
        readable: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        self.runtime = runtime
        self.late_answer = late_answer
        self.invoke_deadline = invoke_deadline
        self.readable = readable  # whether a body is an activity the handler can read
        self.routes: dict[str, Handler] = {}

    # the SDK's adapter protocol ---------------------------------------------------------
    def register_route(self, method: Literal["POST"], path: str, handler: Any) -> None:
        if method != "POST":
            raise ValueError(f"unsupported method {method}")
        self.routes[path] = handler

    def serve_static(self, path: str, directory: str) -> None:
        raise NotImplementedError("Prometo serves no static Teams pages")

    async def start(self, port: int) -> None:
        raise NotImplementedError("handlers.web.HttpServer serves Teams with everything else")

    async def stop(self) -> None:
        return None

    # WSGI -------------------------------------------------------------------------------
    def wsgi(self, path: str) -> Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]:
        """The WSGI application for the SDK's route at `path` (mount it on the Router)."""

        def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
            if environ.get("REQUEST_METHOD") != "POST":
                return plain(start_response, "405 Method Not Allowed", "POST only")
            self.runtime.start()  # the first request starts the loop, which initializes the SDK
            handler = self.routes.get(path)
            if handler is None:
                return plain(start_response, "503 Service Unavailable", "starting")
            body = _json_body(environ)
            if body is None:
                return plain(start_response, "400 Bad Request", "a JSON activity is expected")
            headers = {
                key[5:].replace("_", "-").lower(): str(value)
                for key, value in environ.items()
                if key.startswith("HTTP_")
            }
            if "CONTENT_TYPE" in environ:
                headers["content-type"] = str(environ["CONTENT_TYPE"])
            _normalise(body)
            if self.readable is not None and not self.readable(body):  # else the SDK's 500
                if not headers.get("authorization", "").startswith("Bearer "):
                    return plain(start_response, "401 Unauthorized", "a token is expected")
                log.info(
                    "refused an activity the Teams SDK cannot read (type %.40r)", body.get("type")
                )
                return plain(start_response, "400 Bad Request", "not an activity Prometo reads")
            status, answer = self._dispatch(handler, body, headers)
            return _json(start_response, status, answer)

        return application

    def _dispatch(
        self, handler: Handler, body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, Any]:
        invoke = body.get("type") == "invoke"
        future = self.runtime.submit(handler({"body": body, "headers": headers}))
        try:
            result = future.result(self.invoke_deadline if invoke else MESSAGE_DEADLINE)
        except TimeoutError:
            if not invoke:
                log.warning(
                    "Teams activity %s still running after %ss", body.get("id"), MESSAGE_DEADLINE
                )
                return 200, None
            log.warning(
                "invoke %s not ready in %ss; Teams was told it's on its way",
                body.get("name"),
                self.invoke_deadline,
            )
            return 200, self.late_answer(body)
        return int(result.get("status") or 200), result.get("body")


def understood(body: dict[str, Any]) -> bool:
    """Whether the SDK's models read `body` as an activity (as its handler will, after the
    token): a junk field or an activity type it does not know is a 400 here, not its 500."""
    try:
        core = CoreActivity.model_validate(body)
        ActivityTypeAdapter.validate_python(core.model_dump(by_alias=True, exclude_none=True))
    except ValidationError:
        return False
    return True


def _json_body(environ: WSGIEnvironment) -> dict[str, Any] | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length <= 0 or length > MAX_BODY:
        return None
    raw = environ["wsgi.input"].read(length)
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def _normalise(body: dict[str, Any]) -> None:
    """Make Teams payloads the SDK 2.1 models reject acceptable to them.

    A card's automatic refresh carries value.trigger 'automatic', which the SDK's model does
    not list (only 'manual'), so validation would fail; we keep the fact in the action data.
    """
    value = body.get("value")
    if body.get("name") == "adaptiveCard/action" and isinstance(value, dict):
        trigger = value.get("trigger")
        if trigger is not None and trigger != "manual":
            value.pop("trigger")
            action = value.get("action")
            if isinstance(action, dict) and isinstance(action.get("data"), dict):
                action["data"]["_trigger"] = str(trigger)[:20]


def _json(start_response: StartResponse, status: int, answer: Any) -> list[bytes]:
    reason = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized"}
    line = f"{status} {reason.get(status, 'Status')}"
    if answer is None:
        start_response(line, [("Content-Length", "0")])
        return [b""]
    data = json.dumps(answer, ensure_ascii=False).encode()
    start_response(
        line,
        [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(data)))],
    )
    return [data]
