"""Salary benchmarks (data) and the guidance that places a posted pay range against one of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from portal.errors import CatalogError, InvalidInput
from portal.jobs._data import DATA_DIR, is_as_of, is_source, is_url, read_json_object
from portal.jobs.vocabulary import SALARY_UNITS, load_currencies

HOURS_PER_YEAR = 2080  # 40 hours x 52 weeks: the usual US full-time convention
MONTHS_PER_YEAR = 12

BENCHMARKS_FILE = "salary_benchmarks.json"

_UNIT_WORDS = {"YEAR": "a year", "MONTH": "a month", "HOUR": "an hour"}
_TO_YEAR = {"YEAR": 1, "MONTH": MONTHS_PER_YEAR, "HOUR": HOURS_PER_YEAR}

NO_BENCHMARK_IN_CURRENCY = "no_benchmark_in_currency"
BELOW_RANGE = "below_range"
WITHIN_RANGE = "within_range"
OVERLAPS_RANGE = "overlaps_range"
ABOVE_RANGE = "above_range"
BELOW_MEDIAN = "below_median"
INCLUDES_MEDIAN = "includes_median"
ABOVE_MEDIAN = "above_median"


@dataclass(frozen=True)
class SalaryFigure:
    """One published pay figure with the page it was read from and the date it describes."""

    amount: float
    source: str
    as_of: str


@dataclass(frozen=True)
class SalaryBenchmark:
    """A pay benchmark for a role: a median, optionally a 25th-75th percentile range, in one currency and unit."""

    key: str
    label: str
    currency: str
    unit: str
    pay_basis: str
    median: SalaryFigure
    median_label: str
    base: SalaryFigure | None
    additional: SalaryFigure | None
    percentile_25: SalaryFigure | None
    percentile_75: SalaryFigure | None
    note: str

    @property
    def has_range(self) -> bool:
        """True when both percentiles of the 'most likely range' are known."""
        return self.percentile_25 is not None and self.percentile_75 is not None

    @property
    def sources(self) -> tuple[str, ...]:
        """Distinct source URLs behind this benchmark's figures, in the order shown."""
        figures = (self.median, self.base, self.additional, self.percentile_25, self.percentile_75)
        return tuple(dict.fromkeys(f.source for f in figures if f is not None))


@dataclass(frozen=True)
class SalaryComparison:
    """Where a posted pay range sits against a benchmark, as guidance text for the employer (never a verdict)."""

    benchmark_key: str
    position: str
    posted_min_in_benchmark_unit: float | None
    posted_max_in_benchmark_unit: float | None
    benchmark_unit: str
    guidance: str
    sources: tuple[str, ...]


def to_yearly(amount: float, unit: str) -> float:
    """Convert an amount per HOUR, MONTH or YEAR to a yearly equivalent (2,080 hours, 12 months)."""
    if unit not in _TO_YEAR:
        raise InvalidInput(f"unit must be one of {', '.join(SALARY_UNITS)}, not {unit!r}", field="salary.unit")
    return amount * _TO_YEAR[unit]


def convert_amount(amount: float, from_unit: str, to_unit: str) -> float:
    """Convert a pay amount between HOUR, MONTH and YEAR through its yearly equivalent."""
    yearly = to_yearly(amount, from_unit)
    if to_unit not in _TO_YEAR:
        raise InvalidInput(f"unit must be one of {', '.join(SALARY_UNITS)}, not {to_unit!r}", field="salary.unit")
    return yearly / _TO_YEAR[to_unit]


def format_money(amount: float, currency: str) -> str:
    """Write an amount with its currency symbol and thousands separators, e.g. '$49,623' or '₦88,000'."""
    rule = load_currencies().get(currency)
    digits = f"{amount:,.0f}" if abs(amount) >= 100 or float(amount).is_integer() else f"{amount:,.2f}"
    return f"{rule.symbol}{digits}" if rule else f"{currency} {digits}"


def format_range(low: float, high: float, currency: str, unit: str) -> str:
    """Write a pay range like '$45,000–$55,000 a year' (or one amount when low equals high)."""
    words = _UNIT_WORDS[unit]
    if low == high:
        return f"{format_money(low, currency)} {words}"
    return f"{format_money(low, currency)}–{format_money(high, currency)} {words}"


