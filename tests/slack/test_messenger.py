"""SlackMessenger, the Messenger the chaser sends through, against the Slack Web API double."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from app import Prometo
from bot.messages import Button, Message
from bot.ports import DeliveryError
from handlers.slack.messenger import SlackMessenger
from tests.slack.conftest import ANA
from tests.slack_double import SlackDouble

NOTE = Message(
    text="Vence mañana: *llamar al cliente*",
    details=("Con: Acme",),
    note="#1",
    buttons=(Button("Cumplida", "promise_done", "7", "primary"),),
    promise_id=7,
)


@pytest.fixture
def messenger(prometo: Prometo, slack: SlackDouble) -> Iterator[SlackMessenger]:
    # No retry handlers: the messenger must report a 429 itself, with its Retry-After.
    yield SlackMessenger(WebClient(token="xoxb-test", base_url=slack.url), prometo.directory)


def test_dms_open_the_conversation_once_and_render_blocks(
    messenger: SlackMessenger, prometo: Prometo, slack: SlackDouble
) -> None:
    ana = prometo.directory.person("slack", "T0001", ANA)
    first = messenger.send_dm(ana, NOTE)
    ana = prometo.directory.person("slack", "T0001", ANA)
    second = messenger.send_dm(ana, NOTE)
    assert first.startswith("DU0ANA:") and second.startswith("DU0ANA:") and first != second
    assert len(slack.calls_to("conversations.open")) == 1
    post = slack.calls_to("chat.postMessage")[0].args
    assert post["channel"] == "DU0ANA"
    actions = [b for b in post["blocks"] if b["type"] == "actions"]
    assert actions[0]["elements"][0]["action_id"] == "promise_done"
    messenger.update(second, Message(text="✅ Cumplida"))
    [update] = slack.calls_to("chat.update")
    assert (update.args["channel"], update.args["ts"]) == tuple(second.split(":"))


@pytest.mark.parametrize(
    "code",
    [
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "account_inactive",
        "cannot_dm_bot",
    ],
)
def test_permanent_errors_are_classified(
    messenger: SlackMessenger, slack: SlackDouble, code: str
) -> None:
    slack.fail("chat.postMessage", code)
    with pytest.raises(DeliveryError) as raised:
        messenger.post("C0TEAM0001", NOTE)
    assert (raised.value.code, raised.value.permanent) == (code, True)


def test_a_rate_limit_carries_retry_after(messenger: SlackMessenger, slack: SlackDouble) -> None:
    slack.rate_limit("chat.postMessage", retry_after=7)
    with pytest.raises(DeliveryError) as raised:
        messenger.post("C0TEAM0001", NOTE)
    error = raised.value
    assert (error.code, error.permanent, error.retry_after) == ("ratelimited", False, 7.0)
    assert messenger.post("C0TEAM0001", NOTE).startswith("C0TEAM0001:")


def test_a_vanished_dm_channel_is_opened_again(
    messenger: SlackMessenger, prometo: Prometo, slack: SlackDouble
) -> None:
    ana = prometo.directory.person("slack", "T0001", ANA)
    ana.dm_channel = "D0STALE"
    slack.fail("chat.postMessage", "channel_not_found")
    assert messenger.send_dm(ana, NOTE).startswith("DU0ANA:")
    assert prometo.directory.person("slack", "T0001", ANA).dm_channel == "DU0ANA"


def test_a_deactivated_user_is_remembered(
    messenger: SlackMessenger, prometo: Prometo, slack: SlackDouble
) -> None:
    ana = prometo.directory.person("slack", "T0001", ANA)
    slack.fail("conversations.open", "account_inactive")
    with pytest.raises(DeliveryError) as raised:
        messenger.send_dm(ana, NOTE)
    assert raised.value.permanent
    assert prometo.directory.person("slack", "T0001", ANA).active is False
