from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "thidua.emulation"
    label = "emulation"
    verbose_name = "Thi đua"
