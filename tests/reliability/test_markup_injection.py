"""Item 12: markup in promise text never becomes markup in what Prometo posts.

Each case is what a person typed, as Slack sends it (slash command text and channel messages
are Slack-encoded: `&amp; &lt; &gt;` for typed characters, `<...>` control sequences for
@channel, user groups and links), and what the person saw while typing. The text goes in by a
slash command and by a spotted channel message; then every payload Prometo sends is read: the
command answers, the suggestion, the DMs (capture, reminder, overdue), the team channel's
overdue notice and Monday digest, the App Home. Their mrkdwn may hold no control sequence but
Prometo's own (`<@U…>` of a person, `<#C…>` of a channel, a link to a Slack message) and no
bare @channel/@here/@everyone; the text people see (after Slack's unescaping) holds what they
typed; a text too long for Slack's limits is refused with a note, and no payload passes them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app import Prometo, create_app
from tests.conftest import SettableClock, make_settings
from tests.slack.conftest import ANA, BETO, SECRET, SlackSide, serving
from tests.slack.test_spotting import said
from tests.slack_double import Call, SlackDouble

TEAM_CHANNEL = "C0TEAMCHAN1"
ZWSP = "\u200b"


@dataclass(frozen=True)
class Case:
    name: str
    sent: str  # the Slack-encoded text Prometo receives
    seen: str  # what the person saw as they typed it


CASES = [
    Case("@channel", "<!channel> llamar al cliente", "@channel llamar al cliente"),
    Case("@here", "<!here> llamar al cliente", "@here llamar al cliente"),
    Case("@everyone", "<!everyone> llamar al cliente", "@everyone llamar al cliente"),
    Case("user group", "avisar a <!subteam^S1|@ventas> del cierre", "avisar a @ventas del cierre"),
    Case("bare user group", "avisar a <!subteam^S1> del cierre", "avisar a @subteam del cierre"),
    # a link's label is shown with where it goes, never as a link that hides it
    Case(
        "link", "revisar <https://evil.example|Payroll>", "revisar Payroll (https://evil.example)"
    ),
    Case(
        "typed control text",
        "escribir &lt;!channel&gt; y &lt;https://evil.example|Payroll&gt; en el acta",
        "escribir <!channel> y <https://evil.example|Payroll> en el acta",
    ),
    Case("&amp; typed", "revisar P&amp;amp;G &amp; A&lt;B&gt;C", "revisar P&amp;G & A<B>C"),
    Case(
        "right-to-left",
        "להתקשר ללקוח \u202eאבג\u202c llamar",
        "להתקשר ללקוח \u202eאבג\u202c llamar",
    ),
    Case("arabic", "الاتصال بالعميل", "الاتصال بالعميل"),
    Case(
        "zero-width",
        "lla\u200bmar al\u200d cli\u2060ente\ufeff",
        "lla\u200bmar al\u200d cli\u2060ente\ufeff",
    ),
    Case("emoji", "llamar 📞 al cliente 👩🏽‍💼 :tada:", "llamar 📞 al cliente 👩🏽‍💼 :tada:"),
]

LONGEST = ("revisar el contrato <!here> " * 40)[:990]  # MAX_TASK is 1,000 characters

# Prometo's own control sequences: a person, a channel, a link to a Slack message
OURS = re.compile(
    r"<@[UW][A-Z0-9]+>|<#[CG][A-Z0-9]+(?:\|[^<>|]*)?>|<https://acme\.slack\.com/[^<>|]*\|[^<>]*>"
)
BROADCAST = re.compile(r"(?<![\w\u200b])[@＠](channel|here|everyone)\b", re.IGNORECASE)

# Slack's documented limits for the fields Prometo fills
LIMITS = {"text": 40_000, "mrkdwn": 3_000, "plain_text": 3_000, "button_text": 75, "value": 2_000}


def mrkdwn_texts(payload: Any) -> Iterator[str]:
    """Every string Slack reads as mrkdwn in a payload: `text` of a message, mrkdwn objects."""
    if isinstance(payload, dict):
        if payload.get("type") == "mrkdwn" and isinstance(payload.get("text"), str):
            yield payload["text"]
        for key, value in payload.items():
            if key in ("blocks", "view", "elements", "fields", "accessory", "text"):
                if isinstance(value, str) and key == "text" and payload.get("type") is None:
                    yield value  # a message's top-level text (mrkdwn by default)
                else:
                    yield from mrkdwn_texts(value)
    elif isinstance(payload, list):
        for item in payload:
            yield from mrkdwn_texts(item)


def limit_breaks(payload: Any, where: str = "") -> Iterator[str]:
    """Fields longer than Slack accepts (it would refuse the call or cut the text)."""
    if isinstance(payload, dict):
        kind = payload.get("type")
        text = payload.get("text")
        if kind in ("mrkdwn", "plain_text") and isinstance(text, str) and len(text) > LIMITS[kind]:
            yield f"{where}{kind} of {len(text)}"
        if kind == "button":
            if len(payload["text"]["text"]) > LIMITS["button_text"]:
                yield f"{where}button text"
            if len(str(payload.get("value", ""))) > LIMITS["value"]:
                yield f"{where}button value of {len(payload['value'])}"
        for key, value in payload.items():
            yield from limit_breaks(value, f"{where}{key}.")
    elif isinstance(payload, list):
        for item in payload:
            yield from limit_breaks(item, where)


def unescaped(text: str) -> list[str]:
    """Control sequences and broadcast words in mrkdwn that are not Prometo's own."""
    rest = OURS.sub("", text)
    found = re.findall(r"<[^>]*>?", rest)  # any other '<' starts a control sequence
    found += [m.group(0) for m in BROADCAST.finditer(rest)]
    return found


