"""The three journeys in a real browser: an employer publishes a job, a job seeker applies, a recruiter screens.

The journeys run in order against one server (each later one needs what the earlier ones made), each in a fresh
browser. Every step leaves a screenshot in test-artifacts/e2e/<journey>/; every page is scanned with axe-core and must
have no serious or critical accessibility violation; one page per journey must fit a 375-pixel phone screen.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from openpyxl import load_workbook
from playwright.sync_api import expect

PASSWORD = "quiet-river-stone-1987"
EMPLOYER = {"name": "Dana Whitfield", "email": "dana@riverside-health.example", "org": "Riverside Health"}
SEEKER = {"name": "Maria Lopez", "email": "maria.lopez@example.org"}
RECRUITER = {"name": "Sam Okafor", "email": "sam@riverside-health.example"}
JOB_TITLE = "Hospital Case Manager (Utilization Review)"
NEW_DUTY = "Coordinate discharge plans with families, home health agencies and skilled nursing facilities."

# What the journeys hand on to the next one (they run in file order).
WORLD: dict[str, Any] = {}

# Dates ahead of whenever the suite runs, so the license stays current and the exam still to come.
RN_EXPIRES = date(date.today().year + 2, 10, 31)
CCM_EXAM_YEAR = date.today().year + 1

RESUME_LINES = [
    "Maria Lopez",
    "maria.lopez@example.org | (614) 555-0142 | Columbus, OH",
    "",
    "Summary",
    "Registered nurse with six years of hospital case management and utilization review.",
    "",
    "Licenses and Certifications",
    f"Registered Nurse (RN), Ohio, License No. RN.458812, expires {RN_EXPIRES:%m/%d/%Y}",
    f"CCM exam scheduled for March {CCM_EXAM_YEAR}",
    "",
    "Experience",
    "Case Manager, Riverside Methodist Hospital, Columbus, OH - January 2020 to Present",
    "Utilization review, discharge planning, InterQual criteria.",
    "Staff Nurse, Grant Medical Center, Columbus, OH - June 2016 to December 2019",
    "",
    "Education",
    "Bachelor of Science in Nursing (BSN), Ohio State University, 2016",
]


def resume_pdf(path: Path) -> Path:
    """A real one-page PDF resume, as a word processor would save it."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in RESUME_LINES:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def sign_up(page: Any, *, name: str, email: str, organization: str | None = None) -> None:
    """Fill the sign-up form (as an employer when an organisation is given) and send it."""
    if organization:
        page.get_by_label("An employer hiring case managers").check()
        page.get_by_label("Organisation name").fill(organization)
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def log_in(j: Any, email: str) -> None:
    j.goto("/account/login")
    j.page.get_by_label("E-mail").fill(email)
    j.page.get_by_label("Password").fill(PASSWORD)
    j.shot("login")
    j.page.get_by_role("button", name="Log in").click()


