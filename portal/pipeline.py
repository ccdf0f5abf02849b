"""The hiring pipeline as data: its statuses, the moves allowed between them, and what the candidate is told.

Pure domain code (no Flask, no database). Correct a rule by editing the tables below; ``check_pipeline`` validates them
when the module is imported, so a typo stops the portal at start-up instead of surfacing in a recruiter's page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from portal.errors import CatalogError, InvalidInput, NotAllowed

APPLIED = "applied"
SCREENING = "screening"
INTERVIEW = "interview"
OFFER = "offer"
HIRED = "hired"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

STATUSES: tuple[str, ...] = (APPLIED, SCREENING, INTERVIEW, OFFER, HIRED, REJECTED, WITHDRAWN)

# The forward stages a funnel counts, in order; rejected and withdrawn are exits, not stages.
FUNNEL_STAGES: tuple[str, ...] = (APPLIED, SCREENING, INTERVIEW, OFFER, HIRED)

LABELS: Mapping[str, str] = MappingProxyType(
    {
        APPLIED: "Applied",
        SCREENING: "Screening",
        INTERVIEW: "Interview",
        OFFER: "Offer",
        HIRED: "Hired",
        REJECTED: "Rejected",
        WITHDRAWN: "Withdrawn",
    }
)

# Skipping screening is allowed (a strong referral goes straight to interview); skipping the interview or the offer is
# not. A rejection can be reconsidered (back to screening) because recruiters do reject by mistake; hired and
# withdrawn are final: a candidate who withdrew and changes their mind applies again through the recruiter.
TRANSITIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        APPLIED: (SCREENING, INTERVIEW, REJECTED, WITHDRAWN),
        SCREENING: (INTERVIEW, REJECTED, WITHDRAWN),
        INTERVIEW: (OFFER, REJECTED, WITHDRAWN),
        OFFER: (HIRED, REJECTED, WITHDRAWN),
        HIRED: (),
        REJECTED: (SCREENING,),
        WITHDRAWN: (),
    }
)

NEEDS_REASON: frozenset[str] = frozenset({REJECTED})
REASON_MAX_LENGTH = 300

# What the candidate reads when their application moves; {job} is the job title, {organization} the employer.
CANDIDATE_MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        APPLIED: "{organization} received your application for {job}.",
        SCREENING: "{organization} is reviewing your application for {job}.",
        INTERVIEW: "{organization} would like to interview you for {job}. They will contact you to arrange a time.",
        OFFER: "{organization} is making you an offer for {job}. They will contact you with the details.",
        HIRED: "Congratulations: {organization} has marked you as hired for {job}.",
        REJECTED: "{organization} has decided not to go further with your application for {job}. Thank you for "
        "your interest.",
        WITHDRAWN: "Your application for {job} at {organization} is withdrawn.",
    }
)


@dataclass(frozen=True)
class Move:
    """A checked pipeline move: from one status to another, with the reason when the target needs one."""

    from_status: str
    to_status: str
    reason: str | None


def allowed_transitions(status: str) -> tuple[str, ...]:
    """The statuses an application in ``status`` may move to (empty for final statuses); InvalidInput if unknown."""
    if status not in TRANSITIONS:
        raise InvalidInput(f"unknown status {status!r}; statuses are {', '.join(STATUSES)}", field="status")
    return TRANSITIONS[status]


def is_final(status: str) -> bool:
    """True when nothing can follow ``status``."""
    return not allowed_transitions(status)


def check_move(from_status: str, to_status: str, reason: str | None = None) -> Move:
    """Validate one move: NotAllowed when the pipeline forbids it, InvalidInput for a missing or too long reason."""
    if to_status not in TRANSITIONS:
        raise InvalidInput(f"unknown status {to_status!r}; statuses are {', '.join(STATUSES)}", field="status")
    if to_status not in allowed_transitions(from_status):
        allowed = ", ".join(LABELS[s] for s in TRANSITIONS[from_status]) or "nothing (it is final)"
        raise NotAllowed(
            f"An application cannot move from {LABELS[from_status]} to {LABELS[to_status]}. "
            f"From {LABELS[from_status]} it can move to: {allowed}."
        )
    cleaned = (reason or "").strip() or None
    if to_status in NEEDS_REASON and cleaned is None:
        raise InvalidInput(f"say why the application is {LABELS[to_status].lower()}", field="reason")
    if cleaned is not None and len(cleaned) > REASON_MAX_LENGTH:
        raise InvalidInput(f"keep the reason under {REASON_MAX_LENGTH} characters", field="reason")
    return Move(from_status=from_status, to_status=to_status, reason=cleaned)


def check_pipeline(
    transitions: Mapping[str, tuple[str, ...]] = TRANSITIONS,
    labels: Mapping[str, str] = LABELS,
    messages: Mapping[str, str] = CANDIDATE_MESSAGES,
) -> None:
    """Raise CatalogError when the tables disagree: unknown targets, missing labels or messages, moves to itself."""
    statuses = set(transitions)
    if statuses != set(STATUSES):
        raise CatalogError(f"pipeline: TRANSITIONS must list exactly {', '.join(STATUSES)}")
    for source, targets in transitions.items():
        for target in targets:
            if target not in statuses:
                raise CatalogError(f"pipeline: {source} -> {target}: unknown target status")
            if target == source:
                raise CatalogError(f"pipeline: {source} -> {target}: a status cannot move to itself")
    for name, table in (("LABELS", labels), ("CANDIDATE_MESSAGES", messages)):
        missing = statuses - set(table)
        if missing:
            raise CatalogError(f"pipeline: {name} lacks {', '.join(sorted(missing))}")
    if APPLIED in {t for targets in transitions.values() for t in targets}:
        raise CatalogError("pipeline: nothing may move back to applied; it is where every application starts")


check_pipeline()
