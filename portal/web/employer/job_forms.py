"""The job builder's form: every list is a textarea with one entry per line, so keeping, dropping, reordering and
editing entries needs no script. ``to_job_data`` turns it into the JSON import shape the job services validate."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FloatField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ... import clock
from ...jobs import (
    EMPLOYMENT_TYPES,
    SALARY_UNITS,
    WORK_SETTINGS,
    JobSpec,
    SalaryRange,
    load_currencies,
    load_degrees,
    load_templates,
)
from ...services.jobs import canonical_credential

EMPLOYMENT_LABELS = {"FULL_TIME": "Full time", "PART_TIME": "Part time", "CONTRACT": "Contract"}
UNIT_LABELS = {"YEAR": "per year", "MONTH": "per month", "HOUR": "per hour"}

_GROUP_SPLIT = re.compile(r"[;\n]+")
_CODE_SPLIT = re.compile(r"\s+or\s+|\s*[,/|]\s*", re.IGNORECASE)

# Where each field named by portal.jobs' validation is shown in this form.
_FORM_FIELD = {
    "location": "city",
    "location.city": "city",
    "location.region": "region",
    "location.country": "country",
    "salary": "salary_min",
    "salary.min": "salary_min",
    "salary.max": "salary_max",
    "salary.currency": "salary_currency",
    "salary.unit": "salary_unit",
}
_LIST_ITEM = re.compile(r"^(duties|qualifications|skills|preferred_credentials|work_settings)\[(\d+)\]")


def lines(text: str | None) -> list[str]:
    """One entry per non-blank line, in the order written."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_credential_groups(text: str | None) -> list[list[str]]:
    """'RN or LCSW; CCM or ACM' -> [['RN', 'LCSW'], ['CCM', 'ACM']] (codes as typed; checked separately)."""
    groups = []
    for chunk in _GROUP_SPLIT.split(text or ""):
        codes = [code.strip() for code in _CODE_SPLIT.split(chunk) if code.strip()]
        if codes:
            groups.append(codes)
    return groups


def parse_credential_list(text: str | None) -> list[str]:
    """'CCM, ACM', 'CCM ACM' or 'CCM or ACM' -> ['CCM', 'ACM']."""
    # Employers write preferences the way they write requirements ("CCM or ACM"): the joining words are not codes.
    return [code for code in re.split(r"[\s,;/]+", text or "") if code and code.lower() not in ("or", "and")]


def _canonical_or_unknown(codes: list[str]) -> tuple[list[str], list[str]]:
    known, unknown = [], []
    for code in codes:
        canonical = canonical_credential(code)
        if canonical is None:
            unknown.append(code)
        else:
            known.append(canonical)
    return known, unknown


def _unknown_message(unknown: list[str]) -> str:
    plural = "codes" if len(unknown) > 1 else "code"
    return (
        f"Unknown credential {plural}: {', '.join(unknown)}. Use codes from the list below this form, "
        "such as RN, LCSW or CCM."
    )


class KnownCredentialGroups:
    """Every code in 'RN or LCSW; CCM or ACM' must be in the credential catalog; the message names each unknown one."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        codes = [code for group in parse_credential_groups(field.data) for code in group]
        _known, unknown = _canonical_or_unknown(codes)
        if unknown:
            raise ValidationError(_unknown_message(unknown))


class KnownCredentials:
    """Every code in a comma-separated list must be in the credential catalog."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        _known, unknown = _canonical_or_unknown(parse_credential_list(field.data))
        if unknown:
            raise ValidationError(_unknown_message(unknown))


