"""Locust load mix for the portal: job seekers browse, search, sign up, upload and apply; recruiters rank and report.

Run through scripts/load/run.py (which prepares the instance, starts gunicorn on 127.0.0.1 and checks the database
afterwards). LOAD_FIXTURE names a JSON file with job ids and log-ins; LOAD_COUNTS names where the counts of what this
script did (uploads and applications that the server accepted) are written when the run stops.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
from typing import Any

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

FIXTURE: dict[str, Any] = json.loads(open(os.environ.get("LOAD_FIXTURE", "fixture.json")).read())
PASSWORD = FIXTURE["password"]
QUERIES = [
    "",
    "case manager",
    "nurse",
    "social worker",
    "RN",
    "LCSW",
    "utilization review",
    "remote",
    "Columbus",
    "behavioral health",
    "hospice",
    "CCM",
]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
RESUME_ID = re.compile(r'<option[^>]*value="(\d+)"')
COUNTS = {"uploads": 0, "applications": 0, "signups": 0}
_counts_lock = threading.Lock()
_seekers = iter(range(10**9))
#: Chance that a job seeker's "next visitor" task (1 in 20 of their tasks) hands the seat to a new visitor.
NEXT_VISITOR_CHANCE = 0.5


def count(key: str) -> None:
    """Remember one thing the server accepted, to compare with the database afterwards."""
    with _counts_lock:
        COUNTS[key] += 1


@events.test_stop.add_listener
def write_counts(**_kwargs: Any) -> None:
    """Write the counts for the runner's check."""
    with open(os.environ.get("LOAD_COUNTS", "counts.json"), "w") as fh:
        json.dump(COUNTS, fh)


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = CSRF.search(html)
    return (match.group(1) or match.group(2)) if match else ""


def resume_text(label: str) -> bytes:
    """A small plain-text resume, different for every upload so none is recognised as a duplicate."""
    return (
        f"Load Seeker {label}\nseeker.{label}@load.example\n\nLICENSES\n"
        f"Registered Nurse (RN), Ohio, License No. {random.randrange(10**5, 10**6)}, expires 06/2028\n"
        "Certified Case Manager (CCM), expires 12/2027\n\nEDUCATION\nBachelor of Science in Nursing, 2012\n\n"
        "EXPERIENCE\nCase Manager, Mercy Hospital, January 2015 - Present\n"
    ).encode()


class PortalUser(FastHttpUser):
    abstract = True
    wait_time = between(0.05, 0.35)

    def form_post(self, page: str, url: str, fields: dict[str, str], name: str) -> Any:
        """GET a form page for its CSRF token, then POST the form without following the redirect."""
        html = self.client.get(page, name=f"GET {name}").text or ""
        return self.client.post(
            url, data={**fields, "csrf_token": csrf_of(html)}, name=f"POST {name}", allow_redirects=False
        )

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        fields = {"email": email, "password": password}
        response = self.form_post("/account/login", "/account/login", fields, "login")
        if response.status_code != 302:
            raise RuntimeError(f"log-in of {email} failed with {response.status_code}")


