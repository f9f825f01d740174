"""The parser compiled with mypyc (setup.py, PROMETO_COMPILE=1) reads texts as its sources do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import test_parse_en
import test_parse_es
import test_parse_more
import test_parse_robust
import test_parse_wider
from parsing_cases import NOWS, Row

from bot.parsing import parse_promise

ROOT = Path(__file__).resolve().parents[2]

# Runs in the unpacked wheel: reads [text, now, timezone] lists, prints every field of each reading.
_READ = """
import json, sys
from datetime import datetime
from zoneinfo import ZoneInfo
import bot.parsing.parser
from bot.parsing import parse_promise
assert not bot.parsing.parser.__file__.endswith(".py"), bot.parsing.parser.__file__
out = []
for text, now, zone in json.load(sys.stdin):
    r = parse_promise(text, datetime.fromisoformat(now).replace(tzinfo=ZoneInfo(zone)))
    out.append([r.task, r.due and r.due.isoformat(), *r[2:]])
print(json.dumps(out))
"""


def _texts() -> list[str]:
    texts: list[str] = list(test_parse_robust.BAD)
    for module in (test_parse_es, test_parse_en, test_parse_more):
        for value in vars(module).values():
            if isinstance(value, list):
                texts += [row.text for row in value if isinstance(row, Row)]
    texts += [case.text for case in test_parse_wider.CASES]
    return list(dict.fromkeys(texts))


@pytest.mark.slow
def test_the_compiled_parser_reads_every_table_text_as_the_sources(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        env={**os.environ, "PROMETO_COMPILE": "1"},
        check=True,
        capture_output=True,
    )
    unpacked = tmp_path / "unpacked"
    shutil.unpack_archive(next(tmp_path.glob("*.whl")), unpacked, "zip")
    assert list(unpacked.glob("bot/parsing/parser.*.so"))

    pairs = [(text, now) for text in _texts() for now in (NOWS["MON"], NOWS["NYFRI"])]
    done = subprocess.run(
        [sys.executable, "-c", _READ],
        cwd=unpacked,  # `bot` comes from the wheel, not from this checkout
        input=json.dumps([[text, now.isoformat(), str(now.tzinfo)] for text, now in pairs]),
        check=True,
        capture_output=True,
        text=True,
    )
    compiled = json.loads(done.stdout)
    sources = []
    for text, now in pairs:
        r = parse_promise(text, now)
        sources.append([r.task, r.due and r.due.isoformat(), *r[2:]])
    assert len(pairs) > 1000
    differences = [
        (text, a, b) for (text, _), a, b in zip(pairs, sources, compiled, strict=True) if a != b
    ]
    assert not differences, differences[:5]
