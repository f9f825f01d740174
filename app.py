"""Prometo's composition root and command line.

`create_app(settings, ...)` builds every part and starts nothing; `main()` runs a subcommand:
`serve` (the default, also `python app.py`), `worker` (chasing only), `console`, `parse TEXT`,
`migrate`, `secret-key` and `rotate-key`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(d|h|m|min|s)?\s*", re.IGNORECASE)
# how long a stopping process lets acked Slack requests' listeners finish (a deploy's grace)
LISTENER_DRAIN_SECONDS = 10.0
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

    # many workspaces (OAuth install), secrets at rest
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_redirect_uri: str | None = None
    prometo_secret_key: SecretStr | None = None
    # running it
    prometo_chasing: bool = True
    prometo_http_threads: int = Field(default=16, ge=1, le=256)
    prometo_send_threads: int = Field(default=4, ge=1, le=64)
    prometo_slack_rate: str = "5/s"
    prometo_slack_channel_rate: str = "1/s"
    prometo_log_format: str = "json"
    prometo_log_level: str = "INFO"
    prometo_health_max_delay: str = "15m"

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

    @field_validator("prometo_overdue_grace", "prometo_health_max_delay")
    @classmethod
    def _duration(cls, value: str) -> str:
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

    @field_validator("prometo_slack_rate", "prometo_slack_channel_rate")
    @classmethod
    def _rate(cls, value: str) -> str:
        from bot.sending import Rate

        Rate.parse(value)
        return value

    @field_validator("prometo_log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in ("json", "text"):
            raise ValueError("PROMETO_LOG_FORMAT must be json or text")
        return value

    @field_validator("prometo_log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        value = value.strip().upper()
        if value not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("PROMETO_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
        return value

    @property
    def oauth(self) -> bool:
        """Many workspaces, each installed through OAuth (client id and secret are set)."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def secrets(self) -> list[str]:
        """Every secret value set, so that the logs can leave them out."""
        found = [self.slack_bot_token, self.slack_signing_secret, self.slack_app_token]
        found += [self.slack_client_secret, self.prometo_secret_key]
        values = [s.get_secret_value() for s in found if s is not None]
        if self.prometo_secret_key is not None:
            values += self.prometo_secret_key.get_secret_value().split(",")
        from sqlalchemy.engine import make_url

        with contextlib.suppress(Exception):  # a bad URL fails later, loudly, where it is used
            values.append(make_url(self.database_url).password or "")
        return [v.strip() for v in values if v and v.strip()]

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
    slack_clients: Any = None  # handlers.slack.clients.SlackClients: a client per workspace
    slack_events: Any = None  # handlers.slack.server.EventsAfterAck: events after their 200
    oauth: Any = None  # SlackOAuth when many workspaces install through OAuth
    metrics: Any = None  # handlers.ops.metrics.Metrics, served at /metrics
    chaser: Any = None
    listeners: list[Callable[[Any], None]] = field(default_factory=list)
    suggestions: Any = None  # bot.suggestions.Suggestions: promise spotting

    def start_background(self) -> None:
        """Start the clockwork (the chasing scheduler) and the Teams event loop, when there are."""
        if self.teams is not None:
            self.teams.runtime.start()  # the SDK initializes now, not on the first request
        if self.chaser is not None:
            try:  # prepared now, so the first claim is as quick as the next ones
                self.chaser.chases.open_claims(self.chaser.batch)
            except Exception as error:  # the database is down: the first claim opens it
                logging.getLogger("prometo").warning(
                    "could not open the claims' connection yet (%s)", type(error).__name__
                )
            self.chaser.start()

    def close(self) -> None:
        if self.slack_events is not None and (failed := self.slack_events.close()):
            logging.getLogger("prometo").warning(
                "stopped with %d failed Slack events not tried again", failed
            )
        pool: Any = getattr(getattr(self.slack, "listener_runner", None), "listener_executor", None)
        if pool is not None and hasattr(pool, "close"):
            left = pool.close(LISTENER_DRAIN_SECONDS)
            if left:
                logging.getLogger("prometo").warning(
                    "stopped with %d acked Slack requests not handled", left
                )
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
    from handlers.ops.health import Health
    from handlers.ops.metrics import Metrics
    from handlers.web import Router
    from storage.chases import SqlChaseStore
    from storage.db import ensure_schema, make_engine
    from storage.store import SqlStore
    from storage.suggestions import SqlSuggestionStore

    clock = clock or SystemClock()
    engine = make_engine(settings.database_url, **pool_size(settings))
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
    metrics = Metrics()
    listeners: list[Callable[[Any], None]] = [metrics.on_change]
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
        metrics=metrics,
    )
    _build_slack(prometo, client)
    _build_teams(prometo, teams)
    if settings.prometo_chasing:
        _build_chasing(prometo)
    prometo.web.mount(
        "/healthz",
        Health(
            engine,
            SqlChaseStore(engine),
            clock,
            lambda: prometo.chaser,
            max_delay=parse_duration(settings.prometo_health_max_delay),
        ),
    )
    prometo.web.mount("/metrics", metrics)
    return prometo


