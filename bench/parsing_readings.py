"""Every field of the parser's readings on ~14,500 texts in 6 settings, saved and compared.

For changes that must not change a reading (speed work): record before, compare after each step.

    .venv/bin/python bench/parsing_readings.py record /tmp/readings.pkl
    .venv/bin/python bench/parsing_readings.py compare /tmp/readings.pkl [--from DIR]

The texts: every string in the parsing tests and in bench/parsing.py (table rows split into
their fields), the spotting data sets, and 10,800 texts made from the time expressions and tasks
those read (joined, led in, reordered, upper-cased, unaccented, long), all read at 6 moments,
zones, languages and work hours. `--from DIR` compares the bot package found in DIR (e.g. an
unpacked compiled wheel, setup.py) with the recording. The texts are saved with the readings,
so a comparison reads the same texts even when the tests have changed since.
"""

from __future__ import annotations

import ast
import pickle
import random
import sys
import time
from datetime import datetime
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(sys.argv[sys.argv.index("--from") + 1]).resolve() if "--from" in sys.argv else ROOT
sys.path.insert(0, str(SOURCE))

from bot.parsing import parse_promise  # noqa: E402  (after the path set-up above)


def strings_of(path: Path) -> list[str]:
    out = []
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            v = node.value
            out.append(v)
            if "\n" in v:
                for line in v.splitlines():
                    line = line.strip()
                    if not line:
                        continue
                    out.append(line)
                    for field in line.split(" | "):
                        out.append(field.strip())
                    for field in line.split("|"):
                        out.append(field.strip())
        elif isinstance(node, ast.JoinedStr):
            parts = [p.value if isinstance(p, ast.Constant) else "{}" for p in node.values]
            tmpl = "".join(str(p) for p in parts)
            for fill in ("3", "15", "jueves", "mañana", "tomorrow", "30", "2", "a las 4"):
                out.append(tmpl.replace("{}", fill))
    return out


def corpus() -> list[str]:
    files = [
        *sorted((ROOT / "tests" / "parsing").glob("*.py")),
        ROOT / "bench" / "parsing.py",
        ROOT / "bench" / "fuzz.py",
        ROOT / "tests" / "test_spotting.py",
        ROOT / "tests" / "test_customer_rules.py",
        ROOT / "tests" / "test_suggestions.py",
    ]
    texts: list[str] = []
    for f in files:
        if f.exists():
            texts += strings_of(f)
    for tsv in sorted((ROOT / "bench" / "data").glob("*.tsv")):
        for line in tsv.read_text().splitlines():
            texts += line.split("\t")
    base = list(dict.fromkeys(t for t in texts if len(t) < 400))
    return base


