"""The award statistics as an .xlsx workbook (one sheet per breakdown)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from thidua.lib.tabular import xlsx_bytes

from .selectors import AwardStats


def stats_xlsx(stats: AwardStats, title: str) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "Tỷ lệ"
    summary.append([title])
    summary.append(["Tổng số khen thưởng", stats.total])
    summary.append([])
    summary.append(["Nhóm", "Số lượng", "Trên tổng", "Tỷ lệ", "Tính trên"])
    for cell in summary[4]:
        cell.font = Font(bold=True)
    for share in stats.shares:
        row = [share.label, share.count, share.total, share.ratio, share.of]
        summary.append(row)
        summary.cell(row=summary.max_row, column=4).number_format = "0.0%"
    summary.column_dimensions["A"].width = 60
    for name, rows in (
        ("Theo hình thức", stats.by_form),
        ("Theo cấp", stats.by_level),
        ("Theo năm", stats.by_year),
        ("Theo đơn vị", [(r.label, r.count) for r in stats.by_unit]),
        ("Theo đối tượng", stats.by_kind),
    ):
        sheet = book.create_sheet(name)
        sheet.append([name.removeprefix("Theo ").capitalize(), "Số lượng"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for label, value in rows:
            sheet.append([label, value])
        sheet.column_dimensions["A"].width = 45
    # every unit holding awards, not only the chart's top ones (bounded by the
    # number of units, a few tens of thousands nationally)
    detail = book.create_sheet("Chi tiết đơn vị")
    detail.append(["Đơn vị", "Thuộc", "Số lượng"])
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for unit, group, count in stats.unit_detail:
        detail.append([unit, group, count])
    detail.column_dimensions["A"].width = detail.column_dimensions["B"].width = 45
    return xlsx_bytes(book)
