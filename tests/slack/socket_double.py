"""A local Socket Mode endpoint: the WebSocket that apps.connections.open hands out.

Standard library only, just enough RFC 6455 for slack_sdk's built-in client: the opening
handshake, unmasked frames to the app, masked frames from it (text, ping, pong, close). Like
Slack, it greets each connection with `hello`, sends envelopes, and records every text message
the app sends back: the acknowledgements, `{"envelope_id": ..., "payload": ...}`.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 section 1.3
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class SocketModeDouble:
    """Start with `with SocketModeDouble.running() as socket_mode:`; hand out `socket_mode.url`."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.url = f"ws://127.0.0.1:{self._listener.getsockname()[1]}/link/?ticket=t-1"
        self.handshakes: list[str] = []  # each connection's request line
        self.received: list[dict[str, Any]] = []  # every text message from the app, parsed
        self.protocol_errors: list[str] = []
        self._conns: list[socket.socket] = []
        self._send_lock = threading.Lock()
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._ids = itertools.count(1)

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[SocketModeDouble]:
        double = cls()
        double._spawn(double._accept_loop)
        try:
            yield double
        finally:
            double._stop()

    # talking to the app -------------------------------------------------------------------
    def wait_connected(self, timeout: float = 20) -> None:
        self.wait_for(lambda: bool(self._conns), timeout, "the app never opened the WebSocket")

    def envelope(
        self, kind: str, payload: dict[str, Any], *, accepts_response_payload: bool, **extra: Any
    ) -> str:
        """Send one envelope (`slash_commands`, `events_api`, `interactive`); its envelope_id."""
        envelope_id = f"{next(self._ids):04d}-env-{kind}"
        self.send(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": accepts_response_payload,
                **extra,
            }
        )
        return envelope_id

    def send(self, message: dict[str, Any]) -> None:
        """A text frame with `message` as JSON, on the newest connection."""
        self.wait_connected()
        with self._send_lock:
            self._conns[-1].sendall(_frame(TEXT, json.dumps(message).encode()))

    def ack(self, envelope_id: str, timeout: float = 20) -> dict[str, Any]:
        """Wait for the app's acknowledgement of `envelope_id` and return it."""
        self.wait_for(lambda: bool(self.acks(envelope_id)), timeout, f"no ack for {envelope_id}")
        return self.acks(envelope_id)[0]

    def acks(self, envelope_id: str) -> list[dict[str, Any]]:
        with self._changed:
            return [m for m in self.received if m.get("envelope_id") == envelope_id]

    def wait_for(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                assert left > 0, what
                self._changed.wait(min(left, 0.05))

    # serving ------------------------------------------------------------------------------
    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name="socket-mode-double", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _stop(self) -> None:
        self._stopping.set()
        for conn in list(self._conns):
            with suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            self._spawn(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            rest = self._handshake(conn)
            if rest is None:
                return
            reader = _Reader(conn, rest)
            with self._changed:
                self._conns.append(conn)
                self._changed.notify_all()
            hello = {
                "type": "hello",
                "num_connections": len(self._conns),
                "debug_info": {"host": "applink-double", "approximate_connection_time": 18060},
                "connection_info": {"app_id": "A0PROMETO"},
            }
            with self._send_lock:
                conn.sendall(_frame(TEXT, json.dumps(hello).encode()))
            try:
                self._read_frames(conn, reader)
            except (EOFError, OSError):
                pass  # the app went away, or the double is stopping
            finally:
                with self._changed:
                    self._conns.remove(conn)
                    self._changed.notify_all()

    def _handshake(self, conn: socket.socket) -> bytes | None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return None
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        request_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines)}
        key = headers.get("sec-websocket-key", "")
        if headers.get("upgrade", "").lower() != "websocket" or not key:
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            self.protocol_errors.append(f"not a WebSocket handshake: {request_line}")
            return None
        accept = base64.b64encode(hashlib.sha1(key.encode() + _GUID).digest()).decode()
        conn.sendall(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )
        with self._changed:
            self.handshakes.append(request_line)
        return rest

    def _read_frames(self, conn: socket.socket, reader: _Reader) -> None:
        while True:
            first, second = reader.take(2)
            opcode, length = first & 0x0F, second & 0x7F
            if not first & 0x80 or opcode == 0:
                self.protocol_errors.append("fragmented frame (the double does not reassemble)")
            if length == 126:
                (length,) = struct.unpack("!H", reader.take(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", reader.take(8))
            if not second & 0x80:
                self.protocol_errors.append("unmasked frame from the client (RFC 6455 5.1)")
            mask = reader.take(4) if second & 0x80 else b"\0\0\0\0"
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(reader.take(length)))
            if opcode == PING:
                with self._send_lock:
                    conn.sendall(_frame(PONG, data))
            elif opcode == CLOSE:
                with self._send_lock:
                    conn.sendall(_frame(CLOSE, data[:2]))
                return
            elif opcode == TEXT:
                with self._changed:
                    self.received.append(json.loads(data))
                    self._changed.notify_all()


class _Reader:
    """Exactly n bytes at a time from a socket, starting with what the handshake over-read."""

    def __init__(self, conn: socket.socket, buffered: bytes) -> None:
        self._conn, self._buffer = conn, buffered

    def take(self, n: int) -> bytes:
        while len(self._buffer) < n:
            chunk = self._conn.recv(65536)
            if not chunk:
                raise EOFError
            self._buffer += chunk
        data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data


def _frame(opcode: int, payload: bytes) -> bytes:
    """A final, unmasked frame (servers never mask, RFC 6455 section 5.1)."""
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, n)
    elif n < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 127, n)
    return head + payload
