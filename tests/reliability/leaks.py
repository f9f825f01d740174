"""Item 15: no token or secret in the logs of the whole test run.

`LeakScanner` is a logging handler that tests/conftest.py installs on the root logger for the
whole session, at INFO (Prometo's default PROMETO_LOG_LEVEL). It reads every record as it is
emitted, before any formatter could redact it: its message with its arguments, the arguments'
reprs, the traceback and the stack. It looks for Slack tokens by their shape and for the secret
values the tests configure; a find fails the run at its end. PROMETO_LOG_LEVEL=DEBUG is left
out on purpose: there slack_sdk logs response bodies (an oauth.v2.access answer holds a token),
and only the redacting formatter (handlers.ops.logs) stands between them and the output.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

TOKEN = re.compile(r"\b(?:xox[abposer]|xapp)-[A-Za-z0-9-]{3,}")


def suite_secrets() -> list[str]:
    """The secret values the suite configures (tokens are found by their shape)."""
    from tests.production.conftest import KEY
    from tests.slack.conftest import SECRET
    from tests.slack_double import SlackDouble

    return [SECRET, KEY, SlackDouble.client_secret]


class LeakScanner(logging.Handler):
    """Records every log record that holds a token or one of `secrets`."""

    def __init__(self, secrets: Iterable[str] = (), level: int = logging.INFO) -> None:
        super().__init__(level)
        self.secrets = [s for s in secrets if s]
        self.leaks: list[str] = []
        self.scanned = 0
        self.paused = False

    def emit(self, record: logging.LogRecord) -> None:
        if self.paused:
            return
        self.scanned += 1
        text = "\n".join(self._texts(record))
        found = [m.group(0)[:8] + "…" for m in TOKEN.finditer(text)]
        found += [s[:4] + "…" for s in self.secrets if s in text]
        if found:
            self.leaks.append(f"{record.name} ({record.levelname}): {', '.join(found)}")

    @staticmethod
    def _texts(record: logging.LogRecord) -> Iterator[str]:
        try:
            yield record.getMessage()
        except Exception:  # a bad format string: the parts are still scanned below
            yield str(record.msg)
        args = record.args if isinstance(record.args, tuple) else (record.args,)
        yield from (repr(a) for a in args)
        if record.exc_info and record.exc_info[1] is not None:
            yield "".join(traceback.format_exception(record.exc_info[1]))
        yield record.exc_text or ""
        yield record.stack_info or ""

    @contextmanager
    def on_purpose(self) -> Iterator[None]:
        """A test that logs a secret on purpose (to prove the redactor) says so."""
        self.paused = True
        try:
            yield
        finally:
            self.paused = False


SESSION: LeakScanner | None = None  # the run's scanner, installed by tests/conftest.py


@contextmanager
def secrets_logged_on_purpose() -> Iterator[None]:
    """Pause the run's scanner while a test logs secrets to prove they are redacted."""
    if SESSION is None:
        yield
        return
    with SESSION.on_purpose():
        yield