def test_employer_builds_publishes_and_finds_a_job(journey: Any) -> None:
    j = journey("1-employer")
    page = j.page
    j.goto("/")
    j.shot("home")

    # Keyboard first: Tab reaches the skip link, visibly outlined, and Enter takes the focus past the navigation.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")

    # A mistyped repeat password: the form says so and keeps everything else that was typed.
    page.get_by_role("link", name="Sign up", exact=True).click()
    page.get_by_label("An employer hiring case managers").check()
    page.get_by_label("Organisation name").fill(EMPLOYER["org"])
    page.get_by_label("Your full name").fill(EMPLOYER["name"])
    page.get_by_label("E-mail").fill(EMPLOYER["email"])
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD + "x")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("The passwords differ.")).to_be_visible()
    assert page.get_by_label("Organisation name").input_value() == EMPLOYER["org"]
    assert page.get_by_label("Your full name").input_value() == EMPLOYER["name"]
    assert page.get_by_label("E-mail").input_value() == EMPLOYER["email"]
    assert page.get_by_label("An employer hiring case managers").is_checked()
    j.shot("signup-kept-what-was-typed")

    sign_up(page, name=EMPLOYER["name"], email=EMPLOYER["email"], organization=EMPLOYER["org"])
    page.wait_for_url("**/employer/")
    expect(page.get_by_role("heading", name=EMPLOYER["org"])).to_be_visible()
    expect(page.get_by_text("No jobs yet.")).to_be_visible()  # the empty state says what to do next
    j.shot("dashboard-empty")

    page.get_by_role("link", name="Write your first job").click()
    j.shot("templates")
    page.get_by_role("link", name=f"Use this template for {JOB_TITLE}").click()
    assert page.get_by_label("Job title").input_value() == JOB_TITLE

    # Edit the duties: drop the template's last duty and add one of our own.
    duties = page.get_by_label("Duties")
    template_duties = [line for line in duties.input_value().splitlines() if line.strip()]
    assert len(template_duties) >= 3
    dropped = template_duties[-1]
    duties.fill("\n".join([*template_duties[:-1], NEW_DUTY]))
    page.get_by_label("Required credentials").fill("RN")
    page.get_by_label("Preferred credentials").fill("CCM or ACM")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_label("Paid").select_option("YEAR")
    page.get_by_label("Salary from").fill("72000")
    page.get_by_label("Salary to").fill("88000")
    page.get_by_label("City").fill("Columbus")
    page.get_by_label("State or region").fill("OH")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r".*/employer/jobs/\d+/edit$"))
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    job_id = int(re.search(r"/jobs/(\d+)/edit", page.url).group(1))
    WORLD["job_id"] = job_id
    saved = page.get_by_label("Duties").input_value()
    assert NEW_DUTY in saved and dropped not in saved
    assert page.get_by_label("Required credentials").input_value() == "RN"
    assert page.get_by_label("Preferred credentials").input_value() in ("CCM, ACM", "ACM, CCM")
    expect(page.locator("#salary-guidance")).to_be_visible()
    j.shot("builder-saved")

    page.get_by_role("link", name="Preview").click()
    expect(page.get_by_text("Preview: this job is draft")).to_be_visible()
    expect(page.get_by_text("$72,000–$88,000 a year", exact=True)).to_be_visible()
    expect(page.get_by_text(NEW_DUTY)).to_be_visible()
    j.shot("preview")

    page.get_by_role("link", name="Back to the job builder").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: the job is on the board now.")).to_be_visible()
    j.shot("published")

    # The public board lists it, and a keyword search finds it.
    j.goto("/jobs")
    expect(page.get_by_role("link", name=JOB_TITLE)).to_be_visible()
    j.shot("board")
    page.get_by_label("Keywords").fill("utilization review")
    page.get_by_role("button", name="Search").click()
    assert "q=utilization" in page.url
    expect(page.get_by_role("link", name=JOB_TITLE)).to_be_visible()
    j.shot("search")
    j.phone_check("search")

    # The dashboard leads to the job's builder, applicants and ranked candidates.
    j.goto("/employer/")
    for name, path in (
        ("Edit", f"/employer/jobs/{job_id}/edit"),
        ("Applicants", f"/employer/jobs/{job_id}/applicants"),
        ("Ranked candidates", f"/screening/jobs/{job_id}"),
    ):
        assert page.get_by_role("link", name=f"{name} ").first.get_attribute("href") == path
    j.shot("dashboard")
    j.finish()


