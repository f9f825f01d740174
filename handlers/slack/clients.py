"""Web API clients per workspace: one bot token (SLACK_BOT_TOKEN), or each installation's.

Listeners talk to Slack through the client of the request they serve (bound by a Bolt
middleware, and carried to the listener threads with the request's context); the chaser
through the client of the workspace a delivery is for. Every client reports each call's
latency and every 429 to the metrics.

The chaser's clients never sleep on a 429: the chaser pauses that workspace alone and sends
to the others meanwhile. Listener clients retry a 429 twice after Retry-After, as before.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

# the client of the Slack request being served, if any (set by `bind_request_client`)
REQUEST_CLIENT: ContextVar[WebClient | None] = ContextVar("prometo_slack_client", default=None)
CACHE_SECONDS = 60.0  # how long a workspace's token is trusted before it is read again


class ApiMeter(Protocol):
    """Where Web API figures go (handlers.ops.metrics.Metrics)."""

    def slack_call(self, method: str, seconds: float) -> None: ...

    def slack_ratelimited(self, method: str) -> None: ...


class MeteredWebClient(WebClient):
    """A WebClient that times every Web API method it calls."""

    meter: ApiMeter | None = None

    def api_call(self, api_method: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return super().api_call(api_method, **kwargs)
        finally:
            if self.meter is not None:
                self.meter.slack_call(api_method, time.perf_counter() - started)


class _CountRateLimits(RetryHandler):
    """Never retries anything; counts each 429 Slack answers (it sees every answer first)."""

    def __init__(self, meter: ApiMeter) -> None:
        super().__init__(max_retry_count=1_000_000)
        self.meter = meter

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is not None and response.status_code == 429:
            self.meter.slack_ratelimited(request.url.rsplit("/", 1)[-1].split("?")[0])
        return False


class SlackClients:
    """Makes and caches the WebClients: per token, per workspace."""

    def __init__(
        self,
        *,
        base_url: str,
        token: str | None = None,
        tokens: Callable[[int], str | None] | None = None,
        timeout: int = 10,
        meter: ApiMeter | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.meter = meter
        self._token = token
        self._tokens = tokens  # OAuth: the bot token of a workspace id, None when uninstalled
        self._lock = threading.Lock()
        self._by_token: dict[tuple[str | None, bool], WebClient] = {}
        self._by_workspace: dict[int, tuple[float, str | None]] = {}
        self.base = self._make(token, listener=True)

    @classmethod
    def around(cls, client: WebClient) -> SlackClients:
        """Clients that all are `client` (tests hand one in, pointed at a Slack double)."""
        clients = cls(base_url=client.base_url, token=client.token)
        clients.base = client
        clients._by_token[(client.token, True)] = client
        clients._by_token[(client.token, False)] = client
        return clients

    @property
    def multi(self) -> bool:
        """True when each workspace has its own token (OAuth installs)."""
        return self._tokens is not None

    def for_token(self, token: str | None, *, listener: bool = True) -> WebClient:
        key = (token, listener)
        with self._lock:
            found = self._by_token.get(key)
            if found is None:
                found = self._by_token[key] = self._make(token, listener=listener)
            return found

    def for_workspace(self, workspace_id: int, *, listener: bool = False) -> WebClient:
        """The client with this workspace's bot token (the one token in single-workspace mode)."""
        if self._tokens is None:
            return self.for_token(self._token, listener=listener)
        now = time.monotonic()
        with self._lock:
            cached = self._by_workspace.get(workspace_id)
        if cached is None or now - cached[0] > CACHE_SECONDS:
            cached = (now, self._tokens(workspace_id))
            with self._lock:
                self._by_workspace[workspace_id] = cached
        return self.for_token(cached[1], listener=listener)

    def forget(self, workspace_id: int | None = None) -> None:
        """Drop cached tokens (one workspace's, or all): after an uninstall or a rotation."""
        with self._lock:
            if workspace_id is None:
                self._by_workspace.clear()
                self._by_token.clear()
            else:
                self._by_workspace.pop(workspace_id, None)

    def current(self) -> WebClient:
        """The client of the Slack request being served, else the base client."""
        return REQUEST_CLIENT.get() or self.base

    def _make(self, token: str | None, *, listener: bool) -> WebClient:
        handlers: list[RetryHandler] = []
        if self.meter is not None:
            handlers.append(_CountRateLimits(self.meter))
        handlers.append(ConnectionErrorRetryHandler())
        if listener:
            handlers.append(RateLimitErrorRetryHandler(2))
        client = MeteredWebClient(
            token=token, base_url=self.base_url, timeout=self.timeout, retry_handlers=handlers
        )
        client.meter = self.meter
        return client


def bind_request_client(clients: SlackClients) -> Callable[..., Any]:
    """A Bolt middleware: the request's workspace client becomes `clients.current()`.

    Bolt runs listeners after every middleware has returned, so the value is not reset here:
    each HTTP request runs in a context of its own (handlers.web.Router), which ends with it."""

    def middleware(context: Any, next: Callable[[], Any]) -> Any:
        token = getattr(context, "bot_token", None) or getattr(context.client, "token", None)
        REQUEST_CLIENT.set(clients.for_token(token) if token else context.client)
        return next()

    return middleware
