"""A local Bot Connector double, and the Bot Framework's token issuer: Teams, offline.

The Teams SDK talks to it over real HTTP: proactive sends and replies
(POST /v3/conversations/{id}/activities), updates (PUT …/activities/{id}), new 1:1 chats
(POST /v3/conversations), member lookups (GET …/members/{id}). It records every call, answers
as the connector does, and can be told to fail: an HTTP status with a Teams error code, or 429
with Retry-After; or to hold calls until the test lets them go. It also serves the OpenID
configuration and the JWKS of a locally generated RSA key, and signs Bot Framework tokens
with it, so the SDK's JWT validation runs for real against it.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://api.botframework.com"
KID = "prometo-test-key"
OUTBOUND_SECRET = "teams-double-outbound-token-signing-key-0123456789"

_CONVERSATIONS = re.compile(r"^/v3/conversations/?$")
_ACTIVITIES = re.compile(r"^/v3/conversations/(?P<conv>[^/]+)/activities(?:/(?P<aid>[^/]+))?/?$")
_MEMBER = re.compile(r"^/v3/conversations/(?P<conv>[^/]+)/members/(?P<member>[^/]+)/?$")


@dataclass
class Call:
    kind: str  # send, reply, update, create, member
    method: str
    conversation: str | None
    activity_id: str | None
    body: dict[str, Any]
    headers: dict[str, str]
    status: int = 200
    answer: dict[str, Any] = field(default_factory=dict)  # what the double replied

    @property
    def id(self) -> str:
        """The id the connector gave the activity it accepted."""
        return str(self.answer.get("id") or "")

    @property
    def ok(self) -> bool:
        return self.status < 300

    def card(self) -> dict[str, Any]:
        """The Adaptive Card the activity carries ({} when none)."""
        for attachment in self.body.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return dict(attachment.get("content") or {})
        return {}

    def text(self) -> str:
        """Everything a person would read: the activity's text and every text of its card."""
        return "\n".join([str(self.body.get("text") or ""), *card_texts(self.card())])


def card_texts(node: Any) -> list[str]:
    """Every TextBlock text and button title of a card, in order."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "TextBlock" and node.get("text"):
            found.append(str(node["text"]))
        if str(node.get("type", "")).startswith("Action.") and node.get("title"):
            found.append(str(node["title"]))
        for value in node.values():
            found.extend(card_texts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(card_texts(item))
    return found


def card_actions(node: Any) -> list[dict[str, Any]]:
    """Every Action.Execute/Submit of a card, with its title and data."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") in ("Action.Execute", "Action.Submit") and "title" in node:
            found.append(node)
        for key, value in node.items():
            if key != "refresh":
                found.extend(card_actions(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(card_actions(item))
    return found


@functools.cache
def _signing_key() -> Any:
    """One RSA key per test process: making one takes a while on a busy machine."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def personal_chat(member: str) -> str:
    """The id Teams gives the 1:1 chat of the bot with a '29:' user (the same every time)."""
    return f"a:1{member.removeprefix('29:')}"


@dataclass
class _Failure:
    status: int
    code: str
    retry_after: int | None
    times: int


@dataclass
class ConnectorDouble:
    """Start with `with ConnectorDouble.running() as connector:`; it is `serviceUrl`."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    members: dict[str, dict[str, str]] = field(default_factory=dict)  # aad -> member
    _failures: dict[str, list[_Failure]] = field(default_factory=dict)
    _holds: dict[str, threading.Event] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _key: Any = None

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[ConnectorDouble]:
        double = cls()
        double._key = _signing_key()
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(double))
        server.daemon_threads = True
        double.url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            yield double
        finally:
            for event in double._holds.values():
                event.set()
            server.shutdown()
            server.server_close()

    # tokens ---------------------------------------------------------------------------------
    @property
    def openid_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    def token(self, audience: str, *, service_url: str | None = None, **claims: Any) -> str:
        """A Bot Framework token as the Bot Connector signs them (RS256, our key)."""
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "aud": audience,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "serviceurl": service_url if service_url is not None else self.url,
            **claims,
        }
        return jwt.encode(payload, self._key, algorithm="RS256", headers={"kid": KID})

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key()))
        public.update(kid=KID, use="sig", alg="RS256")
        return {"keys": [public]}

    @staticmethod
    def bot_token(scope: str, tenant_id: str | None = None) -> str:
        """The bot's own outbound token (the SDK decodes it, unverified, so it is a JWT)."""
        claims = {"aud": scope, "exp": int(time.time()) + 3600, "tid": tenant_id or ""}
        return jwt.encode(claims, OUTBOUND_SECRET, algorithm="HS256")

    # programming the double -------------------------------------------------------------------
    def add_member(self, aad: str, mri: str, name: str) -> None:
        self.members[aad] = {"id": mri, "aadObjectId": aad, "name": name}

    def fail(self, kind: str, status: int, code: str = "", *, times: int = 1) -> None:
        """The next `times` calls of `kind` answer `status` with a Teams error `code`."""
        with self._lock:
            self._failures.setdefault(kind, []).append(_Failure(status, code, None, times))

    def rate_limit(self, kind: str, *, retry_after: int = 1, times: int = 1) -> None:
        """The next `times` calls of `kind` answer HTTP 429 with Retry-After."""
        with self._lock:
            self._failures.setdefault(kind, []).append(
                _Failure(429, "TooManyRequests", retry_after, times)
            )

    def hold(self, kind: str) -> threading.Event:
        """Calls of `kind` wait until the returned event is set."""
        event = threading.Event()
        self._holds[kind] = event
        return event

    # reading what happened --------------------------------------------------------------------
    def calls_to(self, kind: str, conversation: str | None = None) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self.calls
                if c.kind == kind and (conversation is None or c.conversation == conversation)
            ]

    def sent(self, conversation: str | None = None) -> list[Call]:
        """Accepted messages (sends and replies), optionally to one conversation."""
        return [
            c
            for c in self.calls_to("send", conversation) + self.calls_to("reply", conversation)
            if c.ok
        ]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._failures.clear()

    # answering --------------------------------------------------------------------------------
    def _failure(self, kind: str) -> _Failure | None:
        with self._lock:
            queue = self._failures.get(kind)
            if not queue:
                return None
            failure = queue[0]
            failure.times -= 1
            if failure.times <= 0:
                queue.pop(0)
            return failure