def generated(base: list[str]) -> list[str]:
    rng = random.Random(13)
    # expressions the parser finds, and tasks, from the base corpus in two settings
    now = datetime(2026, 11, 24, 11, 20, tzinfo=ZoneInfo("America/Santiago"))
    exprs, tasks = [], []
    for t in base:
        r = parse_promise(t, now)
        if r.expression:
            exprs.append(r.expression)
        if r.task and len(r.task) < 80:
            tasks.append(r.task)
    exprs = sorted(set(exprs))
    tasks = sorted(set(tasks))
    leads = [
        "",
        "para ",
        "antes de ",
        "by ",
        "before ",
        "a más tardar ",
        "hasta ",
        "el ",
        "the ",
        "entre ",
        "between ",
        "del ",
        "from ",
        "on ",
        "en ",
        "in ",
    ]
    joins = [" ", " y ", " o ", " a ", " al ", " to ", " and ", ", ", " - ", "-", " entre ", " de "]
    fillers = [
        "",
        "ok, ",
        "dale, ",
        "te prometo que ",
        "I'll ",
        "I promise to ",
        "listo ",
        "prometo ",
    ]
    tails = [
        "",
        ".",
        "!",
        " a más tardar",
        " sin falta",
        " at the latest",
        " :tada:",
        " <@U123>",
        " 🚀",
        " ?",
    ]
    out = []
    for _ in range(9000):
        k = rng.random()
        e1, e2, tk = rng.choice(exprs), rng.choice(exprs), rng.choice(tasks)
        f, ld, j, tl = rng.choice(fillers), rng.choice(leads), rng.choice(joins), rng.choice(tails)
        if k < 0.25:
            t = f + tk + " " + ld + e1 + tl
        elif k < 0.45:
            t = f + ld + e1 + " " + tk + tl
        elif k < 0.65:
            t = f + tk + " " + ld + e1 + j + e2 + tl
        elif k < 0.8:
            t = f + ld + e1 + j + e2 + " " + tk + tl
        elif k < 0.9:
            words = (tk + " " + e1 + " " + e2).split()
            rng.shuffle(words)
            t = " ".join(words)
        else:
            t = e1 + j + e2
        r = rng.random()
        if r < 0.08:
            t = t.upper()
        elif r < 0.14:
            t = t.translate(str.maketrans("áéíóúñÁÉÍÓÚÑ", "aeiounAEIOUN"))
        elif r < 0.18:
            t = t.title()
        out.append(t)
    # long texts: the expression near the start or the end of > 600 characters
    padding = " ".join(tasks)
    for i in range(300):
        e = rng.choice(exprs)
        pad = padding[rng.randrange(0, max(1, len(padding) - 1500)) :][: rng.randrange(500, 1400)]
        out.append(e + " " + pad if i % 2 else pad + " " + e)
    # random word salads from the lexicon of expressions
    vocab = sorted({w for e in exprs for w in e.split()})
    for _ in range(1500):
        out.append(" ".join(rng.choice(vocab) for _ in range(rng.randrange(1, 12))))
    return out


SETTINGS = [
    dict(now=datetime(2026, 11, 24, 11, 20, tzinfo=ZoneInfo("America/Santiago"))),
    dict(now=datetime(2026, 11, 25, 9, 5, tzinfo=ZoneInfo("America/New_York"))),
    dict(now=datetime(2026, 11, 22, 21, 0, tzinfo=ZoneInfo("Europe/Madrid")), lang="es"),
    dict(
        now=datetime(2026, 12, 30, 16, 30, tzinfo=ZoneInfo("America/New_York")),
        lang="en",
        day_start=dtime(8, 0),
        day_end=dtime(18, 0),
    ),
    dict(now=datetime(2027, 3, 27, 23, 40, tzinfo=ZoneInfo("Europe/London")), country="CL"),
    dict(
        now=datetime(2026, 9, 5, 23, 50, tzinfo=ZoneInfo("America/Santiago")),
        lang="en",
        day_start=dtime(10, 0),
        day_end=dtime(21, 30),
    ),
]


def readings(texts: list[str]) -> list[tuple]:
    out = []
    for s in SETTINGS:
        kw = dict(s)
        now = kw.pop("now")
        for t in texts:
            r = parse_promise(t, now, **kw)
            due = r.due
            out.append((*r, (due.isoformat(), str(due.tzinfo), due.fold) if due else None))
    return out


def main() -> None:
    mode, path = sys.argv[1], Path(sys.argv[2])
    t0 = time.perf_counter()
    if mode == "record":
        base = corpus()
        texts = base + generated(base)
        texts = list(dict.fromkeys(texts))
        got = readings(texts)
        path.write_bytes(pickle.dumps((texts, got)))
        print(
            f"recorded {len(texts)} texts x {len(SETTINGS)} settings = {len(got)} readings"
            f" in {time.perf_counter() - t0:.1f} s"
        )
        return
    texts, want = pickle.loads(path.read_bytes())
    got = readings(texts)
    diffs = [(i, w, g) for i, (w, g) in enumerate(zip(want, got, strict=True)) if w != g]
    print(
        f"compared {len(texts)} texts x {len(SETTINGS)} settings = {len(got)} readings:"
        f" {len(diffs)} differences ({time.perf_counter() - t0:.1f} s)"
    )
    for i, w, g in diffs[:20]:
        print(f"  setting {i // len(texts)}: {texts[i % len(texts)]!r}\n    was {w}\n    now {g}")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
