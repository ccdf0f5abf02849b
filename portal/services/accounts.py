"""Sign-up, users, organisations, recruiter invitations and forgotten passwords."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app, g, has_app_context
from itsdangerous import BadData, URLSafeTimedSerializer
from zxcvbn import zxcvbn

from ..errors import InvalidInput
from ..extensions import db
from ..models import Candidate, Invitation, LoginSession, Organization, Role, User
from ..models.base import utcnow
from ..passwords import needs_rehash, spend_verify_time

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 12  # OWASP ASVS 2.1.1
MAX_PASSWORD_LENGTH = 128
INVITATION_DAYS = 7


def normalize_email(email: str) -> str:
    """Check the address's syntax and return it in canonical form (lower-case), or raise InvalidInput."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(str(exc), field="email") from None


def password_problem(password: str, *, user_inputs: tuple[str, ...] = ()) -> str | None:
    """Say what is wrong with ``password`` (too short, too long, common or guessable), or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    # The person's name and e-mail, whole and in parts, count as guessable words.
    words = {value.lower() for value in user_inputs if value}
    words |= {part for value in list(words) for part in re.split(r"[\s@._+-]+", value) if len(part) > 2}
    words |= {value.replace(" ", "") for value in list(words)}
    # The form's validator and the service both ask during one sign-up; zxcvbn is a few ms of CPU, so answer once.
    verdicts = g.setdefault("password_verdicts", {}) if has_app_context() else {}
    key = (password, tuple(sorted(words)))
    if key not in verdicts:
        verdict = zxcvbn(password, user_inputs=sorted(words))
        hint = verdict["feedback"].get("warning") or "It is too easy to guess."
        verdicts[key] = f"Choose a less common password. {hint}".strip() if verdict["score"] < 3 else None
    return verdicts[key]


def email_taken(email: str) -> bool:
    """True when an account already uses ``email``."""
    return db.session.scalar(sa.select(sa.func.count()).where(User.email == email)) > 0


def create_user(
    *,
    email: str,
    password: str,
    role: Role,
    name: str = "",
    organization: Organization | None = None,
    confirmed: bool = False,
) -> User:
    """Add a user after checking the e-mail and password; a candidate also gets an (empty) candidate profile.

    ``confirmed`` marks the address as proven (accounts an operator makes); sign-ups confirm it through a link."""
    email = normalize_email(email)
    if email_taken(email):
        raise InvalidInput("An account with this e-mail address already exists.", field="email")
    problem = password_problem(password, user_inputs=(email, name))
    if problem:
        raise InvalidInput(problem, field="password")
    if role in (Role.EMPLOYER, Role.RECRUITER) and organization is None:
        raise InvalidInput("Employers and recruiters belong to an organisation.", field="organization")
    user = User(email=email, name=name.strip(), role=role, organization=organization)
    if confirmed:
        user.email_confirmed_at = utcnow()
    user.set_password(password)
    db.session.add(user)
    if role == Role.CANDIDATE:
        db.session.add(Candidate(user=user, name=user.name, email=email))
    db.session.flush()
    log.info("Created %s account %s (user %s)", role.value, email, user.id)
    return user


def sign_up_employer(*, email: str, password: str, name: str, organization_name: str) -> User:
    """Create an organisation and its first employer administrator."""
    organization_name = organization_name.strip()
    if not organization_name:
        raise InvalidInput("Give the organisation's name.", field="organization")
    organization = Organization(name=organization_name)
    db.session.add(organization)
    return create_user(email=email, password=password, role=Role.EMPLOYER, name=name, organization=organization)


def find_or_create_organization(name: str) -> Organization:
    """The organisation called ``name``, created if there is none (for the command line)."""
    organization = db.session.scalar(sa.select(Organization).where(Organization.name == name))
    if organization is None:
        organization = Organization(name=name)
        db.session.add(organization)
        db.session.flush()
    return organization


def find_user(email: str) -> User | None:
    """The account with this e-mail address (any case, surrounding spaces ignored), or None."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None.

    An unknown address costs the same hashing time as a known one, so the answer's timing does not tell who has an
    account. A stored hash in an older format or with weaker parameters is replaced by a current one (flushed).
    """
    user = find_user(email)
    if user is None:
        spend_verify_time(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.set_password(password)
        db.session.flush()
        log.info("Upgraded the password hash of user %s", user.id)
    return user


def change_password(user: User, *, current: str, new: str) -> None:
    """Replace the password after checking the current one; other sessions of the user stop working."""
    if not user.check_password(current):
        raise InvalidInput("The current password is not right.", field="current_password")
    _replace_password(user, new, field="new_password")


def _replace_password(user: User, new: str, *, field: str) -> None:
    """Set a new password if it passes the strength rules (InvalidInput on ``field`` if not); end every session."""
    problem = password_problem(new, user_inputs=(user.email, user.name))
    if problem:
        raise InvalidInput(problem, field=field)
    user.set_password(new)
    end_all_login_sessions(user)
    db.session.flush()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_recruiter(*, organization: Organization, email: str, invited_by: User) -> tuple[Invitation, str]:
    """Create an invitation and return it with its one-time token (only the token's hash is stored)."""
    email = normalize_email(email)
    if email_taken(email):
        raise InvalidInput("An account with this e-mail address already exists.", field="email")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization,
        email=email,
        token_hash=_token_hash(token),
        invited_by_id=invited_by.id,
        expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def open_invitation(token: str) -> Invitation | None:
    """The unused, unexpired invitation for ``token``, or None."""
    invitation = db.session.scalar(sa.select(Invitation).where(Invitation.token_hash == _token_hash(token)))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at < utcnow():
        return None
    return invitation


def accept_invitation(invitation: Invitation, *, name: str, password: str) -> User:
    """Turn an invitation into a recruiter account of the inviting organisation."""
    user = create_user(
        email=invitation.email, password=password, role=Role.RECRUITER, name=name, organization=invitation.organization
    )
    invitation.accepted_at = utcnow()
    db.session.flush()
    return user


def start_login_session(user: User) -> str:
    """Record a new signed-in session for ``user`` and return its token (only the token's hash is stored)."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=_token_hash(token)))
    db.session.flush()
    return token


def login_session_is_open(user_id: int, token: str) -> bool:
    """True while the session with ``token`` of user ``user_id`` has not been ended."""
    query = sa.select(LoginSession.id).where(
        LoginSession.user_id == user_id, LoginSession.token_hash == _token_hash(token)
    )
    return db.session.scalar(query) is not None


def end_login_session(token: str) -> None:
    """End one session (log-out)."""
    db.session.execute(sa.delete(LoginSession).where(LoginSession.token_hash == _token_hash(token)))


def set_active(user: User, active: bool, *, by: User | None = None) -> None:
    """Suspend an account (it can no longer log in, and every session of it ends at once) or restore it.

    ``by`` is the administrator doing it, who may not suspend their own account (the site would have no way back in).
    """
    if by is not None and by.id == user.id and not active:
        raise InvalidInput("You cannot suspend your own account.", field="active")
    user.active = active
    if not active:
        end_all_login_sessions(user)
    db.session.flush()
    log.info(
        "User %s (%s) %s by %s", user.id, user.email, "restored" if active else "suspended", by.id if by else "CLI"
    )


def end_all_login_sessions(user: User) -> None:
    """End every session of ``user`` (after a password change)."""
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id))


# A forgotten password. The link's token is signed with the secret key and names the account and a fingerprint of its
# current password hash: it stops working after RESET_LINK_MINUTES, and as soon as the password changes (so it works
# once). Nothing is stored, so there is nothing to clean up.
RESET_LINK_MINUTES = 60
_RESET_SALT = "password-reset"


def _signer(salt: str) -> URLSafeTimedSerializer:
    """Signs and reads the tokens of e-mailed links; each kind has its own salt, so one cannot pass for another."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _hash_fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def password_reset_token(user: User) -> str:
    """A token for the link that lets ``user`` choose a new password (see RESET_LINK_MINUTES)."""
    return str(_signer(_RESET_SALT).dumps([user.id, _hash_fingerprint(user)]))


def _read_link(salt: str, token: str, max_age_seconds: int) -> tuple[User, str] | None:
    """The active account a link's token names, with the value signed beside it; None when the token is forged,
    older than ``max_age_seconds`` or not of the expected shape."""
    try:
        user_id, value = _signer(salt).loads(token, max_age=max_age_seconds)
    except (BadData, TypeError, ValueError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active:
        return None
    return user, str(value)


def user_for_reset_token(token: str) -> User | None:
    """The active account a reset token was made for, while it is fresh and the password unchanged; else None."""
    found = _read_link(_RESET_SALT, token, RESET_LINK_MINUTES * 60)
    if found is None or not secrets.compare_digest(found[1], _hash_fingerprint(found[0])):
        return None
    return found[0]


def reset_link_mail(user: User, link: str) -> tuple[str, str]:
    """The subject and body of the e-mail that carries a reset link."""
    body = (
        f"Hello {user.name or user.email},\n\n"
        "Someone, probably you, asked to choose a new password for your Case Manager Portal account.\n"
        f"Open this link within one hour to do it:\n\n{link}\n\n"
        "The link works once. If you did not ask, ignore this e-mail: your password stays as it is.\n"
    )
    return "Choose a new password", body


def reset_password(user: User, new: str) -> None:
    """Set a new password through a reset link; every session of the user ends (the caller starts a new one)."""
    _replace_password(user, new, field="password")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # the link reached the address: that proves it too
    log.info("Password of user %s reset through an e-mailed link", user.id)


# Confirming an e-mail address: a signed link naming the account and the address, good for CONFIRM_LINK_DAYS.
CONFIRM_LINK_DAYS = 7
_CONFIRM_SALT = "email-confirm"


def email_confirmation_token(user: User) -> str:
    """A token for the link that proves ``user`` receives mail at their address."""
    return str(_signer(_CONFIRM_SALT).dumps([user.id, user.email]))


def confirm_email(token: str) -> User | None:
    """Mark the address of the token's account as confirmed (once is enough) and return the account; None when the
    token is not right, is older than CONFIRM_LINK_DAYS, or names an address the account no longer has."""
    found = _read_link(_CONFIRM_SALT, token, CONFIRM_LINK_DAYS * 24 * 3600)
    if found is None or found[0].email != found[1]:
        return None
    user = found[0]
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        db.session.flush()
        log.info("User %s confirmed their e-mail address", user.id)
    return user


def confirmation_mail(user: User, link: str) -> tuple[str, str]:
    """The subject and body of the e-mail that asks a new account to confirm its address."""
    body = (
        f"Hello {user.name or user.email},\n\n"
        "Welcome to the Case Manager Portal. Please confirm that this is your e-mail address by opening this link "
        f"within {CONFIRM_LINK_DAYS} days:\n\n{link}\n\n"
        "The portal writes to this address about your applications, your credentials and your password. "
        "If you did not make an account, ignore this e-mail.\n"
    )
    return "Confirm your e-mail address", body
