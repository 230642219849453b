from django.urls import include, path

from . import views

app_name = "portal"
urlpatterns = [
    path("hien-thi/", views.display, name="display"),
    path("ban-do/", views.map_page, name="map"),
    path("", include("thidua.engagement.urls")),
]
