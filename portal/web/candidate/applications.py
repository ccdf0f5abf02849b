"""The job seeker's applications: apply to a job, follow each application's history, withdraw."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from ... import clock
from ...errors import InvalidInput, NotAllowed
from ...extensions import db
from ...models import Job, Role
from ...services import applications as service
from ..navigation import register_nav_link
from ..security import role_required
from .routes import bp

register_nav_link(Role.CANDIDATE, "candidate.applications", "My applications")


class ApplyForm(FlaskForm):
    resume = SelectField("Resume to send", coerce=int, validators=[DataRequired(message="Choose a resume.")])
    note = TextAreaField(
        "Note to the employer (optional)",
        validators=[Length(max=service.NOTE_MAX_LENGTH)],
        description="A few lines on why this job suits you, or when you could start.",
    )
    submit = SubmitField("Send application")


class WithdrawForm(FlaskForm):
    submit = SubmitField("Withdraw application")


def sentence(exc: Exception) -> str:
    """A domain error's message as a sentence for a page (without the field prefix)."""
    message = Exception.__str__(exc).strip()
    return message[:1].upper() + message[1:].rstrip(".") + "."


def _job_or_404(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    # Drafts are invisible to job seekers: a draft answers like a job that does not exist.
    if job is None or job.status.value == "draft":
        abort(404)
    return job


@bp.route("/applications/apply/<int:job_id>", methods=["GET", "POST"])
@role_required(Role.CANDIDATE)
def apply(job_id: int) -> str | tuple[str, int] | Response:
    job = _job_or_404(job_id)
    candidate = service.candidate_for_user(current_user)
    existing = service.application_of(candidate, job)
    form = ApplyForm()
    form.resume.choices = [
        SelectChoice(r.id, f"{r.original_filename} (uploaded {clock.local(r.uploaded_at):%d %b %Y})")
        for r in reversed(candidate.resumes)
    ]
    if candidate.primary_resume is not None and form.resume.data is None:
        form.resume.data = candidate.primary_resume.id
    status = 200
    if form.validate_on_submit():
        resume = next((r for r in candidate.resumes if r.id == form.resume.data), None)
        try:
            application = service.apply(candidate, job, resume=resume, note=form.note.data or "", actor=current_user)
        except (InvalidInput, NotAllowed) as exc:
            db.session.rollback()
            field = getattr(exc, "field", None)
            if field in ("resume", "note"):
                form[field].errors = [*form[field].errors, sentence(exc)]
            else:
                flash(sentence(exc), "danger")
            status = 422
        else:
            db.session.commit()
            flash(f"Your application for {job.title} is sent. You will hear by e-mail when it moves.", "success")
            return redirect(url_for("candidate.application", application_id=application.id))
    elif form.is_submitted():
        status = 422
    else:
        db.session.commit()  # keeps the Candidate record made on first use
    return render_template(
        "candidate/applications_apply.html", job=job, form=form, existing=existing, candidate=candidate
    ), status


@bp.route("/applications")
@role_required(Role.CANDIDATE)
def applications() -> str:
    candidate = service.candidate_for_user(current_user)
    db.session.commit()
    return render_template(
        "candidate/applications.html",
        applications=service.applications_for_candidate(candidate),
        label=service.status_label,
    )


@bp.route("/applications/<int:application_id>")
@role_required(Role.CANDIDATE)
def application(application_id: int) -> str:
    candidate = service.candidate_for_user(current_user)
    found = service.get_application_for_candidate(application_id, candidate)
    if found is None:
        abort(404)
    return render_template(
        "candidate/applications_detail.html",
        application=found,
        label=service.status_label,
        can_withdraw="withdrawn" in service.allowed_transitions(found.status),
        withdraw_form=WithdrawForm(),
    )


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@role_required(Role.CANDIDATE)
def withdraw(application_id: int) -> Response:
    candidate = service.candidate_for_user(current_user)
    found = service.get_application_for_candidate(application_id, candidate)
    if found is None:
        abort(404)
    if not WithdrawForm().validate_on_submit():
        abort(400)
    try:
        service.withdraw(found, actor=current_user)
    except NotAllowed as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash("Your application is withdrawn.", "success")
    return redirect(url_for("candidate.application", application_id=application_id))
