"""The job seeker's side: profile, resumes, credentials, applications, certification path.

This module holds the profile pages; applications.py and recommended.py add their views to the same blueprint.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from ...catalog import load_catalog
from ...errors import DocumentError, InvalidInput
from ...extensions import db
from ...models import Role, User
from ...models.candidates import Candidate, CandidateCredential, Resume
from ...services import candidates as profile
from ...services.storage import get_storage
from ..navigation import register_nav_link
from ..security import end_session, role_required
from .forms import (
    STATUS_LABELS,
    ActionForm,
    CredentialForm,
    DeleteAccountForm,
    DiscoverableForm,
    ImportForm,
    ResumeUploadForm,
)

bp = Blueprint("candidate", __name__, url_prefix="/me")
log = logging.getLogger(__name__)

register_nav_link(Role.CANDIDATE, "candidate.profile", "My profile", first=True)


# Shared lookups -----------------------------------------------------------------------------------------------------


def own_candidate() -> Candidate:
    """The logged-in job seeker's candidate profile (made on first use for accounts created without one)."""
    candidate = db.session.scalar(sa.select(Candidate).where(Candidate.user_id == current_user.id))
    if candidate is None:
        candidate = Candidate(user_id=current_user.id, name=current_user.name, email=current_user.email)
        db.session.add(candidate)
        db.session.commit()
    return candidate


def _own_resume(resume_id: int) -> Resume:
    resume = db.session.get(Resume, resume_id)
    if resume is None or resume.candidate.user_id != current_user.id:
        abort(404)
    return resume


def _own_credential(credential_id: int) -> CandidateCredential:
    credential = db.session.get(CandidateCredential, credential_id)
    if credential is None or credential.candidate.user_id != current_user.id:
        abort(404)
    return credential


def send_resume(resume: Resume, user: User | None, action: str = "download") -> Response:
    """Serve a resume file as an attachment that is never cached nor sniffed, and record who opened it.

    Callers have already decided that ``user`` may see ``resume`` (the owner here; allowed staff on the ranking pages).
    """
    try:
        data = profile.read_resume_file(resume)
    except DocumentError:
        abort(404)
    profile.record_resume_access(resume, user, action)
    db.session.commit()
    response = Response(data, mimetype=profile.MIME_TYPES.get(resume.kind, "application/octet-stream"))
    response.headers.set("Content-Disposition", "attachment", filename=resume.original_filename)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _commit_or_forget_file(resume: Resume, *, is_new: bool) -> None:
    """Commit an upload; if the database refuses it, the file just written must not stay behind without its row."""
    key = resume.storage_key
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        if is_new:
            get_storage().delete(key)
        raise


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch" or request.accept_mimetypes.best == "application/json"


def _field_error(form: Any, exc: InvalidInput) -> None:
    name = (exc.field or "").rsplit(".", 1)[-1]
    field = getattr(form, name, None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, str(exc.args[0])]
    else:
        flash(str(exc), "danger")


# The profile page ----------------------------------------------------------------------------------------------------


