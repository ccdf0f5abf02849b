"""Reports as CSV text and as an Excel workbook (one sheet per report), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from portal.reports.model import Cell, Table

# A cell starting with one of these is run as a formula by spreadsheet programs; job titles are typed by users.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula (a leading apostrophe disarms it)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: Cell) -> Cell:
    return safe_text(value) if isinstance(value, str) else value


def to_csv(table: Table) -> str:
    """One report as CSV: a header row then the rows; dates as YYYY-MM-DD, empty cells for unknown values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else _cell(v) for v in row])
    return out.getvalue()


def sheet_title(title: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts (31 characters, no []:*?/\\) and not yet used in the workbook."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "Report"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per report: bold headers, numbers as numbers, dates as dates."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.title, taken))
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                elif isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        for index, header in enumerate(table.headers, start=1):
            width = max([len(header), *(len(str(r[index - 1])) for r in table.rows if r[index - 1] is not None)])
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(60, width + 2)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
