"""Job postings."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from .accounts import Organization, User
from .base import utcnow


class JobStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    status: Mapped[JobStatus] = mapped_column(
        sa.Enum(JobStatus, native_enum=False, length=20, values_callable=lambda e: [s.value for s in e]),
        default=JobStatus.DRAFT,
        index=True,
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    template: Mapped[str] = mapped_column(sa.String(50))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    duties: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    qualifications: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Each group is met by any one of its codes; every group is required: [["RN", "LCSW"], ["CCM", "ACM"]].
    required_credentials: Mapped[list[list[str]]] = mapped_column(sa.JSON, default=list)
    preferred_credentials: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    min_experience_months: Mapped[int] = mapped_column(default=0)
    degree: Mapped[str | None] = mapped_column(sa.String(20))
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    region: Mapped[str] = mapped_column(sa.String(100), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="US")
    remote: Mapped[bool] = mapped_column(default=False)
    employment_type: Mapped[str] = mapped_column(sa.String(20), default="FULL_TIME")
    salary_currency: Mapped[str] = mapped_column(sa.String(3), default="USD")
    salary_min: Mapped[float | None] = mapped_column()
    salary_max: Mapped[float | None] = mapped_column()
    salary_unit: Mapped[str] = mapped_column(sa.String(10), default="YEAR")
    valid_through: Mapped[date | None] = mapped_column()
    # Where the work happens (keys of portal.jobs.WORK_SETTINGS: hospitals, insurance_firms, ...): the board's filter.
    work_settings: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()

    organization: Mapped[Organization] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        """Published and not past its closing date."""
        if self.status != JobStatus.PUBLISHED:
            return False
        return self.valid_through is None or self.valid_through >= clock.today()