def pool_size(settings: Settings) -> dict[str, int]:
    """Database connections per process: one per HTTP thread, plus the sweeper's two (the one
    its claims hold, storage.chases, and one for its other statements) and its senders'.

    Slack listeners (a pool of their own) hold a connection only for the few milliseconds of
    each transaction, so they share these; `max_overflow` covers probes and scrapes."""
    chasing = 2 + settings.prometo_send_threads if settings.prometo_chasing else 0
    return {"pool_size": settings.prometo_http_threads + chasing, "max_overflow": 4}


@dataclass
class SlackOAuth:
    """Many workspaces: the installation store Bolt uses, its settings, the stored rows."""

    store: Any  # handlers.slack.oauth.DbInstallationStore
    settings: Any  # slack_bolt OAuthSettings
    installations: Any  # storage.installations.SqlInstallations


def _tell(listeners: list[Callable[[Any], None]], change: Any) -> None:
    for listener in listeners:
        listener(change)


def _build_slack(app: Prometo, client: Any) -> None:
    """The Slack app (`app.slack`, a Bolt App) when there is a token, an OAuth app or a client.

    SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: many workspaces, each installed at /slack/install,
    tokens stored encrypted with PROMETO_SECRET_KEY. Else SLACK_BOT_TOKEN: one workspace.
    """
    settings = app.settings
    if client is None and settings.slack_bot_token is None and not settings.oauth:
        return
    from handlers.slack import build_slack_app
    from handlers.slack.clients import SlackClients
    from handlers.slack.messenger import SlackMessenger
    from handlers.slack.server import PATH, EventsAfterAck, verifier, wsgi_app

    base_url = settings.slack_api_url
    if client is not None:
        clients = SlackClients.around(client)
    elif settings.oauth:
        from handlers.slack.oauth import DbInstallationStore, DbStateStore, oauth_settings
        from storage.installations import SqlInstallations
        from storage.secrets import SecretKeyError, TokenCipher

        if settings.prometo_secret_key is None:
            raise SecretKeyError(
                "PROMETO_SECRET_KEY is required with SLACK_CLIENT_ID: bot tokens are stored "
                "encrypted (create a key: prometo secret-key)"
            )
        installations = SqlInstallations(
            app.engine, TokenCipher(settings.prometo_secret_key.get_secret_value())
        )
        clients = SlackClients(
            base_url=base_url, tokens=installations.token_for_workspace, meter=app.metrics
        )
        store = DbInstallationStore(
            installations,
            clock=app.clock,
            timezone=settings.prometo_timezone,
            locale=settings.prometo_locale,
            on_change=clients.forget,
        )
        secret = settings.slack_client_secret
        app.oauth = SlackOAuth(
            store=store,
            settings=oauth_settings(
                client_id=str(settings.slack_client_id),
                client_secret=secret.get_secret_value() if secret else "",
                store=store,
                states=DbStateStore(installations, app.clock),
                redirect_uri=settings.slack_redirect_uri,
            ),
            installations=installations,
        )
    else:
        token = settings.slack_bot_token
        clients = SlackClients(
            base_url=base_url,
            token=token.get_secret_value() if token else None,
            meter=app.metrics,
        )
    app.slack_clients = clients
    app.slack_messenger = SlackMessenger(clients, app.directory)
    app.slack = build_slack_app(app, clients)
    signing = settings.slack_signing_secret
    check = verifier(signing.get_secret_value(), app.clock) if signing is not None else None
    app.slack_events = EventsAfterAck(app.slack)
    slack = wsgi_app(app.slack, check=check, events=app.slack_events)
    app.web.mount(PATH, slack)
    if app.oauth is not None:
        app.web.mount("/slack/install", slack)
        app.web.mount("/slack/oauth_redirect", slack)


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
    from bot.scheduler import Chaser, SendLimits
    from bot.sending import Rate
    from storage.chases import SqlChaseStore

    platforms: dict[str, Any] = {}
    messenger_for = None
    limits = None
    if messenger is None:
        slack = app.slack_messenger
        if slack is not None:
            from handlers.slack.formatter import SlackFormatter

            platforms["slack"] = (slack, SlackFormatter())
        if app.teams is not None:
            from handlers.teams.formatter import TeamsFormatter

            platforms["teams"] = (app.teams.messenger, TeamsFormatter())
        if not platforms:
            app.chaser = None
            return
        messenger, formatter = next(iter(platforms.values()))
        if slack is not None:  # each Slack workspace's deliveries with its own token

            def messenger_for(workspace: Any) -> Any:
                if workspace.platform == "slack":
                    return slack.for_workspace(workspace.id)
                return platforms.get(workspace.platform, (messenger, formatter))[0]

        limits = SendLimits(
            workspace=Rate.parse(app.settings.prometo_slack_rate),
            channel=Rate.parse(app.settings.prometo_slack_channel_rate),
        )
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
        workers=app.settings.prometo_send_threads,
        messenger_for=messenger_for,
        limits=limits,
        meter=app.metrics,
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


_MISSING = (
    "Prometo: faltan credenciales / credentials are missing.\n"
    "  Slack over HTTP (POST /slack/events on PORT): SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET\n"
    "  Slack, many workspaces (OAuth at /slack/install): SLACK_CLIENT_ID, SLACK_CLIENT_SECRET,\n"
    "    SLACK_SIGNING_SECRET and PROMETO_SECRET_KEY\n"
    "  Slack Socket Mode: SLACK_BOT_TOKEN and SLACK_APP_TOKEN\n"
    "  Microsoft Teams (POST /api/messages): CLIENT_ID and CLIENT_SECRET\n"
    "    (TENANT_ID for a single-tenant app; steps in docs/teams.md)\n"
    "  (optional: SLACK_API_URL, PORT, DATABASE_URL; setup steps in docs/slack.md)\n"
    "Try the whole bot locally without Slack or Teams: prometo console"
)


def _running(settings: Settings, role: str) -> Prometo | None:
    """Logging set up and the app built for `serve` or `worker`; None (said why) on failure."""
    from handlers.ops.logs import setup_logging
    from storage.secrets import SecretKeyError

    setup_logging(
        json_lines=settings.prometo_log_format == "json",
        level=settings.prometo_log_level,
        secrets=settings.secrets,
    )
    try:
        app = create_app(settings)
    except SecretKeyError as error:
        print(f"Prometo: {error}", file=sys.stderr)
        return None
    import gc
    import logging

    # What was made to start (modules, the app) lives as long as the process. Frozen, it is
    # left out of the cycle collector's full passes, which held the GIL 20 ms over it, from
    # web requests and claims alike.
    gc.collect()
    gc.freeze()
    mode = "many workspaces (OAuth)" if settings.oauth else "one workspace (bot token)"
    chasing = "on" if app.chaser is not None else "off"
    logging.getLogger("prometo").info(
        "Prometo %s starting: %s, chasing %s; %d objects made to start left out of the"
        " collector's passes",
        role,
        mode,
        chasing,
        gc.get_freeze_count(),
    )
    return app


def _cmd_serve(_args: argparse.Namespace) -> int:
    settings = _settings()
    has_token = settings.slack_bot_token is not None
    socket_mode = has_token and settings.slack_app_token is not None
    socket_mode = socket_mode and not settings.oauth
    http = settings.slack_signing_secret is not None and (has_token or settings.oauth)
    slack = socket_mode or http
    if (has_token and not slack) or not (slack or settings.teams_configured):
        print(_MISSING, file=sys.stderr)
        return 2
    from handlers.slack.server import serve_socket_mode
    from handlers.web import HttpServer

    app = _running(settings, "serve")
    if app is None:
        return 2
    app.start_background()
    server: HttpServer | None = None
    try:
        if socket_mode and settings.slack_app_token is not None:
            if app.teams is not None:  # Teams still needs the HTTP endpoint
                server = HttpServer(
                    app.web, port=settings.port, threads=settings.prometo_http_threads
                ).start()
            token = settings.slack_app_token.get_secret_value()
            _stop_on_sigterm()
            serve_socket_mode(app.slack, token, app.slack_events)
        else:
            server = HttpServer(app.web, port=settings.port, threads=settings.prometo_http_threads)
            _stop_on_sigterm()
            server.serve_forever()
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


def _cmd_worker(_args: argparse.Namespace) -> int:
    """Chasing only, no HTTP: beside web processes that run with PROMETO_CHASING=false."""
    import signal
    import threading

    settings = _settings()
    settings.prometo_chasing = True
    settings.prometo_http_threads = 1  # no HTTP here: the pool is the sweeper's
    if settings.slack_bot_token is None and not settings.oauth and not settings.teams_configured:
        print(_MISSING, file=sys.stderr)
        return 2
    app = _running(settings, "worker")
    if app is None:
        return 2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    app.start_background()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        app.close()
    return 0


def _stop_on_sigterm() -> None:
    """SIGTERM (a deploy, systemd stop) ends serving like Ctrl-C, so close() runs; over HTTP
    and over Socket Mode alike (a shell's background job ignores Ctrl-C's SIGINT)."""
    import signal

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _cmd_secret_key(_args: argparse.Namespace) -> int:
    from storage.secrets import new_key

    print(new_key())
    return 0


def _cmd_rotate_key(_args: argparse.Namespace) -> int:
    """Encrypt every stored token again with the first key of PROMETO_SECRET_KEY."""
    from storage.db import ensure_schema, make_engine
    from storage.installations import SqlInstallations
    from storage.secrets import SecretKeyError, TokenCipher

    settings = _settings()
    if settings.prometo_secret_key is None:
        print("prometo rotate-key: set PROMETO_SECRET_KEY (new key first)", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        ensure_schema(engine)
        cipher = TokenCipher(settings.prometo_secret_key.get_secret_value())
        count = SqlInstallations(engine, cipher).rotate()
    except SecretKeyError as error:
        print(f"prometo rotate-key: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"Prometo: {count} stored token(s) now encrypted with the first key.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The `prometo` command line."""
    # The Teams SDK warns at import about a preview feature Prometo does not use; a person
    # running `prometo` should not read it on every start.
    warnings.filterwarnings("ignore", message="HtmlWidgetSecurityPolicy is in preview")
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
    sub.add_parser("worker", help="chase promises only, with no HTTP server")
    sub.add_parser("secret-key", help="print a new key for PROMETO_SECRET_KEY")
    sub.add_parser("rotate-key", help="encrypt stored tokens again with the first key")
    args = parser.parse_args(argv)
    handlers = {
        "serve": _cmd_serve,
        "worker": _cmd_worker,
        "secret-key": _cmd_secret_key,
        "rotate-key": _cmd_rotate_key,
        "console": _cmd_console,
        "parse": _cmd_parse,
        "migrate": _cmd_migrate,
        "teams-package": _cmd_teams_package,
        None: _cmd_serve,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
