"""Every Slack action id, callback id and block id Prometo uses, in one place."""

from __future__ import annotations

from bot.messages import (
    ACTION_CANCEL,
    ACTION_CAPTURE_AT,
    ACTION_CHECK_IN,
    ACTION_DONE,
    ACTION_FOLLOW_UP,
    ACTION_HISTORY,
    ACTION_NOT_YET,
    ACTION_NOTIFY_OFF,
    ACTION_NOTIFY_ON,
    ACTION_OFF_TRACK,
    ACTION_ON_TRACK,
    ACTION_REOPEN,
    ACTION_RESCHEDULE,
    ACTION_TIGHTEN,
    ACTION_UNDO,
)
from bot.suggestions import ACTION_DISMISS, ACTION_MUTE, ACTION_SAVE

PLATFORM = "slack"

COMMAND_ES = "/prometo"
COMMAND_EN = "/promise"

# Buttons carrying a promise id; the core's action ids, routed to the same core calls.
DONE = ACTION_DONE
RESCHEDULE = ACTION_RESCHEDULE
CANCEL = ACTION_CANCEL
UNDO = ACTION_UNDO
REOPEN = ACTION_REOPEN
CHECK_IN = ACTION_CHECK_IN
ON_TRACK = ACTION_ON_TRACK
OFF_TRACK = ACTION_OFF_TRACK
NOT_YET = ACTION_NOT_YET
FOLLOW_UP = ACTION_FOLLOW_UP
NOTIFY_ON = ACTION_NOTIFY_ON
NOTIFY_OFF = ACTION_NOTIFY_OFF
HISTORY = ACTION_HISTORY
PROMISE_ACTIONS = (
    DONE,
    RESCHEDULE,
    CANCEL,
    UNDO,
    REOPEN,
    CHECK_IN,
    ON_TRACK,
    OFF_TRACK,
    NOT_YET,
    FOLLOW_UP,
    NOTIFY_ON,
    NOTIFY_OFF,
    HISTORY,
)
# Concrete dates offered for a vague or loose deadline: several per message, so their action
# ids carry a position suffix ("promise_tighten.2"); routed to the core's Commands.press.
TIGHTEN = ACTION_TIGHTEN
CAPTURE_AT = ACTION_CAPTURE_AT
CHOICE_ACTIONS = (TIGHTEN, CAPTURE_AT)

# App Home: the filter by counterpart, and clearing it.
HOME_FILTER = "home_counterpart"
HOME_FILTER_CLEAR = "home_counterpart_clear"
HOME_FILTER_BLOCK = "home_filter"

# The history of a promise, in a modal when asked from the home tab.
VIEW_HISTORY = "history_modal"

# The buttons of a promise suggestion (promise spotting), carrying a suggestion id.
SUGGESTION_SAVE = ACTION_SAVE
SUGGESTION_DISMISS = ACTION_DISMISS
SUGGESTION_MUTE = ACTION_MUTE
SUGGESTION_ACTIONS = (SUGGESTION_SAVE, SUGGESTION_DISMISS, SUGGESTION_MUTE)
# Message subtypes written by a person (plain messages have none); edits, joins, deletions and
# bots' messages are not.
HUMAN_SUBTYPES = (None, "thread_broadcast", "file_share")
SPOTTED_CHANNEL_TYPES = ("channel", "group")  # message.channels, message.groups; not DMs

# The date and time pickers shown when a /prometo text has no usable date.
PICK_BLOCK = "capture_pick"
PICK_DATE = "capture_date"
PICK_TIME = "capture_time"
PICK_SAVE = "capture_save"

# Message shortcut "Guardar como promesa" and its modal.
SHORTCUT_CAPTURE = "save_as_promise"
VIEW_CAPTURE = "capture_modal"
VIEW_RESCHEDULE = "reschedule_modal"

# Input blocks and their elements inside the modals.
TASK_BLOCK, TASK_INPUT = "task", "task_input"
OWNER_BLOCK, OWNER_INPUT = "owner", "owner_input"
DATE_BLOCK, DATE_INPUT = "date", "date_input"
TIME_BLOCK, TIME_INPUT = "time", "time_input"
REASON_BLOCK, REASON_INPUT = "reason", "reason_input"

# Reactions that mark a promise kept when its owner adds them to the bot's DM.
KEPT_REACTIONS = frozenset({"white_check_mark", "heavy_check_mark", "ballot_box_with_check"})
