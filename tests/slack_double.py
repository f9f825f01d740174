"""A local Slack Web API double: the real slack_sdk WebClient talks to it over HTTP.

It records every call (method, arguments, headers), answers like Slack does for the methods
Prometo uses, and can be told to fail: a Slack error code, or HTTP 429 with Retry-After, for
every caller or only for one workspace's token.

Many workspaces: `install(code, team)` prepares an OAuth install; `oauth.v2.access` then
trades that code for a bot token of that team (Slack's documented answer), and `auth.test`
answers for each token with its own team.

File uploads follow Slack's v2 flow: `files.getUploadURLExternal` (filename, length) hands out
a file id and an upload URL on this double; the bytes are POSTed there (recorded as the method
"upload", answered `OK - <bytes>`); `files.completeUploadExternal` (files=[{id, title}],
channel_id) shares them. `uploads` keeps every file, its bytes and where it was shared.

Faults and limits, for the reliability suite (tests/reliability):
- `drop_after_storing(method, every=100)`: every Nth call is stored (posted, recorded as ok)
  and then the connection is closed without an answer, as when a network drops a reply;
- `rate_limit_for(method, seconds)`: for that long, every call answers HTTP 429 with a
  Retry-After of the seconds left (rounded up), as Slack does while a limit holds;
- `cap(per_window, window)`: a workspace (a token) may make at most `per_window` calls of a
  method in any `window` seconds (Slack's "600 a minute"); beyond it, 429 with Retry-After;
- `delay` (seconds): every answer waits that long, like a real network round trip.
Each call records when it arrived and when it was answered (`time.monotonic()`).
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = "UBOTPROMETO"
TEAM = "T0001"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    at: float = 0.0  # time.monotonic() when the request arrived
    status: int = 200  # the HTTP status the double answered with
    ok: bool | None = None  # the answer's "ok", once answered
    answered: float = 0.0  # time.monotonic() when the answer was written (or the line cut)
    dropped: bool = False  # stored, then the connection closed without an answer
    retry_after: int | None = None  # the Retry-After of a 429 answer

    @property
    def token(self) -> str | None:
        """The bearer token the call was made with."""
        auth = self.headers.get("authorization", "")
        return auth[len("Bearer ") :] if auth.startswith("Bearer ") else None


@dataclass
class UploadedFile:
    """A file as the double knows it: declared by getUploadURLExternal, then uploaded, then
    completed (shared to `channel`, when one was given)."""

    id: str
    filename: str
    length: int
    alt_txt: str | None = None
    data: bytes | None = None
    title: str | None = None
    channel: str | None = None
    completed: bool = False


@dataclass
class _Failure:
    error: str | None
    status: int = 200
    retry_after: int | None = None
    times: int = 1
    token: str | None = None  # only calls made with this token fail


@dataclass
class Install:
    """A workspace ready to install the app: the code Slack hands the redirect, what it gives."""

    team_id: str
    team_name: str
    user_id: str
    token: str
    bot_user_id: str


@dataclass
class SlackDouble:
    """Start with `with SlackDouble.running() as slack:`; point WebClient at `slack.url`."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    url: str = ""
    _failures: dict[str, list[_Failure]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    delay: float = 0.0  # seconds each answer waits, like a real network round trip
    socket_url: str = ""  # when set, apps.connections.open hands out this Socket Mode URL
    client_id: str = "1111.2222"  # the app's credentials, for oauth.v2.access
    client_secret: str = "app-client-secret-0123456789"
    installs: dict[str, Install] = field(default_factory=dict)  # by OAuth code
    teams: dict[str, str] = field(default_factory=dict)  # bot token: team id
    uploads: dict[str, UploadedFile] = field(default_factory=dict)
    _file_ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _drops: dict[str, tuple[int, int]] = field(default_factory=dict)  # method: (every, seen)
    _windows: dict[str, float] = field(default_factory=dict)  # method: 429 until (monotonic)
    _caps: dict[str, tuple[int, float]] = field(default_factory=dict)  # method: (calls, secs)
    _recent: dict[tuple[str, str | None], list[float]] = field(default_factory=dict)
    _accepted: dict[str, int] = field(default_factory=dict)  # method: calls answered ok

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[SlackDouble]:
        double = cls()
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(double))
        server.daemon_threads = True
        double.url = f"http://127.0.0.1:{server.server_address[1]}/api/"
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            yield double
        finally:
            server.shutdown()
            server.server_close()

    # programming the double -------------------------------------------------------------
    def add_user(
        self,
        user_id: str,
        *,
        tz: str = "America/Santiago",
        locale: str = "es-LA",
        name: str | None = None,
        deleted: bool = False,
        admin: bool = False,
        owner: bool = False,
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "team_id": TEAM,
            "name": name or user_id.lower(),
            "real_name": name or user_id,
            "deleted": deleted,
            "is_bot": False,
            "is_admin": admin or owner,  # Slack: owners are admins too
            "is_owner": owner,
            "is_primary_owner": False,
            "tz": tz,
            "locale": locale,
            "profile": {"display_name": name or user_id},
        }

    def install(self, code: str, team_id: str, *, team_name: str = "", user_id: str) -> str:
        """Let `code` install the app in `team_id` by `user_id`; returns the bot token to come."""
        token = f"xoxb-{team_id}-{abs(hash(code)) % 10**12:012d}-secretpart"
        with self._lock:
            self.installs[code] = Install(
                team_id, team_name or team_id, user_id, token, f"UBOT{team_id}"
            )
            self.teams[token] = team_id
        return token

    def fail_upload(self, *, status: int = 500, times: int = 1) -> None:
        """The next `times` POSTs of file bytes to an upload URL answer HTTP `status`."""
        with self._lock:
            self._failures.setdefault("upload", []).append(
                _Failure(error=None, status=status, times=times)
            )

    def fail(self, method: str, error: str, *, times: int = 1, token: str | None = None) -> None:
        """The next `times` calls of `method` (with `token`, if given) answer ok=false."""
        with self._lock:
            self._failures.setdefault(method, []).append(
                _Failure(error=error, times=times, token=token)
            )

    def rate_limit(
        self, method: str, *, retry_after: int = 1, times: int = 1, token: str | None = None
    ) -> None:
        """The next `times` calls of `method` (with `token`, if given) answer HTTP 429."""
        with self._lock:
            self._failures.setdefault(method, []).append(
                _Failure(
                    error="ratelimited",
                    status=429,
                    retry_after=retry_after,
                    times=times,
                    token=token,
                )
            )

    def drop_after_storing(self, method: str, *, every: int = 100) -> None:
        """Every `every`th call of `method` is stored, then its connection is cut unanswered."""
        with self._lock:
            self._drops[method] = (every, 0)

    def rate_limit_for(self, method: str, seconds: float) -> None:
        """For `seconds` from now, every call of `method` answers 429 with the Retry-After
        left (whole seconds, rounded up)."""
        with self._lock:
            self._windows[method] = time.monotonic() + seconds

    def cap(self, method: str, calls: int, window: float = 60.0) -> None:
        """Each token may make `calls` calls of `method` in any `window` seconds; the next
        answers 429 with the Retry-After until one falls out of the window."""
        with self._lock:
            self._caps[method] = (calls, window)

    # reading what happened ---------------------------------------------------------------
    def accepted(self, method: str) -> int:
        """How many calls of `method` were accepted (ok), cheaply: for polling."""
        with self._lock:
            return self._accepted.get(method, 0)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._failures.clear()
            self.uploads.clear()
            self._drops.clear()
            self._windows.clear()
            self._caps.clear()
            self._recent.clear()
            self._accepted.clear()

    def shared_files(self, channel: str | None = None) -> list[UploadedFile]:
        """Files uploaded and completed, shared to `channel` (any channel when None)."""
        with self._lock:
            return [
                f
                for f in self.uploads.values()
                if f.completed and f.channel is not None and channel in (None, f.channel)
            ]

    # answering ---------------------------------------------------------------------------
    def _limited(self, method: str, call: Call) -> int | None:
        """The Retry-After when a window or a cap refuses this call (under the lock)."""
        until = self._windows.get(method)
        if until is not None and call.at < until:
            return max(1, math.ceil(until - call.at))
        capped = self._caps.get(method)
        if capped is None:
            return None
        calls, window = capped
        recent = self._recent.setdefault((method, call.token), [])
        while recent and recent[0] <= call.at - window:
            recent.pop(0)
        if len(recent) >= calls:
            return max(1, math.ceil(recent[0] + window - call.at))
        recent.append(call.at)  # only accepted calls count towards the cap
        return None

    def _dropping(self, method: str) -> bool:
        """Whether this call of `method` is one to store and then cut (under the lock)."""
        drop = self._drops.get(method)
        if drop is None:
            return False
        every, seen = drop
        self._drops[method] = (every, seen + 1)
        return (seen + 1) % every == 0

    def _answer(
        self, method: str, args: dict[str, Any], call: Call
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        with self._lock:
            wait = self._limited(method, call)
            if wait is not None:
                call.retry_after = wait
                return 429, {"Retry-After": str(wait)}, {"ok": False, "error": "ratelimited"}
            queue = [f for f in self._failures.get(method, ()) if f.token in (None, call.token)]
            if queue:
                failure = queue[0]
                failure.times -= 1
                if failure.times <= 0:
                    self._failures[method].remove(failure)
                headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
                return failure.status, headers, {"ok": False, "error": failure.error}
            ts = f"1700000000.{next(self._ts):06d}"
        return 200, {}, self._ok(method, args, ts, call)

    def _ok(self, method: str, args: dict[str, Any], ts: str, call: Call) -> dict[str, Any]:
        if method == "oauth.v2.access":
            return self._oauth_access(args, call)
        if method == "auth.test":
            team = self.teams.get(call.token or "", TEAM)
            return {
                "ok": True,
                "user_id": BOT_USER if team == TEAM else f"UBOT{team}",
                "team_id": team,
                "bot_id": "BPROMETO" if team == TEAM else f"B{team}",
                "team": "Acme" if team == TEAM else team,
                "user": "prometo",
                "url": f"https://{team.lower()}.slack.com/",
            }
        if method == "users.info":
            user = self.users.get(str(args.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "conversations.open":
            users = str(args.get("users", ""))
            return {"ok": True, "channel": {"id": "D" + users.split(",")[0]}}
        if method == "chat.postEphemeral":  # documented answer: only the ephemeral's ts
            if not args.get("channel") or not args.get("user"):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "message_ts": ts}
        if method in ("chat.postMessage", "chat.update"):
            channel = args.get("channel")
            return {
                "ok": True,
                "channel": channel,
                "ts": args.get("ts") or ts,
                "message_ts": ts,
                "message": {"text": args.get("text"), "ts": ts},
            }
        if method == "chat.getPermalink":
            return {
                "ok": True,
                "permalink": f"https://acme.slack.com/archives/"
                f"{args.get('channel')}/p{str(args.get('message_ts')).replace('.', '')}",
            }
        if method == "apps.connections.open" and self.socket_url:
            return {"ok": True, "url": self.socket_url}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {"ok": True, "view": {"id": "V" + ts.replace(".", ""), "hash": ts}}
        if method == "files.getUploadURLExternal":
            return self._upload_url(args)
        if method == "files.completeUploadExternal":
            return self._complete_upload(args)
        return {"ok": True}

    def _oauth_access(self, args: dict[str, Any], call: Call) -> dict[str, Any]:
        """oauth.v2.access: the app's credentials (HTTP Basic, or form fields) and a code."""
        client_id, client_secret = args.get("client_id"), args.get("client_secret")
        auth = call.headers.get("authorization", "")
        if auth.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(auth[6:]).decode().partition(":")
        if (client_id, client_secret) != (self.client_id, self.client_secret):
            return {"ok": False, "error": "invalid_client_id"}
        found = self.installs.pop(str(args.get("code")), None)
        if found is None:
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True,
            "access_token": found.token,
            "token_type": "bot",
            "scope": "commands,chat:write,im:write,users:read,reactions:read",
            "bot_user_id": found.bot_user_id,
            "app_id": "A0PROMETO",
            "team": {"name": found.team_name, "id": found.team_id},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": found.user_id, "scope": "", "access_token": None},
        }

    # files upload v2 ---------------------------------------------------------------------
    def _upload_url(self, args: dict[str, Any]) -> dict[str, Any]:
        filename, length = args.get("filename"), str(args.get("length") or "")
        if not filename or not length.isdigit() or int(length) <= 0:
            return {"ok": False, "error": "invalid_arguments"}
        with self._lock:
            file_id = f"F{next(self._file_ids):010d}"
            self.uploads[file_id] = UploadedFile(
                file_id, str(filename), int(length), alt_txt=args.get("alt_txt")
            )
        base = self.url.removesuffix("api/")
        return {"ok": True, "upload_url": f"{base}upload/v1/{file_id}", "file_id": file_id}

    def _receive_upload(self, file_id: str, data: bytes) -> tuple[int, str]:
        with self._lock:
            queue = self._failures.get("upload")
            if queue:
                failure = queue[0]
                failure.times -= 1
                if failure.times <= 0:
                    queue.pop(0)
                return failure.status, "upload failed"
            known = self.uploads.get(file_id)
            if known is None:
                return 404, "not found"
            known.data = data
        return 200, f"OK - {len(data)}"

    def _complete_upload(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        channel = args.get("channel_id") or None
        with self._lock:
            found = [self.uploads.get(str(f.get("id"))) for f in files if isinstance(f, dict)]
            if len(found) != len(files) or any(f is None or f.data is None for f in found):
                return {"ok": False, "error": "file_not_found"}
            if any(len(f.data or b"") != f.length for f in found if f is not None):
                return {"ok": False, "error": "file_upload_size_mismatch"}
            shared = []
            for f, asked in zip(found, files, strict=True):
                assert f is not None
                f.title, f.channel, f.completed = asked.get("title"), channel, True
                shared.append({"id": f.id, "title": f.title or f.filename})
        return {"ok": True, "files": shared}


def _handler_for(double: SlackDouble) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            path, _, query = self.path.partition("?")
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            if path.startswith("/upload/v1/"):
                self._upload(path.rsplit("/", 1)[-1], raw, headers)
                return
            method = path.rsplit("/", 1)[-1]
            args = {**dict(parse_qsl(query)), **_decode(raw, self.headers.get("Content-Type", ""))}
            call = Call(method, args, headers, at=time.monotonic())
            with double._lock:
                double.calls.append(call)
                drop = double._dropping(method)
            if double.delay:
                time.sleep(double.delay)
            status, extra, body = double._answer(method, args, call)
            call.status, call.ok = status, bool(body.get("ok"))
            if call.ok:
                with double._lock:
                    double._accepted[method] = double._accepted.get(method, 0) + 1
            if drop and call.ok:  # stored: now the reply is lost on the way
                call.dropped = True
                self.close_connection = True
                with suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                call.answered = time.monotonic()
                return
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            call.answered = time.monotonic()

        do_GET = do_POST

        def _upload(self, file_id: str, raw: bytes, headers: dict[str, str]) -> None:
            call = Call("upload", {"file_id": file_id, "size": len(raw)}, headers, time.monotonic())
            with double._lock:
                double.calls.append(call)
            status, text = double._receive_upload(file_id, raw)
            call.status, call.ok = status, status == 200
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def _decode(raw: bytes, content_type: str) -> dict[str, Any]:
    text = raw.decode("utf-8", "replace")
    if "json" in content_type:
        return json.loads(text or "{}")  # type: ignore[no-any-return]
    args: dict[str, Any] = dict(parse_qsl(text, keep_blank_values=True))
    for key in ("blocks", "view", "attachments", "files"):
        if isinstance(args.get(key), str):
            with suppress(ValueError):
                args[key] = json.loads(args[key])
    return args
