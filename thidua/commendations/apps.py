from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class CommendationsConfig(AppConfig):
    name = "thidua.commendations"
    label = "commendations"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from thidua.people.models import Person
        from thidua.units.models import OrgUnit

        from . import services
        from .models import AwardType

        # the registry's copies of a holder's name and a type's rank follow the
        # original, whichever service or admin screen saved it

        def holder_saved(
            instance: Any, created: bool, raw: bool = False, **kw: Any
        ) -> None:
            if not (created or raw):
                services.holder_names_refresh(instance)

        def type_saved(
            instance: Any, created: bool, raw: bool = False, **kw: Any
        ) -> None:
            if not (created or raw):
                services.award_rank_refresh(instance)

        for model in (Person, OrgUnit):
            post_save.connect(
                holder_saved, sender=model, weak=False,
                dispatch_uid=f"commendations_holder_{model.__name__}",
            )  # fmt: skip
        post_save.connect(
            type_saved, sender=AwardType, weak=False, dispatch_uid="commendations_rank"
        )
