"""Item 13's payloads: hypothesis strategies for what could reach POST /slack/events.

`payloads()` draws slash commands, block_actions, view submissions, message shortcuts and
Events API envelopes in Slack's documented shapes, with random values where Slack puts values
(any text, unknown ids, stale or made-up promise ids, JSON or not in button values and modal
metadata). `broken()` draws what must be refused without a trace: bodies that are not JSON or
not a form, JSON of the wrong kind, and payloads with a required field missing or of the wrong
type. Each is a `Request`: bytes and a content type, ready to be signed and sent.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from handlers.slack import ids
from tests.reliability.inputs import Sender
from tests.slack.conftest import ANA, BETO, CARLA, CHANNEL, SlackSide
from tests.slack_double import TEAM

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass(frozen=True)
class Request:
    kind: str  # command, block_actions, view_submission, shortcut, event, malformed
    body: bytes
    content_type: str

    def __repr__(self) -> str:
        return f"Request({self.kind}, {self.body[:300]!r})"


USERS = st.sampled_from([ANA, BETO, CARLA, "U0NOBODY", "W0ENTERPRISE"]) | st.text(max_size=12)
TEAMS = st.sampled_from([TEAM, TEAM, "T0OTHER"]) | st.text(max_size=10)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
)
JUNK = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
WORDS = st.sampled_from(
    [
        "llamar al cliente mañana",
        "enviar la propuesta el viernes a las 10",
        "lista",
        "hecho 1",
        "cancelar 2",
        "mover 1 al lunes porque sí",
        "ayuda",
        "stats",
        "sugerencias off",
        "guardar",
        "send the report tomorrow at 5pm",
        "done 99999999999999999999",
        "<!channel> <@U0BETO> <#C0SALES01|ventas> &lt;b&gt; mañana",
        "hasta el 31 de febrero",
        "el 2026-13-45 a las 25:61",
    ]
)
TEXTS = (
    WORDS | st.text(max_size=200) | st.builds(lambda a, b: f"{a} {b}", WORDS, st.text(max_size=40))
)
ACTION_IDS = st.sampled_from(
    [
        *ids.PROMISE_ACTIONS,
        *(f"{name}.{n}" for name in ids.CHOICE_ACTIONS for n in (1, 2)),
        *ids.SUGGESTION_ACTIONS,
        ids.PICK_DATE,
        ids.PICK_TIME,
        ids.PICK_SAVE,
        ids.HOME_FILTER,
        ids.HOME_FILTER_CLEAR,
        "unknown_action",
    ]
)
DATES = st.sampled_from(["2026-11-30", "2026-02-30", "1999-01-01", "30/11/2026", ""]) | st.text(
    max_size=12
)
CLOCKS = st.sampled_from(["10:00", "25:00", "9", ""]) | st.none() | st.text(max_size=6)
VALUES = (
    st.integers(min_value=-5, max_value=10).map(str)
    | st.text(max_size=40)
    | st.builds(lambda p, d: f"{p}|{d}T10:00:00+00:00|1", st.integers(-1, 9), DATES)
    | st.builds(
        lambda task, due, pid: json.dumps({"task": task, "due": due, "pid": pid, "lang": "es"}),
        st.text(max_size=20),
        st.sampled_from(["2026-11-30T10:00:00+00:00", "2026-11-30", "mañana", ""]),
        JUNK,
    )
    | st.sampled_from(["u:1", "t:cliente", "u:999", "clear"])
)


def maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the value Slack would send, sometimes junk of any type."""
    return st.one_of(value, value, value, JUNK)


def _action() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "action_id": ACTION_IDS,
            "block_id": st.sampled_from(["b1", ids.PICK_BLOCK, "home_1"]),
            "type": st.sampled_from(["button", "static_select", "datepicker"]),
            "value": maybe(VALUES),
            "action_ts": st.just("1700000000.111111"),
        },
        optional={"selected_option": maybe(st.fixed_dictionaries({"value": VALUES}))},
    )


def _who() -> dict[str, st.SearchStrategy[Any]]:
    return {
        "user": st.builds(lambda u, t: {"id": u, "team_id": t}, USERS, TEAMS),
        "team": st.builds(lambda t: {"id": t}, TEAMS),
    }


def _container(response_url: str) -> st.SearchStrategy[dict[str, Any]]:
    message = {
        "container": st.just(
            {"type": "message", "message_ts": "1700000000.000001", "channel_id": CHANNEL}
        ),
        "channel": st.just({"id": CHANNEL}),
        "response_url": st.just(response_url),
        "message": maybe(st.just({"ts": "1700000000.000001", "text": "…"})),
    }
    home = {
        "container": st.just({"type": "view", "view_id": "VHOME"}),
        "view": st.just({"id": "VHOME", "type": "home", "blocks": []}),
    }
    return st.fixed_dictionaries(message) | st.fixed_dictionaries(home)