def compare_salary(
    min_amount: float, max_amount: float, currency: str, unit: str, benchmark: SalaryBenchmark
) -> SalaryComparison:
    """Place a posted range against a benchmark, converting units; different currencies get no comparison."""
    if unit not in _TO_YEAR:
        raise InvalidInput(f"unit must be one of {', '.join(SALARY_UNITS)}, not {unit!r}", field="salary.unit")
    if min_amount > max_amount:
        raise InvalidInput("the minimum is above the maximum", field="salary.min")
    posted = format_range(min_amount, max_amount, currency, unit)
    if currency != benchmark.currency:
        guidance = (
            f"No benchmark in that currency: your range is in {currency} and the benchmark "
            f"'{benchmark.label}' is in {benchmark.currency}. The portal does not convert currencies, "
            "because exchange rates say little about local pay."
        )
        return SalaryComparison(
            benchmark_key=benchmark.key,
            position=NO_BENCHMARK_IN_CURRENCY,
            posted_min_in_benchmark_unit=None,
            posted_max_in_benchmark_unit=None,
            benchmark_unit=benchmark.unit,
            guidance=guidance,
            sources=benchmark.sources,
        )

    target = benchmark.unit
    low = convert_amount(min_amount, unit, target)
    high = convert_amount(max_amount, unit, target)
    sentences = [f"Your range is {posted}."]
    if unit != target:
        basis = f"{HOURS_PER_YEAR:,} hours a year" if "HOUR" in (unit, target) else f"{MONTHS_PER_YEAR} months a year"
        sentences[0] = f"Your range of {posted} is about {format_range(low, high, currency, target)} (at {basis})."
    median = benchmark.median
    label = benchmark.median_label
    sentences.append(
        f"The benchmark '{benchmark.label}' has a {label} of {format_money(median.amount, currency)} "
        f"{_UNIT_WORDS[target]} (as of {median.as_of}; source: {median.source})."
    )
    if benchmark.base is not None and benchmark.additional is not None:
        sentences.append(
            f"Of that, {format_money(benchmark.base.amount, currency)} is base pay and "
            f"{format_money(benchmark.additional.amount, currency)} additional pay."
        )
    if benchmark.percentile_25 is not None and benchmark.percentile_75 is not None:
        p25, p75 = benchmark.percentile_25, benchmark.percentile_75
        sentences.append(
            f"Its 25th to 75th percentile, the most likely range, is "
            f"{format_range(p25.amount, p75.amount, currency, target)} (as of {p25.as_of})."
        )
        position = _position_against_range(low, high, p25.amount, p75.amount)
        sentences.append(_RANGE_WORDS[position])
    else:
        position = _position_against_median(low, high, median.amount)
        sentences.append(_MEDIAN_WORDS[position].format(label=label))
        sentences.append(
            f"No 25th to 75th percentile range is confirmed for this benchmark, so only the {label} is shown."
        )
    sentences.append(f"Pay basis: {benchmark.pay_basis}.")
    sentences.append(
        "A benchmark is guidance, not a verdict: location, setting, required credentials, "
        "shift pattern and benefits can all justify a different range."
    )
    return SalaryComparison(
        benchmark_key=benchmark.key,
        position=position,
        posted_min_in_benchmark_unit=low,
        posted_max_in_benchmark_unit=high,
        benchmark_unit=target,
        guidance=" ".join(sentences),
        sources=benchmark.sources,
    )


_RANGE_WORDS = {
    BELOW_RANGE: "Your whole range sits below that range.",
    WITHIN_RANGE: "Your range sits within that range.",
    OVERLAPS_RANGE: "Your range partly overlaps that range.",
    ABOVE_RANGE: "Your whole range sits above that range.",
}
_MEDIAN_WORDS = {
    BELOW_MEDIAN: "Your whole range sits below the {label}.",
    INCLUDES_MEDIAN: "Your range includes the {label}.",
    ABOVE_MEDIAN: "Your whole range sits above the {label}.",
}


def _position_against_range(low: float, high: float, p25: float, p75: float) -> str:
    if high < p25:
        return BELOW_RANGE
    if low > p75:
        return ABOVE_RANGE
    if low >= p25 and high <= p75:
        return WITHIN_RANGE
    return OVERLAPS_RANGE


