"""Site administration: counts of what the portal holds, and the account list with suspend and restore."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from ...errors import InvalidInput
from ...extensions import db
from ...models import Application, Job, JobStatus, Organization, Resume, Role, User
from ...services import accounts
from ..navigation import register_nav_link
from ..security import role_required
from .forms import ROLE_LABELS, ActiveForm, UserFilterForm

bp = Blueprint("admin", __name__, url_prefix="/admin")
PER_PAGE = 50

register_nav_link(Role.ADMIN, "admin.index", "Administration")


def _count(statement: sa.Select) -> int:
    return db.session.scalar(statement) or 0


@bp.route("/")
@role_required(Role.ADMIN)
def index() -> str:
    form = UserFilterForm(request.args, meta={"csrf": False})
    valid = form.validate() if request.args else True
    query = sa.select(User).order_by(User.created_at.desc(), User.id.desc())
    if valid and form.q.data:
        words = f"%{form.q.data.strip().lower()}%"
        query = query.where(sa.or_(sa.func.lower(User.email).like(words), sa.func.lower(User.name).like(words)))
    if valid and form.role.data:
        query = query.where(User.role == Role(form.role.data))
    page = (form.page.data or 1) if valid else 1
    total = _count(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    users = db.session.scalars(
        query.options(joinedload(User.organization)).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    by_role = dict(db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role)).all())
    figures = [
        ("Job seekers", by_role.get(Role.CANDIDATE, 0)),
        ("Employer administrators", by_role.get(Role.EMPLOYER, 0)),
        ("Recruiters", by_role.get(Role.RECRUITER, 0)),
        ("Organisations", _count(sa.select(sa.func.count()).select_from(Organization))),
        ("Published jobs", _count(sa.select(sa.func.count()).where(Job.status == JobStatus.PUBLISHED))),
        ("Applications", _count(sa.select(sa.func.count()).select_from(Application))),
        ("Resumes", _count(sa.select(sa.func.count()).select_from(Resume))),
        ("Suspended accounts", _count(sa.select(sa.func.count()).where(User.active.is_(False)))),
    ]
    return render_template(
        "admin/index.html",
        form=form,
        users=users,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        figures=figures,
        role_labels=ROLE_LABELS,
        active_form=ActiveForm(),
    )


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@role_required(Role.ADMIN)
def set_active(user_id: int) -> Response:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = ActiveForm()
    back = redirect(request.referrer if _same_site(request.referrer) else url_for(".index"))
    if not form.validate_on_submit():
        flash("That did not work: reload the page and try again.", "danger")
        return back
    try:
        accounts.set_active(user, form.active.data == "1", by=current_user)
    except InvalidInput as exc:
        db.session.rollback()
        flash(str(exc.args[0]), "danger")
        return back
    db.session.commit()
    if user.active:
        flash(f"{user.email} can log in again.", "success")
    else:
        flash(f"{user.email} is suspended: logged out everywhere, and cannot log in.", "success")
    return back


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url + "admin/")
