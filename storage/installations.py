"""Slack installations and OAuth states in Prometo's own database, tokens encrypted.

Plain records here; handlers/slack/oauth.py adapts them to slack_sdk's InstallationStore and
OAuthStateStore, which Bolt's OAuth flow (/slack/install, /slack/oauth_redirect) uses.

Installing a workspace makes (or wakes) its `workspaces` row in the same transaction;
uninstalling it deletes the token and stops chasing there, and keeps every promise, event and
delivery. A workspace installed again is chased again from where it stood (chases already
sent are not repeated: their delivery keys exist).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, insert, select, text, update

from storage.models import OAuthStateRow, SlackInstallationRow, WorkspaceRow
from storage.secrets import TokenCipher

PLATFORM = "slack"
INSTALLS: Table = SlackInstallationRow.__table__  # type: ignore[assignment]
STATES: Table = OAuthStateRow.__table__  # type: ignore[assignment]
WORKSPACES: Table = WorkspaceRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Installation:
    """What an OAuth install gave us; tokens in clear (they are encrypted only when stored)."""

    team_id: str | None
    enterprise_id: str | None
    bot_token: str
    installed_at: datetime
    is_enterprise_install: bool = False
    team_name: str | None = None
    app_id: str | None = None
    bot_id: str | None = None
    bot_user_id: str | None = None
    bot_scopes: str = ""
    bot_refresh_token: str | None = None
    bot_token_expires_at: datetime | None = None
    installer_user_id: str | None = None


def install_key(enterprise_id: str | None, team_id: str | None, org_wide: bool = False) -> str:
    """The unique key of an installation: '<enterprise or ->:<team or ->'."""
    return f"{enterprise_id or '-'}:{'-' if org_wide or not team_id else team_id}"


class SqlInstallations:
    """Installations and states; `cipher` encrypts tokens (None: no OAuth, nothing stored)."""

    def __init__(self, engine: Engine, cipher: TokenCipher) -> None:
        self.engine = engine
        self.cipher = cipher

    # installations --------------------------------------------------------------------------
    def save(self, found: Installation, *, timezone: str, locale: str) -> int:
        """Store (or replace) an installation; returns its workspace id, now active."""
        key = install_key(found.enterprise_id, found.team_id, found.is_enterprise_install)
        external = found.team_id or found.enterprise_id or "-"
        values: dict[str, Any] = {
            "key": key,
            "enterprise_id": found.enterprise_id,
            "team_id": found.team_id,
            "is_enterprise_install": found.is_enterprise_install,
            "app_id": found.app_id,
            "bot_id": found.bot_id,
            "bot_user_id": found.bot_user_id,
            "bot_scopes": found.bot_scopes,
            "bot_token": self.cipher.encrypt(found.bot_token),
            "bot_refresh_token": (
                self.cipher.encrypt(found.bot_refresh_token) if found.bot_refresh_token else None
            ),
            "bot_token_expires_at": found.bot_token_expires_at,
            "installer_user_id": found.installer_user_id,
            "installed_at": found.installed_at,
        }
        with self.engine.begin() as conn:
            workspace_id = _workspace_for(conn, external, found, timezone, locale)
            values["workspace_id"] = workspace_id
            existing = conn.execute(select(INSTALLS.c.id).where(INSTALLS.c.key == key)).scalar()
            if existing is None:
                conn.execute(insert(INSTALLS).values(values))
            else:
                conn.execute(update(INSTALLS).where(INSTALLS.c.id == existing).values(values))
        return workspace_id

    def find(
        self, enterprise_id: str | None, team_id: str | None, org_wide: bool = False
    ) -> Installation | None:
        """The installation serving this team (or its org-wide install), tokens decrypted."""
        keys = [install_key(enterprise_id, team_id, org_wide)]
        if enterprise_id and not org_wide:
            keys.append(install_key(enterprise_id, None, True))
        with self.engine.connect() as conn:
            rows = {
                r.key: r for r in conn.execute(select(INSTALLS).where(INSTALLS.c.key.in_(keys)))
            }
        for key in keys:
            if key in rows:
                return self._record(rows[key])
        return None

    def token_for_workspace(self, workspace_id: int) -> str | None:
        """The bot token for a workspace by its id, or None when it is not installed."""
        with self.engine.connect() as conn:
            stored = conn.execute(
                select(INSTALLS.c.bot_token)
                .where(INSTALLS.c.workspace_id == workspace_id)
                .order_by(INSTALLS.c.id.desc())
                .limit(1)
            ).scalar()
        return self.cipher.decrypt(stored) if stored else None

    def forget(self, enterprise_id: str | None, team_id: str | None) -> int:
        """Uninstalled or revoked: delete the tokens, stop chasing there. Returns rows deleted."""
        with self.engine.begin() as conn:
            gone = conn.execute(
                delete(INSTALLS).where(
                    INSTALLS.c.key.in_(
                        [
                            install_key(enterprise_id, team_id),
                            install_key(enterprise_id, None, True),
                        ]
                        if team_id is None
                        else [install_key(enterprise_id, team_id)]
                    )
                )
            ).rowcount
            if team_id is not None:
                stop_workspace(conn, PLATFORM, team_id)
        return int(gone or 0)

    def rotate(self) -> int:
        """Encrypt every stored token again with the first key; returns how many rows."""
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(INSTALLS.c.id, INSTALLS.c.bot_token, INSTALLS.c.bot_refresh_token)
            ).all()
            for row in rows:
                refresh = (
                    self.cipher.rotate(row.bot_refresh_token) if row.bot_refresh_token else None
                )
                conn.execute(
                    update(INSTALLS)
                    .where(INSTALLS.c.id == row.id)
                    .values(bot_token=self.cipher.rotate(row.bot_token), bot_refresh_token=refresh)
                )
        return len(rows)

    def _record(self, row: object) -> Installation:
        r: SlackInstallationRow = row  # type: ignore[assignment]
        return Installation(
            team_id=r.team_id,
            enterprise_id=r.enterprise_id,
            bot_token=self.cipher.decrypt(r.bot_token),
            installed_at=r.installed_at,
            is_enterprise_install=bool(r.is_enterprise_install),
            app_id=r.app_id,
            bot_id=r.bot_id,
            bot_user_id=r.bot_user_id,
            bot_scopes=r.bot_scopes or "",
            bot_refresh_token=(
                self.cipher.decrypt(r.bot_refresh_token) if r.bot_refresh_token else None
            ),
            bot_token_expires_at=r.bot_token_expires_at,
            installer_user_id=r.installer_user_id,
        )

    # OAuth states ---------------------------------------------------------------------------
    def issue_state(self, state: str, expire_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(STATES).values(state=state[:64], expire_at=expire_at))

    def consume_state(self, state: str, now: datetime) -> bool:
        """True once for a state issued here and not expired; it is gone afterwards."""
        with self.engine.begin() as conn:
            conn.execute(delete(STATES).where(STATES.c.expire_at < now))
            gone = conn.execute(
                delete(STATES).where(STATES.c.state == state[:64], STATES.c.expire_at >= now)
            ).rowcount
        return bool(gone)


def _workspace_for(
    conn: Connection, external: str, found: Installation, timezone: str, locale: str
) -> int:
    row = conn.execute(
        select(WORKSPACES.c.id, WORKSPACES.c.active, WORKSPACES.c.installer).where(
            WORKSPACES.c.platform == PLATFORM, WORKSPACES.c.external_id == external
        )
    ).first()
    if row is None:
        return int(
            conn.execute(
                insert(WORKSPACES)
                .values(
                    platform=PLATFORM,
                    external_id=external,
                    name=found.team_name,
                    timezone=timezone,
                    locale=locale,
                    installer=found.installer_user_id,
                    active=True,
                    created_at=found.installed_at,
                )
                .returning(WORKSPACES.c.id)
            ).scalar_one()
        )
    values: dict[str, object] = {"active": True}
    if found.team_name:
        values["name"] = found.team_name
    if row.installer is None and found.installer_user_id:
        values["installer"] = found.installer_user_id
    conn.execute(update(WORKSPACES).where(WORKSPACES.c.id == row.id).values(values))
    if not row.active:
        resume_chasing(conn, int(row.id))
    return int(row.id)


# chasing a workspace stops and resumes with its installation ---------------------------------
_STOP = text(
    "DELETE FROM chases WHERE promise_id IN (SELECT id FROM promises WHERE workspace_id = :ws)"
)
# from each open promise's start: chases whose deliveries exist (sent, or skipped while it was
# away) are passed over by the sweeper's claim, so only what is still owed goes out
_RESUME = text(
    "INSERT INTO chases (promise_id, at, kind) SELECT id, created_at, 'reminder' FROM promises"
    " WHERE workspace_id = :ws AND status = 'open' ON CONFLICT (promise_id) DO NOTHING"
)


def stop_workspace(conn: Connection, platform: str, external_id: str) -> bool:
    """Mark a workspace uninstalled and take its promises out of the chase queue."""
    workspace_id = conn.execute(
        select(WORKSPACES.c.id).where(
            WORKSPACES.c.platform == platform, WORKSPACES.c.external_id == external_id
        )
    ).scalar()
    if workspace_id is None:
        return False
    conn.execute(update(WORKSPACES).where(WORKSPACES.c.id == workspace_id).values(active=False))
    conn.execute(_STOP, {"ws": workspace_id})
    return True


def resume_chasing(conn: Connection, workspace_id: int) -> None:
    """Put a reinstalled workspace's open promises back in the chase queue."""
    conn.execute(_RESUME, {"ws": workspace_id})
