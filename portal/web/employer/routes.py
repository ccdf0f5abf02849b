"""The employer's side: the organisation's dashboard and its team."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, render_template, request
from flask_login import current_user

from ...errors import InvalidInput
from ...extensions import db
from ...models import Invitation, Job, Organization, Role, User
from ..security import external_url, role_required, staff_org_id
from .forms import InviteRecruiterForm

bp = Blueprint("employer", __name__, url_prefix="/employer")


@bp.route("/")
@role_required(Role.EMPLOYER, Role.RECRUITER)
def dashboard() -> str:
    org_id = staff_org_id()
    jobs = db.session.scalars(sa.select(Job).where(Job.organization_id == org_id).order_by(Job.created_at.desc())).all()
    return render_template("employer/dashboard.html", organization=db.session.get(Organization, org_id), jobs=jobs)


@bp.route("/team", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def team() -> str | tuple[str, int]:
    from ...services import accounts

    org_id = staff_org_id()
    organization = db.session.get(Organization, org_id)
    form = InviteRecruiterForm()
    invite_link = None
    status = 200
    if form.validate_on_submit():
        try:
            _invitation, token = accounts.invite_recruiter(
                organization=organization, email=form.email.data, invited_by=current_user
            )
        except InvalidInput as exc:
            db.session.rollback()
            form.email.errors = [*form.email.errors, str(exc.args[0])]
            status = 422
        else:
            db.session.commit()
            invite_link = external_url("auth.accept_invitation", token=token)
            flash("Invitation created. Send the link below to the recruiter; it works once, for 7 days.", "success")
            form = InviteRecruiterForm(formdata=None)
    elif request.method == "POST":
        status = 422
    members = db.session.scalars(sa.select(User).where(User.organization_id == org_id).order_by(User.name)).all()
    pending = db.session.scalars(
        sa.select(Invitation).where(Invitation.organization_id == org_id, Invitation.accepted_at.is_(None))
    ).all()
    return render_template(
        "employer/team.html",
        organization=organization,
        form=form,
        members=members,
        pending=pending,
        invite_link=invite_link,
    ), status
