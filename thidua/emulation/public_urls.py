"""Public (portal) pages of the emulation app, mounted at the site root by thidua/urls.py."""

app_name = "emulation_public"
urlpatterns: list = []
