"""Many workspaces: Bolt's OAuth flow with installations and states in Prometo's database.

`GET /slack/install` hands out a state (stored, good for 10 minutes) and the "Add to Slack"
link; `GET /slack/oauth_redirect` checks the state, trades the code for a bot token
(`oauth.v2.access`) and stores the installation, its token encrypted. Each request from Slack
is then authorised with the token of its workspace (`find_bot`, cached per token).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Bot, InstallationStore
from slack_sdk.oauth.installation_store import Installation as SlackInstallation
from slack_sdk.oauth.state_store import OAuthStateStore

from storage.installations import Installation, SqlInstallations

log = logging.getLogger(__name__)

# the fewest bot scopes the features need (as in manifest.json)
SCOPES = ("commands", "chat:write", "im:write", "users:read", "reactions:read")
STATE_SECONDS = 600


class DbInstallationStore(InstallationStore):
    """slack_sdk's InstallationStore on storage.installations (bot tokens only, encrypted)."""

    def __init__(
        self,
        installations: SqlInstallations,
        *,
        clock: Any,
        timezone: str,
        locale: str,
        on_change: Callable[[int | None], None] | None = None,
    ) -> None:
        self.installations = installations
        self.clock = clock
        self.timezone, self.locale = timezone, locale
        self.on_change = on_change  # a workspace's token changed: drop cached clients

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: SlackInstallation) -> None:
        workspace_id = self._store(installation, installation.user_id)
        log.info(
            "Prometo installed in Slack team %s (workspace %s)", installation.team_id, workspace_id
        )
        if self.on_change is not None:
            self.on_change(workspace_id)

    def save_bot(self, bot: Bot) -> None:
        found = self.installations.find(bot.enterprise_id, bot.team_id, bot.is_enterprise_install)
        self._store(bot, found.installer_user_id if found else None)
        if self.on_change is not None:
            self.on_change(None)

    def _store(self, source: SlackInstallation | Bot, installer: str | None) -> int:
        """Keep the bot's side of an installation (Bolt's Installation or Bot: same fields)."""
        return self.installations.save(
            Installation(
                team_id=source.team_id,
                enterprise_id=source.enterprise_id,
                bot_token=source.bot_token or "",
                installed_at=self.clock.now(),
                is_enterprise_install=bool(source.is_enterprise_install),
                team_name=source.team_name,
                app_id=source.app_id,
                bot_id=source.bot_id,
                bot_user_id=source.bot_user_id,
                bot_scopes=",".join(source.bot_scopes or ()),
                bot_refresh_token=source.bot_refresh_token,
                bot_token_expires_at=_moment(source.bot_token_expires_at),
                installer_user_id=installer,
            ),
            timezone=self.timezone,
            locale=self.locale,
        )

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = self.installations.find(enterprise_id, team_id, bool(is_enterprise_install))
        if found is None:
            return None
        return Bot(
            app_id=found.app_id,
            enterprise_id=found.enterprise_id,
            team_id=found.team_id,
            team_name=None,
            bot_token=found.bot_token,
            bot_id=found.bot_id or "",
            bot_user_id=found.bot_user_id or "",
            bot_scopes=found.bot_scopes,
            bot_refresh_token=found.bot_refresh_token,
            bot_token_expires_at=_stamp(found.bot_token_expires_at),
            is_enterprise_install=found.is_enterprise_install,
            installed_at=found.installed_at.timestamp(),
        )

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> SlackInstallation | None:
        found = self.installations.find(enterprise_id, team_id, bool(is_enterprise_install))
        if found is None or (user_id is not None and user_id != found.installer_user_id):
            return None
        return SlackInstallation(
            app_id=found.app_id,
            enterprise_id=found.enterprise_id,
            team_id=found.team_id,
            bot_token=found.bot_token,
            bot_id=found.bot_id,
            bot_user_id=found.bot_user_id,
            bot_scopes=found.bot_scopes,
            bot_refresh_token=found.bot_refresh_token,
            bot_token_expires_at=_stamp(found.bot_token_expires_at),
            user_id=found.installer_user_id or "",
            is_enterprise_install=found.is_enterprise_install,
            installed_at=found.installed_at.timestamp(),
        )

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.forget(enterprise_id, team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if user_id is None:  # user tokens are never kept: only the bot's matters
            self.forget(enterprise_id, team_id)

    def forget(self, enterprise_id: str | None, team_id: str | None) -> None:
        """The workspace uninstalled Prometo or revoked its token: forget the token."""
        self.installations.forget(enterprise_id, team_id)
        if self.on_change is not None:
            self.on_change(None)


class DbStateStore(OAuthStateStore):
    """OAuth `state` values in the database, so any web process can finish an install."""

    def __init__(self, installations: SqlInstallations, clock: Any) -> None:
        self.installations = installations
        self.clock = clock

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        expire_at = self.clock.now() + timedelta(seconds=STATE_SECONDS)
        self.installations.issue_state(state, expire_at)
        return state

    def consume(self, state: str) -> bool:
        return self.installations.consume_state(state, self.clock.now())


def oauth_settings(
    *,
    client_id: str,
    client_secret: str,
    store: DbInstallationStore,
    states: DbStateStore,
    redirect_uri: str | None = None,
) -> OAuthSettings:
    """Bolt's OAuth settings for Prometo's paths, scopes and stores."""
    return OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(SCOPES),
        redirect_uri=redirect_uri,
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
        installation_store=store,
        installation_store_bot_only=True,
        state_store=states,
        state_expiration_seconds=STATE_SECONDS,
        logger=logging.getLogger("slack_bolt.oauth"),
    )


def authorize(store: DbInstallationStore, settings: OAuthSettings, client: Any) -> Any:
    """Each request authorised by its workspace's bot token; auth.test once per token."""
    return InstallationStoreAuthorize(
        logger=logging.getLogger("slack_bolt.authorize"),
        installation_store=store,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        bot_only=True,
        cache_enabled=True,
        client=client,
    )


def _moment(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromtimestamp(float(value), UTC)


def _stamp(moment: datetime | None) -> int | None:
    return int(moment.timestamp()) if moment is not None else None
