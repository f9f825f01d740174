"""The reliability figures (issue 12): each test records what it measured; the run prints them.

A test asks for the `figure` fixture and calls it once per number it measured:

    figure("3", "lost sends", 0, of="1,000 sends, 1% dropped after storing")

At the end of the run, pytest prints one table of every figure recorded (see
`pytest_terminal_summary` in tests/conftest.py), and writes it as JSON where
`PROMETO_FIGURES` points, so README's "Reliability" section can be refreshed from a run.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Figure:
    item: str  # the item number, "1" to "15"
    name: str  # what was counted or timed
    value: str  # the figure, with its unit
    of: str  # the conditions: how many, which database, what faults


RECORDED: list[Figure] = []


def record(item: str, name: str, value: object, *, of: str = "") -> None:
    """Keep one figure for the end-of-run table."""
    RECORDED.append(Figure(item, name, str(value), of))


def table() -> list[str]:
    """The recorded figures as lines of a plain-text table, in item order."""
    if not RECORDED:
        return []
    rows = sorted(RECORDED, key=lambda f: (int(f.item) if f.item.isdigit() else 99, f.item))
    name_w = max(len(f.name) for f in rows)
    value_w = max(len(f.value) for f in rows)
    lines = [f"{'#':>3}  {'figure':<{name_w}}  {'value':>{value_w}}  conditions"]
    lines += [f"{f.item:>3}  {f.name:<{name_w}}  {f.value:>{value_w}}  {f.of}" for f in rows]
    return lines


def write_json() -> None:
    """Write the figures where PROMETO_FIGURES points, when it is set."""
    path = os.environ.get("PROMETO_FIGURES")
    if path and RECORDED:
        with open(path, "w", encoding="utf-8") as out:
            json.dump([asdict(f) for f in RECORDED], out, ensure_ascii=False, indent=1)
