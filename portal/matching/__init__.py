"""Candidate matching: the ranking rules and explanations (pure) and the Whoosh candidate index."""

from portal.matching.index import CandidateDocument, CandidateIndex, candidate_schema
from portal.matching.rules import (
    CandidateFacts,
    JobRequirements,
    MatchExplanation,
    RankedCandidate,
    explain,
    rank_candidates,
    score_for,
    tier_of,
)

__all__ = [
    "CandidateDocument",
    "CandidateFacts",
    "CandidateIndex",
    "JobRequirements",
    "MatchExplanation",
    "RankedCandidate",
    "candidate_schema",
    "explain",
    "rank_candidates",
    "score_for",
    "tier_of",
]
