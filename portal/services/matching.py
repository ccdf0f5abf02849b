"""Screening operations for recruiters (ranked pool pages, shortlist, notes) and recommended jobs for job seekers.

Views call these; they flush, the caller commits. Ranking itself is the pure rules in ``portal.matching`` and the
candidate index behind ``candidate_search``.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from whoosh.analysis import StemmingAnalyzer

from .. import clock
from ..errors import InvalidInput
from ..extensions import db
from ..matching import CandidateFacts, MatchExplanation, RankedCandidate, explain, score_for
from ..matching.index import BM25_B, BM25_K1
from ..models import Application, Candidate, Job, JobStatus, ScreeningNote, Shortlist, User
from . import candidate_search

MAX_NOTE_LENGTH = 4000
MIN_TERM_LENGTH = 3


# -- recruiter screening -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningRow:
    """One ranked candidate as the screening page shows it."""

    ranked: RankedCandidate
    candidate: Candidate
    application: Application | None
    shortlisted: bool
    note_count: int


@dataclass(frozen=True)
class ScreeningPage:
    """One page of a job's ranked pool with what the recruiter already did for each row."""

    total: int
    page: int
    per_page: int
    rows: tuple[ScreeningRow, ...]

    @property
    def pages(self) -> int:
        """How many pages the filtered pool fills (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))


def org_jobs(org_id: int) -> list[Job]:
    """Return the organisation's jobs, newest first."""
    return list(db.session.scalars(sa.select(Job).where(Job.organization_id == org_id).order_by(Job.id.desc())))


def screening_page(job: Job, *, page: int = 1, per_page: int = 20, filter: str = "all") -> ScreeningPage:
    """Rank one page of the job's pool and join each row with its candidate, application, shortlist and notes."""
    page = max(1, page)
    ranked = candidate_search.rank_pool(job, limit=per_page, offset=(page - 1) * per_page, filter=filter)
    ids = [row.candidate_id for row in ranked.rows]
    candidates = {c.id: c for c in db.session.scalars(sa.select(Candidate).where(Candidate.id.in_(ids)))}
    applications = {
        a.candidate_id: a
        for a in db.session.scalars(
            sa.select(Application).where(Application.job_id == job.id, Application.candidate_id.in_(ids))
        )
    }
    shortlisted = shortlisted_ids(job, ids)
    notes = dict(
        db.session.execute(
            sa.select(ScreeningNote.candidate_id, sa.func.count(ScreeningNote.id))
            .where(ScreeningNote.job_id == job.id, ScreeningNote.candidate_id.in_(ids))
            .group_by(ScreeningNote.candidate_id)
        ).all()
    )
    rows = tuple(
        ScreeningRow(
            ranked=row,
            candidate=candidates[row.candidate_id],
            application=applications.get(row.candidate_id),
            shortlisted=row.candidate_id in shortlisted,
            note_count=int(notes.get(row.candidate_id, 0)),
        )
        for row in ranked.rows
        if row.candidate_id in candidates
    )
    return ScreeningPage(total=ranked.total, page=page, per_page=per_page, rows=rows)


def candidate_in_pool(job: Job, candidate_id: int) -> Candidate | None:
    """Return the candidate when they are in the job's pool, else None (the view answers 404)."""
    query = sa.select(Candidate).where(Candidate.id == candidate_id, candidate_search.pool_filter(job))
    return db.session.scalar(query)


def explanation_for(job: Job, candidate: Candidate) -> MatchExplanation:
    """Explain one candidate against a job from the database (for the candidate's screening page)."""
    facts = facts_for(candidate)
    resume = candidate.primary_resume
    words = matched_words(candidate_search.job_query_text(job), resume.text if resume else "")
    return explain(candidate_search.requirements_for(job), facts, words)


def shortlisted_ids(job: Job, candidate_ids: list[int] | None = None) -> set[int]:
    """Return the ids of the job's shortlisted candidates (optionally only among ``candidate_ids``)."""
    query = sa.select(Shortlist.candidate_id).where(Shortlist.job_id == job.id)
    if candidate_ids is not None:
        query = query.where(Shortlist.candidate_id.in_(candidate_ids))
    return set(db.session.scalars(query))


def is_shortlisted(job: Job, candidate: Candidate) -> bool:
    """Tell whether the candidate is on the job's shortlist."""
    return candidate.id in shortlisted_ids(job, [candidate.id])


def add_to_shortlist(job: Job, candidate: Candidate, *, actor: User) -> None:
    """Put the candidate on the job's shortlist (nothing happens when already there)."""
    if not is_shortlisted(job, candidate):
        db.session.add(Shortlist(job_id=job.id, candidate_id=candidate.id, added_by_id=actor.id))
        db.session.flush()


def remove_from_shortlist(job: Job, candidate: Candidate) -> None:
    """Take the candidate off the job's shortlist."""
    db.session.execute(sa.delete(Shortlist).where(Shortlist.job_id == job.id, Shortlist.candidate_id == candidate.id))
    db.session.flush()


