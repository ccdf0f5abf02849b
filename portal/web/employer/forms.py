from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError


class InviteRecruiterForm(FlaskForm):
    email = EmailField("Recruiter's e-mail", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Create invitation")


class ReportPeriodForm(FlaskForm):
    """The days whose applications the reports count (GET, so no CSRF token: it changes nothing)."""

    class Meta:
        csrf = False

    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end of the period comes before its start.")
