"""Structured logs: one JSON object a line, with the request id, and never a secret.

Every line goes through the same redaction: Slack tokens by their shape (xoxb-, xoxp-, xapp-,
...) and every configured secret by its value (signing secret, client secret, encryption keys,
the database password), wherever they appear: message, arguments or traceback.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

from handlers.web import REQUEST_ID

_TOKEN = re.compile(r"\b(xox[a-z]|xapp)-[A-Za-z0-9-]+")
REDACTED = "[redacted]"


class Redactor:
    """Replaces Slack tokens and the given secret values by '[redacted]'."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        text = _TOKEN.sub(REDACTED, text)
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time (UTC), level, logger, message, request_id."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        if record.threadName and not record.threadName.startswith("MainThread"):
            entry["thread"] = record.threadName
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["error"] = record.exc_text
        return self.redact(json.dumps(entry, ensure_ascii=False, default=str))


class TextFormatter(logging.Formatter):
    """The classic one-line text log, with the request id, redacted the same way."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = REQUEST_ID.get()
        return self.redact(f"{line} request_id={request_id}" if request_id else line)


def setup_logging(
    *,
    json_lines: bool = True,
    level: str = "INFO",
    secrets: Iterable[str | None] = (),
    stream: TextIO | None = None,
) -> logging.Handler:
    """Send every log line to `stream` (stderr), JSON or text, redacted; returns the handler."""
    redact = Redactor(secrets)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(redact) if json_lines else TextFormatter(redact))
    handler.set_name("prometo")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "prometo"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler
