"""The job seeker's profile: resumes in and out, parsed credentials and the candidate's corrections, reminders, erasure.

Functions here flush; the caller commits once. Files are written before the rows that name them and removed when the
rows cannot be added, so a rejected upload leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import sqlalchemy as sa
from flask import current_app

from .. import clock
from ..catalog import load_catalog
from ..documents import extract_text
from ..errors import DocumentError, InvalidInput, PortalError
from ..extensions import db
from ..extraction import EXPIRED, STATUSES, ParsedResume, parse_resume
from ..extraction.states import STATE_CODES
from ..models import Application, ResumeAccess, ScreeningNote, Shortlist, User
from ..models.accounts import Organization
from ..models.candidates import (
    Candidate,
    CandidateCredential,
    CandidateDegree,
    DismissedCredential,
    ExpiryReminder,
    Resume,
)
from . import jsonresume
from .mail import send_mail
from .storage import get_storage

log = logging.getLogger(__name__)

# Days before expiry at which the candidate is warned; each is e-mailed once per credential and expiry date.
REMINDER_THRESHOLDS = (90, 60, 30)
ACCESS_ACTIONS = ("view", "download")
_KIND_BY_DETECTED = {"pdf": "pdf", "docx": "docx", "text": "txt"}
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}


def today() -> date:
    """Today in the portal's time zone (the CLI's --as-of and the pages agree on what "today" means)."""
    return clock.today()


# Resumes -------------------------------------------------------------------------------------------------------


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 of ``data`` (how the same file uploaded twice is recognised)."""
    return hashlib.sha256(data).hexdigest()


def find_same_resume(candidate: Candidate, data: bytes) -> Resume | None:
    """The candidate's resume with exactly these bytes, if they uploaded it before."""
    digest = sha256_of(data)
    return next((resume for resume in candidate.resumes if resume.sha256 == digest), None)


def clean_filename(filename: str, kind: str) -> str:
    """The file's own name without any folder, ending in the extension of its real type (used for downloads)."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.strip().replace("\x00", "")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[:200] or "resume"
    return f"{stem}.{kind}"


def add_resume(
    candidate: Candidate, data: bytes, filename: str, *, as_of: date | None = None, make_primary: bool = True
) -> Resume:
    """Store an uploaded resume, read its text in the isolated worker and parse it into the profile.

    The type comes from the content. Raises DocumentError when the file cannot be read; nothing is stored then.
    The same bytes uploaded again return the existing resume (made primary when asked) instead of a copy.
    """
    existing = find_same_resume(candidate, data)
    if existing is not None:
        if make_primary and not existing.is_primary:
            set_primary(existing, as_of=as_of)
        return existing
    config = current_app.config
    extracted = extract_text(
        data, timeout=float(config["PARSE_TIMEOUT_SECONDS"]), memory_mb=int(config["PARSE_MEMORY_MB"])
    )
    text = extracted.text.replace("\x00", "")
    if not text.strip():
        raise DocumentError("The file has no text in it. Upload a resume saved as PDF, DOCX or plain text.")
    kind = _KIND_BY_DETECTED[extracted.kind]
    parsed = parse_resume(text, as_of or today())

    storage = get_storage()
    key = storage.save(data)
    try:
        # No flush until every change is made: the profile's lazy loads below would otherwise write the resume
        # first, and on SQLite the writer's turn (portal/sqlite_writers.py) would be held through all of them.
        with db.session.no_autoflush:
            resume = Resume(
                candidate=candidate,
                storage_key=key,
                original_filename=clean_filename(filename, kind),
                kind=kind,
                size=len(data),
                sha256=sha256_of(data),
                text=text,
                is_primary=False,
            )
            db.session.add(resume)
            if make_primary or len(candidate.resumes) == 1:
                _mark_primary(candidate, resume)
                apply_parsed(candidate, parsed)
        db.session.flush()
    except Exception:
        storage.delete(key)
        raise
    log.info("Candidate %s uploaded resume %s (%s, %d bytes)", candidate.id, resume.id, kind, len(data))
    return resume


@dataclass(frozen=True)
class ResumeUpload:
    """One file of a bulk import: the candidate it belongs to, its bytes and the name it came with."""

    candidate: Candidate
    data: bytes
    filename: str


@dataclass(frozen=True)
class ReadResume:
    """A resume file's text, real type and parse: everything read from it before a file or row is written."""

    text: str
    kind: str
    parsed: ParsedResume


def read_resume(data: bytes, as_of: date, *, timeout: float = 10, memory_mb: int = 512) -> ReadResume:
    """Read the text of a resume file (PDF and DOCX in the isolated worker) and parse it; DocumentError when unreadable.

    Needs no app or database, so a bulk import can run it in worker processes.
    """
    extracted = extract_text(data, timeout=timeout, memory_mb=memory_mb)
    text = extracted.text.replace("\x00", "")
    if not text.strip():
        raise DocumentError("The file has no text in it. Upload a resume saved as PDF, DOCX or plain text.")
    return ReadResume(text=text, kind=_KIND_BY_DETECTED[extracted.kind], parsed=parse_resume(text, as_of))


def add_resumes_bulk(
    uploads: Sequence[ResumeUpload],
    *,
    as_of: date | None = None,
    reads: Sequence[ReadResume | PortalError] | None = None,
) -> list[Resume | PortalError]:
    """Add each upload as its candidate's primary resume, as ``add_resume`` would, with one sync and one flush in all.

    Returns, per upload, the Resume or the PortalError that kept the file out (nothing of that file is stored).
    ``reads`` are the uploads' ``read_resume`` results when the caller read them already (e.g. in worker processes).
    The files are written without a per-file fsync and synced together before the flush; the caller's commit then
    names only durable files. A crash before the commit can leave unreferenced files behind, never a row without
    its file. When the flush fails, every file of the batch is removed and the error is raised.
    """
    as_of = as_of or today()
    if reads is None:
        config = current_app.config
        timeout, memory_mb = float(config["PARSE_TIMEOUT_SECONDS"]), int(config["PARSE_MEMORY_MB"])
        reads = [_read_or_error(upload.data, as_of, timeout, memory_mb) for upload in uploads]
    storage = get_storage()
    results: list[Resume | PortalError] = []
    keys: list[str] = []
    try:
        for upload, read in zip(uploads, reads, strict=True):
            if isinstance(read, PortalError):
                results.append(read)
                continue
            candidate = upload.candidate
            existing = find_same_resume(candidate, upload.data)
            if existing is not None:
                if not existing.is_primary:
                    _mark_primary(candidate, existing)
                    apply_parsed(candidate, parse_resume(existing.text, as_of))
                results.append(existing)
                continue
            key = storage.save(upload.data, sync=False)
            keys.append(key)
            resume = Resume(
                candidate=candidate,
                storage_key=key,
                original_filename=clean_filename(upload.filename, read.kind),
                kind=read.kind,
                size=len(upload.data),
                sha256=sha256_of(upload.data),
                text=read.text,
                is_primary=False,
            )
            db.session.add(resume)
            _mark_primary(candidate, resume)
            apply_parsed(candidate, read.parsed)
            results.append(resume)
        storage.sync(keys)
        db.session.flush()
    except Exception:
        for key in keys:
            storage.delete(key)
        raise
    log.info(
        "Bulk upload: %d resumes stored, %d files refused", len(keys), sum(isinstance(r, PortalError) for r in results)
    )
    return results


def _read_or_error(data: bytes, as_of: date, timeout: float, memory_mb: int) -> ReadResume | PortalError:
    try:
        return read_resume(data, as_of, timeout=timeout, memory_mb=memory_mb)
    except PortalError as exc:
        return exc


def _mark_primary(candidate: Candidate, resume: Resume) -> None:
    for other in candidate.resumes:
        other.is_primary = other is resume


def set_primary(resume: Resume, *, as_of: date | None = None) -> None:
    """Make ``resume`` the primary one and read the profile from it again (confirmed entries stay as they are)."""
    candidate = resume.candidate
    with db.session.no_autoflush:  # one burst of writes at the end (see add_resume)
        _mark_primary(candidate, resume)
        apply_parsed(candidate, parse_resume(resume.text, as_of or today()))
    db.session.flush()


def delete_resume(resume: Resume) -> None:
    """Remove one resume and its file; the profile's credentials stay (the candidate may have confirmed them)."""
    candidate = resume.candidate
    key = resume.storage_key
    was_primary = resume.is_primary
    candidate.resumes.remove(resume)
    db.session.delete(resume)
    if was_primary and candidate.resumes:
        candidate.resumes[-1].is_primary = True
    db.session.flush()
    get_storage().delete(key)


def read_resume_file(resume: Resume) -> bytes:
    """The stored bytes of a resume; DocumentError when the file is missing from storage."""
    try:
        return get_storage().read(resume.storage_key)
    except KeyError:
        raise DocumentError("The file of this resume is missing from storage.") from None


def record_resume_access(resume: Resume, user: User | None, action: str) -> None:
    """Write down that ``user`` viewed or downloaded ``resume`` (shown to the candidate as "Who opened my resume")."""
    if action not in ACCESS_ACTIONS:
        raise ValueError(f"action must be one of {ACCESS_ACTIONS}, not {action!r}")
    db.session.add(
        ResumeAccess(
            resume_id=resume.id,
            candidate_id=resume.candidate_id,
            user_id=user.id if user is not None else None,
            action=action,
        )
    )
    db.session.flush()


def resume_accesses(candidate: Candidate, limit: int = 100) -> list[ResumeAccess]:
    """The latest views and downloads of the candidate's resumes, newest first."""
    return list(
        db.session.scalars(
            sa.select(ResumeAccess)
            .where(ResumeAccess.candidate_id == candidate.id)
            .order_by(ResumeAccess.created_at.desc(), ResumeAccess.id.desc())
            .limit(limit)
        )
    )


# Parsed and confirmed credentials ----------------------------------------------------------------------------------


def apply_parsed(candidate: Candidate, parsed: ParsedResume) -> None:
    """Put a parse into the profile: unconfirmed parsed credentials are replaced; confirmed or entered ones are kept,
    and codes the candidate removed as wrong are not added back."""
    kept = [c for c in candidate.credentials if c.confirmed or c.origin == "entered"]
    kept_codes = {c.code for c in kept}
    dismissed = {d.code for d in candidate.dismissed_credentials}
    for credential in list(candidate.credentials):
        if credential not in kept:
            candidate.credentials.remove(credential)
    seen: set[tuple[Any, ...]] = set()
    # A bare mention ("Registered nurse with six years...") says nothing that a detailed mention of the same code and
    # status does not: show the candidate one row to check, not two.
    detailed = {(m.code, m.status) for m in parsed.credentials if m.states or m.number or m.expires}
    for mention in parsed.credentials:
        key = (mention.code, mention.status, mention.states, mention.number, mention.expires)
        bare = not (mention.states or mention.number or mention.expires)
        if mention.code in kept_codes or mention.code in dismissed or key in seen:
            continue
        if bare and (mention.code, mention.status) in detailed:
            continue
        seen.add(key)
        candidate.credentials.append(
            CandidateCredential(
                code=mention.code,
                status=mention.status,
                states=list(mention.states),
                number=mention.number,
                expires=mention.expires,
                evidence=mention.evidence,
                origin="parsed",
                confirmed=False,
                parsed_status=mention.status,
            )
        )
    if parsed.degrees:
        candidate.degrees.clear()
        for degree in parsed.degrees:
            candidate.degrees.append(
                CandidateDegree(code=degree.code, field=degree.field, institution=degree.institution, year=degree.year)
            )
    if parsed.experience_months is not None:
        candidate.experience_months = parsed.experience_months
    if parsed.name and not candidate.name:
        candidate.name = parsed.name[:200]
    if parsed.phone and not candidate.phone:
        candidate.phone = parsed.phone[:50]
    if parsed.email and not candidate.email:
        candidate.email = parsed.email[:254]


@dataclass(frozen=True)
class CredentialChange:
    """What the candidate says about one credential, checked before anything is stored."""

    code: str
    status: str
    states: tuple[str, ...]
    number: str | None
    expires: date | None


def check_credential(
    code: str, status: str, states: str | list[str] | tuple[str, ...], number: str | None, expires: date | None
) -> CredentialChange:
    """Validate a credential typed by the candidate; InvalidInput names the field that is wrong."""
    catalog = load_catalog()
    canonical = catalog.canonical(code or "")
    if canonical is None or canonical not in set(catalog.codes("license")) | set(catalog.codes("certification")):
        raise InvalidInput("Choose a license or certification from the list.", field="code")
    if status not in STATUSES:
        raise InvalidInput("Choose held, expired or in progress.", field="status")
    if isinstance(states, str):
        states = [part for part in states.replace(";", ",").replace(" ", ",").split(",") if part]
    codes = tuple(dict.fromkeys(s.strip().upper() for s in states if s.strip()))
    unknown = [s for s in codes if s not in STATE_CODES]
    if unknown:
        raise InvalidInput(f"{unknown[0]} is not a US state code (use two letters, such as NY or CA).", field="states")
    number = (number or "").strip() or None
    if number and len(number) > 60:
        raise InvalidInput("A license number is at most 60 characters.", field="number")
    if expires is not None and not 1950 <= expires.year <= 2200:
        raise InvalidInput("Give a real expiry date.", field="expires")
    return CredentialChange(code=canonical, status=status, states=codes, number=number, expires=expires)


def correct_credential(credential: CandidateCredential, change: CredentialChange) -> None:
    """Store the candidate's correction; the parser's first reading stays in ``parsed_status`` and ``evidence``."""
    if credential.origin == "parsed" and credential.parsed_status is None:
        credential.parsed_status = credential.status
    credential.code = change.code
    credential.status = change.status
    credential.states = list(change.states)
    credential.number = change.number
    credential.expires = change.expires
    credential.confirmed = True
    db.session.flush()


def confirm_credential(credential: CandidateCredential) -> None:
    """The candidate says the parsed credential is right as it is."""
    credential.confirmed = True
    db.session.flush()


def add_credential(candidate: Candidate, change: CredentialChange) -> CandidateCredential:
    """A credential the parser missed, entered by the candidate (counts as confirmed)."""
    credential = CandidateCredential(
        code=change.code,
        status=change.status,
        states=list(change.states),
        number=change.number,
        expires=change.expires,
        origin="entered",
        confirmed=True,
    )
    candidate.credentials.append(credential)
    db.session.execute(
        sa.delete(DismissedCredential).where(
            DismissedCredential.candidate_id == candidate.id, DismissedCredential.code == change.code
        )
    )
    db.session.flush()
    return credential


def remove_credential(credential: CandidateCredential) -> None:
    """Remove a wrongly read or outdated credential; a parsed one is remembered so a re-parse does not restore it."""
    candidate = credential.candidate
    code = credential.code
    candidate.credentials.remove(credential)
    still_there = any(c.code == code for c in candidate.credentials)
    if (
        credential.origin == "parsed"
        and not still_there
        and code not in {d.code for d in candidate.dismissed_credentials}
    ):
        candidate.dismissed_credentials.append(DismissedCredential(code=code))
    db.session.flush()


def set_discoverable(candidate: Candidate, discoverable: bool) -> None:
    """Let employers searching the portal find the profile, or stop them."""
    candidate.discoverable = discoverable
    db.session.flush()


# JSON Resume ------------------------------------------------------------------------------------------------------


def profile_document(candidate: Candidate) -> jsonresume.ProfileDocument:
    """The candidate's profile in the shape JSON Resume export uses."""
    return jsonresume.ProfileDocument(
        name=candidate.name or (candidate.user.name if candidate.user else ""),
        email=candidate.email or (candidate.user.email if candidate.user else None),
        phone=candidate.phone,
        location=candidate.location or "",
        credentials=tuple(
            jsonresume.CredentialEntry(
                code=c.code, status=c.status, states=tuple(c.states or ()), number=c.number, expires=c.expires
            )
            for c in candidate.credentials
        ),
        degrees=tuple(
            jsonresume.DegreeEntry(code=d.code, field=d.field, institution=d.institution, year=d.year)
            for d in candidate.degrees
        ),
        experience_months=candidate.experience_months,
    )


def export_jsonresume(candidate: Candidate) -> dict[str, Any]:
    """The profile as a JSON Resume document (credential details under ``x-casemanager``)."""
    return jsonresume.to_jsonresume(profile_document(candidate), load_catalog())


def import_jsonresume(
    candidate: Candidate, raw: str | bytes, *, as_of: date | None = None
) -> jsonresume.ProfileDocument:
    """Replace the profile's details, credentials and degrees with a JSON Resume's; InvalidInput changes nothing."""
    document = jsonresume.from_jsonresume(raw, load_catalog(), as_of=as_of or today())
    if document.name:
        candidate.name = document.name
    if document.phone:
        candidate.phone = document.phone
    if document.location:
        candidate.location = document.location
    if document.email and candidate.user is None:
        candidate.email = document.email
    candidate.credentials.clear()
    for entry in document.credentials:
        candidate.credentials.append(
            CandidateCredential(
                code=entry.code,
                status=entry.status,
                states=list(entry.states),
                number=entry.number,
                expires=entry.expires,
                origin="entered",
                confirmed=True,
            )
        )
    candidate.degrees.clear()
    for degree in document.degrees:
        candidate.degrees.append(
            CandidateDegree(code=degree.code, field=degree.field, institution=degree.institution, year=degree.year)
        )
    if document.experience_months is not None:
        candidate.experience_months = document.experience_months
    db.session.flush()
    return document


# Expiry -------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpiringCredential:
    """A credential whose expiry date is near (or past): ``threshold_days`` is 90, 60, 30, or 0 once it has passed."""

    credential_id: int
    code: str
    expires: date
    days_left: int
    threshold_days: int


def expiry_threshold(days_left: int) -> int | None:
    """The tightest reminder threshold ``days_left`` falls within (30 before 60 before 90), 0 when past, else None."""
    if days_left < 0:
        return 0
    fitting = [t for t in REMINDER_THRESHOLDS if days_left <= t]
    return min(fitting) if fitting else None


def expiring_credentials(candidate: Candidate, as_of: date | None = None) -> list[ExpiringCredential]:
    """The candidate's held or in-progress credentials expiring within 90 days or already past their date."""
    as_of = as_of or today()
    found = []
    for credential in candidate.credentials:
        if credential.expires is None or credential.status == EXPIRED:
            continue
        days_left = (credential.expires - as_of).days
        threshold = expiry_threshold(days_left)
        if threshold is not None:
            found.append(ExpiringCredential(credential.id, credential.code, credential.expires, days_left, threshold))
    return sorted(found, key=lambda item: item.days_left)


def send_expiry_reminders(as_of: date | None = None) -> int:
    """E-mail every job seeker whose credentials reach the 90, 60 or 30-day mark; return how many e-mails were sent.

    Each (credential, expiry date, threshold) is announced once: the record of it is what makes a second run quiet.
    """
    as_of = as_of or today()
    horizon = as_of + timedelta(days=max(REMINDER_THRESHOLDS))
    rows = db.session.scalars(
        sa.select(CandidateCredential)
        .join(Candidate)
        .where(
            Candidate.user_id.is_not(None),
            CandidateCredential.expires.is_not(None),
            CandidateCredential.expires >= as_of,
            CandidateCredential.expires <= horizon,
            CandidateCredential.status != EXPIRED,
        )
        .order_by(CandidateCredential.candidate_id, CandidateCredential.expires)
    ).all()
    due: dict[int, list[tuple[CandidateCredential, int]]] = {}
    for credential in rows:
        assert credential.expires is not None
        threshold = expiry_threshold((credential.expires - as_of).days)
        if threshold is None or threshold == 0:
            continue
        already = db.session.scalar(
            sa.select(sa.func.count()).where(
                ExpiryReminder.candidate_id == credential.candidate_id,
                ExpiryReminder.code == credential.code,
                ExpiryReminder.expires == credential.expires,
                ExpiryReminder.threshold_days <= threshold,
            )
        )
        if already:
            continue
        due.setdefault(credential.candidate_id, []).append((credential, threshold))
    sent = 0
    catalog = load_catalog()
    for candidate_id, items in due.items():
        candidate = db.session.get(Candidate, candidate_id)
        if candidate is None or candidate.user is None or not candidate.user.active:
            continue
        lines = []
        for credential, threshold in items:
            assert credential.expires is not None
            try:
                name = catalog.get(credential.code).name
            except KeyError:
                name = credential.code
            days = (credential.expires - as_of).days
            where = f" ({', '.join(credential.states)})" if credential.states else ""
            lines.append(
                f"- {credential.code}{where}, {name}: expires on {credential.expires:%d %B %Y}, in {days} days."
            )
            # A reminder for the tighter threshold also stands for the looser ones it supersedes.
            db.session.add(
                ExpiryReminder(
                    candidate_id=candidate_id,
                    code=credential.code,
                    expires=credential.expires,
                    threshold_days=threshold,
                )
            )
        greeting = candidate.name or candidate.user.name or "there"
        body = (
            f"Hello {greeting},\n\n"
            "These credentials on your Case Manager Portal profile are close to their expiry date:\n\n"
            + "\n".join(lines)
            + "\n\nIf you have renewed one, open your profile and enter the new expiry date, so employers see it is "
            "current. Employers filter on credentials that are held now.\n\n"
            "You receive this once for each credential at 90, 60 and 30 days before it expires.\n"
        )
        subject = (
            "A credential on your profile expires soon"
            if len(lines) == 1
            else "Credentials on your profile expire soon"
        )
        send_mail(candidate.user.email, subject, body)
        db.session.flush()
        sent += 1
    return sent


