"""Taking the database away for a while, without touching the shared server.

PostgreSQL: `CuttableProxy` is a small TCP proxy between Prometo and the server; `cut()`
resets every connection through it and refuses new ones until `restore()`. SQLite: `hold()`
takes the write lock from another connection (BEGIN EXCLUSIVE) until released.
"""

from __future__ import annotations

import socket
import sqlite3
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy.engine import make_url

from storage.db import normalise_url


def _abort(sock: socket.socket) -> None:
    """Close with a reset (RST), waking a thread blocked reading it."""
    with suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with suppress(OSError):
        sock.close()


class CuttableProxy:
    """127.0.0.1:`port` forwards to `target` until cut."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port: int = self.listener.getsockname()[1]
        self.up = True
        self.closed = False
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self.refused = 0  # connections refused while cut
        threading.Thread(target=self._accept, daemon=True).start()

    @classmethod
    @contextmanager
    def around(cls, url: str) -> Iterator[tuple[CuttableProxy, str]]:
        """A proxy to `url`'s server, and `url` pointed at the proxy."""
        parsed = make_url(normalise_url(url))
        proxy = cls(parsed.host or "127.0.0.1", parsed.port or 5432)
        try:
            yield (
                proxy,
                parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
            )
        finally:
            proxy.close()

    def cut(self) -> None:
        with self._lock:
            self.up = False
            pairs, self._pairs = self._pairs, []
        for client, server in pairs:
            _abort(client)
            _abort(server)

    def restore(self) -> None:
        with self._lock:
            self.up = True

    def close(self) -> None:
        self.closed = True
        self.cut()
        self.listener.close()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed; or a client that gave up before it was accepted
                if self.closed:
                    return
                continue
            with self._lock:
                up = self.up
            if not up:
                self.refused += 1
                _abort(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                _abort(client)
                continue
            server.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self._pairs.append((client, server))
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        _abort(src)
        _abort(dst)


@contextmanager
def write_lock(path: str) -> Iterator[None]:
    """Hold SQLite's write lock on the database file at `path` (BEGIN EXCLUSIVE)."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        conn.close()
