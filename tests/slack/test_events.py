"""Events: ✅ on the bot's DM completes a promise; retries never act twice; the App Home."""

from __future__ import annotations

from app import Prometo
from bot.model import EventKind, Status
from handlers.slack import ids
from tests.conftest import SettableClock
from tests.slack.conftest import ANA, BETO, SlackSide, text_of
from tests.slack.test_shortcut import beto_promises, shortcut, submit


def captured(side: SlackSide, prometo: Prometo):
    """Ana records Beto's promise from his message; Beto gets a DM about it."""
    submit(side, shortcut(side, "Te mando la cotización el viernes a las 11"))
    [promise] = beto_promises(prometo)
    owner_dm, recorder_dm = prometo.store.messages_about(promise.id)
    assert (owner_dm[0], recorder_dm[0]) == ("D" + BETO, "D" + ANA)
    channel, ts = owner_dm
    return promise, channel, ts


def reaction(user: str, emoji: str, channel: str, ts: str) -> dict:
    return {
        "type": "reaction_added",
        "user": user,
        "reaction": emoji,
        "item_user": "UBOTPROMETO",
        "item": {"type": "message", "channel": channel, "ts": ts},
        "event_ts": "1700000100.000100",
    }


def test_the_owners_check_mark_on_the_dm_marks_it_kept_and_updates_the_dm(
    side: SlackSide, prometo: Prometo
) -> None:
    promise, channel, ts = captured(side, prometo)
    side.slack.reset()
    answer = side.event(reaction(BETO, "white_check_mark", channel, ts))
    assert answer.status == 200
    kept = prometo.store.get_promise(promise.id)
    assert kept is not None and kept.status is Status.DONE
    updates = side.slack.calls_to("chat.update")
    assert {u.args["channel"] for u in updates} == {channel, "D" + ANA}  # both DMs show it
    assert all("Cumplida" in u.args["text"] for u in updates)
    assert (channel, ts) in {(u.args["channel"], u.args["ts"]) for u in updates}
    homes = {c.args["user_id"] for c in side.slack.calls_to("views.publish")}
    assert homes == {ANA, BETO}


def test_each_kept_emoji_works(side: SlackSide, prometo: Prometo) -> None:
    for emoji in sorted(ids.KEPT_REACTIONS):
        promise, channel, ts = captured(side, prometo)
        side.event(reaction(BETO, emoji, channel, ts))
        assert prometo.store.get_promise(promise.id).status is Status.DONE  # type: ignore[union-attr]


def test_other_people_other_emoji_and_other_messages_do_nothing(
    side: SlackSide, prometo: Prometo
) -> None:
    promise, channel, ts = captured(side, prometo)
    side.slack.reset()
    side.event(reaction(ANA, "white_check_mark", channel, ts))  # the recorder, not the owner
    side.event(reaction("U0CARLA", "heavy_check_mark", channel, ts))
    side.event(reaction(BETO, "thumbsup", channel, ts))
    side.event(reaction(BETO, "white_check_mark", channel, "1600000000.000001"))
    side.event(reaction(BETO, "white_check_mark", "C0OTHER001", ts))
    assert prometo.store.get_promise(promise.id).status is Status.OPEN  # type: ignore[union-attr]
    assert [e.kind for e in prometo.book.history(promise.id)] == [EventKind.CREATED]
    assert side.slack.calls_to("chat.update") == []


def test_the_app_home_lists_overdue_first_then_open_then_kept(
    side: SlackSide, prometo: Prometo, clock: SettableClock
) -> None:
    side.command("llamar al cliente hoy a las 18")
    side.command("enviar la propuesta el viernes")
    side.command("revisar el contrato el jueves")
    side.command("hecho 3")
    clock.advance(hours=6)  # 18:00 Madrid passed: the first one is overdue
    side.slack.reset()
    side.event({"type": "app_home_opened", "user": ANA, "channel": "D0ANA", "tab": "home"})
    [publish] = side.slack.calls_to("views.publish")
    view = publish.args["view"]
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    sections = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    shown = "\n".join(sections)
    assert shown.index("VENCIDA") < shown.index("llamar al cliente")
    assert shown.index("llamar al cliente") < shown.index("enviar la propuesta")
    assert shown.index("enviar la propuesta") < shown.index("Cumplidas hace poco")
    assert shown.index("Cumplidas hace poco") < shown.index("revisar el contrato")
    buttons = [
        e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    # "llamar al cliente" names whom it was promised to: the filter by counterpart comes first
    assert buttons == [ids.HOME_FILTER] + [ids.DONE, ids.RESCHEDULE, ids.CANCEL, ids.HISTORY] * 2
    assert "Tus promesas" in text_of(view)


def test_the_messages_tab_does_not_publish_a_home(side: SlackSide) -> None:
    side.event({"type": "app_home_opened", "user": ANA, "channel": "D0ANA", "tab": "messages"})
    assert side.slack.calls_to("views.publish") == []


def test_uninstalling_marks_the_workspace_inactive(side: SlackSide, prometo: Prometo) -> None:
    from storage.models import WorkspaceRow

    side.command("lista")
    side.event({"type": "app_uninstalled"})
    with prometo.store.sessions() as s:
        [row] = s.query(WorkspaceRow).all()
        assert row.active is False


def test_a_promise_due_soon_is_still_shown_after_a_day(
    side: SlackSide, prometo: Prometo, clock: SettableClock
) -> None:
    side.command("llamar al cliente mañana")
    clock.advance(days=3)
    side.event({"type": "app_home_opened", "user": ANA, "channel": "D0ANA", "tab": "home"})
    assert "VENCIDA" in text_of(side.slack.calls_to("views.publish")[-1].args["view"])
