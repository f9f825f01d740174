"""Item 13: random commands, modal submissions, block_actions, shortcuts and events, some of
them malformed JSON, of the wrong types or with fields missing, signed and sent over HTTP.

Unhandled exceptions = 0 (nothing reaches the app's error handler, nothing logs an ERROR),
5xx = 0, and the database is unchanged by the requests that must be refused. Hypothesis draws
the payloads (derandomized: the same ones each run); they go over one keep-alive connection
without waiting for the listeners after each, which are awaited at the end. The test runs
FUZZ_RUNS of them on each database (default 600); bench/fuzz.py runs 10,000 and more.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from app import Prometo
from tests.reliability.fuzzing import broken, fuzz, payloads
from tests.reliability.inputs import changed, difference, errors_logged, rows
from tests.slack.conftest import SlackSide

RUNS = int(os.environ.get("FUZZ_RUNS", "600"))  # per database


def test_random_and_broken_payloads_never_fail_and_refused_ones_change_nothing(
    side: SlackSide, prometo: Prometo, figure: Callable[..., None]
) -> None:
    side.command("llamar al cliente el jueves")  # something to press buttons on
    side.command("enviar la propuesta mañana", user="U0BETO")
    response_url = f"{side.slack.url}response_url"
    refused_runs, random_runs = RUNS // 3, RUNS - RUNS // 3
    with errors_logged() as errors:
        before = rows(prometo.engine)
        refused, refused_5xx = fuzz(side, broken(response_url), refused_runs)
        after = rows(prometo.engine)
        refused_changes = changed(before, after)
        answered, answered_5xx = fuzz(side, payloads(response_url), random_runs)
    statuses = refused + answered
    total = sum(statuses.values())
    backend = prometo.engine.dialect.name
    of = f"{total} requests ({refused_runs} malformed or broken), {backend}"
    figure("13", "requests sent", total, of=f"hypothesis, derandomized, {backend}")
    figure("13", "unhandled exceptions", len(errors.records), of=of)
    figure("13", "5xx answers", sum(n for s, n in statuses.items() if s >= 500), of=of)
    figure("13", "rows changed by refused requests", refused_changes, of=of)
    figure("13", "answers by status", dict(sorted(statuses.items())), of=of)
    assert errors.records == [], errors.describe()
    assert refused_5xx + answered_5xx == [], (refused_5xx + answered_5xx)[:5]
    assert refused_changes == 0, difference(before, after)
    assert statuses[200] > random_runs // 2  # most well-formed requests were accepted
