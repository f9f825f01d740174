"""One HTTP server for every platform: waitress serving a router of exact paths.

Each platform mounts its WSGI application at its own path (Slack at /slack/events, Teams at
/api/messages, operations at /healthz); the composition root builds the router and
`prometo serve` runs it on PORT. Unknown paths get 404, never a traceback.

Every request gets an id (the caller's X-Request-Id when it is sane, else a new one), set in
REQUEST_ID for the log lines it causes and sent back in the X-Request-Id header.
"""

from __future__ import annotations

import contextvars
import logging
import re
import threading
import time
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)
access = logging.getLogger("prometo.access")

REQUEST_ID: ContextVar[str | None] = ContextVar("prometo_request_id", default=None)
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_QUIET = frozenset({"/healthz", "/metrics"})  # probes and scrapes: no access line

HTTP_THREADS = 16
MAX_BODY = 1_000_000  # chat platforms send a few kB; anything this big is not them


def plain(start_response: StartResponse, status: str, body: str) -> list[bytes]:
    """A short text/plain response."""
    data = body.encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))]
    )
    return [data]


class Router:
    """A WSGI application that hands each request to the application mounted at its path."""

    def __init__(self) -> None:
        self._routes: dict[str, WSGIApplication] = {}
        self.mount("/healthz", _ok)

    def mount(self, path: str, application: WSGIApplication) -> None:
        """Serve `path` (exact, e.g. '/slack/events') with `application`; a later mount wins."""
        self._routes[path] = application

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(self._routes)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        # each request in a context of its own: what it sets (its id, its workspace's Slack
        # client) ends with it and never leaks into the next request this thread serves
        return contextvars.copy_context().run(self._serve, environ, start_response)

    def _serve(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        given = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex
        bound = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        path = environ.get("PATH_INFO", "")
        status = ["-"]

        def respond(line: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            status[0] = line.split(" ", 1)[0]
            return start_response(line, [*headers, ("X-Request-Id", request_id)], *rest)

        try:
            target = self._routes.get(path)
            if target is None:
                return plain(respond, "404 Not Found", "not found")
            return target(environ, respond)
        finally:
            if path not in _QUIET:
                access.info(
                    "%s %s %s %.1f ms",
                    environ.get("REQUEST_METHOD", "-"),
                    path if path in self._routes else "(unknown path)",
                    status[0],
                    (time.perf_counter() - started) * 1000,
                )
            REQUEST_ID.reset(bound)


def _ok(_environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    return plain(start_response, "200 OK", "ok")


class HttpServer:
    """waitress serving a WSGI application on host:port (port 0 picks a free one)."""

    def __init__(
        self,
        application: WSGIApplication,
        *,
        host: str = "0.0.0.0",
        port: int = 3000,
        threads: int = HTTP_THREADS,
        **adjustments: Any,
    ) -> None:
        from waitress.server import create_server  # type: ignore[import-untyped]

        self._server: Any = create_server(
            application,
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

    def url(self, path: str = "/slack/events") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve_forever(self) -> None:
        log.info("Prometo listening on port %s", self.port)
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
