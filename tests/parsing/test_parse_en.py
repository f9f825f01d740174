"""English promises."""

from __future__ import annotations

from datetime import datetime

import pytest
from parsing_cases import NOWS, Row, rows

from bot.parsing import parse_promise

EN = rows("""
NYC | call John on Thursday | 2026-11-26 19:00 | call John
NYC | I'll call John on Thursday | 2026-11-26 19:00 | call John
NYC | I promise to call John on Thursday | 2026-11-26 19:00 | call John
NYC | I will send the deck Friday | 2026-11-27 19:00 | send the deck
NYC | send the deck this Friday | 2026-11-27 19:00 | send the deck
NYC | send the deck by Friday | 2026-11-27 19:00 | send the deck
NYC | send the deck before Friday | 2026-11-26 19:00 | send the deck
NYC | send the deck next Tuesday | 2026-12-01 19:00 | send the deck
NYC | send the deck next Monday | 2026-11-30 19:00 | send the deck
NYC | send the deck next Friday | 2026-12-04 19:00 | send the deck
NYC | send the deck on Wednesday | 2026-11-25 19:00 | send the deck
NYC | send the deck on Wed | 2026-11-25 19:00 | send the deck
NYC | send the deck by Thurs | 2026-11-26 19:00 | send the deck
NYC | send the deck Saturday | 2026-11-28 19:00 | send the deck
NYC | send the deck on Sunday | 2026-11-29 19:00 | send the deck
NYC | send the deck Monday | 2026-11-30 19:00 | send the deck
NYC | send the deck Wednesday next week | 2026-12-02 19:00 | send the deck
NYC | send the deck on Friday at 3pm | 2026-11-27 15:00! | send the deck
NYC | send the deck Friday 3pm | 2026-11-27 15:00! | send the deck
NYC | send the deck Friday at 3 | 2026-11-27 15:00! | send the deck
NYC | send the deck Friday morning | 2026-11-27 12:00 | send the deck
NYC | send the deck Friday afternoon | 2026-11-27 19:00 | send the deck
NYC | send the deck by EOD Friday | 2026-11-27 19:00 | send the deck
NYC | send the deck by end of day Friday | 2026-11-27 19:00 | send the deck
NYSUN | send the deck Monday | 2026-11-23 19:00 | send the deck
NYSUN | send the deck on Sunday | 2026-11-29 19:00 | send the deck
NYFRI | send the deck Friday | 2026-12-04 19:00 | send the deck
NYFRI | send the deck on Monday | 2026-11-30 19:00 | send the deck
NYC | review the PR today | 2026-11-23 19:00 | review the PR
NYC | review the PR tomorrow | 2026-11-24 19:00 | review the PR
NYC | review the PR tmrw | 2026-11-24 19:00 | review the PR
NYC | review the PR tomorow | 2026-11-24 19:00 | review the PR
NYC | review the PR TOMORROW | 2026-11-24 19:00 | review the PR
NYC | review the PR the day after tomorrow | 2026-11-25 19:00 | review the PR
NYC | review the PR tomorrow morning | 2026-11-24 12:00 | review the PR
NYC | review the PR tomorrow at 9 | 2026-11-24 09:00! | review the PR
NYC | review the PR tomorrow at 2 | 2026-11-24 14:00! | review the PR
NYC | review the PR tomorrow at 11:30am | 2026-11-24 11:30! | review the PR
NYC | review the PR tonight | 2026-11-23 22:00 | review the PR
NYC | review the PR this afternoon | 2026-11-23 19:00 | review the PR
NYC | review the PR this evening | 2026-11-23 22:00 | review the PR
NYC | review the PR this morning | 2026-11-23 12:00 | review the PR
NYC | review the PR first thing tomorrow | 2026-11-24 10:00 | review the PR
NYC | review the PR EOD | 2026-11-23 19:00 | review the PR
NYC | review the PR by EOD | 2026-11-23 19:00 | review the PR
NYC | review the PR by end of day | 2026-11-23 19:00 | review the PR
NYC | review the PR by COB tomorrow | 2026-11-24 19:00 | review the PR
NYC | review the PR before lunch | 2026-11-23 13:00 | review the PR
NYC | review the PR after lunch | 2026-11-23 19:00 | review the PR
NYC | review the PR at 3pm | 2026-11-23 15:00! | review the PR
NYC | review the PR at 3 pm | 2026-11-23 15:00! | review the PR
NYC | review the PR at 3 | 2026-11-23 15:00! | review the PR
NYC | review the PR at three | 2026-11-23 15:00! | review the PR
NYC | review the PR at three pm | 2026-11-23 15:00! | review the PR
NYC | review the PR at 11am | 2026-11-23 11:00! | review the PR
NYC | review the PR at 4:45 | 2026-11-23 16:45! | review the PR
NYC | review the PR at 16:45 | 2026-11-23 16:45! | review the PR
NYC | review the PR by 5 | 2026-11-23 17:00! | review the PR
NYC | review the PR by 5pm | 2026-11-23 17:00! | review the PR
NYC | review the PR before 6 | 2026-11-23 18:00! | review the PR
NYC | review the PR at noon | 2026-11-23 12:00! | review the PR
NYC | review the PR before noon | 2026-11-23 12:00! | review the PR
NYC | review the PR by midday | 2026-11-23 12:00! | review the PR
NYC | review the PR at midnight | 2026-11-24 00:00! | review the PR
NYC | review the PR at half past three | 2026-11-23 15:30! | review the PR
NYC | review the PR at quarter to 5 | 2026-11-23 16:45! | review the PR
NYC | review the PR at a quarter past four | 2026-11-23 16:15! | review the PR
NYC | review the PR at 3 o'clock | 2026-11-23 15:00! | review the PR
NYC | review the PR in 45 minutes | 2026-11-23 10:45! | review the PR
NYC | review the PR in 2 hours | 2026-11-23 12:00! | review the PR
NYC | review the PR in an hour | 2026-11-23 11:00! | review the PR
NYC | review the PR in half an hour | 2026-11-23 10:30! | review the PR
NYC | review the PR in a couple of hours | 2026-11-23 12:00! | review the PR
NYC | review the PR in 20 mins | 2026-11-23 10:20! | review the PR
NYC | review the PR in 3 days | 2026-11-26 19:00 | review the PR
NYC | review the PR in a week | 2026-11-30 19:00 | review the PR
NYC | review the PR in two weeks | 2026-12-07 19:00 | review the PR
NYC | review the PR in a couple of days | 2026-11-25 19:00 | review the PR
NYC | review the PR within 2 business days | 2026-11-25 19:00 | review the PR
NYC | review the PR this week | 2026-11-27 19:00 | review the PR
NYC | review the PR by the end of the week | 2026-11-27 19:00 | review the PR
NYC | review the PR next week | 2026-12-04 19:00 | review the PR
NYC | review the PR by next week | 2026-12-04 19:00 | review the PR
NYC | review the PR this weekend | 2026-11-28 19:00 | review the PR
NYC | review the PR by end of month | 2026-11-30 19:00 | review the PR
NYC | review the PR by the end of the month | 2026-11-30 19:00 | review the PR
NYC | review the PR next month | 2026-12-31 19:00 | review the PR
NYC | review the PR by the end of the year | 2026-12-31 19:00 | review the PR
NYC | review the PR on the 15th | 2026-12-15 19:00 | review the PR
NYC | review the PR by the 15th | 2026-12-15 19:00 | review the PR
NYC | review the PR on Dec 5 | 2026-12-05 19:00 | review the PR
NYC | review the PR on December 5th | 2026-12-05 19:00 | review the PR
NYC | review the PR on 5 December | 2026-12-05 19:00 | review the PR
NYC | review the PR on the 5th of December | 2026-12-05 19:00 | review the PR
NYC | review the PR on 12/5 | 2026-12-05 19:00 | review the PR
NYC | review the PR on 1/15 | 2027-01-15 19:00 | review the PR
NYC | review the PR on 12/5/2026 | 2026-12-05 19:00 | review the PR
NYC | review the PR on January 4 | 2027-01-04 19:00 | review the PR
NYC | review the PR by Jan 4, 2027 | 2027-01-04 19:00 | review the PR
NYC | review ticket #4821 on Friday | 2026-11-27 19:00 | review ticket #4821
NYC | prep the 1:1 with Ana on Friday | 2026-11-27 19:00 | prep the 1:1 with Ana
NYC | close Q4 numbers by Friday | 2026-11-27 19:00 | close Q4 numbers
NYC | finish sprint 12 by Friday | 2026-11-27 19:00 | finish sprint 12
NYC | ship v2.5 tomorrow | 2026-11-24 19:00 | ship v2.5
NYC | push the 50% discount tomorrow | 2026-11-24 19:00 | push the 50% discount
NYC | pay the $3,000 invoice tomorrow | 2026-11-24 19:00 | pay the $3,000 invoice
NYC | review ticket #4821 | none | review ticket #4821
NYC | buy 3 chairs for the office | none | buy 3 chairs for the office
NYC | good morning, I'll call Sarah on Friday | 2026-11-27 19:00 | good morning, I'll call Sarah
NYC | ok, I'll send the notes tomorrow | 2026-11-24 19:00 | send the notes
NYC | sure! will send it by Friday. | 2026-11-27 19:00 | will send it
NYFRI | send the deck at 5 | 2026-11-27 17:00! | send the deck
NYFRI | send the deck in 2 hours | 2026-11-27 18:30! | send the deck
NYFRI | send the deck next week | 2026-12-04 19:00 | send the deck
NYFRI | send the deck tomorrow | 2026-11-28 19:00 | send the deck
NYSUN | send the deck this week | 2026-11-27 19:00 | send the deck
""")


@pytest.mark.parametrize("row", EN, ids=[r.id for r in EN])
def test_english(row: Row) -> None:
    now = NOWS[row.now]
    result = parse_promise(row.text, now, lang="en")
    if row.when is None:
        assert result.due is None
    else:
        assert result.due is not None
        expected = datetime.fromisoformat(row.when.rstrip("!"))
        assert result.due.replace(tzinfo=None) == expected
        assert result.due.tzinfo is now.tzinfo
        assert result.due_has_time is row.when.endswith("!")
    assert result.task == row.task
    assert result.lang == "en"


@pytest.mark.parametrize("row", EN, ids=[r.id for r in EN])
def test_english_detected(row: Row) -> None:
    """Left to detection, these rows are read as English."""
    result = parse_promise(row.text, NOWS[row.now])
    assert result.lang == "en"
