"""The Teams pieces on their own: text rules, cards, error classes, the bridge, the store."""

from __future__ import annotations

import asyncio
import http.client
import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import create_app
from bot.messages import Button, Message
from bot.model import Person
from handlers.teams import cards, late_answer
from handlers.teams.bridge import WsgiBridge
from handlers.teams.cards import message_card, teams_text
from handlers.teams.formatter import TeamsFormatter, escape, mention, plain, plain_text
from handlers.teams.messenger import classify, retry_after
from handlers.teams.runtime import LoopThread
from handlers.web import HttpServer, Router
from storage.teams import SqlTeamsConversations
from tests.conftest import MONDAY_10, make_settings
from tests.teams.shown import rendered


def test_user_text_is_shown_as_typed_never_as_markup() -> None:
    typed = "**gratis** [clic](https://evil.example) <at>Todos</at> `cmd`\n- uno\n# dos\n> tres"
    shown = escape(typed)
    assert "[clic](" not in shown and "**gratis**" not in shown and "`cmd`" not in shown
    assert "<at>" not in shown and "\n- " not in shown and "\n# " not in shown
    # a user's own backslash is escaped too, or '\\[z\\](url)' would come out a link
    reading = rendered(teams_text(escape("\\[z\\](https://evil.example) a\\*b*")))
    assert reading.links == [] and reading.text == "\\[z\\](https://evil.example) a\\*b*"
    assert teams_text(escape("`/prometo lista`")) == escape("`/prometo lista`")
    assert (
        plain_text("<p>Hola&nbsp;<b>Ana</b> &amp; co</p><div>mañana</div>")
        == "Hola Ana & co\nmañana"
    )
    fmt = TeamsFormatter(here="tc7")
    assert fmt.channel_ref("aquí") == "tc7" and fmt.channel_ref("#ventas") is None
    assert TeamsFormatter().channel_ref("aquí") is None
    assert fmt.link("javascript:alert(1)", "x") == "x"


# what people type, with every character Teams' Markdown (or ours) could read as markup
_TYPED = st.text(alphabet=st.sampled_from(list("ab é\t\n*_`[]()<>\\-+=#.)!&1/:@\"'")))


@settings(deadline=None, max_examples=400)
@given(_TYPED)
def test_any_text_escaped_reads_as_typed_in_a_card_and_in_plain_text(typed: str) -> None:
    card_text = teams_text(f"Prometiste **{escape(typed)}** · `/prometo lista`")
    reading = rendered(card_text)
    assert reading.text == f"Prometiste {typed} · prometo lista"
    assert reading.links == [] and reading.mentions == [] and reading.tags == []
    assert plain(card_text) == f"Prometiste {typed} · prometo lista"


def test_a_mention_keeps_any_display_name_as_typed() -> None:
    name = 'Ana <Ventas> **[jefa](https://evil.example)** "A" \\'
    person = Person(1, 1, "aad-ana", "Europe/Madrid", "es", name=name)
    card = message_card(Message(text=f"{mention(person)} prometió algo")).model_dump(
        exclude_none=True
    )
    text = card["body"][0]["text"]
    (entity,) = card["msteams"]["entities"]
    assert text.startswith(entity["text"]) and "<at id=" not in text
    assert entity["mentioned"] == {"id": "aad-ana", "name": name}
    assert rendered(text).links == [] and rendered(text).mentions == [entity["text"]]
    assert plain(mention(person)) == name
    long = Person(2, 1, "aad-b", "UTC", "es", name="x" * 99 + "[")
    assert mention(long).endswith("x\\[</at>"), "cut before escaping, never inside an escape"


def test_a_neutral_message_becomes_a_card_with_buttons_and_real_mentions() -> None:
    ana = Person(1, 1, "aad-ana", "Europe/Madrid", "es", name="Ana [jefa]")
    fmt = TeamsFormatter()
    message = Message(
        text=f"{fmt.person(ana)} prometió algo. Usa `/prometo lista`",
        details=("detalle",),
        note="nota",
        buttons=(Button("Cumplida", "promise_done", "7", "primary"), Button("X", "other", "v")),
    )
    card = message_card(message).model_dump(exclude_none=True)
    first = card["body"][0]["text"]
    assert first.startswith("<at>Ana \\[jefa\\]</at>") and "**prometo lista**" in first
    (entity,) = card["msteams"]["entities"]
    assert entity["mentioned"] == {"id": "aad-ana", "name": "Ana [jefa]"}, "data: as typed"
    assert entity["text"] == "<at>Ana \\[jefa\\]</at>"
    actions = card["body"][-1]["actions"]
    assert [(a["type"], a["data"], a.get("style")) for a in actions] == [
        ("Action.Execute", {"action": "promise_done", "value": "7"}, "positive"),
        ("Action.Execute", {"action": "other", "value": "v"}, None),
    ]
    assert teams_text("`/promise done 1` or `x`") == "**promise done 1** or **x**"


