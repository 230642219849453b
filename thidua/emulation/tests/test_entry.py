"""Data entry: validation, the grid, Excel in and out, submit → approve → lock, reopening, access."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from thidua.core.models import AuditEntry
from thidua.emulation import excel, selectors, services
from thidua.emulation.models import (
    ActualValue,
    Indicator,
    PlanValue,
    Pledge,
    ReportingPeriod,
)
from thidua.reports.dashboard import tasks_for
from thidua.units.demo import CLUSTER_NAME
from thidua.units.models import EmulationBloc

pytestmark = pytest.mark.usefixtures("world")

SCHEME = {
    "scheme": {
        "criteria": [
            {
                "code": "road",
                "name": "Đường xe máy",
                "max_points": 10,
                "method": "minmax",
            },
            {"code": "ntm", "name": "Xã NTM", "max_points": 10, "method": "minmax"},
            {
                "code": "town",
                "name": "Văn minh đô thị",
                "max_points": 5,
                "method": "threshold",
                "direction": "yes_no",
            },
        ],
        "bonus_cap": 5,
        "total_points": 25,
    }
}


@pytest.fixture
def cluster(db, users):
    return make_cluster(users["tinh"])


def make_cluster(office):
    """The commune cluster's 2026 year: three indicators, the table, an open period."""
    Indicator.objects.create(
        code="road",
        name="Đường xe máy",
        unit_of_measure="%",
        min_value=0,
        max_value=100,
    )
    Indicator.objects.create(
        code="ntm",
        name="Xã NTM",
        unit_of_measure="%",
        is_share=True,
        denominator_label="xã",
    )
    Indicator.objects.create(
        code="town", name="Văn minh đô thị", direction="yes_no", required=False
    )
    bloc = EmulationBloc.objects.get(name=CLUSTER_NAME)
    services.table_import(bloc=bloc, year=2026, data=SCHEME, by=office)
    period = ReportingPeriod.objects.create(bloc=bloc, year=2026)
    members = selectors.members(bloc, 2026)
    for unit in members:
        pledge = Pledge.objects.create(bloc=bloc, year=2026, unit=unit)
        PlanValue.objects.create(
            pledge=pledge, indicator=Indicator.objects.get(code="road"), value=95
        )
    return period


def ind(code):
    return Indicator.objects.get(code=code)


def own_unit(period, users):
    return next(
        u for u in selectors.members(period.bloc, 2026) if u.name == "Xã Tân Uyên"
    )


@pytest.mark.parametrize(
    ("code", "raw", "expected"),
    [
        ("road", {"value": "98,6"}, (98.6, None, None)),
        ("road", {"value": "98.6"}, (98.6, None, None)),
        ("ntm", {"numerator": "9", "denominator": "9"}, (100.0, 9.0, 9.0)),
        ("town", {"value": "có"}, (1.0, None, None)),
        ("town", {"value": "không"}, (0.0, None, None)),
        ("town", {"value": ""}, (None, None, None)),
    ],
)
def test_clean_entry_accepts(cluster, code, raw, expected):
    assert services.clean_entry(ind(code), **raw) == expected


@pytest.mark.parametrize(
    ("code", "raw", "field", "message"),
    [
        ("road", {"value": "chín mươi"}, "value", "không phải là số"),
        ("road", {"value": "101"}, "value", "không được vượt quá 100"),
        ("road", {"value": "-1"}, "value", "từ 0 trở lên"),
        ("road", {"value": ""}, "value", "bắt buộc"),
        (
            "ntm",
            {"numerator": "10", "denominator": "9"},
            "numerator",
            "không được lớn hơn mẫu số",
        ),
        ("ntm", {"numerator": "1", "denominator": "0"}, "denominator", "lớn hơn 0"),
        (
            "ntm",
            {"numerator": "1", "denominator": ""},
            "denominator",
            "cả tử số và mẫu số",
        ),
        ("town", {"value": "2"}, "value", "“có” hoặc “không”"),
    ],
)
def test_clean_entry_refuses_with_a_vietnamese_message(
    cluster, code, raw, field, message
):
    with pytest.raises(ValidationError) as exc:
        services.clean_entry(ind(code), **raw)
    assert message in exc.value.message_dict[field][0]


