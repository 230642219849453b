from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "thidua.units"
    label = "units"
    verbose_name = "Đơn vị, khối thi đua"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import OrgUnit
        from .selectors import tree_written

        post_save.connect(tree_written, sender=OrgUnit, dispatch_uid="unit-tree-save")
        post_delete.connect(tree_written, sender=OrgUnit, dispatch_uid="unit-tree-del")
