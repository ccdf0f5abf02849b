"""Ranking rules for screening candidates against a job, and the explanation a recruiter reads (pure).

The order of importance, highest first:

1. every required credential group is met by a credential the candidate currently HOLDS (expired and
   in-progress credentials never count);
2. the candidate has at least the job's minimum experience;
3. the candidate holds preferred credentials (more is better);
4. the resume text is topically relevant to the job (BM25F relevance, computed by the index).

Candidates who miss exactly one required group ("near misses") sort above those who miss two or more.

The ``tier`` folds rules 1-3 into one integer::

    tier = requirement_level * 100 + meets_experience * 50 + min(preferred_held, 49)

where ``requirement_level`` is 2 (meets every group), 1 (misses exactly one) or 0 (misses two or more). The score a
recruiter sees is ``tier * 1000 + 999 * relevance / best_relevance`` with ``best_relevance`` the best text match in the
same tier, so the relevance part stays below 1000 and the score is monotone with the final order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from portal.errors import InvalidInput

REQUIREMENT_WEIGHT = 100
EXPERIENCE_WEIGHT = 50
MAX_PREFERRED_COUNTED = 49
TIER_SCALE = 1000.0
RELEVANCE_SPAN = 999.0


def normalise_code(code: str) -> str:
    """Return a credential code in the one spelling the matcher compares (trimmed, upper case)."""
    return code.strip().upper()


def _codes(codes: Iterable[str]) -> frozenset[str]:
    return frozenset(c for c in (normalise_code(code) for code in codes) if c)


@dataclass(frozen=True)
class JobRequirements:
    """What a job asks for: groups of alternative credentials (all groups needed), preferred ones, experience, text."""

    required_groups: tuple[tuple[str, ...], ...] = ()
    preferred: tuple[str, ...] = ()
    min_experience_months: int = 0
    query_text: str = ""

    def __post_init__(self) -> None:
        # Callers build these from forms and templates, so spelling and order vary; compare one canonical form.
        groups: list[tuple[str, ...]] = []
        for group in self.required_groups:
            if isinstance(group, str):
                raise InvalidInput("each required group must be a list of credential codes", field="required_groups")
            codes = tuple(dict.fromkeys(c for c in (normalise_code(code) for code in group) if c))
            if not codes:
                raise InvalidInput("a required credential group is empty", field="required_groups")
            if codes not in groups:
                groups.append(codes)
        if self.min_experience_months < 0:
            raise InvalidInput("minimum experience cannot be negative", field="min_experience_months")
        object.__setattr__(self, "required_groups", tuple(groups))
        object.__setattr__(
            self, "preferred", tuple(dict.fromkeys(c for c in (normalise_code(p) for p in self.preferred) if c))
        )

    @property
    def relevant_codes(self) -> frozenset[str]:
        """Every credential code the job mentions, required or preferred."""
        return frozenset(code for group in self.required_groups for code in group) | frozenset(self.preferred)


@dataclass(frozen=True)
class CandidateFacts:
    """What the matcher knows about one candidate's credentials and experience."""

    candidate_id: int
    held: frozenset[str] = frozenset()
    expired: frozenset[str] = frozenset()
    in_progress: frozenset[str] = frozenset()
    experience_months: int | None = None
    degrees: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for name in ("held", "expired", "in_progress"):
            object.__setattr__(self, name, _codes(getattr(self, name)))


@dataclass(frozen=True)
class MatchExplanation:
    """Why a candidate sits where they do in the ranking, in fields and in words."""

    meets_required: bool
    met: tuple[str, ...]
    missing: tuple[str, ...]
    preferred_held: tuple[str, ...]
    experience_months: int | None
    min_experience_months: int
    meets_experience: bool
    matched_terms: tuple[str, ...] = ()
    expired_relevant: tuple[str, ...] = ()
    in_progress_relevant: tuple[str, ...] = ()
    text: str = ""

    @property
    def tier(self) -> int:
        """The candidate's tier (rules 1-3 folded into one integer; higher ranks first)."""
        return tier_of(len(self.missing), self.meets_experience, len(self.preferred_held))


@dataclass(frozen=True)
class RankedCandidate:
    """One row of a ranked screening list."""

    candidate_id: int
    score: float
    explanation: MatchExplanation
    tier: int = 0
    relevance: float = 0.0


def requirement_level(missing_groups: int) -> int:
    """Return 2 when every required group is met, 1 for a near miss (one group missing), 0 otherwise."""
    if missing_groups <= 0:
        return 2
    return 1 if missing_groups == 1 else 0


def tier_of(missing_groups: int, meets_experience: bool, preferred_held: int) -> int:
    """Fold the credential and experience rules into one integer; a higher tier always ranks first."""
    return (
        requirement_level(missing_groups) * REQUIREMENT_WEIGHT
        + (EXPERIENCE_WEIGHT if meets_experience else 0)
        + min(preferred_held, MAX_PREFERRED_COUNTED)
    )


def score_for(tier: int, relevance: float, best_relevance: float) -> float:
    """Return the displayed score: the tier times 1000 plus the relevance scaled to 0-999 within the tier."""
    fraction = relevance / best_relevance if best_relevance > 0 and relevance > 0 else 0.0
    return tier * TIER_SCALE + RELEVANCE_SPAN * min(fraction, 1.0)


