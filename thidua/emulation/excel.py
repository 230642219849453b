"""Excel in and out: the data-entry template of a bloc's period, its upload, the results export.

The template carries the bloc and period ids in a hidden sheet so an upload made
from another bloc's or period's template is refused. Uploads are all-or-nothing,
with a Vietnamese message naming each bad cell.
"""

from __future__ import annotations

import io
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.lib import uploads
from thidua.lib.tabular import xlsx_bytes
from thidua.units.models import EmulationBloc, OrgUnit

from . import selectors, services
from .models import ReportingPeriod

META_SHEET = "_thidua"
DATA_SHEET = "Số liệu"
HEADERS = [
    "Mã đơn vị",
    "Đơn vị",
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Giá trị",
    "Tử số",
    "Mẫu số",
]
FIRST_ROW = 2


def template_bytes(period: ReportingPeriod, units: list[OrgUnit]) -> bytes:
    """One row per unit × indicator, prefilled with the values already entered."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    actual = selectors.actuals_for(period)
    for unit in units:
        for ind in selectors.period_indicators(period):
            av = actual.get((unit.id, ind.id))
            ws.append(
                [
                    unit.code,
                    unit.name,
                    ind.code,
                    ind.name,
                    "có/không" if ind.direction == "yes_no" else ind.unit_of_measure,
                    None if ind.is_share or av is None else av.value,
                    av.numerator if av and ind.is_share else None,
                    av.denominator if av and ind.is_share else None,
                ]
            )
    for i, width in enumerate([10, 24, 24, 48, 14, 12, 10, 10], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "F2"
    meta = wb.create_sheet(META_SHEET)
    meta.append(["bloc_id", period.bloc_id])
    meta.append(["period_id", period.id])
    meta.append(["year", period.year])
    meta.append(["period", period.period])
    meta.sheet_state = "hidden"
    return xlsx_bytes(wb)


def _read_meta(wb: Any) -> dict[str, Any]:
    if META_SHEET not in wb.sheetnames:
        raise ValidationError(
            {
                "file": "Tệp không phải mẫu nhập liệu của Thi đua (thiếu thông tin khối và kỳ)."
            }
        )
    return {
        row[0]: row[1]
        for row in wb[META_SHEET].iter_rows(values_only=True)
        if row and row[0]
    }


def _check_headers(wb: Any) -> None:
    """The template's columns, in order: a moved or deleted column would misread every row."""
    if DATA_SHEET not in wb.sheetnames:
        raise ValidationError(
            {"file": f"Tệp không có trang “{DATA_SHEET}” của mẫu nhập liệu."}
        )
    first = next(wb[DATA_SHEET].iter_rows(max_row=1, values_only=True), ())
    found = [str(v or "").strip() for v in first]
    wrong = {
        f"{get_column_letter(i)}1": f"Cột {get_column_letter(i)} phải là “{name}”"
        + (
            f" (tệp ghi “{found[i - 1]}”)."
            if i <= len(found) and found[i - 1]
            else " (tệp thiếu cột này)."
        )
        for i, name in enumerate(HEADERS, start=1)
        if i > len(found) or found[i - 1] != name
    }
    if wrong:
        raise ValidationError(wrong)


