"""Organisations, users and recruiter invitations."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..passwords import hash_password, verify_password
from .base import utcnow


class Role(enum.StrEnum):
    """What a user is: it decides which pages they may open."""

    ADMIN = "admin"  # site administrator
    EMPLOYER = "employer"  # employer administrator: owns the organisation, its jobs and its recruiters
    RECRUITER = "recruiter"  # works the organisation's jobs and candidates
    CANDIDATE = "candidate"  # job seeker


class Organization(db.Model):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    website: Mapped[str | None] = mapped_column(sa.String(300))
    # How long sourced candidates are kept (days); None keeps them until deleted by hand.
    retention_days: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[User]] = relationship(back_populates="organization")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(
        sa.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [r.value for r in e])
    )
    organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the person proved the address is theirs (a link sent to it); None until then.
    email_confirmed_at: Mapped[datetime | None] = mapped_column()

    organization: Mapped[Organization | None] = relationship(back_populates="members")

    def set_password(self, password: str) -> None:
        """Store a salted Argon2id hash of ``password``; the password itself is never kept."""
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        """True when ``password`` matches the stored hash."""
        return verify_password(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    @property
    def is_staff(self) -> bool:
        """Employer admins and recruiters: the people who work an organisation's jobs."""
        return self.role in (Role.EMPLOYER, Role.RECRUITER)


class Invitation(db.Model):
    """An employer admin's invitation for a recruiter to join the organisation."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    accepted_at: Mapped[datetime | None] = mapped_column()

    organization: Mapped[Organization] = relationship()


class LoginSession(db.Model):
    """One signed-in browser. The session cookie carries a random token whose hash is kept here, so that logging
    out, or changing the password, ends the session on the server: a copied cookie stops working at once."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
