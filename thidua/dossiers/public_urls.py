"""Public (portal) pages of the dossiers app, mounted at the site root by thidua/urls.py."""

app_name = "dossiers_public"
urlpatterns: list = []
