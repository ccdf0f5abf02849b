"""Find the candidate's own licenses and certifications in resume lines, with status, states, number and expiry."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from portal.catalog import Catalog
from portal.extraction.dates import DATE, find_ranges, parse_single_date
from portal.extraction.model import EXPIRED, HELD, IN_PROGRESS, CredentialMention
from portal.extraction.sections import BULLET, CREDENTIALS, EXPERIENCE, HEADER, Line
from portal.extraction.states import board_states_in, states_in

EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")

_EXPIRED_WORDS = re.compile(
    r"\b(expired|inactive|lapsed|former|formerly|previously held|not renewed|not current|no longer active|revoked|"
    r"surrendered|retired|no longer|did not renew|relinquished|discontinued|not active|lapse|allowed to lapse)\b",
    re.IGNORECASE,
)
_IN_PROGRESS_WORDS = re.compile(
    r"\b(eligible|eligibility|candidate|scheduled|pursuing|pending|studying|applied|applying|application|in progress|"
    r"in review|under review|preparing|enrolled|expected|anticipated|exam window|sitting for|sit for|will sit|"
    r"working toward|working towards|awaiting|in process|plan to|plans to|planning to|planned|intend to|"
    r"intending to|seeking|registered for|upcoming|will take|will be taking|target date|test date|exam date|"
    r"authorization to test)\b",
    re.IGNORECASE,
)
_EXPIRY_KEYWORD = re.compile(
    r"(?:\bexp(?:ires|iring|iration(?: date)?|\.|\b)|\bvalid (?:through|thru|until|to)|\bactive (?:through|thru|until)"
    r"|\bgood through|\bthrough\b|\bthru\b|\buntil\b|\brenew(?:s|al)? (?:due|by)\b)\s*(?:date)?\s*[:\-]?\s*",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?:#\s*|\b(?:no|num|number|id|pin|license|licence|cert|certificate)\b\.?\s*:?\s*#?\s*)"
    r"(?P<number>[A-Z]{0,4}[ .\-]?\d[\w.\-]*\w|\d)",
    re.IGNORECASE,
)
_JOINED_NUMBER = re.compile(r"\b(?P<number>[A-Z]{1,4}\.?\d{5,})\b")
# Words that, before a mention in the same clause, mean the sentence is about other people.
_OTHER_PEOPLE_CUES = re.compile(
    r"supervis|\bteams? of\b|\bwork(?:ed|ing|s)? with\b|alongside|\bpartner|collaborat|\bliais|"
    r"\bcoordinat(?:ed|es|ing) with\b|\bprecept|\btrain(?:ed|s|ing)\b|\bmentor|\boversaw\b|\boversee|\bstaff of\b|"
    r"\bwith the\b|\bby\b|\bhired\b|\brecruit|\bincluding\b|\bsuch as\b|disciplinary|\breport(?:ed|ing|s)? to\b|"
    r"\b(?:led|managed|assisted|supported|directed|consulted with|referred \w+ to|referred to)\s+(?:an?|the|\d+)\b",
    re.IGNORECASE,
)
_ROLE_PLURAL_AFTER = re.compile(
    r"^\s*(?:(?:case|care|clinical|field|home|health|nurse|nursing|social|work|team|unit|utilization|review|floor|"
    r"charge|staff)\s+){0,2}(managers|coordinators|colleagues|staff|nurses|workers|peers|teams|navigators|supervisors|"
    r"reviewers|members|specialists|clinicians|liaisons|partners|students|educators|preceptors|leaders|practitioners|"
    r"assistants|aides|therapists|directors|counterparts|others|employees|hires)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;:!?(]\s")
_SEPARATOR = re.compile(r"[;,|]|\s[-–—]\s|[.!?](?:\s|$)")


def quick_filter(abbreviations: set[str], titles: set[str]) -> re.Pattern[str]:
    """A cheap regex of bare literals that every line with a mention matches; most lines are skipped with it."""
    literals = sorted({re.escape(a) for a in abbreviations}, key=len, reverse=True)
    spelled = sorted({r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", t)) for t in titles}, key=len)
    return re.compile("|".join(literals + [f"(?i:{'|'.join(spelled)})"] if spelled else literals))


@dataclass(frozen=True)
class _Matcher:
    quick: re.Pattern[str]
    regex: re.Pattern[str]
    codes: dict[str, str]
    exams: frozenset[str]
    titles: frozenset[str]
    other_meanings: dict[str, tuple[re.Pattern[str], ...]]


def _abbreviation_pattern(alias: str) -> str:
    return (
        r"(?<![A-Za-z0-9@/#.\-])"
        + re.escape(alias)
        + r"(?![A-Za-z0-9@]|[.\-]?\d|['’]s\b|-to\b|-(?!eligible|candidate)[A-Za-z])"
    )


def _title_pattern(title: str) -> str:
    words = [re.escape(w) for w in re.split(r"[\s\-]+", title)]
    return r"(?<![A-Za-z])(?i:" + r"[\s\-]+".join(words) + r")(?![A-Za-z])"


def _meaning_pattern(word: str) -> re.Pattern[str]:
    # Upper-case entries (SIG, CMAA) are acronyms: match them case-sensitively as word starts.
    if word.isupper():
        return re.compile(r"\b" + re.escape(word))
    return re.compile(r"\b" + re.escape(word), re.IGNORECASE)


@lru_cache(maxsize=4)
def _build_matcher(catalog: Catalog) -> _Matcher:
    alternatives: list[tuple[int, str, str, str, str]] = []
    abbreviations: set[str] = set()
    spelled: set[str] = set()
    for entry in catalog.entries:
        if entry.kind == "degree":
            continue
        abbreviations.update({entry.code, *entry.aliases, *entry.exam_aliases})
        spelled.update(entry.titles)
        for alias in {entry.code, *entry.aliases}:
            alternatives.append((len(alias), _abbreviation_pattern(alias), entry.code, alias, "abbreviation"))
        for title in entry.titles:
            alternatives.append((len(title), _title_pattern(title), entry.code, title, "title"))
        for exam in entry.exam_aliases:
            alternatives.append((len(exam), _abbreviation_pattern(exam), entry.code, exam, "exam"))
    alternatives.sort(key=lambda item: -item[0])  # longest first, so "ACM-RN" wins over "ACM" and "RN"
    parts: list[str] = []
    codes: dict[str, str] = {}
    exams: set[str] = set()
    titles: set[str] = set()
    for index, (_, pattern, code, _alias, form) in enumerate(alternatives):
        group = f"g{index}"
        parts.append(f"(?P<{group}>{pattern})")
        codes[group] = code
        if form == "exam":
            exams.add(group)
        elif form == "title":
            titles.add(group)
    meanings = {
        e.code: tuple(_meaning_pattern(w) for w in e.other_meanings) for e in catalog.entries if e.other_meanings
    }
    return _Matcher(
        quick_filter(abbreviations, spelled),
        re.compile("|".join(parts)),
        codes,
        frozenset(exams),
        frozenset(titles),
        meanings,
    )


_MATCHERS: dict[int, tuple[Catalog, _Matcher]] = {}


def _matcher(catalog: Catalog) -> _Matcher:
    """The compiled matcher for a catalog, keyed by identity: hashing the whole catalog on every call is slow."""
    cached = _MATCHERS.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        cached = (catalog, _build_matcher(catalog))
        _MATCHERS[id(catalog)] = cached
    return cached[1]


def _mentions(matcher: _Matcher, text: str) -> Iterator[re.Match[str]]:
    """Full matches, tried only where the cheap filter found a literal: far faster than scanning every position."""
    end = 0
    for candidate in matcher.quick.finditer(text):
        if candidate.start() < end:
            continue
        match = matcher.regex.match(text, candidate.start())
        if match is not None:
            end = match.end()
            yield match


def _has_mention(matcher: _Matcher, text: str) -> bool:
    return next(_mentions(matcher, _blank_emails(text)), None) is not None


def _blank_emails(text: str) -> str:
    return EMAIL.sub(lambda m: " " * len(m.group(0)), text)


def _is_table_row(text: str) -> bool:
    return text.count(" | ") >= 2


_TABLE_BORDER = re.compile(r"^\s*[+|]?(?:[-=+|:\s]*[-=]){3,}[-=+|:\s]*$")


def _cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.strip().strip("|").split("|")]


def label_table_rows(lines: list[Line]) -> list[Line]:
    """Write a text table's column headers into its rows ("Expires: 09/30/2026"), as DOCX tables are written.

    A bare date under an "Expires" column is an expiry date only when the row says so; the header row is the first row
    of the table when it holds no digits.
    """
    result = list(lines)
    index = 0
    while index < len(lines):
        if not _is_table_row(lines[index].text):
            index += 1
            continue
        block = [index]
        following = index + 1
        while following < len(lines) and (
            _is_table_row(lines[following].text) or _TABLE_BORDER.match(lines[following].text or "-")
        ):
            if lines[following].text.strip():
                block.append(following)
            following += 1
        rows = [i for i in block if _is_table_row(lines[i].text)]
        header = _cells(lines[rows[0]].text)
        if len(rows) > 1 and not any(ch.isdigit() for ch in lines[rows[0]].text):
            for row in rows[1:]:
                cells = _cells(lines[row].text)
                if any(c.startswith(f"{h}:") for h, c in zip(header, cells, strict=False) if h):
                    break  # the rows already carry their labels
                labelled = [f"{h}: {c}" if h and c else c for h, c in zip(header, cells, strict=False)]
                labelled += cells[len(header) :]
                line = lines[row]
                result[row] = Line(line.number, " | ".join(labelled), line.kinds, line.heading)
        index = following
    return result


def _continuation(lines: list[Line], index: int, matcher: _Matcher) -> str:
    """Lines that finish a wrapped credential entry (a PDF often breaks "exp." from its date)."""
    line = lines[index]
    extra: list[str] = []
    for following in lines[index + 1 : index + 3]:
        text = following.text.strip()
        if not text or following.heading or BULLET.match(following.text) or _is_table_row(text):
            break
        if _has_mention(matcher, text) or EMAIL.search(text) or HEADER in line.kinds:
            break
        starts_softly = text[0] in "(" or text[0].islower() or text[0].isdigit()
        if CREDENTIALS not in line.kinds and not starts_softly:
            break
        extra.append(text)
    return " ".join(extra)


def _about_other_people(text: str, start: int, end: int, is_title: bool, after: str) -> bool:
    """True for "supervised a team of ...", "worked with the ..." and "RN case managers" (a plural role)."""
    clause_start = 0
    for brk in _CLAUSE_BREAK.finditer(text, 0, start):
        clause_start = brk.end()
    if _OTHER_PEOPLE_CUES.search(text[clause_start:start]):
        return True
    return not is_title and bool(_ROLE_PLURAL_AFTER.match(after))


def _other_meaning(matcher: _Matcher, code: str, window: str) -> bool:
    return any(p.search(window) for p in matcher.other_meanings.get(code, ()))


def _split_between(region: str) -> tuple[str, str]:
    """Split the text between two mentions at its last separator: the left part belongs to the earlier mention.

    A parenthesis opened before the later mention and not closed ("expired 2016 (upgraded to LCSW") is an aside about
    the later mention, so the split falls at that parenthesis and the words before it stay with the earlier one.
    """
    opened = region.rfind("(")
    if opened != -1 and ")" not in region[opened:]:
        return region[:opened], region[opened + 1 :]
    separators = list(_SEPARATOR.finditer(region))
    if not separators:
        return region, ""
    return region[: separators[-1].start()], region[separators[-1].end() :]


_SHORT_MONTH_YEAR = re.compile(r"(0?[1-9]|1[0-2])/(\d{2})(?![\d/])")


def _expiry(segment: str) -> date | None:
    for keyword in _EXPIRY_KEYWORD.finditer(segment):
        after = segment[keyword.end() :].lstrip()
        match = DATE.match(after)
        if match is not None:
            return parse_single_date(match.group(0), end_of_period=True)
        short = _SHORT_MONTH_YEAR.match(after)
        if short is not None:  # "exp. 06/27": after an expiry word a two-digit year is this century's
            month, year = int(short.group(1)), 2000 + int(short.group(2))
            return date(year, month, calendar.monthrange(year, month)[1])
    return None


def status_of(segment: str, as_of: date) -> tuple[str, date | None]:
    """Status from the words around a mention: lapsed words, then not-yet words, then a past expiry date."""
    expires = _expiry(segment)
    if _EXPIRED_WORDS.search(segment):
        return EXPIRED, expires
    if _IN_PROGRESS_WORDS.search(segment):
        return IN_PROGRESS, expires
    if expires is not None and expires < as_of:
        return EXPIRED, expires
    return HELD, expires


def _number(segment: str, matched_text: str) -> str | None:
    for pattern in (_NUMBER, _JOINED_NUMBER):
        for match in pattern.finditer(segment):
            value = match.group("number").strip(" .-")
            if re.fullmatch(r"(?:19|20)\d{2}", value) or re.fullmatch(r"\d{1,2}/\d{2,4}.*", value):
                continue
            if value and value != matched_text:
                return value
    return None


@dataclass
class _Hit:
    code: str
    start: int
    end: int
    exam: bool
    text: str


def _hits(text: str, matcher: _Matcher, next_line: str) -> list[_Hit]:
    window = f"{text} {next_line}"
    hits: list[_Hit] = []
    for match in _mentions(matcher, text):
        group = match.lastgroup
        assert group is not None
        code = matcher.codes[group]
        is_title = group in matcher.titles
        if _other_meaning(matcher, code, window):
            continue
        # The words after a mention may wrap onto the next line in a PDF ("RN case / managers").
        if _about_other_people(text, match.start(), match.end(), is_title, f"{text[match.end() :]} {next_line}"):
            continue
        hit = _Hit(code, match.start(), match.end(), group in matcher.exams, match.group(0))
        previous = hits[-1] if hits else None
        # "Certified Case Manager (CCM)" is one mention written twice.
        if previous and previous.code == code and not re.search(r"[A-Za-z0-9]", text[previous.end : hit.start]):
            previous.end = hit.end
            previous.exam = previous.exam and hit.exam
            continue
        hits.append(hit)
    return hits


def find_credentials(lines: list[Line], catalog: Catalog, as_of: date) -> list[CredentialMention]:
    """Return every credential mention that is the candidate's own, one per code per line."""
    matcher = _matcher(catalog)
    lines = label_table_rows(lines)
    mentions: dict[tuple[str, str, str], CredentialMention] = {}
    past_positions: set[tuple[str, str, str]] = set()
    for index, line in enumerate(lines):
        if not matcher.quick.search(line.text):
            continue
        text = _blank_emails(line.text)
        tail = _continuation(lines, index, matcher)
        full = f"{text} {tail}" if tail else text
        next_line = lines[index + 1].text if index + 1 < len(lines) else ""
        hits = _hits(text, matcher, next_line)
        prose = len(text.split()) > 18 and not _is_table_row(text)
        for i, hit in enumerate(hits):
            if i == 0:
                prefix = text[: hit.start]
            else:
                prefix = _split_between(text[hits[i - 1].end : hit.start])[1]
            if i + 1 < len(hits):
                suffix = _split_between(text[hit.end : hits[i + 1].start])[0]
            else:
                suffix = full[hit.end :]
            segment = f"{prefix} {suffix}"
            status, expires = status_of(segment, as_of)
            if hit.exam and status != IN_PROGRESS:
                continue  # "passed the NCLEX" says nothing a license line would not say better
            evidence = " ".join(full.split())
            mention = CredentialMention(
                code=hit.code,
                status=status,
                states=board_states_in(segment) if prose else states_in(segment),
                number=None if prose else _number(segment, hit.text),
                expires=expires,
                evidence=evidence,
            )
            key = (hit.code, status, evidence)
            if key in mentions:
                mention = _merge(mentions[key], mention)
            mentions[key] = mention
            if _is_past_position(lines, index, as_of):
                past_positions.add(key)
    # A job title in an ended position ("Licensed Practical Nurse, 2004 - 2010") says what the person was then; when
    # anything else speaks of the same code, that says what it is now.
    spoken_of = {key[0] for key in mentions if key not in past_positions}
    return [m for key, m in mentions.items() if key not in past_positions or key[0] not in spoken_of]


def _is_past_position(lines: list[Line], index: int, as_of: date) -> bool:
    """True for a work-history line whose dates (on it or on the line below) all ended before as_of's month."""
    line = lines[index]
    if EXPERIENCE not in line.kinds or CREDENTIALS in line.kinds:
        return False
    ranges = find_ranges(line.text, as_of)
    if not ranges and index + 1 < len(lines):
        ranges = find_ranges(lines[index + 1].text, as_of)
    return bool(ranges) and all(r.end < (as_of.year, as_of.month) for r in ranges)


def _merge(first: CredentialMention, second: CredentialMention) -> CredentialMention:
    """One mention per code and status per line: "Licensed ... Worker-Clinical (LCSW-C), Maryland" is one license."""
    return CredentialMention(
        code=first.code,
        status=first.status,
        states=tuple(dict.fromkeys(first.states + second.states)),
        number=first.number or second.number,
        expires=first.expires or second.expires,
        evidence=first.evidence,
    )
