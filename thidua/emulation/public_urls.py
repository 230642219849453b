"""Public (portal) pages of the emulation app, mounted at the site root by thidua/urls.py."""

from django.urls import path

from . import file_views, public

app_name = "emulation_public"
urlpatterns = [
    path(
        "phong-trao/<int:pk>/ke-hoach/",
        file_views.public_movement_plan,
        name="movement_plan",
    ),
    path("xep-hang/", public.ranking_list, name="rankings"),
    path("xep-hang/<int:bloc_id>/<int:year>/", public.ranking_detail, name="ranking"),
    path(
        "xep-hang/<int:bloc_id>/<int:year>.csv", public.ranking_csv, name="ranking_csv"
    ),
    path(
        "xep-hang/<int:bloc_id>/<int:year>.json",
        public.ranking_json,
        name="ranking_json",
    ),
]