class JobSeeker(PortalUser):
    weight = 8

    def on_start(self) -> None:
        self.applied: set[int] = set()
        self.arrive(next(_seekers))

    def arrive(self, number: int) -> None:
        """A visitor arrives in a fresh browser: every fourth signs up (the sign-up journey), the others log in."""
        self.client.cookiejar.clear()
        self.applied = set()
        if number % 4 == 0:
            email = f"new{number}.{random.randrange(10**9)}@load.example"
            response = self.form_post(
                "/account/signup",
                "/account/signup",
                {
                    "account_type": "candidate",
                    "name": f"New Seeker {number}",
                    "email": email,
                    "organization": "",
                    "password": PASSWORD,
                    "confirm": PASSWORD,
                },
                "signup",
            )
            if response.status_code == 302:
                count("signups")
        else:
            self.log_in(FIXTURE["seekers"][number % len(FIXTURE["seekers"])])
        self.label = f"{number}"
        self.upload()

    def upload(self) -> None:
        html = self.client.get("/me/", name="/me/ (profile)").text or ""
        boundary = f"----load{random.randrange(10**12)}"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf_of(html)}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="make_primary"\r\n\r\ny\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; filename="cv.txt"\r\n'
                "Content-Type: text/plain\r\n\r\n"
            ).encode()
            + resume_text(f"{self.label}-{random.randrange(10**9)}")
            + f"\r\n--{boundary}--\r\n".encode()
        )
        response = self.client.post(
            "/me/resumes",
            data=body,
            name="POST /me/resumes (upload)",
            allow_redirects=False,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        if response.status_code == 302:
            count("uploads")

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/ (home)")

    @task(6)
    def search(self) -> None:
        query = random.choice(QUERIES)
        params = f"?q={query.replace(' ', '+')}" if query else ""
        if random.random() < 0.3:
            params += ("&" if params else "?") + "location=OH"
        self.client.get(f"/jobs{params}", name="/jobs (search)")

    @task(5)
    def job_page(self) -> None:
        self.client.get(f"/jobs/{random.choice(FIXTURE['jobs'])}", name="/jobs/[id]")

    @task(2)
    def profile(self) -> None:
        self.client.get("/me/", name="/me/ (profile)")

    @task(1)
    def certification_path(self) -> None:
        self.client.get("/certification-path/", name="/certification-path/")

    @task(1)
    def upload_again(self) -> None:
        self.upload()

    @task(1)
    def next_visitor(self) -> None:
        """Now and then this seat is taken by the next visitor, so sign-ups and log-ins go on all through the run
        (with 40 job seekers, about 50 more sign-ups and 150 more log-ins a minute) instead of only while Locust
        starts its users, which made sign-up's p95 the slowest of just ten."""
        if random.random() < NEXT_VISITOR_CHANCE:
            self.arrive(next(_seekers))

    @task(2)
    def apply(self) -> None:
        job_id = random.choice([j for j in FIXTURE["jobs"] if j not in self.applied] or [0])
        if not job_id:
            return
        html = self.client.get(f"/me/applications/apply/{job_id}", name="GET /me/applications/apply/[id]").text or ""
        match = RESUME_ID.search(html)
        if not match:
            return
        response = self.client.post(
            f"/me/applications/apply/{job_id}",
            name="POST /me/applications/apply/[id]",
            allow_redirects=False,
            data={"csrf_token": csrf_of(html), "resume": match.group(1), "note": "I can start next month."},
        )
        self.applied.add(job_id)
        if response.status_code == 302 and "/me/applications/" in response.headers.get("Location", ""):
            count("applications")


class Recruiter(PortalUser):
    weight = 2

    def on_start(self) -> None:
        self.log_in(FIXTURE["recruiter"], FIXTURE["recruiter_password"])

    @task(1)
    def screening_home(self) -> None:
        self.client.get("/screening/", name="/screening/")

    @task(4)
    def ranking(self) -> None:
        self.client.get(f"/screening/jobs/{random.choice(FIXTURE['recruiter_jobs'])}", name="/screening/jobs/[id]")

    @task(2)
    def candidate(self) -> None:
        job_id = random.choice(FIXTURE["recruiter_jobs"])
        candidate_id = random.choice(FIXTURE["candidates"])
        with self.client.get(
            f"/screening/jobs/{job_id}/candidates/{candidate_id}",
            catch_response=True,
            name="/screening/jobs/[id]/candidates/[id]",
        ) as response:
            if response.status_code == 404:
                response.success()  # a candidate who is not in this job's pool answers 404 by design

    @task(1)
    def reports(self) -> None:
        self.client.get("/employer/reports", name="/employer/reports")


class BoardSearcher(FastHttpUser):
    """The second run: anonymous job board searches only."""

    wait_time = between(0.0, 0.05)

    @task
    def search(self) -> None:
        query = random.choice(QUERIES)
        self.client.get(f"/jobs?q={query.replace(' ', '+')}" if query else "/jobs", name="/jobs (search)")
