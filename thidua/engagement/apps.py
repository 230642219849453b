from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "thidua.engagement"
    label = "engagement"
    verbose_name = "Tương tác bạn đọc"
