"""Build hook: `PROMETO_COMPILE=1 pip wheel .` compiles the parser (bot/parsing) with mypyc.

Everything else about the package is in pyproject.toml. Without PROMETO_COMPILE this adds
nothing: the parser runs from its sources, as in development and in the tests. Compiled, a parse
takes about 0.6 of the time (bench/parsing.py prints which one it ran) and readings are the same;
the build then needs a C compiler, and mypy (the compiler's front end) is fetched for the build
only. Build wheels for deployment, not editable installs: an in-place build leaves .so files
beside the sources, and Python would import those instead of later edits.
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import setup

# result.py stays interpreted: mypyc cannot compile a class that subclasses tuple (ParsedPromise)
_INTERPRETED = {"__init__.py", "result.py"}
# mypyc's front end (1.20 is the version this build was tried with)
_COMPILER = "mypy>=1.20,<2"

if os.environ.get("PROMETO_COMPILE") != "1":
    setup()
else:
    try:
        from mypyc.build import mypycify
    except ImportError:  # pip asking what the build needs, before it has installed mypy
        setup(setup_requires=[_COMPILER])
    else:
        sources = sorted(
            path.as_posix()
            for path in Path("bot/parsing").glob("*.py")
            if path.name not in _INTERPRETED
        )
        compiled = mypycify(sources, opt_level="3", group_name="prometo_parsing")
        setup(ext_modules=compiled, setup_requires=[_COMPILER])
