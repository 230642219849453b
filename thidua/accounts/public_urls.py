from django.urls import path

from . import views

app_name = "accounts_public"
urlpatterns = [
    path("kich-hoat/", views.activate, name="activate-form"),
    path("kich-hoat/<str:code>/", views.activate, name="activate"),
]
