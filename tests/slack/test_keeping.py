"""Keeping score end to end: signed slash commands to the real endpoint, the real APScheduler
sweeper and SlackMessenger, the Slack Web API double (files upload v2 included), a virtual clock.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app import Prometo, create_app
from bot.digest import week_slot
from handlers.console import VirtualClock
from storage.chases import SqlChaseStore
from tests.slack.conftest import ANA, BETO, CARLA, SlackSide, serving, slack_settings
from tests.slack_double import TEAM, SlackDouble

pytestmark = pytest.mark.slow
SCL = ZoneInfo("America/Santiago")
MONDAY_NOV_2 = datetime(2026, 11, 2, 10, 0, tzinfo=SCL)
DIGEST_NOV_23 = datetime(2026, 11, 23, 9, 0, 5, tzinfo=SCL)  # Monday 09:00, the W48 digest
PNG = b"\x89PNG\r\n\x1a\n"


@dataclass
class Team:
    app: Prometo
    slack: SlackDouble
    side: SlackSide
    clock: VirtualClock

    def travel(self, to: datetime) -> None:
        self.clock.advance(to - self.clock.now())
        self.app.chaser.wake()

    def says(self, user: str, text: str, command: str = "/prometo") -> str:
        """A slash command; returns the text of the ephemeral answer."""
        self.side.command(text, user=user, command=command)
        answer = self.side.last_response()
        assert answer["response_type"] == "ephemeral", answer
        return str(answer["text"])

    def digests(self) -> list[dict[str, object]]:
        return [
            c.args
            for c in self.slack.calls_to("chat.postMessage")
            if c.ok and "Resumen semanal" in str(c.args.get("text"))
        ]


def wait_for(condition: Callable[[], bool], what: str, limit: float = 60.0) -> None:
    """Poll until `condition` holds; a bound against hanging, not a timing assertion."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.02)


@pytest.fixture
def team(database_url: str, slack: SlackDouble) -> Iterator[Team]:
    slack.add_user(CARLA, tz="America/New_York", locale="en-US", name="Carla", admin=True)
    clock = VirtualClock(offset=MONDAY_NOV_2.astimezone(UTC) - datetime.now(UTC))
    settings = slack_settings(database_url, slack).model_copy(
        update={"prometo_team_channel": "C_TEAM"}
    )
    app = create_app(settings, clock=clock)
    try:
        with serving(app, slack) as side:
            yield Team(app, slack, side, clock)
    finally:
        app.close()


def three_weeks_of_history(team: Team) -> None:
    """Week of 2 Nov: Ana keeps one on time, Beto breaks one. Week of 9 Nov: nothing.
    Week of 16 Nov: Ana keeps one on time. Then the W48 digest's moment comes."""
    assert "Anotado" in team.says(ANA, "llamar a Acme mañana")
    assert "Anotado" in team.says(BETO, "enviar el contrato mañana")
    assert "Cumplida" in team.says(ANA, "hecho 1")
    team.app.start_background()
    team.travel(datetime(2026, 11, 16, 10, 0, tzinfo=SCL))
    assert "Anotado" in team.says(ANA, "revisar la propuesta mañana")
    assert "Cumplida" in team.says(ANA, "hecho 2")
    team.travel(DIGEST_NOV_23)
    wait_for(lambda: len(team.digests()) == 1, "the digest of the week of 23 November")
    team.app.chaser.sweep()  # and the rest that fell due (Beto's overdue notice) is sent now