class NotInPast:
    """A closing date must be today or later."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data is not None and field.data < clock.today():
            raise ValidationError(
                f"The closing date {field.data:%d %B %Y} is in the past. Choose today or a later date, "
                "or leave it empty to keep the job open until you close it."
            )


def _choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class JobForm(FlaskForm):
    """Everything an employer states about a job."""

    template = SelectField("Template", validators=[DataRequired()])
    title = StringField("Job title", validators=[DataRequired(message="Give the job a title."), Length(max=150)])
    description = TextAreaField(
        "Description",
        validators=[DataRequired(message="Describe the job.")],
        description="Plain text, or simple HTML (paragraphs, lists, bold, links). Anything else is removed.",
        render_kw={"rows": 6},
    )
    duties = TextAreaField(
        "Duties",
        description="One duty per line, in the order you want them shown. Delete a line to drop a duty.",
        render_kw={"rows": 10},
    )
    qualifications = TextAreaField("Qualifications", description="One per line.", render_kw={"rows": 5})
    skills = TextAreaField("Skills", description="One per line.", render_kw={"rows": 5})
    required_credentials = StringField(
        "Required credentials",
        validators=[KnownCredentialGroups()],
        description=(
            "Separate groups with ';' and alternatives with 'or'. Every group is required and each group is met by "
            "any one of its credentials, e.g. 'RN or LCSW; CCM or ACM'. Leave empty if none is required."
        ),
    )
    preferred_credentials = StringField(
        "Preferred credentials",
        validators=[KnownCredentials()],
        description="Codes separated by commas, e.g. 'CCM, ACM'.",
    )
    min_experience_months = IntegerField(
        "Minimum experience (months)",
        default=0,
        validators=[
            InputRequired(message="Give the minimum experience in months (0 for none)."),
            NumberRange(min=0, max=600, message="Give a number of months from 0 to 600 (50 years)."),
        ],
    )
    degree = SelectField("Degree required")
    work_settings = SelectMultipleField(
        "Work settings",
        choices=_choices(list(WORK_SETTINGS.items())),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        description="Where the work happens; job seekers filter the board by these.",
    )
    salary_currency = SelectField("Currency")
    salary_min = FloatField("Salary from", validators=[Optional()])
    salary_max = FloatField("Salary to", validators=[Optional()])
    salary_unit = SelectField("Paid", choices=_choices([(u, UNIT_LABELS[u]) for u in SALARY_UNITS]))
    city = StringField("City", validators=[Length(max=100)])
    region = StringField("State or region", validators=[Length(max=100)])
    country = StringField(
        "Country code", default="US", validators=[Length(max=2)], description="Two letters, e.g. US or NG."
    )
    remote = BooleanField("Remote job (work from home)")
    employment_type = SelectField(
        "Employment type", choices=_choices([(t, EMPLOYMENT_LABELS[t]) for t in EMPLOYMENT_TYPES])
    )
    valid_through = DateField("Closing date", validators=[Optional(), NotInPast()])  # description: see __init__
    submit = SubmitField("Save draft")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.valid_through.description = (
            f"Optional. The job takes applications until the end of this day, {clock.zone_name()} time, "
            "then leaves the board."
        )
        self.template.choices = _choices([(t.key, t.title) for t in load_templates().values()])
        self.degree.choices = _choices([("", "No degree required")] + [(c, d.name) for c, d in load_degrees().items()])
        self.salary_currency.choices = _choices([(c, c) for c in load_currencies()])

    def fill_from(self, spec: JobSpec) -> None:
        """Show a spec in the form (a template's defaults or a saved job)."""
        self.template.data = spec.template
        self.title.data = spec.title
        self.description.data = spec.description
        self.duties.data = "\n".join(spec.duties)
        self.qualifications.data = "\n".join(spec.qualifications)
        self.skills.data = "\n".join(spec.skills)
        self.required_credentials.data = "; ".join(" or ".join(group) for group in spec.required_credentials)
        self.preferred_credentials.data = ", ".join(spec.preferred_credentials)
        self.min_experience_months.data = spec.min_experience_months
        self.degree.data = spec.degree or ""
        self.work_settings.data = list(spec.work_settings)
        if spec.salary is not None:
            self.salary_currency.data = spec.salary.currency
            self.salary_min.data = spec.salary.min
            self.salary_max.data = spec.salary.max
            self.salary_unit.data = spec.salary.unit
        self.city.data = spec.location.city
        self.region.data = spec.location.region
        self.country.data = spec.location.country
        self.remote.data = spec.remote
        self.employment_type.data = spec.employment_type
        self.valid_through.data = spec.valid_through

    def salary_range(self) -> SalaryRange | None:
        """The salary as typed, for the benchmark guidance, or None until both amounts are numbers."""
        low, high = self.salary_min.data, self.salary_max.data
        if not isinstance(low, int | float) or not isinstance(high, int | float):
            return None
        if self.template.data not in load_templates():
            return None
        return SalaryRange(
            currency=self.salary_currency.data or "", min=low, max=high, unit=self.salary_unit.data or ""
        )

    def to_job_data(self) -> dict[str, Any]:
        """The form's contents in the JSON import shape (validated by the job services)."""
        required = [
            _canonical_or_unknown(group)[0] for group in parse_credential_groups(self.required_credentials.data)
        ]
        preferred = _canonical_or_unknown(parse_credential_list(self.preferred_credentials.data))[0]
        return {
            "title": self.title.data or "",
            "template": self.template.data,
            "required_credentials": [group for group in required if group],
            "preferred_credentials": preferred,
            "min_experience_months": self.min_experience_months.data,
            "degree": self.degree.data or None,
            "location": {
                "city": self.city.data or "",
                "region": self.region.data or "",
                "country": (self.country.data or "").strip().upper(),
            },
            "remote": bool(self.remote.data),
            "employment_type": self.employment_type.data,
            "salary": {
                "currency": self.salary_currency.data,
                "min": self.salary_min.data,
                "max": self.salary_max.data,
                "unit": self.salary_unit.data,
            },
            "description": self.description.data or "",
            "duties": lines(self.duties.data),
            "qualifications": lines(self.qualifications.data),
            "skills": lines(self.skills.data),
            "valid_through": self.valid_through.data.isoformat() if self.valid_through.data else None,
            "work_settings": list(self.work_settings.data or []),
        }

    def show_error(self, field: str | None, message: str) -> None:
        """Put a validation message from the job services under the form field it is about."""
        name = field or "title"
        item = _LIST_ITEM.match(name)
        if item and item.group(1) in ("duties", "qualifications", "skills"):
            message = f"Line {int(item.group(2)) + 1}: {message}"
        name = _FORM_FIELD.get(name) or (item.group(1) if item else re.split(r"[.\[]", name)[0])
        target = getattr(self, name, None)
        if not isinstance(target, Field):
            target = self.title
        target.errors = [*target.errors, message[:1].upper() + message[1:]]


class JobActionForm(FlaskForm):
    """A bare form for the publish, close and unpublish buttons (it carries the CSRF token)."""
