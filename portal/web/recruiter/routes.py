"""The recruiter's side: ranked candidates for each job, screening, shortlist, notes, resumes and the pipeline."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from ... import pipeline
from ...errors import DocumentError, IndexBusy, InvalidInput, NotAllowed
from ...extensions import db
from ...models import Candidate, Job, Role
from ...services import applications as applications_service
from ...services import candidates as candidates_service
from ...services import matching
from ..navigation import register_nav_link
from ..security import role_required, staff_org_id
from .forms import BlindForm, MoveForm, NoteForm, PipelineForm, PoolFilterForm, ShortlistForm

bp = Blueprint("recruiter", __name__, url_prefix="/screening")

STAFF = (Role.EMPLOYER, Role.RECRUITER)
PER_PAGE = 20
BLIND_SESSION_KEY = "blind_screening_jobs"

register_nav_link(Role.EMPLOYER, "recruiter.jobs", "Screening")
register_nav_link(Role.RECRUITER, "recruiter.jobs", "Screening")


def _job_for_staff(job_id: int) -> Job:
    """The job when it belongs to the logged-in staff member's organisation; 404 for anyone else's."""
    job = db.session.get(Job, job_id)
    if job is None or job.organization_id != staff_org_id():
        abort(404)
    return job


def _candidate_for_job(job: Job, candidate_id: int) -> Candidate:
    """The candidate when they are in the job's pool; 404 otherwise (someone else's sourced candidate included)."""
    candidate = matching.candidate_in_pool(job, candidate_id)
    if candidate is None:
        abort(404)
    return candidate


def _blind(job: Job) -> bool:
    return job.id in session.get(BLIND_SESSION_KEY, [])


def _hidden(job: Job, candidate: Candidate) -> bool:
    """In blind mode, who the candidate is stays hidden until they are shortlisted."""
    return _blind(job) and not matching.is_shortlisted(job, candidate)


def _move_form(application: Any) -> MoveForm | None:
    if application is None:
        return None
    form = MoveForm(prefix="move")
    form.to_status.choices = [
        SelectChoice(status, pipeline.LABELS[status])
        for status in applications_service.allowed_transitions(application.status)
    ]
    return form if form.to_status.choices else None


@bp.route("/")
@role_required(*STAFF)
def jobs() -> str:
    return render_template("recruiter/jobs.html", jobs=matching.org_jobs(staff_org_id()))


@bp.route("/jobs/<int:job_id>")
@role_required(*STAFF)
def job(job_id: int) -> str | tuple[str, int]:
    job = _job_for_staff(job_id)
    form = PoolFilterForm(request.args)
    chosen = form.filter.data if form.validate() else "all"
    page_number = request.args.get("page", 1, type=int) or 1
    try:
        page = matching.screening_page(job, page=page_number, per_page=PER_PAGE, filter=chosen)
    except IndexBusy as exc:
        flash(str(exc), "warning")
        return render_template("recruiter/job.html", job=job, form=form, page=None, blind=_blind(job)), 503
    blind_form = BlindForm(blind=_blind(job))
    return render_template(
        "recruiter/job.html",
        job=job,
        form=form,
        filter=chosen,
        page=page,
        blind=_blind(job),
        blind_form=blind_form,
        shortlist_form=ShortlistForm(),
        label=pipeline.LABELS,
    )


@bp.route("/jobs/<int:job_id>/blind", methods=["POST"])
@role_required(*STAFF)
def set_blind(job_id: int) -> Response:
    job = _job_for_staff(job_id)
    form = BlindForm()
    if form.validate_on_submit():
        chosen = set(session.get(BLIND_SESSION_KEY, []))
        chosen = chosen | {job.id} if form.blind.data else chosen - {job.id}
        session[BLIND_SESSION_KEY] = sorted(chosen)
        flash("Blind screening is on for this job." if form.blind.data else "Blind screening is off.", "info")
    return redirect(url_for(".job", job_id=job.id))


@bp.route("/jobs/<int:job_id>/candidates/<int:candidate_id>")
@role_required(*STAFF)
def candidate(job_id: int, candidate_id: int) -> str:
    job = _job_for_staff(job_id)
    person = _candidate_for_job(job, candidate_id)
    return _render_candidate(job, person)


def _render_candidate(
    job: Job, person: Candidate, *, note_form: NoteForm | None = None, move_form: MoveForm | None = None
) -> str:
    application = applications_service.application_of(person, job)
    return render_template(
        "recruiter/candidate.html",
        job=job,
        person=person,
        hidden=_hidden(job, person),
        blind=_blind(job),
        explanation=matching.explanation_for(job, person),
        shortlisted=matching.is_shortlisted(job, person),
        shortlist_form=ShortlistForm(),
        notes=matching.notes_for(job, person),
        note_form=note_form or NoteForm(formdata=None),
        application=application,
        move_form=move_form or _move_form(application),
        pipeline_form=PipelineForm() if application is None else None,
        label=pipeline.LABELS,
    )


@bp.route("/jobs/<int:job_id>/candidates/<int:candidate_id>/shortlist", methods=["POST"])
@role_required(*STAFF)
def shortlist(job_id: int, candidate_id: int) -> Response:
    job = _job_for_staff(job_id)
    person = _candidate_for_job(job, candidate_id)
    if ShortlistForm().validate_on_submit():
        if request.form.get("remove"):
            matching.remove_from_shortlist(job, person)
            flash("Removed from the shortlist.", "info")
        else:
            matching.add_to_shortlist(job, person, actor=current_user)
            flash("Shortlisted.", "success")
        db.session.commit()
    back = request.form.get("back")
    if back == "list":
        return redirect(url_for(".job", job_id=job.id))
    return redirect(url_for(".candidate", job_id=job.id, candidate_id=person.id))


@bp.route("/jobs/<int:job_id>/candidates/<int:candidate_id>/notes", methods=["POST"])
@role_required(*STAFF)
def add_note(job_id: int, candidate_id: int) -> Response | tuple[str, int]:
    job = _job_for_staff(job_id)
    person = _candidate_for_job(job, candidate_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            matching.add_note(job, person, form.text.data or "", actor=current_user)
        except InvalidInput as exc:
            db.session.rollback()
            form.text.errors = [*form.text.errors, Exception.__str__(exc)]
        else:
            db.session.commit()
            flash("Note added.", "success")
            return redirect(url_for(".candidate", job_id=job.id, candidate_id=person.id))
    return _render_candidate(job, person, note_form=form), 422


@bp.route("/jobs/<int:job_id>/candidates/<int:candidate_id>/pipeline", methods=["POST"])
@role_required(*STAFF)
def add_to_pipeline(job_id: int, candidate_id: int) -> Response:
    """Put a sourced or discoverable person of the pool into the job's pipeline (no e-mail is sent to them)."""
    job = _job_for_staff(job_id)
    person = _candidate_for_job(job, candidate_id)
    if PipelineForm().validate_on_submit():
        try:
            applications_service.add_to_pipeline(person, job, actor=current_user)
        except (InvalidInput, NotAllowed) as exc:
            db.session.rollback()
            flash(Exception.__str__(exc).capitalize() + ".", "warning")
        else:
            db.session.commit()
            flash("Added to this job's pipeline as Applied.", "success")
    return redirect(url_for(".candidate", job_id=job.id, candidate_id=person.id))


