from django.urls import path

from . import views

app_name = "engagement"
urlpatterns = [
    path("tuong-tac/b/", views.beacon, name="beacon"),
    path("tuong-tac/danh-gia/<int:page_id>/", views.rate, name="rate"),
    path("tuong-tac/binh-luan/<int:page_id>/", views.comment, name="comment"),
    path("binh-chon/<int:poll_id>/", views.poll, name="poll"),
]
