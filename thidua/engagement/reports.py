"""The editor's visit report as an .xlsx workbook."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Font

from thidua.lib.tabular import xlsx_bytes

from .selectors import visit_report


def visit_report_xlsx(start: dt.date, end: dt.date) -> bytes:
    report = visit_report(start, end)
    wb = Workbook()
    ws = wb.active
    ws.title = "Theo ngày"
    ws.append([f"Thống kê truy cập từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(["Ngày", "Lượt xem", "Khách (trong ngày)", "Lượt truy cập của máy (bot)"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in report["rows"]:
        ws.append([row["day"], row["views"], row["visitors"], row["bots"]])
        ws.cell(ws.max_row, 1).number_format = "DD/MM/YYYY"
    totals = report["totals"]
    ws.append(["Tổng", totals["views"], totals["visitors"], totals["bots"]])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 14
    for col in "BCD":
        ws.column_dimensions[col].width = 22

    top = wb.create_sheet("Bài xem nhiều")
    top.append(["Trang", "Lượt xem"])
    for cell in top[1]:
        cell.font = Font(bold=True)
    for row in report["top"]:
        top.append([row["title"], row["views"]])
    top.column_dimensions["A"].width = 80
    return xlsx_bytes(wb)
