"""The public job board (/jobs) and each published job's page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from ...board import SORTS, BoardQuery
from ...errors import IndexBusy
from ...jobs import WORK_SETTINGS, jsonld_script_tag, sanitize_description
from ...jobs.salary import format_money, format_range
from ...services import job_search
from ...services import jobs as job_service
from ..employer.job_forms import EMPLOYMENT_LABELS
from ..security import external_url
from .cache import block_key, cached_page, page_cache, render_with_block
from .forms import BoardForm

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

PER_PAGE = 20


@bp.app_template_filter("job_place")
def job_place(job: Any) -> str:
    """'Columbus, OH', 'Remote (OH)' or 'Remote' for a job card."""
    place = ", ".join(part for part in (job.city, job.region) if part)
    if job.remote:
        return f"Remote ({place})" if place else "Remote"
    return place


@bp.app_template_filter("job_pay")
def job_pay(job: Any) -> str:
    """'$72,000–$88,000 a year', or '' when the job has no salary."""
    if job.salary_min is None or job.salary_max is None:
        return ""
    return format_range(job.salary_min, job.salary_max, job.salary_currency, job.salary_unit)


def _query(form: BoardForm) -> BoardQuery:
    remote = {"yes": True, "no": False}.get(form.remote.data or "")
    return BoardQuery(
        q=form.q.data or "",
        location=form.location.data or "",
        credential=form.credential.data or "",
        setting=form.setting.data or "",
        employment_type=form.employment_type.data or "",
        remote=remote,
        min_salary=float(form.min_salary.data) if form.min_salary.data else None,
        currency=form.currency.data or "USD",
        sort=form.sort.data if form.sort.data in SORTS else "relevance",
        page=form.page.data or 1,
        per_page=PER_PAGE,
    )


def _link(base: str, args: MultiDict[str, str], **changes: Any) -> str:
    """This search's URL with some parameters changed (None removes one); a new filter starts again at page 1."""
    params = {key: value for key, value in args.items() if value}
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    # One url_for per page, not per link: a results page has dozens of filter links.
    return f"{base}?{urlencode(params)}" if params else base


@bp.route("")
def board() -> Any:
    # Anonymous visitors asking the same search get the same page until a job or the index changes.
    return cached_page(_render_board)


def _render_board() -> tuple[str, int]:
    form = BoardForm(request.args, meta={"csrf": False})
    status = 200
    page = jobs = None
    results_key = None
    results_html = None
    if not form.validate():
        status = 400
    else:
        # The results block is the same for every visitor: a signed-in one only gets the navigation made afresh.
        results_key = block_key("content")
        cached = page_cache().get(results_key)
        if cached is not None:
            results_html = cached.body.decode()
        else:
            try:
                page, jobs = job_search.search_board(_query(form))
            except IndexBusy:
                status = 503
    args = request.args
    base = url_for("jobs.board")
    html, content = render_with_block(
        "jobs/board.html",
        "content",
        results_html,
        form=form,
        page=page,
        jobs=jobs or [],
        link=lambda **changes: _link(base, args, **changes),
        settings=WORK_SETTINGS,
        employment_labels=EMPLOYMENT_LABELS,
        credential_names=job_service.credential_names(),
        money=format_money,
    )
    if results_key is not None and results_html is None and status == 200:
        page_cache().put(results_key, content.encode(), status)
    return html, status


@bp.route("/<int:job_id>")
def show(job_id: int) -> Any:
    return cached_page(lambda: (_render_show(job_id), 200))


def _render_show(job_id: int) -> str:
    job = job_service.find_public_job(job_id)
    preview = False
    if job is None:
        # The organisation's own staff may look at a draft or closed job as the public would see it.
        staff_org = current_user.organization_id if current_user.is_authenticated and current_user.is_staff else None
        job = job_service.find_staff_job(job_id, staff_org) if staff_org is not None else None
        if job is None:
            abort(404)
        preview = True
    spec = job_service.job_spec(job)
    jsonld = None
    if not preview:
        data = job_service.jobposting(job, external_url("jobs.show", job_id=job.id))
        jsonld = Markup(jsonld_script_tag(data))  # noqa: S704 - jsonld_script_tag escapes <, > and & itself
    return render_template(
        "jobs/show.html",
        job=job,
        spec=spec,
        description=Markup(sanitize_description(job.description)),  # noqa: S704 - sanitised by nh3
        jsonld=jsonld,
        preview=preview,
        credential_names=job_service.credential_names(),
        settings=WORK_SETTINGS,
        employment_labels=EMPLOYMENT_LABELS,
    )