def test_workflow_submit_approve_lock_reopen(cluster, users):
    period = cluster
    officer = users["tinh"]
    for unit in selectors.members(period.bloc, 2026):
        with pytest.raises(ValidationError, match="Chưa nhập đủ"):
            services.actuals_submit(period=period, unit=unit, by=officer)
        services.actual_set(
            period=period, unit=unit, indicator=ind("road"), by=officer, value="90"
        )
        services.actual_set(
            period=period,
            unit=unit,
            indicator=ind("ntm"),
            by=officer,
            numerator=1,
            denominator=4,
        )
        services.actuals_submit(period=period, unit=unit, by=officer)
    period.refresh_from_db()
    assert period.status == ReportingPeriod.Status.SUBMITTED
    services.period_approve(period=period, by=officer)
    services.period_lock(period=period, by=officer)
    unit = own_unit(period, users)
    with pytest.raises(ValidationError, match="Đã khóa"):
        services.actual_set(
            period=period, unit=unit, indicator=ind("road"), by=officer, value="91"
        )
    with pytest.raises(ValidationError, match="lý do"):
        services.period_reopen(period=period, reason="sửa", by=officer)
    reopening = services.period_reopen(
        period=period, reason="Xã Tân Uyên báo cáo bổ sung số liệu đường", by=officer
    )
    assert reopening.previous_status == ReportingPeriod.Status.LOCKED
    row = services.actual_set(
        period=period, unit=unit, indicator=ind("road"), by=officer, value="91"
    )
    assert (row.value, row.status) == (91.0, ActualValue.Status.DRAFT)
    assert AuditEntry.objects.filter(
        model="actualvalue", object_id=str(row.pk), action="update"
    ).exists()


def test_excel_template_round_trip(cluster, users):
    period = cluster
    unit = own_unit(period, users)
    wb = load_workbook(io.BytesIO(excel.template_bytes(period, [unit])))
    assert wb[excel.META_SHEET].sheet_state == "hidden"
    ws = wb[excel.DATA_SHEET]
    rows = {r[2].value: r for r in ws.iter_rows(min_row=2)}
    rows["road"][5].value = "97,5"
    rows["ntm"][6].value, rows["ntm"][7].value = 3, 4
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    assert (
        excel.import_upload(
            period=period, file=out, by=users["xatanuyen"], editable_unit_ids={unit.id}
        )
        == 2
    )
    values = {a.indicator.code: a for a in period.actuals.filter(unit=unit)}
    assert values["road"].value == 97.5 and values["ntm"].value == 75.0


def _upload(period, wb, users, unit):
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return excel.import_upload(
        period=period, file=out, by=users["xatanuyen"], editable_unit_ids={unit.id}
    )


def test_excel_upload_is_all_or_nothing_with_a_message_per_cell(cluster, users):
    period = cluster
    unit = own_unit(period, users)
    wb = load_workbook(io.BytesIO(excel.template_bytes(period, [unit])))
    ws = wb[excel.DATA_SHEET]
    row_of = {r[2].value: r[0].row for r in ws.iter_rows(min_row=2)}
    ws[f"F{row_of['road']}"] = "95"  # valid, must not be saved
    ws.append([unit.code, unit.name, "road", "", "", "99", None, None])  # duplicate
    ws[f"F{row_of['town']}"] = "có lẽ"  # not yes/no
    ws.append(["99999", "Xã khác", "road", "", "", "1", None, None])  # not a member
    with pytest.raises(ValidationError) as exc:
        _upload(period, wb, users, unit)
    messages = " ".join(m for msgs in exc.value.message_dict.values() for m in msgs)
    assert f"trùng với dòng {row_of['road']}" in messages
    assert f"Ô F{row_of['town']}" in messages
    assert "không thuộc khối" in messages
    assert not period.actuals.exists()


def test_excel_upload_refuses_non_numeric_and_out_of_range(cluster, users):
    period = cluster
    unit = own_unit(period, users)
    wb = load_workbook(io.BytesIO(excel.template_bytes(period, [unit])))
    ws = wb[excel.DATA_SHEET]
    row_of = {r[2].value: r[0].row for r in ws.iter_rows(min_row=2)}
    ws[f"F{row_of['road']}"] = "120"
    ws[f"G{row_of['ntm']}"], ws[f"H{row_of['ntm']}"] = "năm", 4
    with pytest.raises(ValidationError) as exc:
        _upload(period, wb, users, unit)
    assert set(exc.value.message_dict) == {f"F{row_of['road']}", f"G{row_of['ntm']}"}


