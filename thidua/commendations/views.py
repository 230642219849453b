"""Back-office pages (Wagtail admin): eligibility of a person, a collective, a unit; import.

Thin views: access from each app's access module, reads from selectors, the engine via services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.styles import Font

from thidua.accounts.roles import AuthedRequest
from thidua.core.backoffice import (
    ImportForm,
    forbidden_is_403,
    paginate,
    xlsx_response,
)
from thidua.lib.tabular import template_xlsx, xlsx_bytes
from thidua.people.access import person_for_user
from thidua.people.models import Person
from thidua.units.access import (
    can_edit_any_unit,
    sees_units,
    unit_for_user,
    units_for_user,
)
from thidua.units.models import OrgUnit

from . import imports, selectors, services
from .eligibility import STATUS_LABELS, RuleBook, Verdict

STATUS_ORDER = ["eligible", "near", "not", "judgment", "held"]


def _year(request: AuthedRequest) -> int:
    """The review year asked for, default last year (the year-end review in progress)."""
    default = dt.date.today().year - 1
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def _years(shown: int) -> list[int]:
    """Next year (proposals for it are prepared ahead) back to the first rule set,
    and always the year shown, so the box never names another year than the page."""
    first = 2024  # the first rule set (Luật TĐKT 2022) starts on 1 January 2024
    return sorted(set(range(first, dt.date.today().year + 2)) | {shown}, reverse=True)


def _grouped(verdicts: list[Verdict]) -> list[tuple[str, str, list[Verdict]]]:
    return [
        (status, STATUS_LABELS[status], [v for v in verdicts if v.status == status])
        for status in STATUS_ORDER
        if any(v.status == status for v in verdicts)
    ]


def _evaluate(
    fn: Callable[[Any, int], list[Verdict]], subject: Any, year: int
) -> tuple[list[Verdict], str]:
    """Verdicts, or none and the reason (no rule set covers the year)."""
    try:
        return fn(subject, year), ""
    except ValidationError as exc:
        return [], " ".join(exc.messages)


def person_page(request: AuthedRequest, pk: int) -> HttpResponse:
    person = person_for_user(request.user, pk)
    year = _year(request)
    verdicts, problem = _evaluate(services.evaluate_person, person, year)
    # where they worked at the end of the year, else their latest post
    position = (
        person.position_on(dt.date(year, 12, 31))
        or person.positions.select_related("unit").order_by("-start_date").first()
    )
    return render(
        request,
        "commendations/person.html",
        {
            "person": person,
            "position": position,
            "year": year,
            "years": _years(year),
            "timeline": selectors.timeline(person),
            "groups": _grouped(verdicts),
            "problem": problem,
            "page_title": person.full_name,
            "page_subtitle": f"Xét danh hiệu, khen thưởng năm {year}",
            "header_icon": "user",
        },
    )


def collective_page(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = unit_for_user(request.user, pk)
    year = _year(request)
    facts = selectors.collective_facts(unit, year)
    verdicts, problem = _evaluate(services.evaluate_collective, unit, year)
    records = (
        unit.award_records.select_related("award_type")
        .filter(revoked_on__isnull=True)
        .order_by("year")
    )
    return render(
        request,
        "commendations/collective.html",
        {
            "unit": unit,
            "year": year,
            "years": _years(year),
            "facts": facts,
            "records": records,
            "groups": _grouped(verdicts),
            "problem": problem,
            "page_title": unit.name,
            "page_subtitle": f"Danh hiệu tập thể năm {year}",
            "header_icon": "group",
        },
    )


def unit_pick(request: AuthedRequest) -> HttpResponse:
    if not sees_units(request.user):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    units = units_for_user(request.user).valid_on(dt.date.today())
    if q:
        units = units.search(q)
    context = paginate(request, units.order_by("kind", "name"), per_page=30)
    context.update(
        q=q,
        page_title="Xét danh hiệu, khen thưởng",
        page_subtitle="Chọn đơn vị",
        header_icon="tick-inverse",
    )
    return render(request, "commendations/unit_pick.html", context)


def _unit_rows(
    request: AuthedRequest, unit: OrgUnit, year: int, book: RuleBook
) -> tuple[
    list[str],
    list[tuple[Person, list[tuple[str, str]]]],
    dict[int, Mapping[str, str]],
    str,
    str,
]:
    members = selectors.listed(
        Person.objects.filter(id__in=selectors.member_ids(unit, year)).vn_ordered()
    )
    people = list(members)
    codes, results = services.evaluate_people(people, year, book)
    code = request.GET.get("code", "")
    status = request.GET.get("status", "")
    if code not in codes:
        code = ""
    if status not in STATUS_LABELS:
        status = ""
    rows = []
    for p in people:
        row = results[p.id]
        if code and status and row[code] != status:
            continue
        if status and not code and status not in row.values():
            continue
        rows.append((p, [(row[c], STATUS_LABELS[row[c]]) for c in codes]))

    def rank(item: tuple) -> tuple:
        # people who can be proposed now first, then those nearly there
        statuses = [s for s, _label in item[1]]
        return (
            -statuses.count("eligible"),
            -statuses.count("near"),
        )

    rows.sort(key=rank)
    return codes, rows, results, code, status


def unit_eligibility(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = unit_for_user(request.user, pk)
    year = _year(request)
    book = selectors.book_for_year(year)
    if book is None:
        raise Http404
    codes, rows, results, code, status = _unit_rows(request, unit, year, book)
    return render(
        request,
        "commendations/unit.html",
        {
            "unit": unit,
            "year": year,
            "years": _years(year),
            "codes": codes,
            "columns": [(c, book.awards[c].name) for c in codes],
            "rows": rows,
            "code": code,
            "status": status,
            "statuses": STATUS_LABELS,
            "quotas": services.quota_checks(results, year, book),
            "total": len(results),
            "page_title": unit.name,
            "page_subtitle": f"Xét danh hiệu cá nhân năm {year} ({book.name})",
            "header_icon": "tick-inverse",
        },
    )


def unit_eligibility_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = unit_for_user(request.user, pk)
    year = _year(request)
    book = selectors.book_for_year(year)
    if book is None:
        raise Http404
    codes, rows, results, _code, _status = _unit_rows(request, unit, year, book)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Xét {year}"
    sheet.append([f"{unit.name} — xét danh hiệu, khen thưởng năm {year}"])
    sheet.append([f"Bộ quy tắc: {book.name}"])
    sheet.append(["Họ và tên", "Năm sinh", *(book.awards[c].name for c in codes)])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for person, cells in rows:
        sheet.append(
            [person.full_name, person.birth_year, *(label for _s, label in cells)]
        )
    sheet.append([])
    for check in services.quota_checks(results, year, book):
        sheet.append([check.message, check.source])
    sheet.column_dimensions["A"].width = 28
    return xlsx_response(
        xlsx_bytes(workbook), f"xet-khen-thuong-{unit.code}-{year}.xlsx"
    )


@forbidden_is_403
@require_http_methods(["GET", "POST"])
def registry_import(request: AuthedRequest) -> HttpResponse:
    if not can_edit_any_unit(request.user):
        raise PermissionDenied
    # the upload form posts back to this URL, ?kind= included
    kind = request.GET.get("kind", "ratings")
    if kind not in imports.KINDS:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    result = form.run(
        request, partial(imports.registry_import, kind=kind, user=request.user)
    )
    return render(
        request,
        "commendations/import.html",
        {
            "form": form,
            "result": result,
            "kind": kind,
            "kinds": [(k, v.title) for k, v in imports.KINDS.items()],
            "page_title": "Nhập sổ khen thưởng",
            "page_subtitle": imports.KINDS[kind].title,
            "header_icon": "upload",
        },
    )


def registry_template(request: AuthedRequest, kind: str) -> HttpResponse:
    spec = imports.KINDS.get(kind)
    if spec is None:
        raise Http404
    content = template_xlsx(spec.title, spec.columns, imports.NOTES)
    return xlsx_response(content, f"mau-nhap-{kind}.xlsx")
