"""Score parsed resumes against a labelled set (labels.json in the resumes-dev format)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.extraction.model import EXPIRED, HELD, IN_PROGRESS, ParsedResume

# The codes a label set covers; anything else the parser finds (LMSW, CDMS, ...) is outside the comparison.
LABELLED_CODES = ("RN", "LPN", "LSW", "LISW", "LCSW", "LICSW", "CCM", "ACM", "C-SWCM", "C-ASWCM")
EXPERIENCE_TOLERANCE_MONTHS = 3


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the usual ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[Any], expected: set[Any]) -> None:
        """Add one document's predicted and expected sets."""
        self.tp += len(predicted & expected)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)

    @property
    def precision(self) -> float:
        """Share of predictions that were right (1.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of expected items that were found (1.0 when nothing was expected)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Every figure of one evaluation run, and the per-file differences that explain them."""

    documents: int = 0
    failed: list[str] = field(default_factory=list)
    held: Counts = field(default_factory=Counts)
    held_by_code: dict[str, Counts] = field(default_factory=dict)
    all_statuses: Counts = field(default_factory=Counts)
    all_by_code: dict[str, Counts] = field(default_factory=dict)
    status_right: int = 0
    status_total: int = 0
    foreign_codes: int = 0
    degrees: Counts = field(default_factory=Counts)
    states: Counts = field(default_factory=Counts)
    experience_within: int = 0
    experience_total: int = 0
    experience_abs_error: int = 0
    names_right: int = 0
    emails_right: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def status_accuracy(self) -> float:
        """Share of codes found with any status whose status matches the label."""
        return self.status_right / self.status_total if self.status_total else 1.0

    @property
    def experience_share(self) -> float:
        """Share of resumes whose experience is within the tolerance (both None counts as right)."""
        return self.experience_within / self.experience_total if self.experience_total else 1.0


def expected_statuses(label: Mapping[str, Any]) -> dict[str, str]:
    """Label lists as one status per code (held wins, as the label rules say)."""
    statuses: dict[str, str] = {}
    for status in (EXPIRED, IN_PROGRESS, HELD):
        for code in label.get(status, []) or []:
            statuses[code] = status
    return statuses


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def score(report: Report, file_name: str, parsed: ParsedResume, label: Mapping[str, Any]) -> None:
    """Add one parsed resume to the report."""
    report.documents += 1
    got = {c: s for c, s in parsed.credential_statuses().items() if c in LABELLED_CODES}
    want = expected_statuses(label)
    got_held = {c for c, s in got.items() if s == HELD}
    want_held = {c for c, s in want.items() if s == HELD}
    report.held.add(got_held, want_held)
    report.all_statuses.add(set(got.items()), set(want.items()))
    for code in LABELLED_CODES:
        report.held_by_code.setdefault(code, Counts()).add(got_held & {code}, want_held & {code})
        report.all_by_code.setdefault(code, Counts()).add(
            {(c, s) for c, s in got.items() if c == code}, {(c, s) for c, s in want.items() if c == code}
        )
    for code in got.keys() & want.keys():
        report.status_total += 1
        report.status_right += got[code] == want[code]
    report.foreign_codes += len(got.keys() - want.keys())
    got_degrees = {d.code for d in parsed.degrees}
    want_degrees = set(label.get("degrees", []) or [])
    report.degrees.add(got_degrees, want_degrees)
    # States as (code, state) pairs, for the labelled codes: where each license (or certification) was issued.
    got_states = {(m.code, st) for m in parsed.credentials if m.code in LABELLED_CODES for st in m.states}
    want_states = {(code, st) for code, states in (label.get("states") or {}).items() for st in states or []}
    report.states.add(got_states, want_states)
    report.experience_total += 1
    want_months, got_months = label.get("experience_months"), parsed.experience_months
    if want_months is None or got_months is None:
        within = want_months is None and got_months is None
    else:
        error = abs(want_months - got_months)
        report.experience_abs_error += error
        within = error <= EXPERIENCE_TOLERANCE_MONTHS
    report.experience_within += within
    report.names_right += _norm(parsed.name) == _norm(label.get("name"))
    report.emails_right += _norm(parsed.email) == _norm(label.get("email"))
    notes = []
    if got != want:
        notes.append(f"credentials {dict(sorted(got.items()))} != {dict(sorted(want.items()))}")
    if got_degrees != want_degrees:
        notes.append(f"degrees {sorted(got_degrees)} != {sorted(want_degrees)}")
    if got_states != want_states:
        notes.append(f"states {sorted(got_states)} != {sorted(want_states)}")
    if not within:
        notes.append(f"experience {got_months} != {want_months}")
    if _norm(parsed.name) != _norm(label.get("name")):
        notes.append(f"name {parsed.name!r} != {label.get('name')!r}")
    if _norm(parsed.email) != _norm(label.get("email")):
        notes.append(f"email {parsed.email!r} != {label.get('email')!r}")
    if notes:
        report.differences.append(f"{file_name}: " + "; ".join(notes))


def format_report(report: Report) -> Iterable[str]:
    """The report as lines of text for a terminal."""
    n = report.documents or 1
    yield f"documents: {report.documents} parsed, {len(report.failed)} failed"
    for failure in report.failed:
        yield f"  failed: {failure}"
    yield ""
    yield f"{'code':<9} {'held P':>7} {'held R':>7} {'held F1':>7}   {'all P':>7} {'all R':>7} {'all F1':>7}"
    for code in LABELLED_CODES:
        h, a = report.held_by_code.get(code, Counts()), report.all_by_code.get(code, Counts())
        if not (h.tp + h.fp + h.fn + a.tp + a.fp + a.fn):
            continue
        yield (
            f"{code:<9} {h.precision:7.3f} {h.recall:7.3f} {h.f1:7.3f}   {a.precision:7.3f} {a.recall:7.3f} {a.f1:7.3f}"
        )
    h, a = report.held, report.all_statuses
    yield f"{'overall':<9} {h.precision:7.3f} {h.recall:7.3f} {h.f1:7.3f}   " + (
        f"{a.precision:7.3f} {a.recall:7.3f} {a.f1:7.3f}"
    )
    yield ""
    yield f"status accuracy: {report.status_accuracy:.3f} ({report.status_right}/{report.status_total} codes found)"
    yield f"codes reported that the labels do not have (other people / other meanings): {report.foreign_codes}"
    d = report.degrees
    yield f"degrees: P {d.precision:.3f} R {d.recall:.3f} F1 {d.f1:.3f}"
    st = report.states
    yield f"states (code, state pairs): P {st.precision:.3f} R {st.recall:.3f} F1 {st.f1:.3f}"
    yield (
        f"experience within {EXPERIENCE_TOLERANCE_MONTHS} months: {report.experience_share:.3f} "
        f"({report.experience_within}/{report.experience_total}); total absolute error {report.experience_abs_error}"
    )
    yield f"names: {report.names_right / n:.3f}   emails: {report.emails_right / n:.3f}"
    if report.differences:
        yield ""
        yield "differences:"
        yield from (f"  {line}" for line in report.differences)
