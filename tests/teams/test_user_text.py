"""Every text a user typed reads as typed in everything Prometo sends to Teams, and is inert.

One run through the real /api/messages endpoint (JWT-signed activities, the real sweeper, the
Bot Connector double) records promises whose task, counterpart, reason, owner's and
counterpart's display names and saved message are hostile Markdown; moves the clock so every
proactive card goes out (reminder, "¿Llegas?", check-in, overdue DM, the team channel's post,
the weekly digest, what the counterpart is told); asks for the list, the counterpart list,
stats and history; renegotiates with reasons; follows up; saves a message as a promise; writes
a promise in a channel and saves the private suggestion it gets (promise spotting). Then
it walks every activity the double received and every answer Teams got (tests/teams/shown.py):
wherever Teams reads Markdown, each user text must read exactly as typed (so none of its
characters became a link, emphasis, a list, a heading or a mention), and wherever Teams shows
text as is (buttons, inputs, choices, notification summaries, message answers, action data)
it must be exactly as typed, not escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest

from app import create_app
from tests.conftest import SettableClock, make_settings
from tests.teams.conftest import BOT, CHANNEL, TENANT, TeamsSide, User, serving, teams_options
from tests.teams.shown import Field, answers_and_activities, cards, entities, fields, rendered
from tests.teams_double import ConnectorDouble, card_actions

pytestmark = pytest.mark.slow

# What people typed. Each has a word found nowhere else, so every place it shows is found.
TASK = (
    "**gratis** [clic](https://evil.example) <at>Todos</at> _ojo_ `cmd` "
    "\\[y](https://evil.example) \\[z\\](https://evil.example) a\\*b*"
)
COUNTERPART = "[Acme](https://x.example) **SA**"
REASON = "**urgente** [ver](https://evil.example/r) <at>Todos</at>\n- paso 1\n2. paso 2\n# fin"
REASON_TYPED = "**apuro** _ya_ [ver](https://evil.example/t)"
MESSAGE = "Te mando la **propuesta** [aquí](https://evil.example) <at>Todos</at>"
SAVED_TASK = "la **rúbrica** [x](https://evil.example)\n- uno\n1) dos\n# tres\n> cuatro"
SPOTTED = (
    "te mando el **zorzal** [ver](https://evil.example) <at>Todos</at> _ya_ a\\*b* "
    "\\[z](https://evil.example)"
)
MAL = User(
    "aad-mal-0001",
    "29:1mal",
    "Mal **Dito** [x](https://evil.example) <b>",
    "es-CL",
    "America/Santiago",
)
ROSA = User("aad-rosa-002", "29:1rosa", "Rosa **[x](https://x.ex)**", "es-CL", "America/Santiago")
TYPED = {
    "gratis": TASK,
    "Acme": COUNTERPART,
    "urgente": REASON,
    "apuro": REASON_TYPED,
    "propuesta": MESSAGE,
    "rúbrica": SAVED_TASK,
    "zorzal": SPOTTED,
    "Dito": MAL.name,
    "Rosa": ROSA.name,
}
PEOPLE = {MAL.aad: MAL.name, ROSA.aad: ROSA.name}


@pytest.fixture
def side(
    database_url: str, clock: SettableClock, connector: ConnectorDouble
) -> Iterator[TeamsSide]:
    """Prometo on its real server, without the client-side send rate (one message a second to
    a chat): this run sends dozens to the same 1:1 chat, and waiting proves nothing here."""
    settings = make_settings(
        database_url, prometo_slack_rate="off", prometo_slack_channel_rate="off"
    )
    prometo = create_app(settings, clock=clock, teams=teams_options(connector))
    try:
        with serving(prometo, connector) as teams_side:
            yield teams_side
    finally:
        prometo.close()


class Recorder:
    """The TeamsSide, keeping every answer Teams got from us."""

    def __init__(self, side: TeamsSide, clock: SettableClock) -> None:
        self.side = side
        self.clock = clock
        self.answers: list[Any] = []

    def say(self, text: str, user: User = MAL) -> None:
        """A message typed in the user's 1:1 chat (Teams sends it as HTML)."""
        self.side.message(html.escape(text, quote=False), user)

    def click(self, data: dict[str, Any], user: User = MAL, **where: Any) -> Any:
        answer = self.side.click(data, user, **where).json()
        self.answers.append(answer)
        return answer

    def invoke(self, name: str, value: dict[str, Any], user: User = MAL) -> Any:
        answer = self.side.message_action(name, value, user).json()
        self.answers.append(answer)
        return answer

    def sweep(self, **delta: float) -> None:
        self.clock.advance(**delta)
        self.side.prometo.chaser.sweep()
        self.side.settle()

    def last(self, user: User = MAL) -> Any:
        return self.side.last_sent(user.chat)

    def promise_ids(self, user: User = MAL) -> list[int]:
        owner = self.side.prometo.directory.person("teams", TENANT, user.aad)
        return sorted(p.id for p in self.side.prometo.book.open_for(owner))


