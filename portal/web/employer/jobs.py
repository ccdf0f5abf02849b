"""The employer's job builder: choose a template, edit it, save drafts, preview, publish and close."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ...errors import IndexBusy, InvalidInput, NotAllowed
from ...extensions import db
from ...jobs import load_templates, spec_from_template
from ...models import Job, JobStatus, Organization, Role
from ...services import jobs as job_service
from ..navigation import register_nav_link
from ..security import role_required, staff_org_id
from .job_forms import JobActionForm, JobForm
from .routes import bp

STAFF = (Role.EMPLOYER, Role.RECRUITER)

register_nav_link(Role.EMPLOYER, "employer.jobs", "Jobs")
register_nav_link(Role.RECRUITER, "employer.jobs", "Jobs")


def get_job_for_staff(job_id: int) -> Job:
    """The job if it belongs to the logged-in staff member's organisation; 404 otherwise (never a hint it exists)."""
    job = job_service.find_staff_job(job_id, staff_org_id())
    if job is None:
        abort(404)
    return job


def _render_builder(form: JobForm, job: Job | None, status: int = 200) -> tuple[str, int]:
    return render_template(
        "employer/job_edit.html",
        form=form,
        job=job,
        guidance=job_service.salary_guidance(form.template.data or "", form.salary_range()),
        actions=JobActionForm(),
        credential_names=job_service.credential_names(),
        credential_codes=job_service.credential_codes(),
    ), status


def _save(form: JobForm, job: Job | None) -> Job | None:
    """Validate and store the form; on a problem, put the message under its field and return None."""
    if not form.validate():
        return None
    try:
        spec = job_service.validate_job_data(form.to_job_data())
        if job is None:
            organization = db.session.get(Organization, staff_org_id())
            assert organization is not None
            job = job_service.create_job(organization=organization, created_by=current_user, spec=spec)
        else:
            job_service.update_job(job, spec)
    except InvalidInput as exc:
        db.session.rollback()
        form.show_error(exc.field, str(exc.args[0]))
        return None
    except (NotAllowed, IndexBusy) as exc:
        db.session.rollback()
        form.title.errors = [*form.title.errors, str(exc)]
        return None
    db.session.commit()
    return job


@bp.route("/jobs")
@role_required(*STAFF)
def jobs() -> str:
    return render_template(
        "employer/job_list.html", jobs=job_service.organization_jobs(staff_org_id()), actions=JobActionForm()
    )


@bp.route("/jobs/new")
@role_required(*STAFF)
def choose_template() -> str:
    return render_template("employer/job_templates.html", templates=list(load_templates().values()))


@bp.route("/jobs/new/<template_key>", methods=["GET", "POST"])
@role_required(*STAFF)
def new_job(template_key: str) -> Response | tuple[str, int]:
    if template_key not in load_templates():
        abort(404)
    form = JobForm()
    if form.is_submitted():
        # The template comes from the URL, whatever the post carried (an empty post must not lose it).
        form.template.data = template_key
        job = _save(form, None)
        if job is not None:
            flash("Draft saved. Preview it, then publish it when it is ready.", "success")
            return redirect(url_for("employer.edit_job", job_id=job.id))
        return _render_builder(form, None, 422)
    form.fill_from(spec_from_template(template_key))
    return _render_builder(form, None)


@bp.route("/jobs/<int:job_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_job(job_id: int) -> Response | tuple[str, int]:
    job = get_job_for_staff(job_id)
    form = JobForm()
    if form.is_submitted():
        if _save(form, job) is not None:
            flash("Changes saved." + (" The job board shows them now." if job.status == JobStatus.PUBLISHED else ""))
            return redirect(url_for("employer.edit_job", job_id=job.id))
        return _render_builder(form, job, 422)
    form.fill_from(job_service.job_spec(job))
    return _render_builder(form, job)


def _change_status(job_id: int, change: str) -> Response:
    job = get_job_for_staff(job_id)
    form = JobActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if change == "publish":
            job_service.publish_job(job)
            message = "Published: the job is on the board now."
        elif change == "close":
            job_service.close_job(job)
            message = "Closed: the job has left the board and its public page."
        else:
            job_service.unpublish_job(job)
            message = "Back to draft: the job has left the board until you publish it again."
    except (InvalidInput, NotAllowed, IndexBusy) as exc:
        db.session.rollback()
        field = f" ({exc.field})" if isinstance(exc, InvalidInput) and exc.field else ""
        flash(f"Not changed{field}: {exc.args[0]} Edit the job and try again.", "danger")
        return redirect(url_for("employer.edit_job", job_id=job.id))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("employer.edit_job", job_id=job.id))


@bp.route("/jobs/<int:job_id>/publish", methods=["POST"])
@role_required(*STAFF)
def publish_job(job_id: int) -> Response:
    return _change_status(job_id, "publish")


@bp.route("/jobs/<int:job_id>/close", methods=["POST"])
@role_required(*STAFF)
def close_job(job_id: int) -> Response:
    return _change_status(job_id, "close")


@bp.route("/jobs/<int:job_id>/unpublish", methods=["POST"])
@role_required(*STAFF)
def unpublish_job(job_id: int) -> Response:
    return _change_status(job_id, "unpublish")
