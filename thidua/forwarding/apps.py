from django.apps import AppConfig


class ForwardingConfig(AppConfig):
    name = "thidua.forwarding"
    verbose_name = "Trình cấp trên"