def button(card: dict[str, Any], action: str) -> dict[str, Any]:
    found = [a["data"] for a in card_actions(card) if str(a["data"]["action"]).startswith(action)]
    assert found, f"no {action} button on the card"
    return dict(found[0])


def _drive(run: Recorder) -> None:
    """Everything that sends user text to Teams, once."""
    side = run.side
    run.say(f"prometo {TASK} el jueves a las 12")
    run.say(f"con 1 {COUNTERPART}")
    run.say(f"prometo {TASK} el viernes a las 12")
    run.say(f"con 2 {COUNTERPART}")
    side.mention("canal aquí", MAL)

    # a promise to Rosa, @mentioned in a channel: she is told when it moves and when it's kept
    thread = f"{CHANNEL};messageid=1700000000007"
    activity = side.base(MAL, conversation=thread, kind="channel")
    for mri, name in ((BOT, "Prometo"), (ROSA.mri, ROSA.name)):
        tag = f"<at>{html.escape(name, quote=False)}</at>"
        activity["entities"].append({"type": "mention", "text": tag, "mentioned": {"id": mri}})
    rosa = f"<at>{html.escape(ROSA.name, quote=False)}</at>"
    text = f"<at>Prometo</at> prometo {html.escape(TASK, quote=False)} a {rosa} el viernes a las 18"
    side.post({**activity, "type": "message", "text": text})
    saved = side.last_sent(thread)
    run.click(button(saved.card(), "promise_notify_on"), message_id=saved.id, conversation=thread)
    _, second, third = run.promise_ids()

    run.say("mis promesas")
    listing = run.last()
    (menu,) = [e for e in listing.card()["body"] if e.get("type") == "Input.ChoiceSet"]
    acme = next(c["value"] for c in menu["choices"] if "Acme" in c["title"])
    run.click({**button(listing.card(), "teams_list"), "counterpart": acme}, message_id=listing.id)
    run.say("lista acme")

    form = run.click({"action": "promise_reschedule", "value": str(third)})["value"]
    save = button(form, "teams_reschedule_save")
    run.click({**save, "date": "2026-11-28", "time": "18:00", "reason": REASON})

    run.sweep(days=1)  # Tuesday 10:00: Rosa hears of the new date
    run.sweep(days=1, hours=3)  # Wednesday 13:00: "¿Llegas?" for #1
    ask = next(c for c in side.connector.sent(MAL.chat) if "¿Llegas?" in c.text())
    run.sweep(hours=2)  # Wednesday 15:00: the check-in of #2
    check_in = next(c for c in side.connector.sent(MAL.chat) if "¿Le avisaste" in c.text())
    run.click(button(check_in.card(), "promise_not_yet"), message_id=check_in.id)
    run.click(button(check_in.card(), "promise_check_in"), message_id=check_in.id)
    run.sweep(hours=20, minutes=5)  # Thursday 11:05: the last reminder of #1
    run.sweep(hours=1)  # 12:05: overdue
    run.sweep(hours=2)  # 14:05: the team channel hears
    run.sweep(days=3, hours=19)  # Monday 09:05: the weekly digest

    no = run.click(button(ask.card(), "promise_off_track"), message_id=ask.id)
    run.click({**button(no["value"], "teams_reschedule_save"), "date": "2026-12-04"})
    run.say("stats")
    run.say(f"nueva fecha {second} el martes porque {REASON_TYPED}")
    run.say(f"historial {second}")
    run.say(f"historial {third}")
    refused = run.click({"action": "promise_done", "value": str(third)}, ROSA)  # not hers
    assert "Solo" in refused["value"]
    run.say(f"hecho {third}")
    done = run.last()
    run.sweep(minutes=1)  # Rosa hears it was kept
    run.click(button(done.card(), "promise_follow_up"), message_id=done.id)
    run.say("mis promesas")

    run.say(f"prometo {TASK} pronto")
    picker = run.last().card()
    run.click(button(picker, "promise_capture_at"))
    run.say(f"prometo {TASK} cuando pueda")
    run.click({**button(run.last().card(), "teams_capture_save"), "date": "2026-12-10"})

    # "Guardar como promesa" on a message of Rosa's
    value = {
        "commandId": "saveAsPromise",
        "commandContext": "message",
        "messagePayload": {
            "id": "1700000000009",
            "linkToMessage": "https://teams.microsoft.com/l/message/19:c0ffee/1700000000009",
            "body": {"contentType": "html", "content": html.escape(MESSAGE + " mañana a las 10")},
            "from": {"user": {"id": ROSA.aad, "displayName": ROSA.name}},
        },
    }
    opened = run.invoke("composeExtension/fetchTask", value)
    form = opened["task"]["value"]["card"]["content"]
    (save_action,) = card_actions(form)
    data = {**save_action["data"], "task": SAVED_TASK, "owner": "author", "date": "2026-12-01"}
    submit = {"commandId": "saveAsPromise", "commandContext": "message", "data": data}
    run.invoke("composeExtension/submitAction", submit)

    # a promise written in the channel (no @mention): the private suggestion, then Guardar
    thread = f"{CHANNEL};messageid=1700000000011"
    activity = side.base(MAL, conversation=thread, kind="channel")
    body = html.escape(f"{SPOTTED} mañana a las 10", quote=False)
    side.post({**activity, "id": "1700000000011", "type": "message", "text": f"<p>{body}</p>"})
    offer = run.last()
    run.click(button(offer.card(), "suggestion_save"), message_id=offer.id)