@bp.route("/jobs/<int:job_id>/candidates/<int:candidate_id>/move", methods=["POST"])
@role_required(*STAFF)
def move(job_id: int, candidate_id: int) -> Response | tuple[str, int]:
    job = _job_for_staff(job_id)
    person = _candidate_for_job(job, candidate_id)
    application = applications_service.application_of(person, job)
    if application is None:
        abort(404)
    form = _move_form(application)
    if form is None:
        flash("This application is final and cannot move any more.", "warning")
        return redirect(url_for(".candidate", job_id=job.id, candidate_id=person.id))
    if form.validate_on_submit():
        try:
            applications_service.transition(
                application, form.to_status.data or "", actor=current_user, reason=form.reason.data or None
            )
        except (InvalidInput, NotAllowed) as exc:
            db.session.rollback()
            field = form.reason if isinstance(exc, InvalidInput) and exc.field == "reason" else form.to_status
            field.errors = [*field.errors, Exception.__str__(exc)]
        else:
            db.session.commit()
            flash(f"Moved to {pipeline.LABELS[application.status]}.", "success")
            return redirect(url_for(".candidate", job_id=job.id, candidate_id=person.id))
    return _render_candidate(job, person, move_form=form), 422


def _resume_for_staff(job_id: int, candidate_id: int) -> tuple[Job, Candidate, Any]:
    job = _job_for_staff(job_id)
    person = _candidate_for_job(job, candidate_id)
    resume = person.primary_resume
    if resume is None or _hidden(job, person):
        # In blind mode the resume would reveal the name; it opens once the candidate is shortlisted.
        abort(404)
    return job, person, resume


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/jobs/<int:job_id>/candidates/<int:candidate_id>/resume")
@role_required(*STAFF)
def resume_view(job_id: int, candidate_id: int) -> Response:
    job, person, resume = _resume_for_staff(job_id, candidate_id)
    candidates_service.record_resume_access(resume, current_user, "view")
    db.session.commit()
    html = render_template("recruiter/resume.html", job=job, person=person, resume=resume)
    return _no_store(Response(html, mimetype="text/html"))


@bp.route("/jobs/<int:job_id>/candidates/<int:candidate_id>/resume/download")
@role_required(*STAFF)
def resume_download(job_id: int, candidate_id: int) -> Response:
    _job, _person, resume = _resume_for_staff(job_id, candidate_id)
    try:
        data = candidates_service.read_resume_file(resume)
    except DocumentError as exc:
        abort(404, description=str(exc))
    candidates_service.record_resume_access(resume, current_user, "download")
    db.session.commit()
    mimetype = candidates_service.MIME_TYPES.get(resume.kind, "application/octet-stream")
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=resume.original_filename)
    return _no_store(response)
