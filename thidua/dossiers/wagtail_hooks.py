"""Admin menu "Thi đua – Khen thưởng" > "Hồ sơ khen thưởng" and the back-office URLs."""

from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.utils.urlpatterns import decorate_urlpatterns

from thidua.accounts.models import RoleAssignment
from thidua.accounts.roles import has_role, local_unit_ids
from thidua.core.backoffice import forbidden_is_403
from thidua.core.wagtail_hooks import ShownIf
from thidua.units.access import sees_units

from . import views
from .access import can_run_councils

dossier_menu = Menu(register_hook_name="register_dossier_menu_item")


@hooks.register("register_thidua_menu_item")
def register_dossier_menu() -> MenuItem:
    return SubmenuMenuItem(
        "Hồ sơ khen thưởng",
        dossier_menu,
        name="ho-so-khen-thuong",
        icon_name="folder-open-inverse",
        order=300,
    )


@hooks.register("register_dossier_menu_item")
def register_dossiers_item() -> MenuItem:
    return ShownIf(
        "Hồ sơ đề nghị",
        reverse("dossiers:dossier-list"),
        name="ho-so",
        icon_name="folder-open-inverse",
        order=10,
        allowed=sees_units,
    )


def _sees_sessions(user: Any) -> bool:
    Role = RoleAssignment.Role
    return (
        has_role(user, Role.PROVINCE_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER)
        or bool(local_unit_ids(user, Role.LEADER, Role.COUNCIL_MEMBER))
        or can_run_councils(user)
    )


@hooks.register("register_dossier_menu_item")
def register_sessions_item() -> MenuItem:
    return ShownIf(
        "Phiên họp Hội đồng",
        reverse("dossiers:session-list"),
        name="hoi-dong",
        icon_name="group",
        order=20,
        allowed=_sees_sessions,
    )


@hooks.register("register_dossier_menu_item")
def register_decisions_item() -> MenuItem:
    return ShownIf(
        "Quyết định khen thưởng",
        reverse("dossiers:decision-list"),
        name="quyet-dinh",
        icon_name="doc-full",
        order=30,
        allowed=sees_units,
    )


@hooks.register("register_admin_urls")
def register_dossier_urls() -> list[Any]:
    urls = [
        path("", views.dossier_list, name="dossier-list"),
        path("tao/", views.dossier_create, name="dossier-create"),
        path("<int:pk>/", views.dossier_detail, name="dossier-detail"),
        path("<int:pk>/<slug:action>/", views.dossier_action, name="dossier-action"),
        path(
            "<int:pk>/tai-lieu/<int:doc>/",
            views.document_download,
            name="document-download",
        ),
        path(
            "<int:pk>/bao-cao/<int:nominee>/", views.report_draft, name="report-draft"
        ),
        path("hoi-dong/", views.session_list, name="session-list"),
        path("hoi-dong/mo/", views.session_create, name="session-create"),
        path("hoi-dong/<int:pk>/", views.session_detail, name="session-detail"),
        path("hoi-dong/<int:pk>/bo-phieu/", views.session_vote, name="session-vote"),
        path("hoi-dong/<int:pk>/ket-thuc/", views.session_close, name="session-close"),
        path(
            "hoi-dong/<int:pk>/bien-ban/", views.session_minutes, name="session-minutes"
        ),
        path("quyet-dinh/", views.decision_list, name="decision-list"),
        path("quyet-dinh/du-thao/", views.decision_create, name="decision-create"),
        path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision-detail"),
        path(
            "quyet-dinh/<int:pk>/ban-hanh/", views.decision_issue, name="decision-issue"
        ),
        path(
            "quyet-dinh/<int:pk>/huy-bo/", views.decision_revoke, name="decision-revoke"
        ),
        path(
            "quyet-dinh/<int:pk>/sua-doi/", views.decision_amend, name="decision-amend"
        ),
        path(
            "quyet-dinh/<int:pk>/van-ban.docx",
            views.decision_docx,
            name="decision-docx",
        ),
        path(
            "quyet-dinh/<int:pk>/tien-thuong.xlsx",
            views.decision_xlsx,
            name="decision-xlsx",
        ),
        path(
            "quyet-dinh/<int:pk>/in-bang/",
            views.certificates_start,
            name="certificates-start",
        ),
        path(
            "quyet-dinh/<int:pk>/tien-do/",
            views.certificates_progress,
            name="certificates-progress",
        ),
        path(
            "quyet-dinh/<int:pk>/bang/<int:item>.pdf",
            views.certificate_pdf,
            name="certificate-pdf",
        ),
        path(
            "quyet-dinh/<int:pk>/bang-khen.zip",
            views.certificates_zip,
            name="certificates-zip",
        ),
    ]
    guarded = decorate_urlpatterns(urls, forbidden_is_403)
    return [path("ho-so/", include((guarded, "dossiers"), namespace="dossiers"))]
