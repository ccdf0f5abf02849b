"""What the resume parser returns: frozen dataclasses that cross into services and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

HELD = "held"
EXPIRED = "expired"
IN_PROGRESS = "in_progress"
STATUSES = (HELD, EXPIRED, IN_PROGRESS)


@dataclass(frozen=True)
class CredentialMention:
    """A license or certification the candidate states, with its status and the line it was read from."""

    code: str
    status: str
    states: tuple[str, ...]
    number: str | None
    expires: date | None
    evidence: str


@dataclass(frozen=True)
class DegreeMention:
    """A completed degree with its field, institution and year when the resume gives them."""

    code: str
    field: str | None
    institution: str | None
    year: int | None


@dataclass(frozen=True)
class ParsedResume:
    """Everything the parser read from one resume."""

    name: str | None
    email: str | None
    phone: str | None
    credentials: tuple[CredentialMention, ...]
    degrees: tuple[DegreeMention, ...]
    experience_months: int | None

    def credential_statuses(self) -> dict[str, str]:
        """One status per code: held wins over in progress, which wins over expired."""
        return collapse_statuses(self.credentials)

    def held_codes(self) -> frozenset[str]:
        """Codes the candidate holds now."""
        return frozenset(code for code, status in self.credential_statuses().items() if status == HELD)


_RANK = {HELD: 0, IN_PROGRESS: 1, EXPIRED: 2}


def collapse_statuses(mentions: tuple[CredentialMention, ...] | list[CredentialMention]) -> dict[str, str]:
    """Collapse mentions into one status per code; held in one place beats lapsed in another."""
    best: dict[str, str] = {}
    for mention in mentions:
        current = best.get(mention.code)
        if current is None or _RANK[mention.status] < _RANK[current]:
            best[mention.code] = mention.status
    return best