def _state() -> st.SearchStrategy[Any]:
    field = {
        ids.TASK_BLOCK: st.fixed_dictionaries({ids.TASK_INPUT: st.builds(_v, TEXTS)}),
        ids.OWNER_BLOCK: st.fixed_dictionaries(
            {ids.OWNER_INPUT: st.builds(lambda u: {"selected_user": u}, USERS)}
        ),
        ids.DATE_BLOCK: st.fixed_dictionaries(
            {ids.DATE_INPUT: st.builds(lambda d: {"selected_date": d}, DATES)}
        ),
        ids.TIME_BLOCK: st.fixed_dictionaries(
            {ids.TIME_INPUT: st.builds(lambda c: {"selected_time": c}, CLOCKS)}
        ),
        ids.REASON_BLOCK: st.fixed_dictionaries({ids.REASON_INPUT: st.builds(_v, TEXTS)}),
        ids.PICK_BLOCK: st.fixed_dictionaries(
            {
                ids.PICK_DATE: st.builds(lambda d: {"selected_date": d}, DATES),
                ids.PICK_TIME: st.builds(lambda c: {"selected_time": c}, CLOCKS),
            }
        ),
    }
    return maybe(st.builds(lambda v: {"values": v}, st.fixed_dictionaries({}, optional=field)))


def _v(text: str) -> dict[str, str]:
    return {"type": "plain_text_input", "value": text}


def _metadata() -> st.SearchStrategy[Any]:
    structured = st.fixed_dictionaries(
        {},
        optional={
            "p": maybe(st.integers(-1, 9)),
            "l": st.sampled_from(["es", "en", "xx"]),
            "r": st.none(),
            "t": TEXTS,
            "c": st.just(CHANNEL),
            "ts": st.just("1700000000.000001"),
        },
    ).map(json.dumps)
    return maybe(structured | st.text(max_size=30))


