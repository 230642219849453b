from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from thidua.accounts.roles import Role, has_role, require_role
from thidua.core.backoffice import forbidden_is_403

from .models import Comment, Poll
from .reports import visit_report_xlsx
from .selectors import visit_report

REPORT_ROLES = (Role.PORTAL_EDITOR, Role.PROVINCE_OFFICER, Role.LEADER)


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = _("Bình chọn")
    list_display = [
        "question",
        "max_choices",
        "opens_at",
        "closes_at",
        "voters",
        "is_active",
    ]


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Bình luận bạn đọc")
    list_display = ["name", "page", "status", "created_at"]
    list_filter = ["status"]
    ordering = ["status", "-created_at"]


class EngagementGroup(SnippetViewSetGroup):
    menu_label = _("Tương tác bạn đọc")
    menu_icon = "group"
    menu_order = 260
    items = (PollViewSet, CommentViewSet)


register_snippet(EngagementGroup)


class ReportForm(forms.Form):
    start = forms.DateField(
        label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
            if (end - start).days > 366:
                raise forms.ValidationError(_("Mỗi báo cáo tối đa một năm."))
        return data


def visits_report_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *REPORT_ROLES)
    today = timezone.localdate()
    initial = {"start": today - dt.timedelta(days=29), "end": today}
    form = ReportForm(request.GET or None, initial=initial)
    start, end = initial["start"], initial["end"]
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif form.is_bound:
        return render(
            request, "engagement/visit_report.html", {"form": form}, status=422
        )
    if request.GET.get("xuat") == "xlsx" and (not form.is_bound or form.is_valid()):
        response = HttpResponse(
            visit_report_xlsx(start, end),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="thong-ke-truy-cap-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
        )
        return response
    context = {
        "form": form,
        "report": visit_report(start, end),
        "start": start,
        "end": end,
    }
    return render(request, "engagement/visit_report.html", context)


@hooks.register("register_admin_urls")
def register_urls() -> list:
    view = forbidden_is_403(visits_report_view)
    return [path("thong-ke-truy-cap/", view, name="engagement_visits")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return has_role(request.user, *REPORT_ROLES)


@hooks.register("register_admin_menu_item")
def register_menu() -> MenuItem:
    return ReportMenuItem(
        _("Thống kê truy cập"),
        reverse("engagement_visits"),
        icon_name="table",
        order=270,
    )
