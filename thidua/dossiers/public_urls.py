"""Public (portal) pages of the dossiers app, mounted at the site root by thidua/urls.py."""

from django.urls import path

from . import public

app_name = "dossiers_public"
urlpatterns = [
    path("cong-khai/", public.disclosure_list, name="disclosure-list"),
    path("cong-khai/<int:pk>/", public.disclosure_detail, name="disclosure-detail"),
    path("quyet-dinh/", public.decision_list, name="decision-list"),
    path("quyet-dinh/<int:pk>/", public.decision_detail, name="decision-detail"),
    path("quyet-dinh/<int:pk>/van-ban.pdf", public.decision_pdf, name="decision-pdf"),
    path("xac-minh/", public.verify_form, name="verify-form"),
    path("xac-minh/<str:code>/", public.verify, name="verify"),
]