def shown(text: str) -> str:
    """What Slack shows for mrkdwn: sequences as their labels, entities decoded."""
    text = re.sub(r"<@([UW][A-Z0-9]+)>", r"@\1", text)
    text = re.sub(r"<#[CG][A-Z0-9]+\|([^<>]*)>", r"#\1", text)
    text = re.sub(r"<[^<>|]+\|([^<>]*)>", r"\1", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return text.replace("@" + ZWSP, "@")  # the break Prometo puts into @channel is invisible


def outgoing(slack: SlackDouble) -> list[Call]:
    """Every call that carries text to people."""
    methods = (
        "chat.postMessage",
        "chat.update",
        "chat.postEphemeral",
        "views.publish",
        "views.open",
        "response_url",
    )
    return [c for c in slack.calls if c.method in methods]


@pytest.fixture
def team_prometo(tmp_path: Path, clock: SettableClock, slack: SlackDouble) -> Iterator[Prometo]:
    """Prometo with a team channel, where overdue notices and the Monday digest go (SQLite
    only: what is posted does not depend on the database)."""
    settings = make_settings(
        f"sqlite:///{tmp_path / 'markup.db'}",
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SECRET,
        slack_api_url=slack.url,
        prometo_team_channel=TEAM_CHANNEL,
        prometo_slack_rate="off",
        prometo_slack_channel_rate="off",
    )
    app = create_app(settings, clock=clock)
    yield app
    app.close()


def go_through_everything(side: SlackSide, app: Prometo, clock: SettableClock) -> None:
    """Each case typed in a command and said in a channel (and saved), then a week passes:
    reminders, overdue notices, the digest; the App Home of both people."""
    for n, case in enumerate(CASES):
        side.command(f"{case.sent} mañana a las 10")
        side.event(said(f"te envío {case.sent} el miércoles", user=BETO, ts=f"1700000300.{n:06d}"))
    for offer in side.slack.calls_to("chat.postEphemeral"):
        value = next(
            e["value"]
            for b in offer.args["blocks"]
            if b["type"] == "actions"
            for e in b["elements"]
        )
        side.click("suggestion_save", value, user=BETO)
    side.command(LONGEST + " mañana a las 11")  # the longest task allowed, in every list
    side.command("lista")
    side.command("x" * 40_000 + " mañana")
    assert app.chaser is not None
    for hours in (20, 2, 4, 24, 24 * 5):  # reminders, due, overdue, the next Monday's digest
        clock.advance(hours=hours)
        app.chaser.sweep()
    for user in (ANA, BETO):
        side.event({"type": "app_home_opened", "user": user, "tab": "home"})
    side.settle()


def test_markup_in_promise_text_never_becomes_markup_and_reads_as_typed(
    team_prometo: Prometo,
    slack: SlackDouble,
    clock: SettableClock,
    figure: Callable[..., None],
) -> None:
    with serving(team_prometo, slack) as side:
        go_through_everything(side, team_prometo, clock)
    calls = outgoing(slack)
    methods = sorted({c.method for c in calls})
    texts = [(c.method, t) for c in calls for t in mrkdwn_texts(c.args)]
    bad = [(m, seq) for m, t in texts for seq in unescaped(t)]
    breaks = [(c.method, b) for c in calls for b in limit_breaks(c.args)]
    everything = "\n".join(shown(t) for _, t in texts)
    missing = [case.name for case in CASES if case.seen not in everything]
    surfaces = {
        "command answers": "response_url",
        "suggestions": "chat.postEphemeral",
        "DMs and channel posts": "chat.postMessage",
        "App Home": "views.publish",
    }
    team_posts = [c for c in calls if c.args.get("channel") == TEAM_CHANNEL]
    of = f"{len(CASES)} cases + 40,000 chars; {len(calls)} payloads ({', '.join(methods)})"
    figure("12", "unescaped control sequences", len(bad), of=of)
    figure("12", "cases not shown as typed", len(missing), of=of)
    figure("12", "fields over Slack's limits", len(breaks), of=of)
    assert bad == []
    assert missing == []
    assert breaks == []
    for name, method in surfaces.items():  # every surface really carried the cases
        carried = "\n".join(shown(t) for m, t in texts if m == method)
        assert all(case.seen in carried for case in CASES[:3]), name
    assert team_posts, "no overdue notice or digest reached the team channel"
    notes = [c.args["text"] for c in slack.calls_to("response_url")]
    assert any(n.startswith("Es muy largo (40007 caracteres)") for n in notes), "no note"


# Teams: Adaptive Card TextBlocks read a Markdown subset, and '<at>' tags are mentions --------
TEAMS_TYPED = [
    "revisar [Payroll](https://evil.example)",
    "llamar **ya** a _todos_",
    'avisar a <at id="29:1beto">Beto</at> del cierre',
    "1. llamar al cliente",
    "escribir <!channel> y <https://evil.example|Payroll> en el acta",
    "revisar P&amp;G & A<B>C",
    *(case.seen for case in CASES[8:]),  # right-to-left, zero-width, emoji
]
# a Markdown link, a mention tag or a list item that no backslash or zero-width space made inert
TEAMS_LIVE = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(|<at[\s>]|^\s*(?:[-+]|\d+\.)\s", re.MULTILINE)


def teams_shown(text: str) -> str:
    """What a TextBlock shows: backslash escapes and Prometo's zero-width breaks dropped."""
    text = re.sub(r"\\([*_\[\]\\])", r"\1", text)
    return text.replace("<" + ZWSP, "<").replace(ZWSP + "-", "-")


def test_markup_typed_in_teams_never_becomes_markdown_links_or_mentions(
    tmp_path: Path, clock: SettableClock, figure: Callable[..., None]
) -> None:
    """Teams sends what was typed as HTML; the cards Prometo answers with show it as typed."""
    from tests.teams.conftest import ANA as TEAMS_ANA
    from tests.teams.conftest import serving as teams_serving
    from tests.teams.conftest import teams_options
    from tests.teams_double import ConnectorDouble, card_texts

    with ConnectorDouble.running() as connector:
        connector.add_member(TEAMS_ANA.aad, TEAMS_ANA.mri, TEAMS_ANA.name)
        settings = make_settings(f"sqlite:///{tmp_path / 'teams.db'}")
        app = create_app(settings, clock=clock, teams=teams_options(connector))
        try:
            with teams_serving(app, connector) as side:
                for typed in TEAMS_TYPED:
                    side.message(html.escape(f"prometo {typed} mañana a las 10", quote=False))
                side.message("lista")
        finally:
            app.close()
        sent = connector.sent()
    texts = [t for call in sent for t in card_texts(call.card())]
    live = [m.group(0) for t in texts for m in TEAMS_LIVE.finditer(t)]
    everything = "\n".join(teams_shown(t) for t in texts)
    missing = [typed for typed in TEAMS_TYPED if typed not in everything]
    of = f"{len(TEAMS_TYPED)} texts typed in Teams; {len(sent)} cards, {len(texts)} TextBlocks"
    figure("12", "live Markdown links, mention tags or list items (Teams)", len(live), of=of)
    figure("12", "texts not shown as typed (Teams)", len(missing), of=of)
    assert live == []
    assert missing == []