def _position_against_median(low: float, high: float, median: float) -> str:
    if high < median:
        return BELOW_MEDIAN
    if low > median:
        return ABOVE_MEDIAN
    return INCLUDES_MEDIAN


@cache
def load_benchmarks() -> Mapping[str, SalaryBenchmark]:
    """All salary benchmarks from salary_benchmarks.json, keyed by benchmark key (validated on load)."""
    path = DATA_DIR / BENCHMARKS_FILE
    data = read_json_object(path)
    if not is_source(data.get("source")):
        raise CatalogError(f"{BENCHMARKS_FILE}: field 'source' must be a non-empty string")
    if not is_as_of(data.get("as_of")):
        raise CatalogError(f"{BENCHMARKS_FILE}: field 'as_of' must be a date written YYYY-MM-DD or YYYY-MM")
    entries = data.get("benchmarks")
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"{BENCHMARKS_FILE}: field 'benchmarks' must be a non-empty list")
    benchmarks: dict[str, SalaryBenchmark] = {}
    for index, entry in enumerate(entries):
        benchmark = _parse_benchmark(entry, f"benchmarks[{index}]")
        if benchmark.key in benchmarks:
            raise CatalogError(f"{BENCHMARKS_FILE}: field 'benchmarks[{index}].key' repeats {benchmark.key!r}")
        benchmarks[benchmark.key] = benchmark
    return MappingProxyType(benchmarks)


def get_benchmark(key: str) -> SalaryBenchmark:
    """The benchmark with this key; InvalidInput when there is none."""
    try:
        return load_benchmarks()[key]
    except KeyError:
        raise InvalidInput(f"there is no salary benchmark {key!r}", field="benchmark") from None


def benchmark_for_template(template_key: str, currency: str) -> SalaryBenchmark | None:
    """The first benchmark a template points to in this currency, or None when it has none in that currency."""
    from portal.jobs.job_templates import get_template  # templates validate against benchmarks: avoid a cycle

    template = get_template(template_key)
    benchmarks = load_benchmarks()
    for key in template.salary_benchmarks:
        if benchmarks[key].currency == currency:
            return benchmarks[key]
    return None


def _parse_benchmark(entry: Any, where: str) -> SalaryBenchmark:
    def fail(field: str, problem: str) -> CatalogError:
        return CatalogError(f"{BENCHMARKS_FILE}: field '{where}.{field}' {problem}")

    if not isinstance(entry, dict):
        raise CatalogError(f"{BENCHMARKS_FILE}: field '{where}' must be an object")
    for field in ("key", "label", "median_label", "pay_basis", "note"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise fail(field, "must be a non-empty string")
    currency = entry.get("currency")
    if currency not in load_currencies():
        raise fail("currency", f"must be one of {', '.join(load_currencies())}")
    if entry.get("unit") not in SALARY_UNITS:
        raise fail("unit", f"must be one of {', '.join(SALARY_UNITS)}")

    def figure(field: str, required: bool) -> SalaryFigure | None:
        raw = entry.get(field)
        if raw is None and not required:
            return None
        if not isinstance(raw, dict):
            raise fail(field, "must be an object with amount, source and as_of")
        amount = raw.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, int | float) or amount <= 0:
            raise fail(f"{field}.amount", "must be a positive number")
        if not is_url(raw.get("source")):
            raise fail(f"{field}.source", "must be an http(s) URL")
        if not is_as_of(raw.get("as_of")):
            raise fail(f"{field}.as_of", "must be a date written YYYY-MM-DD or YYYY-MM")
        return SalaryFigure(amount=amount, source=raw["source"], as_of=raw["as_of"])

    median = figure("median", required=True)
    assert median is not None  # required=True never returns None
    p25, p75 = figure("percentile_25", False), figure("percentile_75", False)
    if (p25 is None) != (p75 is None):
        raise fail("percentile_75", "and percentile_25 must be given together or not at all")
    if p25 is not None and p75 is not None and not p25.amount <= p75.amount:
        raise fail("percentile_25", "must not be above percentile_75")
    return SalaryBenchmark(
        key=entry["key"],
        label=entry["label"],
        currency=currency,
        unit=entry["unit"],
        pay_basis=entry["pay_basis"],
        median=median,
        median_label=entry["median_label"],
        base=figure("base", False),
        additional=figure("additional", False),
        percentile_25=p25,
        percentile_75=p75,
        note=entry["note"],
    )
