"""Who is who: platform ids of workspaces and people turned into the book's records."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.model import Person, WorkHours, Workspace
from bot.ports import PersonDefaults, PromiseStore


@dataclass(frozen=True, slots=True)
class Defaults:
    """What a new workspace or person starts with: timezone name, language, work hours."""

    timezone: str
    locale: str
    team_channel: str | None = None
    work_hours: WorkHours = field(default_factory=WorkHours)


class Directory:
    def __init__(self, store: PromiseStore, defaults: Defaults) -> None:
        self._store = store
        self.defaults = defaults

    def workspace(self, platform: str, external_id: str) -> Workspace:
        """The workspace, created with the default timezone and language when new."""
        return self._store.workspace(
            platform, external_id, timezone=self.defaults.timezone, locale=self.defaults.locale
        )

    def person(
        self, platform: str, workspace_id: str, user_id: str, *, name: str | None = None
    ) -> Person:
        """The person, created with the workspace's timezone and language when new."""
        workspace = self.workspace(platform, workspace_id)
        defaults = PersonDefaults(
            timezone=workspace.timezone,
            locale=workspace.locale,
            name=name,
            work_hours=self.defaults.work_hours,
        )
        person = self._store.person(workspace, user_id, defaults)
        if workspace.installer is None:
            # One bot token, no OAuth install event: the first person to use Prometo in a
            # workspace is the one told how to set it up (the team channel).
            self._store.claim_installer(workspace.id, user_id)
        return person

    def team_channel(self, workspace: Workspace) -> str | None:
        """Where overdue notices and digests go: the workspace's choice, else the default."""
        return workspace.team_channel or self.defaults.team_channel

    def save(self, person: Person) -> None:
        """Keep what the platform told us about a person (timezone, language, DM channel)."""
        self._store.save_person(person)