def _render_profile(
    candidate: Candidate,
    *,
    upload_form: ResumeUploadForm | None = None,
    discoverable_form: DiscoverableForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    catalog = load_catalog()
    names = {entry.code: entry.name for entry in catalog.entries}
    expiring = profile.expiring_credentials(candidate)
    return render_template(
        "candidate/profile.html",
        candidate=candidate,
        upload_form=upload_form or ResumeUploadForm(formdata=None),
        discoverable_form=discoverable_form or DiscoverableForm(formdata=None, discoverable=candidate.discoverable),
        action_form=ActionForm(),
        expiring=expiring,
        expiring_ids={item.credential_id: item for item in expiring},
        accesses=profile.resume_accesses(candidate),
        names=names,
        status_labels=STATUS_LABELS,
        max_upload_mb=int(request.max_content_length or 0) // (1024 * 1024),
    ), status


@bp.route("/", endpoint="profile")
@role_required(Role.CANDIDATE)
def profile_page() -> tuple[str, int]:
    return _render_profile(own_candidate())


@bp.route("/resumes", methods=["POST"])
@role_required(Role.CANDIDATE)
def upload_resume() -> Any:
    candidate = own_candidate()
    form = ResumeUploadForm()
    message: str | None = None
    if form.validate_on_submit():
        upload = form.resume.data
        data = upload.read()
        duplicate = profile.find_same_resume(candidate, data)
        try:
            resume = profile.add_resume(candidate, data, upload.filename or "", make_primary=form.make_primary.data)
        except (DocumentError, InvalidInput) as exc:
            db.session.rollback()
            message = str(exc)
            form.resume.errors = [*form.resume.errors, message]
        else:
            _commit_or_forget_file(resume, is_new=duplicate is None)
            found = len(candidate.credentials)
            if duplicate is not None:
                text = f"You uploaded {resume.original_filename} before; it is kept once."
            else:
                text = (
                    f"{resume.original_filename} is uploaded and read: {found} credential"
                    f"{'' if found == 1 else 's'} on your profile. Check each one below and confirm or correct it."
                )
            flash(text, "success")
            if _wants_json():
                return jsonify(ok=True, message=text, redirect=url_for(".profile"))
            return redirect(url_for(".profile"))
    else:
        message = "; ".join(form.resume.errors) or "The upload was incomplete. Reload the page and try again."
    if _wants_json():
        return jsonify(ok=False, message=message), 422
    return _render_profile(candidate, upload_form=form, status=422)


@bp.route("/resumes/<int:resume_id>")
@role_required(Role.CANDIDATE)
def resume_text(resume_id: int) -> str:
    resume = _own_resume(resume_id)
    profile.record_resume_access(resume, current_user, "view")
    db.session.commit()
    return render_template("candidate/resume_text.html", resume=resume)


@bp.route("/resumes/<int:resume_id>/download")
@role_required(Role.CANDIDATE)
def download_resume(resume_id: int) -> Response:
    return send_resume(_own_resume(resume_id), current_user, "download")


@bp.route("/resumes/<int:resume_id>/primary", methods=["POST"])
@role_required(Role.CANDIDATE)
def make_primary(resume_id: int) -> Response:
    resume = _own_resume(resume_id)
    if ActionForm().validate_on_submit():
        profile.set_primary(resume)
        db.session.commit()
        flash(f"{resume.original_filename} is now your primary resume; your profile was read from it again.", "success")
    return redirect(url_for(".profile"))


@bp.route("/resumes/<int:resume_id>/delete", methods=["POST"])
@role_required(Role.CANDIDATE)
def delete_resume(resume_id: int) -> Response:
    resume = _own_resume(resume_id)
    if ActionForm().validate_on_submit():
        name = resume.original_filename
        profile.delete_resume(resume)
        db.session.commit()
        flash(f"{name} is deleted. The credentials on your profile stay until you remove them.", "success")
    return redirect(url_for(".profile"))


# Credentials -------------------------------------------------------------------------------------------------------


def _change_from(form: CredentialForm) -> profile.CredentialChange:
    return profile.check_credential(
        form.code.data or "", form.status.data or "", form.states.data or "", form.number.data, form.expires.data
    )


@bp.route("/credentials/new", methods=["GET", "POST"])
@role_required(Role.CANDIDATE)
def add_credential() -> Any:
    candidate = own_candidate()
    form = CredentialForm()
    if form.validate_on_submit():
        try:
            change = _change_from(form)
        except InvalidInput as exc:
            _field_error(form, exc)
        else:
            profile.add_credential(candidate, change)
            db.session.commit()
            flash(f"{change.code} is added to your profile.", "success")
            return redirect(url_for(".profile"))
    status = 422 if request.method == "POST" else 200
    return render_template("candidate/credentials_form.html", form=form, credential=None), status


@bp.route("/credentials/<int:credential_id>", methods=["GET", "POST"])
@role_required(Role.CANDIDATE)
def edit_credential(credential_id: int) -> Any:
    credential = _own_credential(credential_id)
    if request.method == "GET":
        form = CredentialForm(
            code=credential.code,
            status=credential.status,
            states=", ".join(credential.states or []),
            number=credential.number,
            expires=credential.expires,
        )
    else:
        form = CredentialForm()
    if form.validate_on_submit():
        try:
            change = _change_from(form)
        except InvalidInput as exc:
            _field_error(form, exc)
        else:
            profile.correct_credential(credential, change)
            db.session.commit()
            flash(f"{change.code} is saved as you corrected it.", "success")
            return redirect(url_for(".profile"))
    status = 422 if request.method == "POST" else 200
    return render_template("candidate/credentials_form.html", form=form, credential=credential), status


@bp.route("/credentials/<int:credential_id>/confirm", methods=["POST"])
@role_required(Role.CANDIDATE)
def confirm_credential(credential_id: int) -> Response:
    credential = _own_credential(credential_id)
    if ActionForm().validate_on_submit():
        profile.confirm_credential(credential)
        db.session.commit()
        flash(f"{credential.code} is confirmed.", "success")
    return redirect(url_for(".profile"))


@bp.route("/credentials/<int:credential_id>/delete", methods=["POST"])
@role_required(Role.CANDIDATE)
def remove_credential(credential_id: int) -> Response:
    credential = _own_credential(credential_id)
    if ActionForm().validate_on_submit():
        code = credential.code
        profile.remove_credential(credential)
        db.session.commit()
        flash(f"{code} is removed from your profile.", "success")
    return redirect(url_for(".profile"))


# Discoverability ---------------------------------------------------------------------------------------------------


@bp.route("/discoverable", methods=["POST"])
@role_required(Role.CANDIDATE)
def discoverable() -> Any:
    candidate = own_candidate()
    form = DiscoverableForm()
    if not form.validate_on_submit():
        return _render_profile(candidate, discoverable_form=form, status=422)
    profile.set_discoverable(candidate, bool(form.discoverable.data))
    db.session.commit()
    if candidate.discoverable:
        flash("Employers searching the portal can now find your profile.", "success")
    else:
        flash(
            "Your profile is hidden from employer searches. Employers you apply to still see your application.", "info"
        )
    return redirect(url_for(".profile"))


# JSON Resume -------------------------------------------------------------------------------------------------------


@bp.route("/resume.json")
@role_required(Role.CANDIDATE)
def export_json() -> Response:
    document = profile.export_jsonresume(own_candidate())
    response = Response(json.dumps(document, indent=2, ensure_ascii=False), mimetype="application/json")
    response.headers.set("Content-Disposition", "attachment", filename="resume.json")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.CANDIDATE)
