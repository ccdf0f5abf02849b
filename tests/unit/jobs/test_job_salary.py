"""Salary benchmarks carry their sources, and a posted range is placed against them as guidance across units."""

from __future__ import annotations

import pytest

from portal.errors import InvalidInput
from portal.jobs import benchmark_for_template, compare_salary, get_benchmark, load_benchmarks, to_yearly
from portal.jobs.salary import (
    ABOVE_MEDIAN,
    ABOVE_RANGE,
    BELOW_MEDIAN,
    BELOW_RANGE,
    INCLUDES_MEDIAN,
    NO_BENCHMARK_IN_CURRENCY,
    OVERLAPS_RANGE,
    WITHIN_RANGE,
)


def test_every_figure_has_a_source_url_and_as_of() -> None:
    for benchmark in load_benchmarks().values():
        figures = [benchmark.median, benchmark.base, benchmark.additional]
        figures += [benchmark.percentile_25, benchmark.percentile_75]
        for figure in filter(None, figures):
            assert figure.source.startswith(("http://", "https://"))
            assert figure.as_of[:4].isdigit()


def test_case_manager_benchmark_shows_the_median_and_no_unconfirmed_range() -> None:
    us = get_benchmark("us_case_manager")
    assert (us.currency, us.unit, us.median.amount) == ("USD", "YEAR", 49623)
    assert us.base is not None and us.additional is not None
    assert (us.base.amount, us.additional.amount) == (39133, 10490)
    assert us.base.amount + us.additional.amount == us.median.amount
    assert not us.has_range


@pytest.mark.parametrize(
    ("key", "currency", "unit", "median", "p25", "p75"),
    [
        ("ng_lagos_health_service_commission", "NGN", "MONTH", 88000, None, None),
        ("bls_registered_nurses", "USD", "YEAR", 81220, 60110, 90760),
        ("bls_medical_health_services_managers", "USD", "YEAR", 110680, None, None),
        ("bls_social_human_service_assistants", "USD", "YEAR", 37610, None, None),
        ("bls_social_workers_all_other", "USD", "YEAR", 63770, 47770, 87730),
    ],
)
def test_reference_figures(key: str, currency: str, unit: str, median: int, p25: int | None, p75: int | None) -> None:
    benchmark = get_benchmark(key)
    assert (benchmark.currency, benchmark.unit, benchmark.median.amount) == (currency, unit, median)
    assert (benchmark.percentile_25.amount if benchmark.percentile_25 else None) == p25
    assert (benchmark.percentile_75.amount if benchmark.percentile_75 else None) == p75


def test_unit_conversion_uses_2080_hours_and_12_months() -> None:
    assert to_yearly(25, "HOUR") == 52000
    assert to_yearly(4000, "MONTH") == 48000
    assert to_yearly(50000, "YEAR") == 50000


def test_hourly_range_against_yearly_median() -> None:
    result = compare_salary(22, 28, "USD", "HOUR", get_benchmark("us_case_manager"))
    assert result.position == INCLUDES_MEDIAN
    assert (result.posted_min_in_benchmark_unit, result.posted_max_in_benchmark_unit) == (45760, 58240)
    assert "$22–$28 an hour is about $45,760–$58,240 a year (at 2,080 hours a year)" in result.guidance
    assert "median of $49,623 a year" in result.guidance
    assert "$39,133 is base pay and $10,490 additional pay" in result.guidance
    assert "only the median is shown" in result.guidance
    assert "guidance, not a verdict" in result.guidance
    assert result.sources == (get_benchmark("us_case_manager").median.source,)


def test_monthly_range_against_yearly_median() -> None:
    result = compare_salary(3000, 3500, "USD", "MONTH", get_benchmark("us_case_manager"))
    assert result.position == BELOW_MEDIAN
    assert (result.posted_min_in_benchmark_unit, result.posted_max_in_benchmark_unit) == (36000, 42000)
    assert "(at 12 months a year)" in result.guidance
    assert compare_salary(60000, 70000, "USD", "YEAR", get_benchmark("us_case_manager")).position == ABOVE_MEDIAN


def test_yearly_naira_range_against_monthly_lagos_figure() -> None:
    result = compare_salary(960_000, 1_200_000, "NGN", "YEAR", get_benchmark("ng_lagos_health_service_commission"))
    assert result.position == INCLUDES_MEDIAN
    assert (result.posted_min_in_benchmark_unit, result.posted_max_in_benchmark_unit) == (80000, 100000)
    assert result.benchmark_unit == "MONTH"
    assert "reported figure of ₦88,000 a month" in result.guidance
    assert "net pay" in result.guidance


@pytest.mark.parametrize(
    ("low", "high", "position", "words"),
    [
        (40000, 55000, BELOW_RANGE, "below that range"),
        (65000, 85000, WITHIN_RANGE, "within that range"),
        (55000, 70000, OVERLAPS_RANGE, "partly overlaps"),
        (95000, 110000, ABOVE_RANGE, "above that range"),
    ],
)
def test_range_positions_against_percentiles(low: int, high: int, position: str, words: str) -> None:
    result = compare_salary(low, high, "USD", "YEAR", get_benchmark("bls_registered_nurses"))
    assert result.position == position
    assert words in result.guidance
    assert "most likely range, is $60,110–$90,760 a year" in result.guidance


def test_different_currency_gets_no_comparison() -> None:
    result = compare_salary(50000, 60000, "EUR", "YEAR", get_benchmark("us_case_manager"))
    assert result.position == NO_BENCHMARK_IN_CURRENCY
    assert result.guidance.startswith("No benchmark in that currency")
    assert result.posted_min_in_benchmark_unit is None and result.posted_max_in_benchmark_unit is None


def test_compare_rejects_inverted_range_and_unknown_unit() -> None:
    benchmark = get_benchmark("us_case_manager")
    with pytest.raises(InvalidInput) as inverted:
        compare_salary(60000, 50000, "USD", "YEAR", benchmark)
    assert inverted.value.field == "salary.min"
    with pytest.raises(InvalidInput) as unit:
        compare_salary(1, 2, "USD", "WEEK", benchmark)
    assert unit.value.field == "salary.unit"


@pytest.mark.parametrize(
    ("template", "currency", "expected"),
    [
        ("general", "USD", "us_case_manager"),
        ("general", "NGN", "ng_lagos_health_service_commission"),
        ("hospital_utilization_review", "USD", "bls_registered_nurses"),
        ("insurance_preauthorization", "USD", "bls_registered_nurses"),
        ("legal", "USD", "bls_social_workers_all_other"),
        ("education_iep", "NGN", None),
        ("general", "GBP", None),
    ],
)
def test_benchmark_for_template(template: str, currency: str, expected: str | None) -> None:
    benchmark = benchmark_for_template(template, currency)
    assert (benchmark.key if benchmark else None) == expected


def test_benchmark_for_unknown_template_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        benchmark_for_template("astronaut", "USD")
