"""Admin menu "Hồ sơ khen thưởng" > "Trình cấp trên" and the back-office URLs."""

from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.utils.urlpatterns import decorate_urlpatterns

from thidua.core.backoffice import forbidden_is_403
from thidua.core.wagtail_hooks import ShownIf
from thidua.units.access import sees_units

from . import views


@hooks.register("register_dossier_menu_item")
def register_forwarding_item() -> MenuItem:
    return ShownIf(
        "Trình cấp trên",
        reverse("forwardings:index"),
        name="trinh-cap-tren",
        icon_name="upload",
        order=40,
        allowed=sees_units,
    )


@hooks.register("register_admin_urls")
def register_forwarding_urls() -> list[Any]:
    urls = [
        path("", views.forwarding_list, name="index"),
        path("lap/<int:dossier>/", views.forwarding_prepare, name="prepare"),
        path("<int:pk>/", views.forwarding_detail, name="detail"),
        path("<int:pk>/gui/", views.forwarding_send, name="send"),
        path("<int:pk>/trinh-tiep/", views.forwarding_relay, name="relay"),
        path("<int:pk>/tra-lai/", views.forwarding_return, name="return"),
        path("<int:pk>/quyet-dinh/", views.forwarding_decide, name="decide"),
        path("<int:pk>/ho-so-trinh.zip", views.forwarding_package, name="package"),
    ]
    guarded = decorate_urlpatterns(urls, forbidden_is_403)
    return [
        path(
            "trinh-cap-tren/",
            include((guarded, "forwardings"), namespace="forwardings"),
        )
    ]
