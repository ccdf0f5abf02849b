"""A job seeker who forgot her password gets back in through the e-mailed link, in a real browser.

Each step is screenshotted and scanned with axe, like the three main journeys (tests/e2e/test_journeys.py).
"""

from __future__ import annotations

import re
from email import message_from_bytes
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

NEW_PASSWORD = "harbor-willow-copper-81"


def test_a_job_seeker_resets_a_forgotten_password(journey: Any, live_server: Any) -> None:
    from portal.extensions import db
    from portal.models import Role
    from portal.services import accounts

    with live_server.app.app_context():
        accounts.create_user(
            email="dana.reset@example.org", password="first-pass-phrase-1937", name="Dana Reset", role=Role.CANDIDATE
        )
        db.session.commit()
    outbox = Path(live_server.app.config["MAIL_OUTBOX_DIR"])
    before = set(outbox.glob("*.eml")) if outbox.exists() else set()

    j = journey("4-password-reset")
    page = j.page
    j.goto("/account/login")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Forgotten your password?")).to_be_visible()
    j.shot("ask-for-link")
    page.get_by_label("E-mail").fill("dana.reset@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("If an account uses that address")).to_be_visible()
    j.shot("link-sent")

    (mail,) = set(outbox.glob("*.eml")) - before
    body = message_from_bytes(mail.read_bytes()).get_payload(decode=True).decode()
    link = re.search(r"http://127\.0\.0\.1:\d+/account/reset/\S+", body)
    assert link, body
    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    j.shot("choose-password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed, and you are logged in.")).to_be_visible()
    j.shot("logged-in")

    page.goto(link.group(0))  # the link worked once
    expect(page.get_by_role("heading", name="This link has expired or has been used")).to_be_visible()
    j.shot("link-used")
    j.finish()
