"""Every Teams action id, form field, command id and reaction Prometo knows, in one place."""

from __future__ import annotations

from bot.messages import (
    ACTION_CANCEL,
    ACTION_DONE,
    ACTION_RESCHEDULE,
)

PLATFORM = "teams"
PATH = "/api/messages"

# The core's button actions keep their ids on cards; these are the Teams forms' own.
DONE = ACTION_DONE
RESCHEDULE = ACTION_RESCHEDULE
CANCEL = ACTION_CANCEL
CAPTURE_SAVE = "teams_capture_save"  # the date picker under a promise without a date
RESCHEDULE_SAVE = "teams_reschedule_save"  # the new-date form shown in place of a card
BACK = "teams_back"  # leave the new-date form
LIST = "teams_list"  # "mis promesas": refresh (automatic or the button)
FROM_LIST = "list"  # `from` of a button on the list card: its answer is the list again

# Inputs on the forms.
FIELD_TASK = "task"
FIELD_OWNER = "owner"
FIELD_DATE = "date"
FIELD_TIME = "time"
FIELD_REASON = "reason"
FIELD_COUNTERPART = "counterpart"  # the list card's "Ver promesas a…" menu
OWNER_AUTHOR = "author"
OWNER_ME = "me"

# The message action (manifest composeExtensions command id).
SAVE_AS_PROMISE = "saveAsPromise"

# Reactions on the bot's own message that mark its promise kept (Teams reaction ids; a skin
# tone suffix such as '-tone2' is dropped before matching).
KEPT_REACTIONS = frozenset(
    {
        "like",
        "yes",
        "1f44d_thumbsup",
        "2705_whiteheavycheckmark",
        "2714_heavycheckmark",
        "2611_ballotboxwithcheck",
        "checkmark",
        "heavycheckmark",
        "whiteheavycheckmark",
    }
)
