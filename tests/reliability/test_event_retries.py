"""Item 7: Slack retries an event (same event_id, X-Slack-Retry-Num 1 to 3) when the first
answer is late, and may deliver the retries while the first is still being handled. Whatever
the order, each event acts once: one suggestion for a spotted promise (so one promise when
saved), one completion for a ✅, one App Home for a home opened; and across a restart.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from app import Prometo, create_app
from bot.model import EventKind
from handlers.slack import ids
from tests.conftest import SettableClock
from tests.slack.conftest import ANA, BETO, SlackSide, serving, slack_settings
from tests.slack.test_events import captured, reaction
from tests.slack.test_spotting import ephemerals, open_promises, said, suggestion_id, suggestions
from tests.slack_double import SlackDouble

RETRIES = 3


def deliver(side: SlackSide, event: dict[str, Any], event_id: str, *, together: bool) -> list[int]:
    """The event and its 3 retries: one after another, or all at once (the first still busy)."""
    tries = [None, *range(1, RETRIES + 1)]
    if not together:
        return [side.event(event, event_id=event_id, retry=n).status for n in tries]
    with ThreadPoolExecutor(len(tries)) as pool:
        answers = pool.map(lambda n: side.event(event, event_id=event_id, retry=n), tries)
        return [a.status for a in answers]


def test_a_spotted_promise_retried_three_times_is_offered_once_and_created_once(
    side: SlackSide, prometo: Prometo, figure: Callable[..., None]
) -> None:
    of = "a spotted promise delivered 4 times (3 retries, same event_id), saved, saved again"
    for n, together in enumerate((False, True)):
        event = said("el viernes te envío el presupuesto", ts=f"1700000200.00010{n}")
        statuses = deliver(side, event, f"Ev0SPOT000{n}", together=together)
        assert statuses == [200] * (RETRIES + 1)
        offers = [o for o in ephemerals(side) if o["channel"] == event["channel"]]
        assert len(offers) == n + 1  # one more suggestion, whatever the order of delivery
        value = suggestion_id(offers[-1])
        side.click(ids.SUGGESTION_SAVE, value)
        side.click(ids.SUGGESTION_SAVE, value)  # a double click saves nothing more
        mode = "at once" if together else "in turn"
        figure("7", f"suggestions offered ({mode})", len(suggestions(prometo)) - n, of=of)
        figure("7", f"promises created ({mode})", len(open_promises(prometo)) - n, of=of)
        assert len(suggestions(prometo)) == len(open_promises(prometo)) == n + 1


def test_a_retried_event_is_still_recognised_after_a_restart(
    side: SlackSide, prometo: Prometo, database_url: str, clock: SettableClock, slack: SlackDouble
) -> None:
    event = said("el viernes te envío el presupuesto")
    side.event(event, event_id="Ev0SPOT0001")
    side.event(event, event_id="Ev0SPOT0001", retry=1)
    side.event(event, event_id="Ev0SPOT0002")  # the same message under another envelope
    assert len(ephemerals(side)) == 1
    again = create_app(slack_settings(database_url, slack), clock=clock)  # a new process
    try:
        with serving(again, slack) as restarted:
            restarted.event(event, event_id="Ev0SPOT0001", retry=2)
    finally:
        again.close()
    assert len(ephemerals(side)) == 1
    assert len(suggestions(prometo)) == 1


def test_a_retried_check_mark_completes_once(
    side: SlackSide, prometo: Prometo, figure: Callable[..., None]
) -> None:
    promise, channel, ts = captured(side, prometo)
    side.slack.reset()
    statuses = deliver(
        side, reaction(BETO, "white_check_mark", channel, ts), "Ev0REACT001", together=True
    )
    assert statuses == [200] * (RETRIES + 1)
    kinds = [e.kind for e in prometo.book.history(promise.id)]
    of = "a ✅ on the owner's DM delivered 4 times at once (3 retries, same event_id)"
    figure("7", "completions recorded", kinds.count(EventKind.DONE), of=of)
    assert kinds.count(EventKind.DONE) == 1
    assert len(side.slack.calls_to("chat.update")) == 2  # the owner's and the recorder's DM


def test_a_retried_home_opened_publishes_once(side: SlackSide, figure: Callable[..., None]) -> None:
    opened = {"type": "app_home_opened", "user": ANA, "channel": "D0ANA", "tab": "home"}
    assert deliver(side, opened, "Ev0HOME0001", together=False) == [200] * (RETRIES + 1)
    assert deliver(side, opened, "Ev0HOME0002", together=True) == [200] * (RETRIES + 1)
    published = len(side.slack.calls_to("views.publish"))
    of = "2 app_home_opened events, each delivered 4 times (in turn; at once)"
    figure("7", "App Homes published", published, of=of)
    assert published == 2