# Erasure and retention ----------------------------------------------------------------------------------------------


def delete_candidate(candidate: Candidate) -> None:
    """Erase a candidate: their rows (applications, notes, shortlists, resume log), their files and their account.

    The search index drops the candidate through the candidate-index sync when the caller commits.
    """
    keys = [resume.storage_key for resume in candidate.resumes]
    user = candidate.user
    # Applications go through the ORM (their events cascade, and the index sync sees them); the rest in bulk.
    for application in db.session.scalars(sa.select(Application).where(Application.candidate_id == candidate.id)):
        db.session.delete(application)
    db.session.execute(sa.delete(Shortlist).where(Shortlist.candidate_id == candidate.id))
    db.session.execute(sa.delete(ScreeningNote).where(ScreeningNote.candidate_id == candidate.id))
    db.session.execute(sa.delete(ResumeAccess).where(ResumeAccess.candidate_id == candidate.id))
    db.session.delete(candidate)
    db.session.flush()
    if user is not None:
        db.session.delete(user)
        db.session.flush()
    storage = get_storage()
    for key in keys:
        storage.delete(key)
    log.info("Erased candidate %s (%d files)", candidate.id, len(keys))


def erase_own_account(user: User, password: str) -> None:
    """A job seeker deletes their account after typing their password; InvalidInput when it is wrong."""
    if not user.check_password(password or ""):
        raise InvalidInput("The password is not right.", field="password")
    candidate = db.session.scalar(sa.select(Candidate).where(Candidate.user_id == user.id))
    if candidate is not None:
        delete_candidate(candidate)
    else:
        db.session.delete(user)
        db.session.flush()


def purge_expired_sourced(as_of: date | None = None) -> list[int]:
    """Erase sourced candidates (imported by an organisation, no account) kept longer than the organisation's
    retention period; return the ids erased."""
    as_of = as_of or today()
    rows = db.session.execute(
        sa.select(Candidate, Organization.retention_days)
        .join(Organization, Candidate.owner_org_id == Organization.id)
        .where(Candidate.user_id.is_(None), Organization.retention_days.is_not(None))
    ).all()
    erased = []
    for candidate, retention_days in rows:
        if clock.day_of(candidate.created_at) + timedelta(days=int(retention_days)) < as_of:
            erased.append(candidate.id)
            delete_candidate(candidate)
    return erased


ORPHAN_FILE_AGE_SECONDS = 3600


def remove_orphan_files(*, older_than_seconds: float = ORPHAN_FILE_AGE_SECONDS) -> list[str]:
    """Delete upload files that no resume row refers to and that are older than ``older_than_seconds``."""
    referenced = set(db.session.scalars(sa.select(Resume.storage_key)))
    removed = get_storage().remove_unreferenced(referenced, older_than_seconds=older_than_seconds, now=time.time())
    if removed:
        log.info("Removed %d orphan upload files", len(removed))
    return removed