@transaction.atomic
def import_upload(
    *,
    period: ReportingPeriod,
    file: IO[bytes],
    by: Any,
    editable_unit_ids: set[int] | None,
) -> int:
    """Apply an uploaded template; every bad cell is reported and nothing is saved."""
    data = file.read(uploads.limit("max_bytes") + 1)
    try:
        uploads.check_xlsx(data)
    except uploads.UploadRefused as exc:
        raise ValidationError({"file": exc.messages}) from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise ValidationError(
            {"file": "Không đọc được tệp: cần tệp Excel (.xlsx) tải từ hệ thống."}
        ) from exc
    meta = _read_meta(wb)
    if meta.get("bloc_id") != period.bloc_id:
        raise ValidationError(
            {"file": "Tệp này là mẫu của khối thi đua khác: hãy tải mẫu của khối này."}
        )
    if meta.get("period_id") != period.id:
        raise ValidationError(
            {
                "file": f"Tệp này là mẫu của kỳ báo cáo khác (năm {meta.get('year')}): hãy tải mẫu của kỳ {period.code}."
            }
        )
    if period.status != ReportingPeriod.Status.OPEN:
        raise ValidationError(
            {
                "file": f"Kỳ báo cáo đang “{period.get_status_display()}”: không nhận số liệu (cần mở lại kỳ, ghi rõ lý do)."
            }
        )
    _check_headers(wb)
    members = {u.code: u for u in selectors.members(period.bloc, period.year)}
    indicators = {i.code: i for i in selectors.period_indicators(period)}
    sent = selectors.units_sent(period)
    errors: dict[str, str] = {}
    seen: dict[tuple[str, str], int] = {}
    rows: list[services.Entry] = []
    for r, row in enumerate(
        wb[DATA_SHEET].iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW
    ):
        if row is None or all(v in (None, "") for v in row[:8]):
            continue
        unit_code, _, ind_code, _, _, value, num, den = (list(row) + [None] * 8)[:8]
        unit_code, ind_code = str(unit_code or "").strip(), str(ind_code or "").strip()
        unit = members.get(unit_code)
        ind = indicators.get(ind_code)
        if unit is None:
            errors[f"A{r}"] = (
                f"Dòng {r}: mã đơn vị “{unit_code}” không thuộc khối năm {period.year}."
            )
            continue
        if editable_unit_ids is not None and unit.id not in editable_unit_ids:
            errors[f"A{r}"] = (
                f"Dòng {r}: bạn không có quyền nhập số liệu cho {unit.name}."
            )
            continue
        if unit.id in sent:
            errors[f"A{r}"] = (
                f"Dòng {r}: {unit.name} đã gửi số liệu kỳ này; "
                "muốn sửa, hãy rút lại số liệu đã gửi trước khi tải lên."
            )
            continue
        if ind is None:
            errors[f"C{r}"] = (
                f"Dòng {r}: mã chỉ tiêu “{ind_code}” không có trong kỳ báo cáo."
            )
            continue
        if (unit_code, ind_code) in seen:
            errors[f"C{r}"] = (
                f"Dòng {r}: trùng với dòng {seen[(unit_code, ind_code)]} ({unit.name}, {ind.name})."
            )
            continue
        seen[(unit_code, ind_code)] = r
        if all(v in (None, "") for v in (value, num, den)):
            continue  # left blank: nothing to enter for this row
        try:
            services.clean_entry(ind, value=value, numerator=num, denominator=den)
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                col = {"value": "F", "numerator": "G", "denominator": "H"}.get(
                    field, "F"
                )
                errors[f"{col}{r}"] = f"Ô {col}{r} ({unit.name}, {ind.name}): {msgs[0]}"
            continue
        rows.append((unit, ind, {"value": value, "numerator": num, "denominator": den}))
    if errors:
        raise ValidationError(errors)
    services.actuals_enter(
        period=period, entries=rows, by=by, source="Tải lên từ mẫu Excel"
    )
    return len(rows)


def results_bytes(
    bloc: EmulationBloc, years: list[int], *, drafts_of: set[int] | None
) -> bytes:
    """Every result of the bloc: one sheet of indicator values and one of scores per
    year; `drafts_of` as in selectors.results_json."""
    wb = Workbook()
    values = wb.active
    values.title = "Chỉ tiêu"
    values.append(
        [
            "Năm",
            "Mã đơn vị",
            "Đơn vị",
            "Mã chỉ tiêu",
            "Chỉ tiêu",
            "Thực hiện",
            "Hiển thị",
            "Kế hoạch",
            "% KH",
        ]
    )
    scores = wb.create_sheet("Xếp hạng")
    scores.append(["Năm", "Hạng", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Bước"])
    for ws in (values, scores):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    for year in years:
        data = selectors.results_json(bloc, year, drafts_of=drafts_of)
        for row in data["rows"]:
            scores.append(
                [
                    year,
                    row["rank"],
                    row["gso_code"],
                    row["unit"],
                    row["total"],
                    row["stage"],
                ]
            )
            for cell in row["indicators"]:
                pct = cell["percent_of_plan"]
                values.append(
                    [
                        year,
                        row["gso_code"],
                        row["unit"],
                        cell["indicator"],
                        cell["name"],
                        cell["actual"],
                        cell["actual_display"],
                        cell["plan"],
                        round(pct, 2) if pct is not None else None,
                    ]
                )
    for ws in (values, scores):
        for i in range(1, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(i)].width = 16
    return xlsx_bytes(wb)
