"""Prometo's composition root and command line.

`create_app(settings, ...)` builds every part and starts nothing; `main()` runs a subcommand:
`serve` (the default, also `python app.py`), `console`, `parse TEXT`, `migrate`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(d|h|m|min|s)?\s*", re.IGNORECASE)
_UNITS = {"d": 86400, "h": 3600, "m": 60, "min": 60, "s": 1}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_ALIASES = {
    "lun": "mon",
    "mar": "tue",
    "mie": "wed",
    "mié": "wed",
    "jue": "thu",
    "vie": "fri",
    "sab": "sat",
    "sáb": "sat",
    "dom": "sun",
}


def parse_duration(text: str) -> timedelta:
    """'24h', '30m', '2d', '90s' or '0' as a timedelta; a bare number means minutes."""
    match = _DURATION.fullmatch(text)
    if not match:
        raise ValueError(f"not a duration: {text!r} (try 24h, 30m, 2d or 0)")
    amount, unit = float(match.group(1)), (match.group(2) or "m").lower()
    return timedelta(seconds=amount * _UNITS[unit])


def parse_clock(text: str) -> time:
    """'09:00' or '9' as a time of day."""
    text = text.strip()
    return time(int(text), 0) if text.isdigit() else time.fromisoformat(text.zfill(5))


def system_timezone() -> str:
    """This machine's IANA timezone name, or UTC when it can't be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    with contextlib.suppress(OSError, IndexError):
        candidates.append(str(Path("/etc/localtime").resolve()).split("zoneinfo/", 1)[1])
    for name in candidates:
        try:
            if name:
                ZoneInfo(name)
                return "UTC" if name in ("Etc/UTC", "Etc/Universal") else name
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return "UTC"


