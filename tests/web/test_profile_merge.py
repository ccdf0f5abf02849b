"""One credential read twice from a resume (a bare mention and a detailed one) is one row on the profile."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Candidate, Role
from portal.services import candidates as profile

RESUME = b"""Maria Lopez
maria.lopez@example.org

SUMMARY
Registered nurse with six years of hospital case management and utilization review.

LICENSES
Registered Nurse (RN), Ohio, License No. RN.458812, expires 10/31/2027
Registered Nurse (RN), Kentucky, License No. 1100234, expires 04/30/2027

EXPERIENCE
Case Manager, Mercy Hospital, Columbus OH  Jan 2020 - Present
"""


def test_bare_mention_is_folded_into_the_detailed_ones(app, make_user) -> None:
    user = make_user(Role.CANDIDATE)
    candidate = db.session.scalar(sa.select(Candidate).where(Candidate.user_id == user.id))
    profile.add_resume(candidate, RESUME, "maria.txt", as_of=date(2026, 11, 1))
    db.session.commit()
    rows = [(c.code, c.status, tuple(c.states)) for c in candidate.credentials]
    assert sorted(rows) == [("RN", "held", ("KY",)), ("RN", "held", ("OH",))]