def test_excel_upload_refuses_another_period_bloc_or_a_locked_period(cluster, users):
    period = cluster
    unit = own_unit(period, users)
    other = ReportingPeriod.objects.create(bloc=period.bloc, year=2026, period="H1")
    wb = load_workbook(io.BytesIO(excel.template_bytes(other, [unit])))
    with pytest.raises(ValidationError, match="kỳ báo cáo khác"):
        _upload(period, wb, users, unit)
    district = EmulationBloc.objects.exclude(pk=period.bloc_id).first()
    foreign = ReportingPeriod.objects.create(bloc=district, year=2026)
    wb = load_workbook(io.BytesIO(excel.template_bytes(foreign, [])))
    with pytest.raises(ValidationError, match="khối thi đua khác"):
        _upload(period, wb, users, unit)
    ReportingPeriod.objects.filter(pk=period.pk).update(
        status=ReportingPeriod.Status.LOCKED
    )
    period.refresh_from_db()
    wb = load_workbook(io.BytesIO(excel.template_bytes(period, [unit])))
    with pytest.raises(ValidationError, match="không nhận số liệu"):
        _upload(period, wb, users, unit)


def test_grid_htmx_cell_and_access(client, cluster, users):
    period = cluster
    unit = own_unit(period, users)
    other = next(u for u in selectors.members(period.bloc, 2026) if u.id != unit.id)
    client.force_login(users["xatanuyen"])
    page = client.get(f"/admin/thi-dua/ky/{period.pk}/")
    assert page.status_code == 200 and "hx-post" in page.content.decode()
    road = ind("road")
    url = f"/admin/thi-dua/ky/{period.pk}/o/{unit.id}/{road.id}/"
    ok = client.post(
        url, {f"c-{unit.id}-{road.id}-value": "96,5"}, HTTP_HX_REQUEST="true"
    )
    assert "Đã lưu" in ok.content.decode() and "101,58% KH" in ok.content.decode()
    bad = client.post(
        url, {f"c-{unit.id}-{road.id}-value": "abc"}, HTTP_HX_REQUEST="true"
    )
    assert "không phải là số" in bad.content.decode()
    assert period.actuals.get(unit=unit, indicator=road).value == 96.5
    # another commune of the cluster: visible? no — the officer sees only their unit
    assert (
        client.post(
            f"/admin/thi-dua/ky/{period.pk}/o/{other.id}/{road.id}/", {}
        ).status_code
        == 404
    )
    # the plain form (no JavaScript) refuses the whole grid when one cell is bad
    response = client.post(
        f"/admin/thi-dua/ky/{period.pk}/",
        {
            f"c-{unit.id}-{road.id}-value": "90",
            f"c-{unit.id}-{ind('ntm').id}-value": "",
            f"c-{unit.id}-{ind('ntm').id}-numerator": "5",
            f"c-{unit.id}-{ind('ntm').id}-denominator": "4",
        },
    )
    assert response.status_code == 422
    assert period.actuals.get(unit=unit, indicator=road).value == 96.5
    # approving is for the bloc head or the province (Wagtail turns the 403 into a redirect home)
    refused = client.post(f"/admin/thi-dua/ky/{period.pk}/approve/")
    assert refused.status_code == 403
    period.refresh_from_db()
    assert period.status == ReportingPeriod.Status.OPEN


def test_unit_officer_cannot_enter_for_a_unit_they_only_see(client, cluster, users):
    period = cluster
    unit = own_unit(period, users)
    client.force_login(users["tinh"])
    assert client.get(f"/admin/thi-dua/ky/{period.pk}/").status_code == 200
    client.force_login(
        users["tanuyen"]
    )  # a 2020 district officer: the 2026 cluster is not theirs
    assert client.get(f"/admin/thi-dua/ky/{period.pk}/").status_code == 404
    with pytest.raises(ValidationError):
        services.actual_set(
            period=period,
            unit=selectors.members(
                EmulationBloc.objects.exclude(pk=period.bloc_id).first(), 2020
            )[0],
            indicator=ind("road"),
            by=users["tinh"],
            value="1",
        )
    assert unit


# --- the pages as the officer uses them (issue 10, points 2 and 7) ---------------


def _template(client, period):
    response = client.get(f"/admin/thi-dua/ky/{period.pk}/mau.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _post(client, period, data: bytes, name: str = "so-lieu.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(f"/admin/thi-dua/ky/{period.pk}/tai-len/", {"file": upload})


def _bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rows(wb):
    ws = wb["Số liệu"]
    return ws, {r[2].value: r[0].row for r in ws.iter_rows(min_row=2)}


def test_template_download_fill_upload_through_the_page(client, cluster, users):
    period = cluster
    unit = own_unit(period, users)
    client.force_login(users["xatanuyen"])
    wb = _template(client, period)
    ws, row_of = _rows(wb)
    ws[f"F{row_of['road']}"] = "97,5"
    ws[f"G{row_of['ntm']}"], ws[f"H{row_of['ntm']}"] = 3, 4
    response = _post(client, period, _bytes(wb))
    assert response.status_code == 302
    values = {a.indicator.code: a.value for a in period.actuals.filter(unit=unit)}
    assert values == {"road": 97.5, "ntm": 75.0}
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập 2 giá trị từ tệp Excel" in page


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        ("not_a_spreadsheet", "Tệp chưa hợp lệ: chưa lưu giá trị nào"),
        ("missing_column", "Cột F phải là “Giá trị”"),
        ("wrong_type", "không phải là số"),
        ("other_unit", "bạn không có quyền nhập số liệu cho"),
    ],
)
def test_a_broken_upload_names_each_row_and_saves_nothing(
    client, cluster, users, breakage, expected
):
    period = cluster
    client.force_login(users["xatanuyen"])
    wb = _template(client, period)
    ws, row_of = _rows(wb)
    ws[f"F{row_of['road']}"] = "95"  # valid, must not be saved with the bad ones
    other = next(
        u for u in selectors.members(period.bloc, 2026) if u.name != "Xã Tân Uyên"
    )
    if breakage == "missing_column":
        ws.delete_cols(6)
    elif breakage == "wrong_type":
        ws[f"G{row_of['ntm']}"], ws[f"H{row_of['ntm']}"] = "ba", 4
    elif breakage == "other_unit":
        ws.append([other.code, other.name, "road", "", "", "90", None, None])
    data = b"PK\x03\x04 not a zip" if breakage == "not_a_spreadsheet" else _bytes(wb)
    response = _post(client, period, data)
    assert response.status_code == 422
    assert expected in response.content.decode()
    assert not period.actuals.exists()


def _fill(period, unit, by):
    services.actual_set(
        period=period, unit=unit, indicator=ind("road"), by=by, value=90
    )
    services.actual_set(
        period=period,
        unit=unit,
        indicator=ind("ntm"),
        by=by,
        numerator=1,
        denominator=4,
    )


def test_sent_figures_are_read_only_until_recalled(client, cluster, users):
    period = cluster
    unit = own_unit(period, users)
    officer = users["xatanuyen"]
    client.force_login(officer)
    _fill(period, unit, officer)
    assert period in selectors.periods_to_fill(officer)
    assert any("cần nhập số liệu" in t.label for t in tasks_for(officer))
    response = client.post(
        f"/admin/thi-dua/ky/{period.pk}/submit/", {"unit": unit.id}, follow=True
    )
    assert "đã gửi số liệu" in response.content.decode()
    # the to-do no longer asks for them, the grid shows them without inputs
    assert period not in selectors.periods_to_fill(officer)
    assert not any("cần nhập số liệu" in t.label for t in tasks_for(officer))
    page = client.get(f"/admin/thi-dua/ky/{period.pk}/").content.decode()
    assert f'name="c-{unit.id}-{ind("road").id}-value"' not in page
    assert "Rút lại số liệu của Xã Tân Uyên" in page
    # a cell, the whole grid and an upload are all refused
    road = ind("road")
    cell = client.post(
        f"/admin/thi-dua/ky/{period.pk}/o/{unit.id}/{road.id}/",
        {f"c-{unit.id}-{road.id}-value": "10"},
        HTTP_HX_REQUEST="true",
    )
    assert "đã gửi số liệu kỳ này" in cell.content.decode()
    client.post(
        f"/admin/thi-dua/ky/{period.pk}/", {f"c-{unit.id}-{road.id}-value": "11"}
    )
    wb = _template(client, period)
    ws, row_of = _rows(wb)
    ws[f"F{row_of['road']}"] = "12"
    assert "rút lại số liệu" in _post(client, period, _bytes(wb)).content.decode()
    assert period.actuals.get(unit=unit, indicator=road).value == 90
    # recalled: editable again, and the to-do asks again
    client.post(f"/admin/thi-dua/ky/{period.pk}/recall/", {"unit": unit.id})
    assert not period.actuals.filter(unit=unit, status="submitted").exists()
    assert period in selectors.periods_to_fill(officer)
    client.post(
        f"/admin/thi-dua/ky/{period.pk}/o/{unit.id}/{road.id}/",
        {f"c-{unit.id}-{road.id}-value": "93"},
        HTTP_HX_REQUEST="true",
    )
    assert period.actuals.get(unit=unit, indicator=road).value == 93
    # a forged unit id is refused, never a 500
    assert client.post(
        f"/admin/thi-dua/ky/{period.pk}/recall/", {"unit": "x"}
    ).status_code in (403, 404)


def test_the_reviewer_returns_a_units_figures_with_a_reason(client, cluster, users):
    period = cluster
    members = selectors.members(period.bloc, 2026)
    office = users["tinh"]
    for unit in members:
        _fill(period, unit, office)
        services.actuals_submit(period=period, unit=unit, by=office)
    period.refresh_from_db()
    assert period.status == ReportingPeriod.Status.SUBMITTED
    unit = own_unit(period, users)
    client.force_login(users["xatanuyen"])
    refused = client.post(
        f"/admin/thi-dua/ky/{period.pk}/return/",
        {"unit": unit.id, "reason": "Thiếu số liệu đường"},
    )
    assert refused.status_code == 403
    client.force_login(office)
    short = client.post(
        f"/admin/thi-dua/ky/{period.pk}/return/",
        {"unit": unit.id, "reason": "sai"},
        follow=True,
    )
    assert "ít nhất 10 ký tự" in short.content.decode()
    client.post(
        f"/admin/thi-dua/ky/{period.pk}/return/",
        {"unit": unit.id, "reason": "Số liệu đường chưa khớp báo cáo quý"},
    )
    period.refresh_from_db()
    assert period.status == ReportingPeriod.Status.OPEN
    assert set(period.actuals.filter(unit=unit).values_list("status", flat=True)) == {
        ActualValue.Status.DRAFT
    }
    assert period.actuals.exclude(unit=unit).filter(status="submitted").exists()


def test_hostile_files_are_refused_by_the_excel_upload_view(cluster, users, client):
    """Issue 11, finding 1, through the real view: a Vietnamese message, 422, nothing saved."""
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from thidua.lib.tests import hostile

    period = cluster
    client.force_login(users["xatanuyen"])
    url = reverse("emulation_admin:upload", args=[period.pk])
    for name, filename, data in hostile.spreadsheet_corpus():
        if filename.endswith(".csv"):
            continue
        started = time.process_time()
        response = client.post(url, {"file": SimpleUploadedFile(filename, data)})
        assert time.process_time() - started < 2, name
        assert response.status_code == 422, name
        assert response.context["errors"], name
    assert not period.actuals.exists()


def test_hostile_json_is_refused_by_the_table_import(users, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(users["tinh"])
    bloc = EmulationBloc.objects.get(name=CLUSTER_NAME)
    url = reverse("emulation_admin:table_import")
    for data in (
        b"[" * 100_000,
        b"\xff\xfe{}",
        b"{" + b" " * (11 * 1024 * 1024) + b"}",
    ):
        response = client.post(
            url,
            {"bloc": bloc.pk, "year": 2026, "file": SimpleUploadedFile("b.json", data)},
        )
        assert response.status_code == 422
        page = response.content.decode()
        assert "không hợp lệ" in page or "lớn hơn 10 MB" in page
