"""The Teams app package: manifest.json and two icons in a zip, built by `prometo teams-package`.

Upload the zip in Teams (Apps > Manage your apps > Upload an app) or in the Teams admin
center. The manifest declares the bot (personal chat, teams, group chats) with its command
menu, the message action "Guardar como promesa", and the resource-specific consent to read
channel messages without an @mention (promise spotting). The icons are drawn here, so the
package needs no image files: a 192x192 colour icon and a 32x32 white-on-transparent outline.
"""

from __future__ import annotations

import json
import re
import struct
import uuid
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handlers.teams import ids

MANIFEST_VERSION = "1.17"
SCHEMA = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/"
    f"v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
)
# Read a team's channel messages without an @mention (promise spotting). Group chats are not
# read (no ChatMessage.Read.Chat), as Slack reads no group DM.
RSC_CHANNEL_MESSAGES = "ChannelMessage.Read.Group"
ACCENT = (0x1E, 0x6B, 0x52)  # a deep green: a promise kept
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-zA-Z0-9-]{1,63}\.)+[a-zA-Z]{2,63}$")
_NAMESPACE = uuid.UUID("6f1e2b1a-52c4-4d0e-9a7e-5b0c1f3a7d21")  # Prometo's: app ids derive from it

# The command menu: (title, description), shown when people type '@Prometo' or open the chat.
COMMANDS = (
    ("prometo", "Anota una promesa: prometo llamar al cliente el jueves"),
    ("lista", "Tus promesas abiertas, con botones; lista Acme: las del equipo a Acme"),
    ("hecho", "Marca cumplida una promesa: hecho 2"),
    ("nueva fecha", "Cambia la fecha, con el motivo: nueva fecha 2 el viernes porque …"),
    ("avisé", "Le dijiste a la otra parte que sigues en ello: avisé 2"),
    ("historial", "Cada cambio de una promesa, con sus motivos: historial 2"),
    ("stats", "Cómo vas cumpliendo frente al equipo (solo lo ves tú)"),
    ("cancelar", "Cancela una promesa: cancelar 2"),
    ("ayuda", "Cómo funciona Prometo"),
    ("promise", "Record a promise in English: promise call the client on Thursday"),
)
CHANNEL_COMMANDS = (
    ("prometo", "Anota una promesa: @Prometo prometo enviar la propuesta mañana"),
    ("canal aquí", "Avisa en este canal de las vencidas y el resumen semanal"),
    ("lista", "Tus promesas abiertas"),
    ("ayuda", "Cómo funciona Prometo"),
)


def manifest(bot_id: str, *, domain: str | None = None, version: str = "1.0.0") -> dict[str, Any]:
    """The app manifest for the bot whose Entra app id is `bot_id`."""
    if not _GUID.match(bot_id):
        raise ValueError(f"the bot id must be the Entra app id, a GUID; got {bot_id!r}")
    if domain is not None and not _DOMAIN.match(domain):
        raise ValueError(
            f"--domain must be a host name such as prometo.example.com; got {domain!r}"
        )
    if not re.fullmatch(r"\d{1,4}\.\d{1,4}\.\d{1,4}", version):
        raise ValueError(f"--version must look like 1.0.0; got {version!r}")
    site = f"https://{domain or 'prometo.example.com'}"
    result: dict[str, Any] = {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": str(uuid.uuid5(_NAMESPACE, bot_id.lower())),
        "developer": {
            "name": "Prometo",
            "websiteUrl": site,
            "privacyUrl": f"{site}/privacy",
            "termsOfUseUrl": f"{site}/terms",
        },
        "name": {"short": "Prometo", "full": "Prometo: las promesas se cumplen"},
        "description": {
            "short": "Anota lo que prometes y te lo recuerda hasta que lo cumplas.",
            "full": (
                "Prometo captura las promesas del trabajo ('llamar al cliente el jueves') y las "
                "persigue: te escribe antes de la fecha, avisa al canal del equipo cuando una "
                "vence, la marca cumplida con un 👍 o ✅ y envía un resumen semanal. "
                "En los canales de un equipo lee los mensajes para ofrecer a su autor, solo a "
                "él y en privado, guardar como promesa lo que promete con fecha ('te mando el "
                "informe el jueves'); no guarda ni muestra a nadie los demás mensajes. "
                "Español primero, inglés también."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [
            {
                "botId": bot_id,
                "scopes": ["personal", "team", "groupChat"],
                "isNotificationOnly": False,
                "supportsFiles": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": _commands(COMMANDS)},
                    {"scopes": ["team", "groupChat"], "commands": _commands(CHANNEL_COMMANDS)},
                ],
            }
        ],
        "composeExtensions": [
            {
                "botId": bot_id,
                "commands": [
                    {
                        "id": ids.SAVE_AS_PROMISE,
                        "type": "action",
                        "title": "Guardar como promesa",
                        "description": "Convierte este mensaje en una promesa con fecha",
                        "context": ["message"],
                        "fetchTask": True,
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [domain] if domain else [],
        # resource-specific consent: whoever adds Prometo to a team lets it read that team's
        # channel messages without an @mention (promise spotting); the resource is required
        # by the schema and unused by RSC
        "webApplicationInfo": {"id": bot_id, "resource": f"api://botid-{bot_id}"},
        "authorization": {
            "permissions": {
                "resourceSpecific": [{"name": RSC_CHANNEL_MESSAGES, "type": "Application"}]
            }
        },
    }
    return result


def _commands(commands: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"title": title, "description": description} for title, description in commands]


def build_package(
    path: Path, *, bot_id: str, domain: str | None = None, version: str = "1.0.0"
) -> Path:
    """Write the zip (manifest.json, color.png, outline.png) to `path`; return `path`."""
    data = json.dumps(
        manifest(bot_id, domain=domain, version=version), ensure_ascii=False, indent=2
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.json", data)
        bundle.writestr("color.png", color_icon())
        bundle.writestr("outline.png", outline_icon())
    return path


# icons ------------------------------------------------------------------------------------
Pixel = tuple[int, int, int, int]


def color_icon(size: int = 192) -> bytes:
    """The full-colour icon: a white check mark on the accent colour, opaque."""
    return _png(size, lambda x, y: (255, 255, 255, 255) if _check(x, y, size) else (*ACCENT, 255))


def outline_icon(size: int = 32) -> bytes:
    """The outline icon: a white check mark on transparency (Teams' rule for outlines)."""
    return _png(size, lambda x, y: (255, 255, 255, 255) if _check(x, y, size) else (0, 0, 0, 0))


def _check(x: int, y: int, size: int) -> bool:
    """Whether pixel (x, y) lies on a check mark drawn across a `size` square."""
    u, v = (x + 0.5) / size, (y + 0.5) / size
    width = 0.075
    short = _near_segment(u, v, (0.24, 0.52), (0.42, 0.70), width)
    long = _near_segment(u, v, (0.42, 0.70), (0.78, 0.30), width)
    return short or long


def _near_segment(
    u: float, v: float, a: tuple[float, float], b: tuple[float, float], width: float
) -> bool:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return (u - px) ** 2 + (v - py) ** 2 <= width * width


def _png(size: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """An RGBA PNG of `size` x `size`, each pixel from `pixel(x, y)`."""
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter: none
        for x in range(size):
            rows.extend(pixel(x, y))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )
