from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = "Hệ thống"

    def ready(self) -> None:
        from . import audit, checks  # noqa: F401  (connects signals, registers checks)
