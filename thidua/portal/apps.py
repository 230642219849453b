from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "thidua.portal"
    label = "portal"
    verbose_name = "Cổng thông tin"