def test_the_digest_carries_the_trend_as_a_chart_uploaded_with_it(team: Team) -> None:
    three_weeks_of_history(team)
    wait_for(lambda: team.slack.shared_files("C_TEAM") != [], "the chart shared in C_TEAM")
    team.app.chaser.sweep()  # whatever else fell due is handled; nothing goes out twice

    [digest] = team.digests()
    text = str(digest["text"]).replace("\xa0", " ")
    assert digest["channel"] == "C_TEAM"
    assert "semana del lunes 23 de noviembre" in text
    assert "Cumplidas a tiempo la semana pasada: 100 % (1 de 1)" in text
    assert "📈 A tiempo, últimas 8 semanas: ·····▅·█ (de 50 % a 100 %)" in text
    assert "por persona" not in text and "<@U0ANA>: " not in text, "team figures only"

    [chart] = team.slack.shared_files("C_TEAM")
    assert chart.data is not None and chart.data.startswith(PNG)
    assert chart.filename == "prometo-2026-W48.png" and chart.length == len(chart.data)
    assert chart.alt_txt and "Semana del 2 nov: 50 %" in chart.alt_txt.replace("\xa0", " ")
    assert "Semana del 9 nov: sin promesas" in chart.alt_txt
    # the v2 flow, in order, after the message itself
    methods = [
        c.method
        for c in team.slack.calls
        if c.method in ("files.getUploadURLExternal", "upload", "files.completeUploadExternal")
        or (c.method == "chat.postMessage" and "Resumen semanal" in str(c.args.get("text")))
    ]
    assert methods == [
        "chat.postMessage",
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    [complete] = team.slack.calls_to("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C_TEAM"
    assert complete.args["files"] == [{"id": chart.id, "title": chart.title}]

    workspace = team.app.directory.workspace("slack", TEAM)
    key = f"w{workspace.id}/digest/{week_slot(DIGEST_NOV_23, 'America/Santiago')}"
    with team.app.engine.connect() as conn:
        from sqlalchemy import text as sql

        rows = conn.execute(sql("SELECT status FROM deliveries WHERE key = :k"), {"k": key}).all()
    assert [r[0] for r in rows] == ["sent"]


def test_stats_is_ephemeral_private_and_friendly_without_history(team: Team) -> None:
    three_weeks_of_history(team)
    posted_before = len(team.slack.calls_to("chat.postMessage"))
    answer = team.says(ANA, "stats").replace("\xa0", " ")
    assert "Tus promesas, solo para ti" in answer
    assert "Últimos 30 días*: 100 % a tiempo (2 de 2) · equipo: 67 % a tiempo (2 de 3)" in answer
    assert (
        "✅ a tiempo: 2 · 📅 renegociadas a tiempo: 0 · 🕗 tarde: 0 · ❌ incumplidas: 0" in answer
    )
    assert "📈 A tiempo, equipo, 8 semanas: ····▅·█·" in answer and "Tú: ····█·█·" in answer
    beto = team.says(BETO, "estadísticas").replace("\xa0", " ")
    assert "0 % a tiempo (0 de 1)" in beto and "❌ incumplidas: 1" in beto
    assert "Ana" not in beto and "U0ANA" not in beto, "no one else's figures"
    carla = team.says(CARLA, "stats", command="/promise").replace("\xa0", " ")
    assert "I have no figures of yours yet" in carla and "team: 67% on time (2 of 3)" in carla
    assert len(team.slack.calls_to("chat.postMessage")) == posted_before, "nothing public"


def test_only_the_installer_or_an_admin_turns_on_per_person_figures(team: Team) -> None:
    assert "Anotado" in team.says(ANA, "llamar a Acme mañana")  # Ana is the first: installer
    refused = team.says(BETO, "resumen personas on")
    assert "Solo quien instaló Prometo o un administrador" in refused
    workspace = team.app.directory.workspace("slack", TEAM)
    assert workspace.digest_people is False
    assert "Done: the weekly digest will show each person" in team.says(
        CARLA, "digest people on", command="/promise"
    )  # Slack says Carla is an admin
    assert team.app.directory.workspace("slack", TEAM).digest_people is True
    assert "solo las cifras del equipo" in team.says(ANA, "resumen personas off")
    assert "muestra solo las cifras del equipo" in team.says(BETO, "resumen personas")


def test_per_person_figures_appear_when_the_workspace_turns_them_on(team: Team) -> None:
    assert "Listo" in team.says(ANA, "resumen personas on")
    three_weeks_of_history(team)
    [digest] = team.digests()
    text = str(digest["text"]) + str(digest["blocks"])
    assert "A tiempo, por persona" in text and "<@U0ANA>: 100" in text


def test_a_failed_upload_neither_loses_nor_repeats_the_digest(team: Team) -> None:
    team.slack.fail_upload(status=500)  # the upload URL refuses the bytes
    three_weeks_of_history(team)
    for _ in range(3):
        team.app.chaser.sweep()
    assert len(team.digests()) == 1
    assert (
        team.slack.shared_files() == []
        and team.slack.calls_to("files.completeUploadExternal") == []
    )
    [upload] = team.slack.calls_to("upload")
    assert upload.status == 500
    assert SqlChaseStore(team.app.engine).next_due() is not None  # the sweeper goes on
    # the next week, Slack refuses the completion: the digest still goes out once
    team.slack.fail("files.completeUploadExternal", "internal_error")
    team.travel(datetime(2026, 11, 30, 9, 0, 5, tzinfo=SCL))
    wait_for(lambda: len(team.digests()) == 2, "the next digest")
    for _ in range(3):
        team.app.chaser.sweep()
    assert len(team.digests()) == 2 and team.slack.shared_files() == []


def test_without_matplotlib_the_digest_goes_out_with_its_sparkline(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails for real
    with pytest.raises(ImportError):
        import matplotlib  # noqa: F401
    three_weeks_of_history(team)
    team.app.chaser.sweep()
    [digest] = team.digests()
    assert "📈 A tiempo, últimas 8 semanas: ·····▅·█" in str(digest["text"])
    assert not [
        c for c in team.slack.calls if c.method.startswith("files.") or c.method == "upload"
    ]
