"""Dependencies point inward: bot/ imports no platform or database package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_BOT = (
    "slack_bolt",
    "slack_sdk",
    "sqlalchemy",
    "alembic",
    "microsoft",
    "botbuilder",
    "storage",
    "handlers",
    "app",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def bot_files() -> list[Path]:
    return sorted((ROOT / "bot").rglob("*.py"))


def test_there_is_a_core_to_check() -> None:
    assert len(bot_files()) >= 8


@pytest.mark.parametrize("path", bot_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_bot_imports_no_platform_or_database(path: Path) -> None:
    bad = {m for m in imported_modules(path) if m.split(".")[0] in FORBIDDEN_IN_BOT}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from slack_sdk import WebClient\nimport sqlalchemy.orm\n")
    assert {m.split(".")[0] for m in imported_modules(sample)} == {"slack_sdk", "sqlalchemy"}
