"""Serving the Bolt app: HTTP on waitress at POST /slack/events, or Socket Mode.

The WSGI layer turns a malformed X-Slack-Request-Timestamp into 401 (Bolt itself would raise
and answer 500); everything else, including signature checks, is Bolt's.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

PATH = "/slack/events"
HTTP_THREADS = 16
MAX_BODY = 1_000_000  # Slack payloads are a few kB; anything this big is not Slack


def wsgi_app(bolt: App, path: str = PATH) -> WSGIApplication:
    """The WSGI application: Slack requests at `path`, a health check at /healthz."""
    slack = SlackRequestHandler(bolt, path=path)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        route = environ.get("PATH_INFO", "")
        if route == "/healthz":
            return _plain(start_response, "200 OK", "ok")
        if environ.get("REQUEST_METHOD") == "POST" and route == path:
            stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
            if stamp is not None and not _is_unix_time(stamp):
                return _plain(start_response, "401 Unauthorized", "invalid request")
        return slack(environ, start_response)

    return application


def _is_unix_time(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 12


def _plain(start_response: StartResponse, status: str, body: str) -> list[bytes]:
    data = body.encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))]
    )
    return [data]


class HttpServer:
    """waitress serving the Bolt app on host:port (port 0 picks a free one)."""

    def __init__(
        self,
        bolt: App,
        *,
        host: str = "0.0.0.0",
        port: int = 3000,
        threads: int = HTTP_THREADS,
        **adjustments: Any,
    ) -> None:
        from waitress.server import create_server  # type: ignore[import-untyped]

        self._server: Any = create_server(
            wsgi_app(bolt),
            host=host,
            port=port,
            threads=threads,
            ident="prometo",
            max_request_body_size=MAX_BODY,
            clear_untrusted_proxy_headers=True,
            **adjustments,
        )
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PATH}"

    def serve_forever(self) -> None:
        log.info("Prometo listening on port %s at %s", self.port, PATH)
        self._server.run()

    def start(self) -> HttpServer:
        """Serve in a background thread until stop() (tests, benchmarks)."""
        self._thread = threading.Thread(target=self._loop, name="waitress", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop a server started with start(): the serving thread closes its own sockets."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        server = self._server
        while server._map and not self._stopping.is_set():
            server.asyncore.loop(
                timeout=0.05, map=server._map, use_poll=server.adj.asyncore_use_poll, count=1
            )
        server.task_dispatcher.shutdown(timeout=5)
        for channel in list(server._map.values()):
            channel.close()


def serve_socket_mode(bolt: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode and handle requests until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(bolt, app_token).start()
