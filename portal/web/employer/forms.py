from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SubmitField
from wtforms.validators import DataRequired, Email, Length


class InviteRecruiterForm(FlaskForm):
    email = EmailField("Recruiter's e-mail", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Create invitation")