def _handler_for(double: ConnectorDouble) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real connector

        def _answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            path = self.path.split("?", 1)[0]
            if self.command == "GET" and path.endswith("/openidconfiguration"):
                keys = f"{double.url}/v1/.well-known/keys"
                return self._answer(200, {"issuer": ISSUER, "jwks_uri": keys})
            if self.command == "GET" and path.endswith("/.well-known/keys"):
                return self._answer(200, double.jwks())
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.loads(raw or b"{}")
            kind, conversation, activity_id = _route(self.command, path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            call = Call(kind, self.command, conversation, activity_id, body, headers)
            with double._lock:
                double.calls.append(call)
            hold = double._holds.get(kind)
            if hold is not None:
                hold.wait(30)
            failure = double._failure(kind)
            if failure is not None:
                call.status = failure.status
                extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
                error = {"error": {"code": failure.code, "message": failure.code}}
                return self._answer(failure.status, error, extra)
            status, answer = _ok(double, kind, conversation, activity_id, body)
            call.status, call.answer = status, answer
            return self._answer(status, answer)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def _route(method: str, path: str) -> tuple[str, str | None, str | None]:
    if _CONVERSATIONS.match(path):
        return "create", None, None
    match = _ACTIVITIES.match(path)
    if match:
        conversation, activity = unquote(match["conv"]), match["aid"]
        if method == "PUT":
            return "update", conversation, unquote(activity or "")
        if method == "DELETE":
            return "delete", conversation, unquote(activity or "")
        return ("reply" if activity else "send"), conversation, activity and unquote(activity)
    match = _MEMBER.match(path)
    if match:
        return "member", unquote(match["conv"]), unquote(match["member"])
    return "unknown", None, None


def _ok(
    double: ConnectorDouble, kind: str, conversation: str | None, activity: str | None, body: Any
) -> tuple[int, Any]:
    if kind == "create":
        member = str((body.get("members") or [{}])[0].get("id") or "29:nobody")
        return 200, {"id": personal_chat(member)}
    if kind in ("send", "reply"):
        return 200, {"id": f"act-{next(double._ids)}"}
    if kind == "update":
        return 200, {"id": activity}
    if kind == "member":
        member = double.members.get(activity or "") or next(
            (m for m in double.members.values() if m["id"] == activity), None
        )
        if member is None:
            return 404, {"error": {"code": "MemberNotFoundInConversation", "message": "no"}}
        return 200, member
    return 200, {}
