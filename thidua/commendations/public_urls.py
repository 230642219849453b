"""Public (portal) pages of the commendations app, mounted at the site root by thidua/urls.py."""

from django.urls import path

from . import public

app_name = "commendations_public"
urlpatterns = [
    path("khen-thuong/<int:pk>/", public.awardee, name="awardee"),
]
