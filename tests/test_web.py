"""The one HTTP server: each platform at its own path, 404 for the rest."""

from __future__ import annotations

import http.client
from collections.abc import Iterable

from handlers.web import HttpServer, Router, plain


def _get(port: int, path: str, method: str = "GET") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_each_path_reaches_its_own_application_and_others_get_404() -> None:
    router = Router()

    def teams(environ: dict[str, object], start_response: object) -> Iterable[bytes]:
        return plain(start_response, "200 OK", f"teams {environ['REQUEST_METHOD']}")

    router.mount("/api/messages", teams)
    server = HttpServer(router, host="127.0.0.1", port=0, threads=2).start()
    try:
        assert _get(server.port, "/api/messages", "POST") == (200, b"teams POST")
        assert _get(server.port, "/healthz") == (200, b"ok")
        assert _get(server.port, "/slack/events")[0] == 404
        assert _get(server.port, "/../etc/passwd")[0] == 404
    finally:
        server.stop()
    assert set(router.paths) == {"/healthz", "/api/messages"}
