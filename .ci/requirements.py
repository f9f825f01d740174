"""Write requirements.txt from pyproject.toml: what Heroku's Python buildpack installs.

    python3 .ci/requirements.py          # rewrite requirements.txt
    python3 .ci/requirements.py --check  # exit 1 when requirements.txt is out of date

The runtime dependencies with their version ranges, the PostgreSQL driver (the `postgres`
extra), then Prometo itself (`.`), which gives the `prometo` command the Procfile runs.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generate() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [
        "# Generated from pyproject.toml by .ci/requirements.py: edit pyproject.toml, then run",
        "# `python3 .ci/requirements.py`. Heroku's Python buildpack installs this file.",
        *project["dependencies"],
        *project["optional-dependencies"]["postgres"],
        ".",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    wanted = generate()
    target = ROOT / "requirements.txt"
    if "--check" in sys.argv:
        if not target.exists() or target.read_text() != wanted:
            print("requirements.txt is out of date: run python3 .ci/requirements.py")
            return 1
        return 0
    target.write_text(wanted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
