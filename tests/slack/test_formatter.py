"""Slack text in and out: what people typed, made inert before the bot posts it."""

from __future__ import annotations

import pytest

from bot.model import Person
from handlers.slack.formatter import SlackFormatter, escape, plain

FMT = SlackFormatter()


@pytest.mark.parametrize(
    ("slack_text", "seen"),
    [
        ("llamar a <@U123|ana> y a <@U456>", "llamar a @ana y a @U456"),
        ("<!channel> <!here|here> <!everyone>", "@channel @here @everyone"),
        ("<!subteam^S1|@ventas> revisa", "@ventas revisa"),
        ("ver <https://evil.example|banco.cl>", "ver banco.cl (https://evil.example)"),
        ("ver <https://x.example>", "ver https://x.example"),
        ("<mailto:a@b.cl|a@b.cl>", "a@b.cl (mailto:a@b.cl)"),
        ("1 &lt; 2 &amp;&amp; 3 &gt; 2", "1 < 2 && 3 > 2"),
        ("en <#C0123ABCD|general>", "en <#C0123ABCD|general>"),
    ],
)
def test_plain_reads_slack_encoded_text_as_people_saw_it(slack_text: str, seen: str) -> None:
    assert plain(slack_text) == seen


@pytest.mark.parametrize(
    "typed",
    [
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "@channel",
        "@here",
        "@Everyone",
        "＠channel",
        "<https://evil.example|banco.cl>",
        "<@U123>",
        "<!subteam^S1>",
    ],
)
def test_escape_leaves_nothing_that_pings_or_links(typed: str) -> None:
    made_inert = escape(typed)
    assert "<" not in made_inert and ">" not in made_inert
    for word in ("@channel", "@here", "@everyone", "＠channel"):
        assert word not in made_inert.lower()


def test_escape_keeps_entities_and_channel_links() -> None:
    assert escape("a & b < c") == "a &amp; b &lt; c"
    assert escape("en <#C0123ABCD|general> ya") == "en <#C0123ABCD|general> ya"
    assert escape("<#C0123ABCD|x> <!here>") == "<#C0123ABCD|x> &lt;!here&gt;"


def test_channel_references() -> None:
    assert FMT.channel_ref("<#C0123ABCD|equipo>") == "C0123ABCD"
    assert FMT.channel_ref(" <#G0123ABCD> ") == "G0123ABCD"
    assert FMT.channel_ref("C0123ABCDE") == "C0123ABCDE"
    assert FMT.channel_ref("#equipo") is None
    assert FMT.channel_ref("<@U0123ABCD>") is None


def test_links_and_people() -> None:
    ana = Person(1, 1, "U0ANA", "UTC", "es")
    assert FMT.person(ana) == "<@U0ANA>"
    assert FMT.link("https://a.example/?x=1&y=<2>", "mira | <esto>") == (
        "<https://a.example/?x=1&amp;y=%3C2%3E|mira ¦ &lt;esto&gt;>"
    )
    assert FMT.bold("hola") == "*hola*"
