from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from thidua.api.v1 import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("thidua.accounts.public_urls")),
    path("", include("thidua.emulation.public_urls")),
    path("", include("thidua.dossiers.public_urls")),
    path("", include("thidua.commendations.public_urls")),
    path("", include("thidua.portal.urls")),
]

if settings.DEBUG:
    from django.urls import re_path
    from django.views.static import serve

    # public uploads as nginx serves them: Wagtail documents only via /documents/
    urlpatterns += [
        re_path(
            r"^media/(?!documents/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "thidua.core.errors.server_error"
