"""Small helpers shared by the back-office views in the Wagtail admin."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property

from thidua.lib import uploads
from thidua.lib.tabular import XLSX_TYPE, TabularError


class DateInput(forms.DateInput):
    """A day-first date box. Not the browser's date picker: that one follows the
    browser's language, so an English browser would ask for mm/dd/yyyy."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}
        super().__init__(attrs, format="%d/%m/%Y")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp dữ liệu (.csv hoặc .xlsx)",
        help_text="Dùng tệp mẫu; dòng đầu là tên cột.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Chỉ nhận tệp .csv hoặc .xlsx.")
        uploads.check_size(upload.size)
        return upload

    def run(self, request: HttpRequest, importer: Callable[..., Any]) -> Any:
        """On a valid POST, pass the upload to `importer(content=, filename=)`.

        Returns the importer's result, or None when nothing was imported (a GET, an
        invalid form, or an unreadable file, which is reported on the form).
        """
        if request.method != "POST" or not self.is_valid():
            return None
        upload = self.cleaned_data["file"]
        try:
            return importer(content=upload.read(), filename=upload.name)
        except TabularError as exc:
            self.add_error("file", str(exc))
            return None


def paginate(
    request: HttpRequest, qs: QuerySet[Any], per_page: int = 50
) -> dict[str, Any]:
    """page_obj plus the current filters as a query-string prefix for page links."""
    page: Page[Any] = CappedPaginator(qs, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()
    return {"page_obj": page, "querystring_base": f"{base}&" if base else ""}


COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP rows: an exact COUNT(*) of a national registry
    reads millions of rows on every page. Past the cap the list says "hơn 10.000"
    and pages go as far as the cap; a filter narrows the rest."""

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):  # count keys only: no annotations, no sort
            return rows.order_by().values("pk")[: COUNT_CAP + 1].count()
        return min(len(rows), COUNT_CAP + 1)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @cached_property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, COUNT_CAP) // self.per_page))


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def forbidden_is_403(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer PermissionDenied with a real 403 page.

    Wagtail's admin wrapper would turn it into a redirect to the dashboard, which
    hides the refusal from API-like clients and from our permission tests.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            context = {"page_title": "Không có quyền", "header_icon": "lock"}
            return render(request, "core/403.html", context, status=403)

    return wrapper
