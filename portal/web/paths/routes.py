"""The certification-path checker: a short form for visitors, the profile for signed-in candidates."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectChoice, SelectMultipleField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ... import clock
from ...errors import CatalogError, InvalidInput
from ...extensions import db
from ...models import Candidate, Role
from ...paths import PathProfile, check_paths, load_rules, normalize_profile
from ..navigation import register_nav_link

bp = Blueprint("paths", __name__, url_prefix="/certification-path")

register_nav_link(None, "paths.index", "Certification path")
register_nav_link(Role.CANDIDATE, "paths.index", "Certification path")

MONTHS_MESSAGE = "Give a whole number of months, 0 or more."


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes; unknown values are reported by the path check in its own words."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PathForm(FlaskForm):
    degrees = CheckboxesField("Degrees you hold", validate_choice=False)
    credentials = CheckboxesField("Licenses and certifications you hold", validate_choice=False)
    months = IntegerField(
        "Months of case management experience",
        default=0,
        validators=[InputRequired(message=MONTHS_MESSAGE), NumberRange(min=0, max=1200, message=MONTHS_MESSAGE)],
        description="Full-time months. For social work licenses: supervised months after the degree.",
    )
    supervised_by_ccm = BooleanField("My case management work is supervised by a Certified Case Manager (CCM)")
    supervisor_months = IntegerField(
        "Months supervising case managers",
        default=0,
        validators=[Optional(), NumberRange(min=0, max=1200, message=MONTHS_MESSAGE)],
    )
    submit = SubmitField("Check my paths")


def _form() -> PathForm:
    rules = load_rules()
    form = PathForm(request.args, meta={"csrf": False})
    form.degrees.choices = [SelectChoice(code, f"{code}: {name}") for code, name in rules.degrees.items()]
    form.credentials.choices = [SelectChoice(code, f"{code}: {name}") for code, name in rules.credentials.items()]
    return form


def profile_for_paths(candidate: Candidate) -> PathProfile:
    """What the candidate's profile says: held credentials, degrees and experience; codes the rules do not know are
    left out (the checker cannot use them), so a profile never makes the page fail."""
    rules = load_rules()

    def known(codes: set[str], field: str) -> frozenset[str]:
        kept = set()
        for code in codes:
            try:
                normalize_profile(PathProfile(**{field: frozenset({code})}), rules)
            except InvalidInput:
                continue
            kept.add(code)
        return frozenset(kept)

    held = {c.code for c in candidate.credentials if c.status == "held"}
    return PathProfile(
        degrees=known({d.code for d in candidate.degrees}, "degrees"),
        credentials=known(held, "credentials"),
        months=max(0, candidate.experience_months or 0),
    )


def _signed_in_candidate() -> Candidate | None:
    if not current_user.is_authenticated or current_user.role != Role.CANDIDATE:
        return None
    return db.session.scalar(sa.select(Candidate).where(Candidate.user_id == current_user.id))


@bp.route("/")
def index() -> tuple[str, int]:
    form = _form()
    candidate = _signed_in_candidate()
    submitted = "months" in request.args
    profile: PathProfile | None = None
    prefilled = False
    if submitted:
        if form.validate():
            profile = PathProfile(
                degrees=frozenset(form.degrees.data or ()),
                credentials=frozenset(form.credentials.data or ()),
                months=form.months.data or 0,
                supervised_by_ccm=bool(form.supervised_by_ccm.data),
                supervisor_months=form.supervisor_months.data or 0,
            )
    elif candidate is not None:
        profile = profile_for_paths(candidate)
        prefilled = True
        form.degrees.data = sorted(profile.degrees)
        form.credentials.data = sorted(profile.credentials)
        form.months.data = profile.months

    results = None
    status = 422 if submitted and profile is None else 200
    today = clock.today()
    if profile is not None:
        try:
            results = check_paths(profile, as_of=today)
        except InvalidInput as exc:
            target = getattr(form, exc.field or "", None)
            message = Exception.__str__(exc)
            message = message[:1].upper() + message[1:] + "."
            (target if target is not None else form.months).errors = [message]
            status = 422
        except CatalogError:
            # The rule file is broken: a maintainer's problem, shown plainly instead of a stack trace.
            status = 503
    return render_template(
        "paths/index.html",
        form=form,
        results=results,
        prefilled=prefilled,
        today=today,
        rules_broken=status == 503,
    ), status
