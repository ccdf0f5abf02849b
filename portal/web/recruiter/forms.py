"""Forms of the screening pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from ... import pipeline
from ...services.matching import MAX_NOTE_LENGTH

FILTER_CHOICES = [
    SelectChoice("all", "Everyone in the pool"),
    SelectChoice("near", "Meets all requirements, plus near misses (one missing)"),
    SelectChoice("meeting", "Meets all requirements"),
]


class PoolFilterForm(FlaskForm):
    """The GET form above the ranked list (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    filter = SelectField("Show", choices=FILTER_CHOICES, default="all")
    submit = SubmitField("Apply")


class BlindForm(FlaskForm):
    blind = BooleanField("Blind screening: hide names, contact details and resumes until shortlisted")
    submit = SubmitField("Save screening mode")


class ShortlistForm(FlaskForm):
    submit = SubmitField("Shortlist")


class NoteForm(FlaskForm):
    text = TextAreaField(
        "Note (seen by your organisation only)",
        validators=[DataRequired(message="Write something before saving the note."), Length(max=MAX_NOTE_LENGTH)],
    )
    submit = SubmitField("Add note")


class MoveForm(FlaskForm):
    to_status = SelectField("Move application to", validators=[DataRequired(message="Choose the new status.")])
    reason = StringField(
        "Reason (required to reject; not shown to the candidate)", validators=[Length(max=pipeline.REASON_MAX_LENGTH)]
    )
    submit = SubmitField("Move")


class PipelineForm(FlaskForm):
    """Add a person from the pool to the job's pipeline (the form carries only its CSRF token)."""