def import_json() -> Any:
    candidate = own_candidate()
    form = ImportForm()
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        raw: str | bytes = upload.read() if upload and upload.filename else (form.text.data or "")
        if not raw or not raw.strip():
            form.file.errors = [*form.file.errors, "Choose a JSON Resume file or paste its text."]
            status = 422
        else:
            try:
                document = profile.import_jsonresume(candidate, raw)
            except InvalidInput as exc:
                db.session.rollback()
                form.file.errors = [*form.file.errors, f"Nothing was changed. {exc}."]
                status = 422
            else:
                db.session.commit()
                flash(
                    f"Imported {_plural(len(document.credentials), 'credential')} and "
                    f"{_plural(len(document.degrees), 'degree')}.",
                    "success",
                )
                for item in document.skipped:
                    flash(f"Not imported: {item}.", "warning")
                return redirect(url_for(".profile"))
    elif request.method == "POST":
        status = 422
    return render_template("candidate/profile_import.html", form=form), status


# Erasure -----------------------------------------------------------------------------------------------------------


@bp.route("/delete", methods=["GET", "POST"])
@role_required(Role.CANDIDATE)
def delete_account() -> Any:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            profile.erase_own_account(current_user._get_current_object(), form.password.data or "")
        except InvalidInput as exc:
            db.session.rollback()
            _field_error(form, exc)
        else:
            db.session.commit()
            end_session()
            flash("Your account, resumes and profile are deleted.", "info")
            return redirect(url_for("public.index"))
    status = 422 if request.method == "POST" else 200
    return render_template("candidate/profile_delete.html", form=form, candidate=own_candidate()), status
