"""Staff's applicants list per job, with a form to move each application along the pipeline."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ... import pipeline
from ...errors import InvalidInput, NotAllowed
from ...extensions import db
from ...models import Application, Job, Role
from ...services import applications as service
from ..security import role_required, staff_org_id
from .routes import bp


class MoveForm(FlaskForm):
    to_status = SelectField("Move to", validators=[DataRequired(message="Choose the new status.")])
    reason = StringField(
        "Reason (required to reject; not shown to the candidate)", validators=[Length(max=pipeline.REASON_MAX_LENGTH)]
    )
    submit = SubmitField("Move")


def move_form(application: Application) -> MoveForm:
    """A move form offering only the moves the pipeline allows from the application's status."""
    form = MoveForm(prefix=f"a{application.id}")
    form.to_status.choices = [
        SelectChoice(status, pipeline.LABELS[status]) for status in service.allowed_transitions(application.status)
    ]
    return form


def _job_for_staff(job_id: int) -> Job:
    job = service.get_job_for_org(job_id, staff_org_id())
    if job is None:
        abort(404)
    return job


@bp.route("/jobs/<int:job_id>/applicants")
@role_required(Role.EMPLOYER, Role.RECRUITER)
def applicants(job_id: int) -> str:
    return _render_applicants(_job_for_staff(job_id))


def _render_applicants(job: Job) -> str:
    rows = service.applications_for_job(job)
    return render_template(
        "employer/applicants.html",
        job=job,
        rows=[(a, move_form(a)) for a in rows],
        label=service.status_label,
    )


@bp.route("/applications/<int:application_id>/move", methods=["POST"])
@role_required(Role.EMPLOYER, Role.RECRUITER)
def move_application(application_id: int) -> Response | tuple[str, int]:
    application = service.get_application_for_org(application_id, staff_org_id())
    if application is None:
        abort(404)
    form = MoveForm(prefix=f"a{application.id}")
    # Any status is accepted by the form; the pipeline itself decides, so a refused move gets its explanation.
    form.to_status.choices = [SelectChoice(status, pipeline.LABELS[status]) for status in pipeline.STATUSES]
    if not form.validate_on_submit():
        flash("Choose a status from the list (and keep the reason under 300 characters).", "danger")
        return _render_applicants(application.job), 422
    name = application.candidate.name or application.candidate.email or "the applicant"
    try:
        service.transition(application, form.to_status.data, actor=current_user, reason=form.reason.data)
    except (InvalidInput, NotAllowed) as exc:
        db.session.rollback()
        message = Exception.__str__(exc)
        flash(f"{name} was not moved: {message[:1].lower() + message[1:].rstrip('.')}.", "danger")
        return _render_applicants(application.job), 422
    db.session.commit()
    flash(f"{name} moved to {pipeline.LABELS[application.status]}.", "success")
    return redirect(url_for("employer.applicants", job_id=application.job_id))
