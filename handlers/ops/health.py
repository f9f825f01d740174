"""GET /healthz: is this process fit to serve? 200 when it is, 503 (with the reason) when not.

Checked on every call: the database answers (`SELECT 1`, 2 s at most), the chasing scheduler
of this process runs and has swept recently (a process without one, e.g. `web` beside a
separate `worker`, says "off"), and the oldest chase that is due and not yet sent has not
waited longer than PROMETO_HEALTH_MAX_DELAY (a stuck or far-behind sender anywhere).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment


class Health:
    def __init__(
        self,
        engine: Engine,
        chases: Any,
        clock: Any,
        chaser: Callable[[], Any],
        *,
        max_delay: timedelta = timedelta(minutes=15),
    ) -> None:
        self.engine = engine
        self.chases = chases
        self.clock = clock
        self.chaser = chaser  # the app's current chaser (None: this process doesn't chase)
        self.max_delay = max_delay
        self.started = time.monotonic()

    def check(self) -> tuple[bool, dict[str, object]]:
        """(healthy, what was found)."""
        report: dict[str, object] = {}
        healthy = True
        try:
            with self.engine.connect() as conn:
                if self.engine.dialect.name == "postgresql":
                    conn.exec_driver_sql("SET statement_timeout = 2000")
                conn.execute(text("SELECT 1"))
                if self.engine.dialect.name == "postgresql":
                    conn.exec_driver_sql("RESET statement_timeout")
            report["database"] = "ok"
        except Exception as error:  # whatever the driver raises, the answer is "unreachable"
            report["database"] = f"unreachable ({type(error).__name__})"
            healthy = False
        chaser = self.chaser()
        if chaser is None:
            report["scheduler"] = "off"
        else:
            last = chaser.last_sweep if chaser.last_sweep is not None else self.started
            stale = max(60.0, 6 * chaser.sweep_every)
            if not chaser.alive:
                report["scheduler"] = "stopped"
                healthy = False
            elif time.monotonic() - last > stale:
                report["scheduler"] = f"stuck (no sweep for {time.monotonic() - last:.0f} s)"
                healthy = False
            else:
                report["scheduler"] = "ok"
        if report["database"] == "ok":
            now = self.clock.now()
            oldest = self.chases.oldest_due(now)
            waited = (now - oldest).total_seconds() if oldest is not None else 0.0
            report["oldest_due_seconds"] = round(max(0.0, waited), 1)
            if waited > self.max_delay.total_seconds():
                report["chasing"] = f"behind: a due chase has waited over {self.max_delay}"
                healthy = False
        report["status"] = "ok" if healthy else "unhealthy"
        return healthy, report

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        healthy, report = self.check()
        data = json.dumps(report).encode()
        start_response(
            "200 OK" if healthy else "503 Service Unavailable",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(data))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [data]
