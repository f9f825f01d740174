"""Unexpected failures reach one error handler: logged with the traceback, the person told."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text

from app import create_app
from tests.conftest import SettableClock
from tests.slack.conftest import serving, slack_settings, text_of
from tests.slack_double import SlackDouble


def test_a_broken_database_gets_a_useful_answer_and_a_logged_traceback(
    tmp_path: Path, clock: SettableClock, slack: SlackDouble, caplog: pytest.LogCaptureFixture
) -> None:
    # Its own SQLite file: this test breaks the schema on purpose.
    prometo = create_app(slack_settings(f"sqlite:///{tmp_path / 'broken.db'}", slack), clock=clock)
    with prometo.engine.begin() as conn:
        conn.execute(text("DROP TABLE promise_events"))
    try:
        with serving(prometo, slack) as side, caplog.at_level(logging.ERROR):
            answer = side.command("llamar al cliente el jueves")
            assert answer.status == 200  # acknowledged before the failure
            reply = side.last_response()
            assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
            assert "Algo falló de mi lado" in text_of(reply)
            side.command("call the client on Thursday", command="/promise")
            assert "Something failed on my side" in text_of(side.last_response())
    finally:
        prometo.close()
    failures = [r for r in caplog.records if r.getMessage().startswith("Slack listener failed")]
    assert failures and all(r.exc_info for r in failures)
