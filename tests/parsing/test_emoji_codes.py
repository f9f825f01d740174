"""An emoji code (':tada:') at the edge of a task keeps its colons: they are not punctuation.

Found by tests/reliability/test_markup_injection.py (issue 12, item 12): Slack showed ':tada'.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.parsing import parse_promise


def test_emoji_codes_at_the_edges_of_a_task_keep_their_colons() -> None:
    now = datetime(2026, 11, 23, 13, tzinfo=UTC)
    read = {
        text: parse_promise(text, now, lang="es").task
        for text in (
            "llamar al cliente :tada: mañana",
            ":tada: llamar al cliente mañana",
            "llamar :+1:. mañana",
            "llamar al cliente: mañana",
        )
    }
    assert list(read.values()) == [
        "llamar al cliente :tada:",
        ":tada: llamar al cliente",
        "llamar :+1:",
        "llamar al cliente",
    ]