class Settings(BaseSettings):
    """Configuration from the environment and a `.env` file (names as in DESIGN.md)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = "sqlite:///prometo.db"
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = 3000
    prometo_timezone: str = Field(default="", validate_default=True)
    prometo_locale: str = "es"
    prometo_team_channel: str | None = None
    prometo_reminder_leads: str = "24h,1h"
    prometo_digest: str = "mon 09:00"
    prometo_work_hours: str = "09:00-19:00"
    prometo_overdue_grace: str = "2h"
    # promises to customers (docs/customers.md)
    prometo_follow_up_days: int = 3
    prometo_overcommit: int = 5
    prometo_silence_days: int = 5

    # Microsoft Teams, named as the Teams SDK names them (its Entra app registration)
    client_id: str | None = None
    client_secret: SecretStr | None = None
    tenant_id: str | None = None
    managed_identity_client_id: str | None = None

    @property
    def teams_configured(self) -> bool:
        """CLIENT_ID with a way to get tokens: CLIENT_SECRET or a managed identity."""
        return bool(self.client_id) and bool(self.client_secret or self.managed_identity_client_id)

    @field_validator("prometo_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        value = value.strip() or system_timezone()
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r} (try America/Santiago)") from exc
        return value

    @field_validator("prometo_locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        value = value.strip().lower()[:2]
        if value not in ("es", "en"):
            raise ValueError("PROMETO_LOCALE must be es or en")
        return value

    @field_validator("prometo_reminder_leads")
    @classmethod
    def _leads(cls, value: str) -> str:
        for part in value.split(","):
            if part.strip():
                parse_duration(part)
        return value

    @field_validator("prometo_overdue_grace")
    @classmethod
    def _grace(cls, value: str) -> str:
        parse_duration(value)
        return value

    @field_validator("prometo_work_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        start, sep, end = value.partition("-")
        if not sep or parse_clock(start) >= parse_clock(end):
            raise ValueError("PROMETO_WORK_HOURS must look like 09:00-19:00")
        return value

    @field_validator("prometo_follow_up_days", "prometo_silence_days", mode="before")
    @classmethod
    def _working_days(cls, value: object) -> int:
        return _whole(value, 1, 60, "a number of working days from 1 to 60, e.g. 3")

    @field_validator("prometo_overcommit", mode="before")
    @classmethod
    def _overcommit(cls, value: object) -> int:
        return _whole(value, 1, 100, "a number of promises from 1 to 100, e.g. 5")

    @field_validator("prometo_digest")
    @classmethod
    def _digest(cls, value: str) -> str:
        digest_schedule(value)
        return value

    @property
    def reminder_leads(self) -> tuple[timedelta, ...]:
        parts = [p for p in self.prometo_reminder_leads.split(",") if p.strip()]
        return tuple(sorted({parse_duration(p) for p in parts}, reverse=True))

    @property
    def overdue_grace(self) -> timedelta:
        return parse_duration(self.prometo_overdue_grace)

    @property
    def work_hours(self) -> tuple[time, time]:
        start, _, end = self.prometo_work_hours.partition("-")
        return parse_clock(start), parse_clock(end)

    @property
    def digest(self) -> tuple[str, time]:
        return digest_schedule(self.prometo_digest)


def _whole(value: object, low: int, high: int, expected: str) -> int:
    """A whole number from the environment within [low, high]; a friendly error otherwise."""
    text = str(value).strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"must be {expected}, not {text[:20]!r}")
    return int(text)


def digest_schedule(text: str) -> tuple[str, time]:
    """'mon 09:00' (also 'lun 9:00') as (APScheduler day name, time of day)."""
    day, _, clock = text.strip().lower().partition(" ")
    day = _DAY_ALIASES.get(day[:3], day[:3])
    if day not in _DAYS or not clock.strip():
        raise ValueError("PROMETO_DIGEST must look like 'mon 09:00'")
    return day, parse_clock(clock)


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class Prometo:
    """Everything built and wired, nothing started."""

    settings: Settings
    clock: Any
    engine: Any
    store: Any
    directory: Any
    book: Any
    commands: Any
    rules: Any
    web: Any = None  # handlers.web.Router: every platform's HTTP endpoints on one port
    slack: Any = None
    slack_messenger: Any = None  # set by _build_slack; the chaser sends through it
    teams: Any = None  # handlers.teams.TeamsBot, set by _build_teams
    chaser: Any = None
    listeners: list[Callable[[Any], None]] = field(default_factory=list)
    suggestions: Any = None  # bot.suggestions.Suggestions: promise spotting

    def start_background(self) -> None:
        """Start the clockwork (the chasing scheduler) and the Teams event loop, when there are."""
        if self.teams is not None:
            self.teams.runtime.start()  # the SDK initializes now, not on the first request
        if self.chaser is not None:
            self.chaser.start()

    def close(self) -> None:
        if self.chaser is not None:
            self.chaser.shutdown()
        if self.teams is not None:
            self.teams.close()
        self.engine.dispose()


def create_app(
    settings: Settings,
    *,
    client: Any = None,
    clock: Any = None,
    migrate: bool = True,
    teams: dict[str, Any] | None = None,
) -> Prometo:
    """Build the bot from settings; `client` is a Slack WebClient (tests pass one at a double).

    `teams` are options for the Teams SDK's App (tests: a token provider, a local cloud and
    service URL); with them, or with Teams credentials in `settings`, Teams is served too.
    """
    from bot.chasing import ChaseRules
    from bot.commands import Commands
    from bot.counterparts import CustomerRules
    from bot.directory import Defaults, Directory
    from bot.model import WorkHours
    from bot.promises import PromiseBook
    from bot.suggestions import Suggestions
    from handlers.web import Router
    from storage.db import ensure_schema, make_engine
    from storage.store import SqlStore
    from storage.suggestions import SqlSuggestionStore

    clock = clock or SystemClock()
    engine = make_engine(settings.database_url)
    if migrate:
        ensure_schema(engine)
    store = SqlStore(engine, clock)
    directory = Directory(
        store,
        Defaults(
            settings.prometo_timezone,
            settings.prometo_locale,
            settings.prometo_team_channel,
            WorkHours(*settings.work_hours),
        ),
    )
    rules = ChaseRules(leads=settings.reminder_leads, overdue_grace=settings.overdue_grace)
    listeners: list[Callable[[Any], None]] = []
    customers = CustomerRules(
        follow_up_days=settings.prometo_follow_up_days,
        overcommit=settings.prometo_overcommit,
        silence_days=settings.prometo_silence_days,
    )
    book = PromiseBook(
        store,
        clock,
        rules,
        on_change=lambda change: _tell(listeners, change),
        customers=customers,
    )
    suggestions = Suggestions(
        SqlSuggestionStore(engine), store, book, timezone=settings.prometo_timezone
    )
    commands = Commands(book, suggestions)
    prometo = Prometo(
        settings=settings,
        clock=clock,
        engine=engine,
        store=store,
        directory=directory,
        book=book,
        commands=commands,
        rules=rules,
        listeners=listeners,
        web=Router(),
        suggestions=suggestions,
    )
    _build_slack(prometo, client)
    _build_teams(prometo, teams)
    _build_chasing(prometo)
    return prometo


def _tell(listeners: list[Callable[[Any], None]], change: Any) -> None:
    for listener in listeners:
        listener(change)


def _build_slack(app: Prometo, client: Any) -> None:
    """The Slack app (`app.slack`, a Bolt App) when there is a token or a client to talk with."""
    if client is None and app.settings.slack_bot_token is None:
        return
    from slack_sdk import WebClient
    from slack_sdk.http_retry.builtin_handlers import (
        ConnectionErrorRetryHandler,
        RateLimitErrorRetryHandler,
    )

    from handlers.slack import build_slack_app
    from handlers.slack.messenger import SlackMessenger
    from handlers.slack.server import PATH, wsgi_app

    if client is None:
        token = app.settings.slack_bot_token
        client = WebClient(
            token=token.get_secret_value() if token else None,
            base_url=app.settings.slack_api_url.rstrip("/") + "/",
            timeout=10,
            retry_handlers=[ConnectionErrorRetryHandler(), RateLimitErrorRetryHandler(2)],
        )
    elif not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(RateLimitErrorRetryHandler(2))
    app.slack_messenger = SlackMessenger(client, app.directory)
    app.slack = build_slack_app(app, client)
    app.web.mount(PATH, wsgi_app(app.slack))


def _build_teams(app: Prometo, options: dict[str, Any] | None) -> None:
    """The Teams bot (`app.teams`) at POST /api/messages, when Teams is configured."""
    settings = app.settings
    if options is None and not settings.teams_configured:
        return
    from handlers.teams import build_teams_app
    from handlers.teams.ids import PATH
    from storage.teams import SqlTeamsConversations

    options = dict(options or {})
    secret = settings.client_secret
    if settings.managed_identity_client_id and "managed_identity_client_id" not in options:
        options["managed_identity_client_id"] = settings.managed_identity_client_id
    app.teams = build_teams_app(
        app,
        SqlTeamsConversations(app.engine),
        client_id=options.pop("client_id", None) or settings.client_id or "",
        client_secret=secret.get_secret_value() if secret else None,
        tenant_id=settings.tenant_id,
        **options,
    )
    app.web.mount(PATH, app.teams.wsgi())


def _build_chasing(app: Prometo, messenger: Any = None, formatter: Any = None) -> None:
    """The chaser (`app.chaser`): reminders, overdue notices and digests, sent by a platform.

    It sends through `messenger` when one is handed in (the console's). Otherwise each
    workspace's deliveries go through its platform: `app.slack_messenger` (set by
    `_build_slack`) and `app.teams.messenger` (set by `_build_teams`); with neither, there is
    no chaser.
    """
    from bot.scheduler import Chaser
    from storage.chases import SqlChaseStore

    platforms: dict[str, Any] = {}
    if messenger is None:
        if app.slack_messenger is not None:
            from handlers.slack.formatter import SlackFormatter

            platforms["slack"] = (app.slack_messenger, SlackFormatter())
        if app.teams is not None:
            from handlers.teams.formatter import TeamsFormatter

            platforms["teams"] = (app.teams.messenger, TeamsFormatter())
        if not platforms:
            app.chaser = None
            return
        messenger, formatter = next(iter(platforms.values()))
    if formatter is None:
        from bot.messages import PlainFormatter

        formatter = PlainFormatter()
    app.chaser = Chaser(
        store=app.store,
        chases=SqlChaseStore(app.engine),
        directory=app.directory,
        messenger=messenger,
        formatter=formatter,
        clock=app.clock,
        rules=app.rules,
        digest_at=app.settings.digest,
        customers=app.book.customers,
        platforms=platforms,
    )


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        lines = [
            f"  {'.'.join(str(x) for x in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
        ]
        print("Prometo: la configuración no es válida / invalid configuration:", file=sys.stderr)
        print("\n".join(lines), file=sys.stderr)
        raise SystemExit(2) from None


def _cmd_parse(args: argparse.Namespace) -> int:
    from bot.parsing import parse_promise

    tz_name = args.tz or _settings().prometo_timezone
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        print(f"prometo parse: unknown timezone {tz_name!r}", file=sys.stderr)
        return 2
    if args.now:
        try:
            now = datetime.fromisoformat(args.now)
        except ValueError:
            print(f"prometo parse: --now must be ISO 8601, got {args.now!r}", file=sys.stderr)
            return 2
        now = now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)
    else:
        now = datetime.now(tz)
    country = args.country.strip().upper() if args.country else None
    if country is not None and not (len(country) == 2 and country.isalpha()):
        print(
            f"prometo parse: --country is a two-letter code such as CL, got {args.country!r}",
            file=sys.stderr,
        )
        return 2
    result = parse_promise(args.text, now, lang=args.lang, country=country)
    print(json.dumps(result.as_dict(), ensure_ascii=False))
    return 0


def _cmd_migrate(_args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from storage.db import make_engine, migrate, normalise_url

    settings = _settings()
    engine = make_engine(settings.database_url)
    migrate(engine)
    shown = make_url(normalise_url(settings.database_url)).render_as_string(hide_password=True)
    print(f"Prometo: database {shown} is up to date.")
    engine.dispose()
    return 0


def _cmd_console(args: argparse.Namespace) -> int:
    from handlers.console import DEFAULT_CHANNEL, ConsoleMessenger, VirtualClock, run_console

    settings = _settings()
    settings.prometo_team_channel = settings.prometo_team_channel or DEFAULT_CHANNEL
    clock = VirtualClock()
    if args.now:
        try:
            start = datetime.fromisoformat(args.now)
        except ValueError:
            print(f"prometo console: --now must be ISO 8601, got {args.now!r}", file=sys.stderr)
            return 2
        if start.tzinfo is None:
            start = start.replace(tzinfo=ZoneInfo(settings.prometo_timezone))
        clock.advance(start - clock.now())
    app = create_app(settings, clock=clock)
    _build_chasing(app, ConsoleMessenger(settings.prometo_locale))
    try:
        return run_console(app)
    finally:
        app.close()


def _cmd_serve(_args: argparse.Namespace) -> int:
    settings = _settings()
    has_token = settings.slack_bot_token is not None
    socket_mode = has_token and settings.slack_app_token is not None
    slack = socket_mode or (has_token and settings.slack_signing_secret is not None)
    if (has_token and not slack) or not (slack or settings.teams_configured):
        print(
            "Prometo: faltan credenciales / credentials are missing.\n"
            "  Slack over HTTP (POST /slack/events): SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET\n"
            "  Slack Socket Mode: SLACK_BOT_TOKEN and SLACK_APP_TOKEN\n"
            "  Microsoft Teams (POST /api/messages): CLIENT_ID and CLIENT_SECRET\n"
            "    (TENANT_ID for a single-tenant app; steps in docs/teams.md)\n"
            "  (optional: SLACK_API_URL, PORT, DATABASE_URL; setup steps in docs/slack.md)\n"
            "Try the whole bot locally without Slack or Teams: prometo console",
            file=sys.stderr,
        )
        return 2
    import logging

    from handlers.slack.server import serve_socket_mode
    from handlers.web import HttpServer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = create_app(settings)
    app.start_background()
    server: HttpServer | None = None
    try:
        if socket_mode and settings.slack_app_token is not None:
            if app.teams is not None:  # Teams still needs the HTTP endpoint
                server = HttpServer(app.web, port=settings.port).start()
            serve_socket_mode(app.slack, settings.slack_app_token.get_secret_value())
        else:
            HttpServer(app.web, port=settings.port).serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.stop()
        app.close()
    return 0


def _cmd_teams_package(args: argparse.Namespace) -> int:
    from handlers.teams.package import build_package

    settings = _settings()
    app_id = args.bot_id or settings.client_id
    if not app_id:
        print(
            "prometo teams-package: set CLIENT_ID (the bot's Entra app id) or pass --bot-id",
            file=sys.stderr,
        )
        return 2
    try:
        path = build_package(
            Path(args.out), bot_id=app_id, domain=args.domain, version=args.version
        )
    except ValueError as exc:
        print(f"prometo teams-package: {exc}", file=sys.stderr)
        return 2
    print(
        f"Prometo: Teams app package written to {path}"
        " (upload it in Teams: Apps > Manage your apps)."
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The `prometo` command line."""
    parser = argparse.ArgumentParser(prog="prometo", description="Prometo: promises, kept.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help="run Slack and/or Teams and the scheduler (default)")
    console = sub.add_parser("console", help="chat with the bot in this terminal")
    console.add_argument(
        "--now", help="start the virtual clock here, ISO 8601 in PROMETO_TIMEZONE (default: now)"
    )
    parse = sub.add_parser("parse", help="show how a text is read, as JSON")
    parse.add_argument("text")
    parse.add_argument("--now", help="reference time, ISO 8601 (default: now)")
    parse.add_argument("--tz", help="timezone name (default: PROMETO_TIMEZONE)")
    parse.add_argument("--lang", choices=("es", "en"), help="language (default: detect)")
    parse.add_argument(
        "--country", help="whose holidays, ISO 3166 code such as CL (default: from the timezone)"
    )
    sub.add_parser("migrate", help="create or upgrade the database schema")
    package = sub.add_parser("teams-package", help="build the Microsoft Teams app package (zip)")
    package.add_argument("--out", default="prometo-teams.zip", help="where to write the zip")
    package.add_argument("--bot-id", help="the bot's Entra app id (default: CLIENT_ID)")
    package.add_argument(
        "--domain", help="your server's public host name, e.g. prometo.example.com"
    )
    package.add_argument("--version", default="1.0.0", help="the app package version")
    args = parser.parse_args(argv)
    handlers = {
        "serve": _cmd_serve,
        "console": _cmd_console,
        "parse": _cmd_parse,
        "migrate": _cmd_migrate,
        "teams-package": _cmd_teams_package,
        None: _cmd_serve,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
