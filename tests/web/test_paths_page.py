"""The certification-path page: visitors fill a short form, signed-in candidates start from their profile."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.models import CandidateCredential, CandidateDegree, Role
from portal.services import applications as service

ALL_CODES = ("CCM", "ACM", "C-SWCM", "C-ASWCM", "CMAC", "RN", "LPN", "LSW", "LCSW", "LICSW", "LISW")


def card(html: str, code: str) -> str:
    """The result card of one credential."""
    match = re.search(rf'id="path-{re.escape(code)}">(.*?)</section>', html, re.S)
    assert match, f"no card for {code}"
    return match.group(1)


def errors(html: str) -> list[str]:
    return re.findall(r'invalid-feedback d-block">([^<]*)<', html)


def test_visitor_sees_the_form_and_the_nav_link(client) -> None:
    home = client.get("/")
    assert 'href="/certification-path/"' in home.text and "Certification path" in home.text
    page = client.get("/certification-path/")
    assert page.status_code == 200
    assert 'name="months"' in page.text and 'name="supervised_by_ccm"' in page.text
    assert "path-result" not in page.text
    assert "csrf_token" not in page.text  # a GET form: nothing secret to protect


def test_visitor_gets_every_path_with_rule_source_and_dates(client) -> None:
    page = client.get("/certification-path/?degrees=BSN&credentials=RN&months=14&supervised_by_ccm=y")
    assert page.status_code == 200
    for code in ALL_CODES:
        assert f'id="path-{code}"' in page.text
    ccm = card(page.text, "CCM")
    assert "Eligible now" in ccm
    assert "Rule:" in ccm and "Source:" in ccm and "checked" in ccm
    rn = card(page.text, "RN")
    assert "Eligible now" in rn and "already held" in rn


def test_a_path_reachable_by_time_shows_its_earliest_date(client) -> None:
    page = client.get("/certification-path/?degrees=BSN&credentials=RN&months=2")
    ccm = card(page.text, "CCM")
    assert "Not yet" in ccm
    assert "more months needed" in ccm
    assert re.search(r"Earliest:\s*<strong>\d{2} \w+ \d{4}</strong>", ccm)


def test_unknown_codes_get_a_clear_message(client) -> None:
    page = client.get("/certification-path/?credentials=XYZ&months=3")
    assert page.status_code == 422
    [message] = errors(page.text)
    assert "Unknown credential code(s): XYZ" in message
    assert "path-result" not in page.text


@pytest.mark.parametrize("months", ["-3", "abc", ""])
def test_bad_months_get_a_clear_message(client, months: str) -> None:
    page = client.get(f"/certification-path/?months={months}")
    assert page.status_code == 422
    assert errors(page.text)
    assert "path-result" not in page.text


def test_negative_supervisor_months_are_refused(client) -> None:
    page = client.get("/certification-path/?months=3&supervisor_months=-1")
    assert page.status_code == 422
    assert errors(page.text) == ["Give a whole number of months, 0 or more."]


def test_candidate_page_is_prefilled_from_the_profile(client, auth, make_user) -> None:
    user = make_user(Role.CANDIDATE, email="kim@example.org")
    candidate = service.candidate_for_user(user)
    candidate.experience_months = 40
    candidate.credentials.extend(
        [
            CandidateCredential(code="RN", status="held"),
            CandidateCredential(code="LSW", status="expired"),
            CandidateCredential(code="NOTACODE", status="held"),
        ]
    )
    candidate.degrees.append(CandidateDegree(code="BSN"))
    db.session.commit()
    auth.login(user.email)

    page = client.get("/certification-path/")
    assert page.status_code == 200
    assert "Filled in from your profile" in page.text
    assert re.search(r'value="RN"[^>]*checked|checked[^>]*value="RN"', page.text)
    assert re.search(r'value="BSN"[^>]*checked|checked[^>]*value="BSN"', page.text)
    assert not re.search(r'value="LSW"[^>]*checked|checked[^>]*value="LSW"', page.text)  # expired is not held
    assert 'value="40"' in page.text
    assert "already held" in card(page.text, "RN")
    assert "Not yet" in card(page.text, "LSW")

    changed = client.get("/certification-path/?months=0")
    assert "Filled in from your profile" not in changed.text
    assert "Not yet" in card(changed.text, "RN")


def test_candidates_see_the_nav_link(client, auth, make_user) -> None:
    user = make_user(Role.CANDIDATE)
    auth.login(user.email)
    assert 'href="/certification-path/"' in client.get("/me/applications").text
