"""A builder form posted empty (or cut short by a flaky connection) gets its errors back, never a server error."""

from __future__ import annotations

from portal.models import Role


def test_empty_post_to_a_new_job_shows_the_errors(client, auth, make_user, make_org) -> None:
    auth.login(make_user(Role.EMPLOYER, organization=make_org()).email)
    response = client.post("/employer/jobs/new/hospital_utilization_review", data={})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'action="/employer/jobs/new/hospital_utilization_review"' in page
