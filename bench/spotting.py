"""Promise spotting: precision and recall on labelled chat messages, beside simpler rules.

Run: .venv/bin/python bench/spotting.py [--errors] [--dev]

The messages are in bench/data/: `spotting_dev.tsv` (the part the rules were tuned on) and
`spotting_heldout.tsv` (written before the classifier, never tuned on). Each line is a label
(1: a promise of its author with a deadline), a language and the text as a Slack message event
carries it (`\\n` for a newline); the text goes through the same `plain()` as in the Slack
listener before it is judged, at a fixed moment (Tuesday 24 November 2026, 10:00, Madrid).

Beside ours, from the same run:
- "deadline": the naive rule, a message is a promise when the parser finds a future deadline;
- "deadline, no ?": the same, minus messages with a question mark.

`--dev` scores the development part only (while tuning). `--errors` lists the development
messages ours gets wrong, with the reason it gave. It never lists held-out messages: looking
at them would be tuning on them.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.parsing import parse_promise  # noqa: E402  (after the path set-up above)
from bot.parsing.lazy import compile_all  # noqa: E402
from bot.spotting import judge  # noqa: E402
from handlers.slack.formatter import plain  # noqa: E402

DATA = ROOT / "bench" / "data"
PARTS = {"dev": DATA / "spotting_dev.tsv", "held-out": DATA / "spotting_heldout.tsv"}
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))
Row = tuple[int, str, str]  # label, language, plain text


def load(path: Path) -> list[Row]:
    """The labelled messages of one part, as plain text."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        label, lang, text = line.split("\t", 2)
        rows.append((int(label), lang, plain(text.replace("\\n", "\n"))))
    return rows


def ours(text: str) -> bool:
    return judge(text, NOW).is_promise


def deadline(text: str) -> bool:
    parsed = parse_promise(text, NOW)
    return parsed.due is not None and not parsed.past and parsed.due > NOW


def deadline_no_question(text: str) -> bool:
    return "?" not in text and deadline(text)


METHODS: dict[str, Callable[[str], bool]] = {
    "ours": ours,
    "deadline": deadline,
    "deadline, no ?": deadline_no_question,
}


def scores(rows: list[Row], method: Callable[[str], bool]) -> tuple[int, int, int]:
    """True positives, false positives, false negatives."""
    tp = fp = fn = 0
    for label, _, text in rows:
        said = method(text)
        tp += said and label == 1
        fp += said and label == 0
        fn += not said and label == 1
    return tp, fp, fn


def ratio(num: int, den: int) -> str:
    return f"{100 * num / den:5.1f}%" if den else "   - "


def per_message_us(rows: list[Row], method: Callable[[str], bool], rounds: int = 7) -> float:
    """Median over `rounds` runs of the mean time per message, in microseconds."""
    texts = [text for _, _, text in rows]
    runs = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            method(text)
        runs.append((time.perf_counter() - start) / len(texts) * 1e6)
    return statistics.median(runs)


def main() -> int:
    compile_all()
    names = ["dev"] if "--dev" in sys.argv else list(PARTS)
    parts = {name: load(PARTS[name]) for name in names}
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Promise spotting · {platform.python_implementation()} {platform.python_version()}")
    print(f"{os.cpu_count()} cores, load {load_avg:.2f} · now = {NOW:%a %d %b %Y %H:%M %Z}\n")
    header = f"{'part':9} {'lang':4} {'n':>4} {'promises':>8}  {'method':15} "
    print(header + f"{'precision':>9} {'recall':>7}   tp  fp  fn")
    for name, rows in parts.items():
        for lang in ("all", "es", "en"):
            subset = [r for r in rows if lang == "all" or r[1] == lang]
            positives = sum(r[0] for r in subset)
            for i, (method_name, method) in enumerate(METHODS.items()):
                tp, fp, fn = scores(subset, method)
                lead = f"{name:9} {lang:4} {len(subset):4} {positives:8}" if i == 0 else " " * 27
                print(
                    f"{lead}  {method_name:15} {ratio(tp, tp + fp):>9} {ratio(tp, tp + fn):>7}"
                    f"  {tp:3} {fp:3} {fn:3}"
                )
        print()
    everything = [row for rows in parts.values() for row in rows]
    chatter = [row for row in everything if row[0] == 0]
    print("time per message, median of 7 runs (most channel messages are no promise):")
    columns = f"all {len(everything)}", f"no promise {len(chatter)}"
    print(f"  {'method':15} {columns[0]:>9} {columns[1]:>15}")
    for method_name, method in METHODS.items():
        every, other = per_message_us(everything, method), per_message_us(chatter, method)
        print(f"  {method_name:15} {every:6.1f} µs {other:12.1f} µs")
    if "--errors" in sys.argv:
        print("\ndevelopment messages judged wrong (label, reason, text):")
        for label, _, text in parts["dev"]:
            verdict = judge(text, NOW)
            if verdict.is_promise != bool(label):
                print(f"  {label} {verdict.reason:14} {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
