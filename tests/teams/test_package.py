"""`prometo teams-package`: the manifest, its command menu, and two icons Teams accepts."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from app import main
from bot.commands import _SUBCOMMANDS
from bot.parsing.normalise import fold
from handlers.teams import ids
from handlers.teams.package import CHANNEL_COMMANDS, COMMANDS, build_package, manifest

BOT_ID = "11111111-2222-3333-4444-555555555555"


def png_info(data: bytes) -> tuple[int, int, int, list[tuple[int, int, int, int]]]:
    """(width, height, colour type, pixels) of an 8-bit RGBA PNG without filters."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert depth == 8
    idat = b""
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            idat += data[at + 8 : at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + 4 * width
    pixels = [
        tuple(raw[y * stride + 1 + 4 * x : y * stride + 5 + 4 * x])
        for y in range(height)
        for x in range(width)
    ]
    return width, height, colour, pixels  # type: ignore[return-value]


def test_the_package_holds_a_manifest_and_two_icons(tmp_path: Path) -> None:
    path = build_package(tmp_path / "prometo.zip", bot_id=BOT_ID, domain="prometo.acme.com")
    with zipfile.ZipFile(path) as bundle:
        assert sorted(bundle.namelist()) == ["color.png", "manifest.json", "outline.png"]
        document = json.loads(bundle.read("manifest.json"))
        color = png_info(bundle.read("color.png"))
        outline = png_info(bundle.read("outline.png"))
    assert (color[0], color[1], outline[0], outline[1]) == (192, 192, 32, 32)
    assert all(p[3] == 255 for p in color[3]), "the colour icon is opaque"
    assert {p for p in outline[3] if p[3]} == {(255, 255, 255, 255)}, "outline: white only"
    assert 0 < sum(1 for p in outline[3] if p[3]) < 32 * 32 // 2, "…on transparency"
    (bot,) = document["bots"]
    assert bot["botId"] == BOT_ID and set(bot["scopes"]) == {"personal", "team", "groupChat"}
    (action,) = document["composeExtensions"][0]["commands"]
    assert action["id"] == ids.SAVE_AS_PROMISE and action["context"] == ["message"]
    assert action["type"] == "action" and action["fetchTask"] is True
    assert action["title"] == "Guardar como promesa"
    assert document["validDomains"] == ["prometo.acme.com"]
    assert document["developer"]["privacyUrl"].startswith("https://prometo.acme.com")
    assert document["id"] == manifest(BOT_ID)["id"], "the app id is stable for one bot"


def test_every_menu_command_fits_teams_and_is_one_prometo_understands() -> None:
    for commands in (COMMANDS, CHANNEL_COMMANDS):
        assert len(commands) <= 10
        for title, description in commands:
            assert len(title) <= 32 and len(description) <= 128
            word = fold(title)
            known = any(pattern.match(word + " 1") for _, pattern in _SUBCOMMANDS)
            assert known or word in ("prometo", "promise"), title


def test_the_command_line_builds_it_and_refuses_a_bad_bot_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x" / "teams.zip"
    assert main(["teams-package", "--bot-id", BOT_ID, "--out", str(out)]) == 0
    assert zipfile.is_zipfile(out) and str(out) in capsys.readouterr().out
    assert main(["teams-package", "--bot-id", "not-a-guid", "--out", str(out)]) == 2
    assert "GUID" in capsys.readouterr().err
    assert main(["teams-package", "--out", str(out)]) == 2  # no CLIENT_ID in the environment
    assert "CLIENT_ID" in capsys.readouterr().err


def test_the_manifest_asks_to_read_channel_messages_and_no_chat() -> None:
    """Resource-specific consent: adding Prometo to a team lets it read that team's channel
    messages without an @mention (promise spotting); group chats are never read."""
    document = manifest(BOT_ID, domain="prometo.acme.com")
    assert document["manifestVersion"] == "1.17"  # RSC in `authorization` needs 1.12 or later
    assert document["webApplicationInfo"]["id"] == BOT_ID
    assert document["webApplicationInfo"]["resource"]  # required, unused by RSC
    assert document["authorization"] == {
        "permissions": {
            "resourceSpecific": [{"name": "ChannelMessage.Read.Group", "type": "Application"}]
        }
    }
    assert "ChatMessage.Read.Chat" not in json.dumps(document)
    # the store's rule: the description says how the bot uses what it reads
    assert "lee los mensajes" in document["description"]["full"]
    assert len(document["description"]["full"]) <= 4000
