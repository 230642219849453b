"""Demo: Lai Châu's settings (derived from its unit, then as its office keeps them) and signer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.commendations.catalogue import load_catalogue
from thidua.units.demo import province
from thidua.units.gazetteer import REFORM_DAY

from .models import Signer
from .services import ensure_organisation, use_own_awards


def load(stdout: Any) -> None:
    organisation, _ = ensure_organisation(province(), valid_from=REFORM_DAY)
    load_catalogue()  # idempotent; the province's own awards, not a ministry's
    use_own_awards(organisation)
    Signer.objects.get_or_create(
        full_name="Giàng A Páo",
        defaults={
            "title": "Phó Chủ tịch UBND tỉnh",
            "capacity": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
            "valid_from": dt.date(2016, 7, 1),
        },
    )
    stdout.write(
        f"Organisation: {organisation.name}, {Signer.objects.count()} signer(s)"
    )
