"""The administrator's forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SearchField, SelectChoice, SelectField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from ...models import Role

ROLE_LABELS = {
    Role.CANDIDATE: "Job seeker",
    Role.EMPLOYER: "Employer administrator",
    Role.RECRUITER: "Recruiter",
    Role.ADMIN: "Site administrator",
}


class UserFilterForm(FlaskForm):
    """Search of the account list (GET, so no CSRF token: it changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField("E-mail or name", validators=[Optional(), Length(max=254)])
    role = SelectField(
        "Role",
        choices=[SelectChoice("", "Any"), *(SelectChoice(r.value, label) for r, label in ROLE_LABELS.items())],
        validators=[Optional()],
    )
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=100_000)])


class ActiveForm(FlaskForm):
    """Suspend (active=0) or restore (active=1) an account."""

    active = HiddenField(validators=[DataRequired(), AnyOf(["0", "1"])])
