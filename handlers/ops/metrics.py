"""Prometheus metrics at /metrics: promises, chases, the sweeper's lag, the Slack Web API.

Each process exposes its own figures (scrape every instance, as Prometheus does); the
registry is per app, so tests can build many apps in one process.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from bot.model import Status

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

_SLACK_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """The figures; the chaser, the book and the Slack clients report here."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        self.promises_made = Counter(
            "prometo_promises_made", "Promises recorded.", registry=registry
        )
        self.promises_kept = Counter(
            "prometo_promises_kept", "Promises marked kept.", registry=registry
        )
        self.promises_overdue = Counter(
            "prometo_promises_overdue",
            "Promises that passed their deadline still open (overdue notices sent).",
            registry=registry,
        )
        self.chases = Counter(
            "prometo_chases",
            "Chase deliveries that ended, by kind and outcome (sent, failed, retried, skipped).",
            ["kind", "outcome"],
            registry=registry,
        )
        self.sweep_lag = Gauge(
            "prometo_sweep_lag_seconds",
            "At the start of the last sweep: how long the oldest due chase had waited.",
            registry=registry,
        )
        self.slack_seconds = Histogram(
            "prometo_slack_api_seconds",
            "Slack Web API calls, by method (retries included).",
            ["method"],
            buckets=_SLACK_BUCKETS,
            registry=registry,
        )
        self.slack_429 = Counter(
            "prometo_slack_ratelimited",
            "HTTP 429 answers from the Slack Web API, by method.",
            ["method"],
            registry=registry,
        )

    # reporters --------------------------------------------------------------------------
    def on_change(self, change: Any) -> None:
        """The book's listener: a new promise, or one kept."""
        promise = change.promise
        if promise.version == 1:
            self.promises_made.inc()
        elif promise.status is Status.DONE:
            self.promises_kept.inc()

    def chase(self, kind: str, outcome: str) -> None:
        self.chases.labels(kind, outcome).inc()
        if kind == "overdue" and outcome == "sent":
            self.promises_overdue.inc()

    def sweep(self, lag: float) -> None:
        self.sweep_lag.set(lag)

    def slack_call(self, method: str, seconds: float) -> None:
        self.slack_seconds.labels(method).observe(seconds)

    def slack_ratelimited(self, method: str) -> None:
        self.slack_429.labels(method).inc()

    # the endpoint -----------------------------------------------------------------------
    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        data = generate_latest(self.registry)
        start_response(
            "200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(data)))]
        )
        return [data]