def meets_experience(job: JobRequirements, experience_months: int | None) -> bool:
    """Tell whether stated experience reaches the job's minimum; unknown experience only passes a zero minimum."""
    if job.min_experience_months <= 0:
        return True
    return experience_months is not None and experience_months >= job.min_experience_months


def group_label(group: tuple[str, ...]) -> str:
    """Return a required group as a recruiter reads it, e.g. "CCM or ACM"."""
    return " or ".join(group)


def _join(words: Iterable[str]) -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe_months(months: int) -> str:
    """A span of months as people say it: "11 months", "2 years", "10 years 4 months"."""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year" + ("s" if years != 1 else ""))
    if rest or not years:
        parts.append(f"{rest} month" + ("s" if rest != 1 else ""))
    return " ".join(parts)


_months = describe_months


def explain(job: JobRequirements, facts: CandidateFacts, matched_terms: Iterable[str] = ()) -> MatchExplanation:
    """Check a candidate against a job's rules and say in words what they meet and what they miss."""
    met: list[str] = []
    missing: list[str] = []
    for group in job.required_groups:
        holding = [code for code in group if code in facts.held]
        if holding:
            met.extend(c for c in holding if c not in met)
        else:
            missing.append(group_label(group))
    preferred_held = tuple(code for code in job.preferred if code in facts.held)
    relevant = job.relevant_codes
    expired_relevant = tuple(sorted((facts.expired & relevant) - facts.held))
    in_progress_relevant = tuple(sorted((facts.in_progress & relevant) - facts.held))
    experience_ok = meets_experience(job, facts.experience_months)
    terms = tuple(dict.fromkeys(matched_terms))
    text = _sentence(
        job,
        tuple(met),
        tuple(missing),
        preferred_held,
        facts.experience_months,
        experience_ok,
        terms,
        expired_relevant,
        in_progress_relevant,
    )
    return MatchExplanation(
        meets_required=not missing,
        met=tuple(met),
        missing=tuple(missing),
        preferred_held=preferred_held,
        experience_months=facts.experience_months,
        min_experience_months=job.min_experience_months,
        meets_experience=experience_ok,
        matched_terms=terms,
        expired_relevant=expired_relevant,
        in_progress_relevant=in_progress_relevant,
        text=text,
    )


def _sentence(
    job: JobRequirements,
    met: tuple[str, ...],
    missing: tuple[str, ...],
    preferred_held: tuple[str, ...],
    experience_months: int | None,
    experience_ok: bool,
    matched_terms: tuple[str, ...],
    expired_relevant: tuple[str, ...],
    in_progress_relevant: tuple[str, ...],
) -> str:
    parts: list[str] = []
    if not job.required_groups:
        parts.append("No credential is required")
    elif not missing:
        parts.append(f"Meets every required credential ({_join(met)})")
    else:
        parts.append(f"Missing required {_join(missing)}")
    if job.min_experience_months > 0:
        wanted = _months(job.min_experience_months)
        if experience_months is None:
            parts.append(f"experience not stated ({wanted} required)")
        elif experience_ok:
            parts.append(f"{_months(experience_months)} of experience (at least {wanted} required)")
        else:
            parts.append(f"only {_months(experience_months)} of experience ({wanted} required)")
    elif experience_months is not None:
        parts.append(f"{_months(experience_months)} of experience")
    first = "; ".join(parts) + "."
    extras: list[str] = []
    if preferred_held:
        extras.append(f"Holds preferred {_join(preferred_held)}.")
    notes: list[str] = []
    if expired_relevant:
        notes.append(f"{_join(expired_relevant)} expired")
    if in_progress_relevant:
        notes.append(f"{_join(in_progress_relevant)} in progress")
    if notes:
        extras.append(f"Not counted: {'; '.join(notes)}.")
    if matched_terms:
        extras.append(f"Resume mentions {_join(matched_terms[:8])}.")
    return " ".join([first, *extras])


def rank_key(explanation: MatchExplanation, relevance: float) -> tuple[int, float]:
    """Return the sort key of the ranking rules (sort descending): the tier, then text relevance."""
    return (explanation.tier, relevance)


def rank_candidates(
    job: JobRequirements,
    candidates: Iterable[CandidateFacts],
    relevance: Mapping[int, float] | None = None,
    matched_terms: Mapping[int, Iterable[str]] | None = None,
) -> list[RankedCandidate]:
    """Rank candidates by the rules without an index; ties go to the lower candidate id."""
    relevance = relevance or {}
    matched_terms = matched_terms or {}
    rows: list[tuple[int, float, int, MatchExplanation]] = []
    for facts in candidates:
        explanation = explain(job, facts, matched_terms.get(facts.candidate_id, ()))
        rows.append((explanation.tier, float(relevance.get(facts.candidate_id, 0.0)), facts.candidate_id, explanation))
    best: dict[int, float] = {}
    for tier, rel, _cid, _exp in rows:
        best[tier] = max(best.get(tier, 0.0), rel)
    rows.sort(key=lambda row: (-row[0], -row[1], row[2]))
    return [
        RankedCandidate(
            candidate_id=cid, score=score_for(tier, rel, best[tier]), explanation=exp, tier=tier, relevance=rel
        )
        for tier, rel, cid, exp in rows
    ]
