"""Forms of the job seeker's profile pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ...catalog import load_catalog
from ...extraction import STATUSES

STATUS_LABELS = {"held": "Held (current)", "expired": "Expired", "in_progress": "In progress (studying or applied)"}


def credential_choices() -> list[SelectChoice]:
    """Licenses and certifications of the catalog, as select options."""
    catalog = load_catalog()
    return [
        SelectChoice(entry.code, f"{entry.code}: {entry.name}")
        for entry in catalog.entries
        if entry.kind in ("license", "certification")
    ]


class PlainDateField(DateField):
    """A date field whose error says what to type."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(f"{valuelist[0]!r} is not a date; use YYYY-MM-DD, for example 2027-03-31.") from None


class ResumeUploadForm(FlaskForm):
    resume = FileField("Resume file (PDF, DOCX or plain text)", validators=[FileRequired("Choose a file to upload.")])
    make_primary = BooleanField("Use this as my primary resume", default=True)
    submit = SubmitField("Upload")


class CredentialForm(FlaskForm):
    code = SelectField("Credential", validators=[DataRequired()])
    status = SelectField(
        "Status", choices=[SelectChoice(s, STATUS_LABELS[s]) for s in STATUSES], validators=[DataRequired()]
    )
    states = StringField(
        "States",
        validators=[Optional(), Length(max=200)],
        description="Two-letter codes separated by commas, e.g. NY, NJ.",
    )
    number = StringField("License or certificate number", validators=[Optional(), Length(max=60)])
    expires = PlainDateField(
        "Expiry date",
        validators=[Optional()],
        description="Leave empty if it does not expire or you do not know.",
        render_kw={"placeholder": "YYYY-MM-DD"},
    )
    submit = SubmitField("Save")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.code.choices = credential_choices()

    def validate_expires(self, field: DateField) -> None:
        """Reject years nobody's license expires in (typos such as 0202)."""
        if field.data is not None and not 1950 <= field.data.year <= 2200:
            raise ValidationError("Give a real expiry date (YYYY-MM-DD).")


class DiscoverableForm(FlaskForm):
    discoverable = BooleanField("Let employers searching the portal find my profile")
    submit = SubmitField("Save")


class ImportForm(FlaskForm):
    file = FileField("JSON Resume file")
    text = TextAreaField("…or paste the JSON", validators=[Optional(), Length(max=1_000_000)], render_kw={"rows": 6})
    submit = SubmitField("Import")


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired("Type your password to confirm.")])
    submit = SubmitField("Delete my account and everything in it")


class ActionForm(FlaskForm):
    """A button that changes something: nothing but the CSRF token."""
