"""A message's picture through SlackMessenger and the double's files upload v2 flow."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from app import Prometo
from bot.messages import Image, Message
from handlers.slack.messenger import SlackMessenger
from tests.slack.conftest import ANA
from tests.slack_double import SlackDouble

PICTURE = Image(data=b"\x89PNG\r\n\x1a\n" + b"x" * 500, alt="a chart", filename="c.png", title="T")
WITH_PICTURE = Message(text="📋 Resumen", image=PICTURE)


@pytest.fixture
def messenger(prometo: Prometo, slack: SlackDouble) -> Iterator[SlackMessenger]:
    yield SlackMessenger(WebClient(token="xoxb-test", base_url=slack.url), prometo.directory)


def test_a_picture_follows_its_message_into_the_same_channel(
    messenger: SlackMessenger, prometo: Prometo, slack: SlackDouble
) -> None:
    ref = messenger.post("C_TEAM", WITH_PICTURE)
    assert ref.startswith("C_TEAM:")
    [asked] = slack.calls_to("files.getUploadURLExternal")
    assert asked.args["filename"] == "c.png" and asked.args["length"] == str(len(PICTURE.data))
    assert asked.args["alt_txt"] == "a chart"
    [shared] = slack.shared_files("C_TEAM")
    assert shared.data == PICTURE.data and shared.title == "T"
    # into a DM too, and a message without a picture uploads nothing
    ana = prometo.directory.person("slack", "T0001", ANA)
    messenger.send_dm(ana, WITH_PICTURE)
    assert [f.channel for f in slack.shared_files()] == ["C_TEAM", "DU0ANA"]
    messenger.post("C_TEAM", Message(text="sin imagen"))
    assert len(slack.calls_to("files.getUploadURLExternal")) == 2


@pytest.mark.parametrize("failure", ["url", "upload", "complete", "gone"])
def test_a_failed_upload_is_logged_and_the_message_stands(
    messenger: SlackMessenger,
    slack: SlackDouble,
    failure: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    if failure == "url":
        slack.fail("files.getUploadURLExternal", "invalid_auth")
    elif failure == "upload":
        slack.fail_upload(status=500)
    elif failure == "complete":
        slack.fail("files.completeUploadExternal", "not_in_channel")
    else:
        slack.fail_upload(status=404)  # the upload URL is gone
    with caplog.at_level(logging.WARNING, logger="handlers.slack.messenger"):
        ref = messenger.post("C_TEAM", WITH_PICTURE)
    assert ref.startswith("C_TEAM:")
    assert len(slack.calls_to("chat.postMessage")) == 1 and slack.shared_files() == []
    assert "upload of c.png" in caplog.text


def test_the_double_checks_uploads_as_slack_does(slack: SlackDouble) -> None:
    client = WebClient(token="xoxb-test", base_url=slack.url)
    with pytest.raises(SlackApiError) as bad:
        client.files_getUploadURLExternal(filename="c.png", length=0)
    assert bad.value.response["error"] == "invalid_arguments"
    url = client.files_getUploadURLExternal(filename="c.png", length=10)
    with pytest.raises(SlackApiError) as early:  # completed before its bytes arrived
        client.files_completeUploadExternal(files=[{"id": url["file_id"]}], channel_id="C1")
    assert early.value.response["error"] == "file_not_found"
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(url["upload_url"], data=b"short", method="POST"))
    with pytest.raises(SlackApiError) as short:
        client.files_completeUploadExternal(files=[{"id": url["file_id"]}], channel_id="C1")
    assert short.value.response["error"] == "file_upload_size_mismatch"
    assert slack.shared_files() == []
