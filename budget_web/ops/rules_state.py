"""Whether the rules shipped with this release are the rules in force.

An installation calculates with its current *published* rule book; the rules shipped in the
package (or in `rules/` of a checkout, or BUDGET_ENGINE_RULES) become a published version
only through a draft another policy user approves. After an upgrade brings new thresholds,
or a developer edits `rules/`, the two differ, and nothing is published silently: `status`,
`serve`'s start, `rules check` and the policy pages say so with this one text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from budget_engine import RuleBook

from .. import settings
from ..policy.versions import RuleVersions

#: The command that makes the shipped rules a draft for approval (the directory is filled in).
DRAFT_COMMAND = "budget-engine rules draft {directory} --label \"…\" --user NAME"


@dataclass(frozen=True)
class RulesState:
    """The shipped rule book beside the current published one (None: nothing published)."""

    shipped: RuleBook
    published: str | None
    published_label: str
    published_at: dt.datetime | None

    @property
    def differs(self) -> bool:
        return self.published is not None and self.published != self.shipped.version

    def draft_command(self) -> str:
        return DRAFT_COMMAND.format(directory=self.shipped.directory)

    def notice(self) -> str | None:
        """One sentence when the shipped rules are not the rules in force, else None."""
        if not self.differs:
            return None
        return (f"the shipped rules ({self.shipped.version}, in {self.shipped.directory}) "
                f"differ from the current published version ({self.published}); they are "
                f"not used until approved: make them a draft with `{self.draft_command()}`")

    def published_words(self) -> str:
        if self.published is None:
            return "none yet (the shipped rules are published when the database is first used)"
        when = ("" if self.published_at is None else ", published "
                + self.published_at.astimezone(settings.timezone()).strftime("%d.%m.%Y"))
        return f"{self.published} ({self.published_label or 'no label'}{when})"


def rules_state(versions: RuleVersions, shipped: RuleBook) -> RulesState:
    """The shipped book beside the current published version of `versions`."""
    current = versions.current_version()
    record = next((v for v in versions.published() if v.version == current), None)
    return RulesState(shipped, current, record.label if record else "",
                      (record.decided_at or record.created_at) if record else None)