def test_job_seeker_uploads_corrects_checks_path_and_applies(journey: Any, tmp_path: Path) -> None:
    job_id = WORLD.get("job_id")
    if job_id is None:
        pytest.skip("the employer journey did not publish a job")
    j = journey("2-job-seeker")
    page = j.page
    j.goto("/account/signup")
    sign_up(page, name=SEEKER["name"], email=SEEKER["email"])
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_text("No resume yet.")).to_be_visible()
    expect(page.get_by_text("No credentials yet.")).to_be_visible()
    j.shot("profile-empty")

    # Upload: a progress bar, then "Reading your resume…", then the profile with what was read.
    page.get_by_label("Resume file").set_input_files(str(resume_pdf(tmp_path / "maria-lopez-resume.pdf")))
    page.evaluate(
        """() => {
          const status = document.getElementById('upload-status');
          new MutationObserver(() => console.log('upload-status: ' + status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    said: list[str] = []
    page.on("console", lambda msg: said.append(msg.text) if msg.text.startswith("upload-status:") else None)
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("text=maria-lopez-resume.pdf is uploaded and read")
    assert "upload-status: Uploading…" in said
    assert "upload-status: Reading your resume…" in said
    expect(page.get_by_text("Read from your resume: please check").first).to_be_visible()
    credentials = page.locator("li[id^=credential-]")
    rn = credentials.filter(has_text="RN.458812")
    ccm = credentials.filter(has=page.locator("strong", has_text=re.compile(r"^CCM$")))
    assert "Registered Nurse" in rn.inner_text() and f"{RN_EXPIRES:%d %b %Y}" in rn.inner_text()
    assert "In progress" in ccm.inner_text()
    j.shot("parsed")

    # The summary's "registered nurse" was read as a second RN: remove it, after saying no once to the question.
    extra_rn = credentials.filter(has_text="Registered nurse with six years")
    if extra_rn.count():
        page.once("dialog", lambda dialog: dialog.dismiss())
        extra_rn.get_by_role("button", name="Remove").click()
        expect(extra_rn).to_have_count(1)  # "Cancel" keeps it
        page.once("dialog", lambda dialog: dialog.accept())
        extra_rn.get_by_role("button", name="Remove").click()
        page.wait_for_selector("text=RN is removed", state="attached")
        expect(extra_rn).to_have_count(0)

    # Correct the RN license: it is held in Kentucky too (a compact license).
    rn.get_by_role("link", name="Correct").click()
    assert page.get_by_label("States").input_value() == "OH"
    page.get_by_label("States").fill("OH, KY")
    j.shot("correct-rn")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/me/")
    expect(rn).to_contain_text("OH, KY")
    expect(rn).to_contain_text("Confirmed by you")
    ccm.get_by_role("button", name="Confirm").click()
    expect(ccm).to_contain_text("Confirmed by you")
    j.shot("corrected")

    # The certification path, filled in from the profile.
    page.get_by_role("link", name="Certification path").click()
    expect(page.get_by_text("Filled in from your profile")).to_be_visible()
    ccm_path = page.get_by_role("heading", name=re.compile(r"^CCM Certified Case Manager"))
    expect(ccm_path).to_contain_text("Eligible now")  # an RN license and 10 years of case management
    j.shot("certification-path")

    # No application yet: the page says how to make one, and its link leads to the board.
    page.get_by_role("link", name="My applications", exact=True).click()
    expect(page.get_by_text("You have not applied to any job yet.")).to_be_visible()
    j.shot("applications-empty")
    page.get_by_role("link", name="job board").click()
    expect(page.get_by_role("heading", name="Case manager jobs")).to_be_visible()

    # Find the job and apply.
    page.get_by_label("Keywords").fill("utilization review")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=JOB_TITLE).click()
    expect(page.get_by_text("$72,000–$88,000 a year", exact=True)).to_be_visible()
    j.shot("job")
    j.phone_check("job")
    page.get_by_role("link", name="Apply for this job").click()
    page.get_by_label("Note to the employer (optional)").fill("I can start in four weeks.")
    j.shot("apply")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text(f"Your application for {JOB_TITLE} is sent.")).to_be_visible()
    j.shot("applied")
    page.get_by_role("link", name="My applications", exact=True).click()
    expect(page.get_by_role("link", name=re.compile(re.escape(JOB_TITLE))).first).to_be_visible()
    j.shot("applications")
    WORLD["applied"] = True
    j.finish()


def test_recruiter_ranks_screens_blind_moves_and_exports(journey: Any, tmp_path: Path) -> None:
    job_id = WORLD.get("job_id")
    if job_id is None or not WORLD.get("applied"):
        pytest.skip("the employer and job seeker journeys did not finish")
    j = journey("3-recruiter")
    page = j.page

    # The employer invites a recruiter, who joins through the link.
    log_in(j, EMPLOYER["email"])
    page.get_by_role("link", name="Team").click()
    page.get_by_label("Recruiter's e-mail").fill(RECRUITER["email"])
    page.get_by_role("button", name="Create invitation").click()
    invite = page.get_by_label("Invitation link").input_value()
    assert "/account/invitation/" in invite
    j.shot("invited")
    page.get_by_role("button", name="Log out").click()
    page.goto(invite)
    page.get_by_label("Your full name").fill(RECRUITER["name"])
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    j.shot("join")
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/employer/")

    # Ranked candidates, in blind mode: no name until shortlisted.
    page.get_by_role("link", name=f"Ranked candidates for {JOB_TITLE}").click()
    expect(page.get_by_role("link", name=SEEKER["name"])).to_be_visible()
    j.shot("ranked")
    page.get_by_label(re.compile("[Bb]lind")).check()
    page.locator("form[action$='/blind']").get_by_role("button").click()
    expect(page.get_by_text("Blind screening is on for this job.")).to_be_visible()
    expect(page.get_by_role("link", name=SEEKER["name"])).to_have_count(0)
    expect(page.get_by_text(SEEKER["email"])).to_have_count(0)
    anonymous = page.get_by_role("link", name=re.compile(r"Candidate #\d+"))
    expect(anonymous).to_have_count(1)
    j.shot("blind")
    j.phone_check("blind")

    page.get_by_role("button", name="Shortlist").first.click()
    expect(page.get_by_text("Shortlisted.").first).to_be_visible()
    page.get_by_role("link", name=SEEKER["name"]).click()  # shortlisted: the name shows again
    j.shot("candidate")
    page.get_by_label("Move application to").select_option("interview")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("Moved to Interview.")).to_be_visible()
    j.shot("moved-to-interview")

    j.goto(f"/employer/jobs/{job_id}/applicants")
    expect(page.get_by_text(SEEKER["name"], exact=True)).to_be_visible()
    expect(page.locator(".badge", has_text="Interview").first).to_be_visible()
    # Rejecting asks first; saying no leaves the application where it was.
    page.get_by_label("Move to").select_option("rejected")
    page.get_by_label("Reason").fill("Testing the question")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Move", exact=True).click()
    assert asked == ["Reject this application? The candidate is told by e-mail."]
    assert page.get_by_label("Reason").input_value() == "Testing the question"  # nothing was sent
    expect(page.locator(".badge", has_text="Interview").first).to_be_visible()
    j.shot("applicants")

    page.get_by_role("link", name="Reports").click()
    j.shot("reports")
    # The last 30 days hold the one application of this run; the downloads follow the chosen period.
    page.get_by_role("link", name="Last 30 days").click()
    expect(page.get_by_text(re.compile(r"\d+ \w{3} \d{4} to \d+ \w{3} \d{4}")).first).to_be_visible()
    j.shot("reports-last-30-days")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download all as Excel").click()
    workbook_path = tmp_path / "reports.xlsx"
    download_info.value.save_as(workbook_path)
    workbook = load_workbook(workbook_path, read_only=True)
    assert len(workbook.sheetnames) >= 3
    cells = [str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert any(JOB_TITLE in cell for cell in cells)
    workbook.close()
    j.finish()


def test_site_administrator_suspends_an_account_after_confirming(journey: Any, live_server: Any) -> None:
    if not WORLD.get("applied"):
        pytest.skip("the job seeker journey did not finish")
    from portal.extensions import db
    from portal.models import Role
    from portal.services import accounts

    with live_server.app.app_context():
        accounts.create_user(email="ada@portal.example", password=PASSWORD, role=Role.ADMIN, name="Ada Admin")
        db.session.commit()
    j = journey("4-admin")
    page = j.page
    log_in(j, "ada@portal.example")
    page.wait_for_url("**/admin/")
    j.shot("administration")
    page.get_by_label("E-mail or name").fill("maria")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("cell", name=SEEKER["name"])).to_be_visible()
    expect(page.get_by_text("1 account.")).to_be_visible()
    j.shot("search")

    # Suspending asks first; saying no changes nothing, saying yes suspends.
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name=f"Suspend {SEEKER['email']}").click()
    assert asked and asked[0].startswith(f"Suspend {SEEKER['email']}?")
    expect(page.locator(".badge", has_text="Active")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"Suspend {SEEKER['email']}").click()
    expect(page.get_by_text(f"{SEEKER['email']} is suspended")).to_be_visible()
    expect(page.locator(".badge", has_text="Suspended")).to_have_count(1)
    j.shot("suspended")
    j.phone_check("suspended")
    page.get_by_role("button", name=f"Restore {SEEKER['email']}").click()
    expect(page.get_by_text(f"{SEEKER['email']} can log in again.")).to_be_visible()
    j.finish()