def test_a_message_image_is_shown_in_the_card() -> None:
    class Chart:
        data = b"\x89PNG fake"
        alt = "chart"

    class Huge:
        data = b"\x89PNG" + bytes(30_000)
        alt = "too big for a card"

    card = message_card(Message(text="x")).model_dump(exclude_none=True)
    assert [e["type"] for e in card["body"]] == ["TextBlock"], "no image, no Image element"
    image = cards._image(Chart())
    assert image is not None and image.url.startswith("data:image/png;base64,")
    assert cards._image("https://example.com/c.png").url == "https://example.com/c.png"
    assert cards._image("http://insecure/c.png") is None
    assert cards._image(Huge()) is None, "Teams refuses messages over 28 KB"


def _status_error(
    status: int, headers: dict[str, str] | None = None, body: Any = None
) -> Exception:
    request = httpx.Request("POST", "http://connector/v3/conversations/a:1/activities")
    response = httpx.Response(status, headers=headers, json=body, request=request)
    return httpx.HTTPStatusError("failed", request=request, response=response)


def test_connector_failures_are_classified() -> None:
    limited = classify(_status_error(429, {"Retry-After": "7"}))
    assert (limited.code, limited.permanent, limited.retry_after) == ("ratelimited", False, 7.0)
    blocked = classify(_status_error(403, body={"error": {"code": "ConversationBlockedByUser"}}))
    assert (blocked.code, blocked.permanent) == ("ConversationBlockedByUser", True)
    assert classify(_status_error(404)).permanent
    assert not classify(_status_error(502)).permanent
    assert not classify(_status_error(412)).permanent
    assert classify(httpx.ConnectError("refused")).code == "network"
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    assert 80 < retry_after(later) <= 90
    assert retry_after(None) == 1.0 and retry_after("soon") == 1.0
    with pytest.raises(ValueError):
        classify(ValueError("a bug stays a bug"))


def test_an_invoke_not_ready_in_time_is_answered_and_its_work_goes_on() -> None:
    runtime = LoopThread()
    release = asyncio.Event()
    finished: list[str] = []

    async def slow(request: dict[str, Any]) -> dict[str, Any]:
        await release.wait()
        finished.append(str(request["body"]["name"]))
        return {"status": 200, "body": {"late": True}}

    bridge = WsgiBridge(runtime, late_answer=late_answer, invoke_deadline=0.3)
    bridge.register_route("POST", "/api/messages", slow)
    router = Router()
    router.mount("/api/messages", bridge.wsgi("/api/messages"))
    server = HttpServer(router, host="127.0.0.1", port=0, threads=2).start()
    try:
        body = {"type": "invoke", "name": "adaptiveCard/action", "locale": "en-US"}
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request(
            "POST", "/api/messages", json.dumps(body), {"Content-Type": "application/json"}
        )
        response = conn.getresponse()
        answer = json.loads(response.read())
        conn.close()
        assert response.status == 200 and finished == [], "answered while the work still runs"
        assert answer["type"] == "application/vnd.microsoft.activity.message"
        assert answer["value"].startswith("Got it")
        runtime.loop.call_soon_threadsafe(release.set)
        assert runtime.settle(10) and finished == ["adaptiveCard/action"]
        assert late_answer({"name": "composeExtension/submitAction"})["task"]["type"] == "message"
    finally:
        server.stop()
        runtime.stop()


def test_conversation_references_are_kept_per_person(database_url: str) -> None:
    app = create_app(make_settings(database_url))
    try:
        workspace = app.directory.workspace("teams", "tenant-1")
        ana = app.directory.person("teams", "tenant-1", "aad-ana")
        store = SqlTeamsConversations(app.engine)
        first = store.remember_personal(
            workspace_id=workspace.id,
            person_id=ana.id,
            service_url="https://smba.example/emea/",
            user_id="29:ana",
            now=MONDAY_10,
        )
        assert first.conversation_id is None and first.user_id == "29:ana"
        later = store.remember_personal(
            workspace_id=workspace.id,
            person_id=ana.id,
            service_url="https://smba.example/amer/",
            conversation_id="a:" + "x" * 300,
            now=MONDAY_10,
        )
        assert later.id == first.id and later.user_id == "29:ana", "what is not said is kept"
        assert store.get(later.key) == later and store.personal(ana.id) == later
        assert later.service_url == "https://smba.example/amer/"
        channel = store.remember_channel(
            workspace_id=workspace.id,
            conversation_id="19:abc@thread.tacv2",
            service_url="https://smba.example/emea/",
            name="General",
            now=MONDAY_10,
        )
        assert store.by_conversation("19:abc@thread.tacv2") == channel
        store.set_list_activity(later.id, "1:" + "y" * 100)
        assert store.personal(ana.id).list_activity_id == "1:" + "y" * 100
        assert store.get("D123") is None and store.get("tc999999") is None
    finally:
        app.close()
