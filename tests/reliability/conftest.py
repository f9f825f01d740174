"""Fixtures for the reliability suite (issue 12)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.reliability import figures
from tests.slack.conftest import prometo, side, slack  # noqa: F401  (Slack end-to-end fixtures)


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Callable[..., None]:
    """Record a figure: figure(item, name, value, of="conditions")."""

    def record(item: str, name: str, value: object, *, of: str = "") -> None:
        suffix = f" [{request.node.callspec.id}]" if hasattr(request.node, "callspec") else ""
        figures.record(item, name + suffix, value, of=of)

    return record