def _covered(shown: str, marker: str, typed: str) -> list[int]:
    """Where `marker` shows in `shown` outside every copy of `typed` (a copy may be cut short
    by '…' or by the end of the text)."""
    spans = []
    for start in range(len(shown)):
        length = 0
        while length < len(typed) and start + length < len(shown):
            if shown[start + length] != typed[length]:
                break
            length += 1
        end = start + length
        if length == len(typed) or end == len(shown) or shown[end] == "…":
            spans.append((start, end))
    bad = []
    at = shown.find(marker)
    while at >= 0:
        if not any(s <= at and at + len(marker) <= e for s, e in spans):
            bad.append(at)
        at = shown.find(marker, at + 1)
    return bad


def problems_of(where: str, field: Field) -> list[str]:
    found = []
    shown = field.shown
    for marker, typed in TYPED.items():
        for at in _covered(shown, marker, typed):
            context = shown[max(0, at - 40) : at + 60]
            found.append(f"{where}{field.where} ({field.kind}): not as typed: {context!r}")
    if field.kind == "markdown":
        reading = rendered(field.raw)
        for label, url in reading.links:
            if "example" in url:
                found.append(f"{where}{field.where}: a user's link {label!r} -> {url}")
        for tag in reading.tags:
            found.append(f"{where}{field.where}: markup {tag!r} in {field.raw!r}")
    return found


def test_user_text_reads_as_typed_and_stays_inert_in_every_teams_card(
    side: TeamsSide, clock: SettableClock
) -> None:
    for user in (MAL, ROSA):
        side.connector.add_member(user.aad, user.mri, user.name)
    run = Recorder(side, clock)
    _drive(run)

    problems: list[str] = []
    seen: list[str] = []
    for where, payload in answers_and_activities(side.connector.calls, run.answers):
        shown = []
        for field in fields(payload):
            problems.extend(problems_of(where, field))
            shown.append(field.shown)
        seen.append("\n".join(shown))
        for card in cards(payload):
            mentions = entities(card.content)
            for field in fields(card.content):
                if field.kind != "markdown":
                    continue
                for token in rendered(field.raw).mentions:
                    entity = mentions.get(token)
                    if entity is None:
                        problems.append(f"{where}{card.where}: {token!r} mentions nobody")
                        continue
                    person = entity["mentioned"]
                    if person["id"] in PEOPLE and person.get("name") != PEOPLE[person["id"]]:
                        problems.append(f"{where}: mention named {person.get('name')!r}")
    assert not problems, "\n".join(problems)

    # the run did reach every kind of message (so the check above covered them)
    def shows(*words: str) -> bool:
        return any(all(w in text for w in words) for text in seen)

    expected = {
        "saved": ("Anotado", "gratis"),
        "counterpart": ("Con:", "Acme"),
        "reminder": ("Recordatorio", "gratis"),
        "¿Llegas?": ("¿Llegas?", "gratis"),
        "check-in": ("¿Le avisaste", "Acme"),
        "overdue": ("Venció", "gratis"),
        "team post": ("Promesa vencida", "Dito", "gratis"),
        "digest": ("Resumen semanal", "gratis", "Dito"),
        "list": ("Tus promesas", "gratis"),
        "counterpart list": ("Promesas abiertas a", "Acme"),
        "told moved": ("urgente", "Dito"),
        "reason": ("Motivo", "apuro"),
        "history": ("Historial", "urgente"),
        "follow-up": ("Seguimiento anotado", "Rosa", "gratis"),
        "form": ("propuesta",),
        "saved message": ("rúbrica", "Rosa"),
        "notify button": ("Avisar a @Rosa",),
        "refusal": ("Solo", "Dito"),
        "suggestion": ("¿Lo guardo como promesa?", "zorzal", "Lo escribiste en"),
        "saved suggestion": ("Anotado como promesa", "zorzal"),
    }
    missing = [name for name, words in expected.items() if not shows(*words)]
    assert not missing, f"never sent: {missing}"
    assert not [a for a in run.answers if "error" in a], "every answer was a real one"
    told = [c.body.get("summary", "") for c in side.connector.sent(ROSA.chat)]
    heard = [s.split(" ", 1)[0] for s in told if s[2:].startswith(MAL.name)]
    assert heard == ["📅", "✅"], f"Rosa is told of the new date, then that it was kept: {told}"
