"""A serving process's chaser, alone: `python -m tests.reliability.sweeper_process DB SLACK_URL`.

It runs the real APScheduler sweeper against DATABASE and the Slack double at SLACK_URL until
SIGTERM (or SIGKILL, which is the point of some tests). Prints 'ready' once started.
"""

from __future__ import annotations

import signal
import sys
import threading
from datetime import timedelta

from app import Settings, create_app
from tests.chasing.helpers import slack_chaser
from tests.slack_double import SlackDouble


def main(database_url: str, slack_url: str, lease_seconds: float, workers: int) -> int:
    # not tests.conftest's make_settings: importing pytest would slow every process's start
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=database_url,
        prometo_timezone="America/Santiago",
        prometo_locale="es",
        prometo_overdue_grace="1d",
        prometo_team_channel=None,
        slack_bot_token=None,  # none from the environment: this process sends to the double
        slack_signing_secret=None,
        slack_app_token=None,
        client_id=None,
        client_secret=None,
        tenant_id=None,
        managed_identity_client_id=None,
    )
    app = create_app(settings, migrate=False)
    double = SlackDouble(url=slack_url)  # only its address: the double runs in the test
    app.chaser = slack_chaser(
        app, double, lease=timedelta(seconds=lease_seconds), batch=100, workers=workers
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    app.start_background()
    print("ready", flush=True)
    stop.wait()
    app.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])))
