from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = "Hệ thống"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import audit, checks, dbguards  # noqa: F401  (signals, checks)

        audit.connect_deletes()
        connection_created.connect(dbguards.register_sqlite_function)
        post_migrate.connect(dbguards.reinstall_after_migrate, sender=self)