def _form(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def commands(response_url: str) -> st.SearchStrategy[Request]:
    fields = st.fixed_dictionaries(
        {
            "team_id": TEAMS,
            "user_id": USERS,
            "command": st.sampled_from([ids.COMMAND_ES, ids.COMMAND_ES, ids.COMMAND_EN]),
            "text": TEXTS,
            "channel_id": st.sampled_from([CHANNEL, "D0ANA", "G0PRIVATE1"]),
            "channel_name": st.sampled_from(["ventas", "directmessage"]),
            "response_url": st.just(response_url),
            "trigger_id": st.just("1.2.trigger"),
        }
    )
    return fields.map(lambda f: Request("command", urlencode(f).encode(), FORM))


def interactive(response_url: str) -> st.SearchStrategy[Request]:
    actions = st.builds(
        lambda who, where, actions, state, trigger: {
            "type": "block_actions",
            **who,
            **where,
            "actions": actions,
            "state": state,
            "trigger_id": trigger,
            "api_app_id": "A0PROMETO",
        },
        st.fixed_dictionaries(_who()),
        _container(response_url),
        st.lists(_action(), min_size=1, max_size=2),
        _state(),
        st.just("2.3.trigger"),
    )
    views = st.builds(
        lambda who, callback, meta, state: {
            "type": "view_submission",
            **who,
            "view": {
                "id": "VMODAL1",
                "type": "modal",
                "callback_id": callback,
                "private_metadata": meta,
                "state": state,
            },
        },
        st.fixed_dictionaries(_who()),
        st.sampled_from([ids.VIEW_CAPTURE, ids.VIEW_RESCHEDULE, "unknown_view"]),
        _metadata(),
        _state(),
    )
    shortcuts = st.builds(
        lambda who, message: {
            "type": "message_action",
            **who,
            "callback_id": ids.SHORTCUT_CAPTURE,
            "trigger_id": "3.4.trigger",
            "channel": {"id": CHANNEL},
            "message": message,
            "response_url": response_url,
        },
        st.fixed_dictionaries(_who()),
        maybe(
            st.builds(
                lambda text, user: {"type": "message", "text": text, "user": user, "ts": "1.2"},
                TEXTS,
                USERS,
            )
        ),
    )
    return (
        actions.map(lambda p: Request("block_actions", _form(p), FORM))
        | views.map(lambda p: Request("view_submission", _form(p), FORM))
        | shortcuts.map(lambda p: Request("shortcut", _form(p), FORM))
    )


EVENT_TYPES = st.sampled_from(
    [
        "reaction_added",
        "reaction_added",
        "app_home_opened",
        "message",
        "message",
        "reaction_removed",
        "app_mention",
        "unknown_event",
    ]
)


def events() -> st.SearchStrategy[Request]:
    event = st.fixed_dictionaries(
        {"type": EVENT_TYPES},
        optional={
            "user": maybe(USERS),
            "reaction": maybe(st.sampled_from([*sorted(ids.KEPT_REACTIONS), "thumbsup"])),
            "item": maybe(
                st.builds(
                    lambda c, ts: {"type": "message", "channel": c, "ts": ts},
                    st.sampled_from(["D0ANA", "DU0BETO", CHANNEL]),
                    st.sampled_from(["1700000000.000001", "1700000000.000002"]),
                )
            ),
            "tab": st.sampled_from(["home", "messages"]),
            "text": maybe(TEXTS),
            "channel": maybe(st.sampled_from([CHANNEL, "D0ANA"])),
            "channel_type": st.sampled_from(["channel", "group", "im"]),
            "ts": st.sampled_from(["1700000100.000100", "1700000100.000200"]),
            "subtype": st.sampled_from(["message_changed", "bot_message", "thread_broadcast"]),
            "thread_ts": maybe(st.just("1700000100.000001")),
            "tokens": maybe(st.just({"oauth": ["U0ANA"]})),
        },
    )
    envelope = st.builds(
        lambda team, event, event_id: {
            "type": "event_callback",
            "team_id": team,
            "api_app_id": "A0PROMETO",
            "event": event,
            "event_id": event_id,
            "event_time": 1700000000,
        },
        TEAMS,
        event,
        st.text(alphabet="Ev0123456789ABC", min_size=3, max_size=12),
    )
    return envelope.map(lambda e: Request("event", json.dumps(e).encode(), JSON))


def payloads(response_url: str) -> st.SearchStrategy[Request]:
    """Any well-formed request, with random values inside."""
    return st.one_of(commands(response_url), interactive(response_url), events())


# what must be refused -------------------------------------------------------------------------
REQUIRED = {  # (the workspace of an interaction may be told by `team` or by `user.team_id`)
    "block_actions": ("user", "actions"),
    "view_submission": ("user", "view"),
    "message_action": ("user", "message"),
    "event_callback": ("team_id", "event"),
}


def _break(payload: dict[str, Any], key: str, junk: Any, drop: bool) -> dict[str, Any]:
    broken = dict(payload)
    if drop:
        broken.pop(key, None)
    else:
        broken[key] = junk
    return broken


def _wrong_type(key: str) -> st.SearchStrategy[Any]:
    """Junk that is not of the type Slack uses for a required field."""
    wanted = {"actions": list, "team_id": str}.get(key, dict)
    return JUNK.filter(lambda j: not isinstance(j, wanted))


def broken(response_url: str) -> st.SearchStrategy[Request]:
    """Requests that must be refused and change nothing."""
    malformed = st.one_of(
        st.binary(max_size=200).map(lambda b: Request("malformed", b, JSON)),
        st.text(max_size=100).map(lambda t: Request("malformed", t.encode(), JSON)),
        JUNK.filter(lambda j: not isinstance(j, dict)).map(
            lambda j: Request("malformed", json.dumps(j).encode(), JSON)
        ),
        st.text(max_size=100).map(
            lambda t: Request("malformed", urlencode({"payload": t}).encode(), FORM)
        ),
        JUNK.filter(lambda j: not isinstance(j, dict)).map(
            lambda j: Request("malformed", _form(j), FORM)  # type: ignore[arg-type]
        ),
        st.binary(max_size=200).map(lambda b: Request("malformed", b, FORM)),
    )

    return malformed | _missing(response_url)


@st.composite
def _missing(draw: st.DrawFn, response_url: str) -> Request:
    """A well-formed request with one required field dropped or of the wrong type."""
    request = draw(st.one_of(commands(response_url), interactive(response_url), events()))
    if request.kind == "command":
        fields = dict(parse_qsl(request.body.decode(), keep_blank_values=True))
        key = draw(st.sampled_from(("user_id", "team_id", "command")))
        fields.pop(key)
        return Request("command without " + key, urlencode(fields).encode(), FORM)
    if request.content_type == JSON:
        payload = json.loads(request.body)
    else:
        payload = json.loads(dict(parse_qsl(request.body.decode()))["payload"])
    key = draw(st.sampled_from(REQUIRED[payload["type"]]))
    changed = _break(payload, key, draw(_wrong_type(key)), draw(st.booleans()))
    kind = f"{payload['type']}: {key} missing or wrong"
    if request.content_type == JSON:
        return Request(kind, json.dumps(changed).encode(), JSON)
    return Request(kind, _form(changed), FORM)


def fuzz(
    side: SlackSide, strategy: Any, runs: int, *, seed: int | None = None
) -> tuple[Counter[int], list[Request]]:
    """Send `runs` requests drawn from `strategy` (the same ones each time unless `seed` is
    given) over one keep-alive connection; their statuses, and the 5xx ones."""
    sender = Sender(side)
    statuses: Counter[int] = Counter()
    failed: list[Request] = []

    def send(request: Request) -> None:
        answer, _ = sender.post(request.body, request.content_type)
        statuses[answer.status] += 1
        if answer.status >= 500:
            failed.append(request)

    run = given(strategy)(send)
    if seed is not None:
        run = hypothesis_seed(seed)(run)
    run = settings(
        max_examples=runs,
        derandomize=seed is None,
        database=None,
        deadline=None,
        phases=(Phase.generate,),  # a generator here: a failure is reported, never shrunk
        suppress_health_check=list(HealthCheck),
    )(run)
    try:
        run()
    finally:
        sender.close()
    side.settle()
    return statuses, failed
