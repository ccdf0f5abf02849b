"""Job-description templates, salary benchmarks, the JobSpec they build and its schema.org JSON-LD (pure domain code).

No Flask and no database here: services and blueprints call these functions and pass plain values in.
"""

from portal.jobs.job_templates import JobTemplate, check_templates, get_template, load_templates
from portal.jobs.jsonld import jobposting_jsonld, jsonld_dumps, jsonld_script_tag
from portal.jobs.salary import (
    SalaryBenchmark,
    SalaryComparison,
    SalaryFigure,
    benchmark_for_template,
    compare_salary,
    get_benchmark,
    load_benchmarks,
    to_yearly,
)
from portal.jobs.sanitize import description_text, sanitize_description
from portal.jobs.spec import JobSpec, Location, SalaryRange, spec_from_json, spec_from_template, spec_to_json
from portal.jobs.vocabulary import EMPLOYMENT_TYPES, SALARY_UNITS, WORK_SETTINGS, load_currencies, load_degrees

__all__ = [
    "EMPLOYMENT_TYPES",
    "SALARY_UNITS",
    "WORK_SETTINGS",
    "JobSpec",
    "JobTemplate",
    "Location",
    "SalaryBenchmark",
    "SalaryComparison",
    "SalaryFigure",
    "SalaryRange",
    "benchmark_for_template",
    "check_templates",
    "compare_salary",
    "description_text",
    "get_benchmark",
    "get_template",
    "jobposting_jsonld",
    "jsonld_dumps",
    "jsonld_script_tag",
    "load_benchmarks",
    "load_currencies",
    "load_degrees",
    "load_templates",
    "sanitize_description",
    "spec_from_json",
    "spec_from_template",
    "spec_to_json",
    "to_yearly",
]
