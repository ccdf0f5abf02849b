"""Fixtures for the jobs package: the portal's credential codes, a fixed 'today' and a valid job file factory."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tests.unit.jobs.job_samples import PORTAL_CREDENTIAL_CODES, TODAY, VALID_JOB


@pytest.fixture
def known_codes() -> list[str]:
    return list(PORTAL_CREDENTIAL_CODES)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def make_job() -> Callable[..., dict[str, Any]]:
    """A fresh, valid job file dict; keyword arguments replace top-level fields."""

    def make(**changes: Any) -> dict[str, Any]:
        job = copy.deepcopy(VALID_JOB)
        job.update(copy.deepcopy(changes))
        return job

    return make