def add_note(job: Job, candidate: Candidate, text: str, *, actor: User) -> ScreeningNote:
    """Add a recruiter's note on a candidate for one job; empty or over-long text is refused."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput("Write something before saving the note.", field="text")
    if len(text) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"Keep notes under {MAX_NOTE_LENGTH} characters.", field="text")
    note = ScreeningNote(job_id=job.id, candidate_id=candidate.id, author_id=actor.id, text=text)
    db.session.add(note)
    db.session.flush()
    return note


def notes_for(job: Job, candidate: Candidate) -> list[ScreeningNote]:
    """Return the notes on a candidate for one job, oldest first."""
    return list(
        db.session.scalars(
            sa.select(ScreeningNote)
            .where(ScreeningNote.job_id == job.id, ScreeningNote.candidate_id == candidate.id)
            .order_by(ScreeningNote.created_at, ScreeningNote.id)
        )
    )


# -- recommended jobs for a job seeker -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendedJob:
    """One published job ranked for a candidate, with the same explanation a recruiter reads."""

    job: Job
    score: float
    explanation: MatchExplanation
    tier: int
    relevance: float


_analyzer = StemmingAnalyzer()


def _terms(text: str) -> tuple[Counter[str], dict[str, str]]:
    counts: Counter[str] = Counter()
    words: dict[str, str] = {}
    for token in _analyzer(text or "", chars=True):
        if len(token.text) < MIN_TERM_LENGTH or token.text.isdigit():
            continue
        counts[token.text] += 1
        words.setdefault(token.text, text[token.startchar : token.endchar].lower())
    return counts, words


def matched_words(job_text: str, resume_text: str) -> list[str]:
    """Return the job's words (as the job spells them) whose stems the resume also uses."""
    job_counts, words = _terms(job_text)
    resume_counts, _ = _terms(resume_text)
    return [words[stem] for stem in job_counts if stem in resume_counts]


def facts_for(candidate: Candidate) -> CandidateFacts:
    """Return the ranking rules' view of a candidate, built from the database like the index document."""
    doc = candidate_search.document_for(candidate)
    return CandidateFacts(
        candidate_id=candidate.id,
        held=doc.held,
        expired=doc.expired,
        in_progress=doc.in_progress,
        experience_months=doc.experience_months,
        degrees=doc.degrees,
        states=doc.states,
    )


def open_jobs(today: date | None = None) -> list[Job]:
    """Return the published jobs still open for applications."""
    today = today or clock.today()
    return list(
        db.session.scalars(
            sa.select(Job).where(
                Job.status == JobStatus.PUBLISHED, sa.or_(Job.valid_through.is_(None), Job.valid_through >= today)
            )
        )
    )


def recommended_jobs(candidate: Candidate, *, limit: int = 20) -> list[RecommendedJob]:
    """Rank open jobs for a candidate: requirements met, experience, preferred credentials, then text relevance.

    Relevance is BM25 with the jobs as documents and the resume's words as the query, the mirror image of screening.
    """
    jobs = open_jobs()
    if not jobs:
        return []
    facts = facts_for(candidate)
    resume = candidate.primary_resume
    resume_counts, _ = _terms(resume.text if resume else "")
    job_terms = [_terms(candidate_search.job_query_text(job)) for job in jobs]
    df: Counter[str] = Counter()
    for counts, _words in job_terms:
        df.update(counts.keys())
    lengths = [sum(counts.values()) for counts, _words in job_terms]
    average = (sum(lengths) / len(lengths)) or 1.0
    total = len(jobs)

    scored: list[tuple[int, float, Job, MatchExplanation]] = []
    for job, (counts, words), length in zip(jobs, job_terms, lengths, strict=True):
        shared = [stem for stem in counts if stem in resume_counts]
        relevance = 0.0
        for stem in shared:
            idf = math.log(1 + (total - df[stem] + 0.5) / (df[stem] + 0.5))
            tf = counts[stem]
            relevance += idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * length / average))
        explanation = explain(candidate_search.requirements_for(job), facts, [words[s] for s in shared])
        scored.append((explanation.tier, relevance, job, explanation))
    best: dict[int, float] = {}
    for tier, relevance, _job, _explanation in scored:
        best[tier] = max(best.get(tier, 0.0), relevance)
    scored.sort(key=lambda item: (-item[0], -item[1], -item[2].id))
    return [
        RecommendedJob(
            job=job,
            score=score_for(tier, relevance, best[tier]),
            explanation=explanation,
            tier=tier,
            relevance=relevance,
        )
        for tier, relevance, job, explanation in scored[: max(0, limit)]
    ]


def candidate_of(user: User) -> Candidate | None:
    """Return the job seeker's own candidate profile, if they made one."""
    return db.session.scalar(sa.select(Candidate).where(Candidate.user_id == user.id))
