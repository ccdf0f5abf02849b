"""The job board's search form (GET, so no CSRF token: it changes nothing)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SearchField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from ...jobs import load_currencies

SORT_CHOICES = [
    SelectChoice("relevance", "Best match"),
    SelectChoice("newest", "Newest"),
    SelectChoice("salary", "Highest salary"),
]


class BoardForm(FlaskForm):
    """Keywords, filters, order and page of a job board search."""

    class Meta:
        csrf = False

    q = SearchField("Keywords", validators=[Optional(), Length(max=200)])
    location = StringField("Location", validators=[Optional(), Length(max=200)])
    credential = StringField("Credential", validators=[Optional(), Length(max=20)])
    setting = StringField("Work setting", validators=[Optional(), Length(max=50)])
    employment_type = StringField("Employment type", validators=[Optional(), Length(max=20)])
    remote = SelectField(
        "Remote",
        choices=[SelectChoice("", "Any"), SelectChoice("yes", "Remote only"), SelectChoice("no", "On site only")],
        validators=[Optional()],
    )
    min_salary = IntegerField(
        "Minimum yearly salary",
        validators=[Optional(), NumberRange(min=0, max=100_000_000, message="Give a yearly amount, e.g. 60000.")],
    )
    currency = SelectField("Currency", validators=[Optional()])
    sort = SelectField("Sort by", choices=SORT_CHOICES, validators=[Optional()])
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=10_000)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.currency.choices = [SelectChoice(code, code) for code in load_currencies()]
