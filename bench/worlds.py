"""Data the benchmarks build in their own database, shared between them.

`issued_decision`: the certificate benchmarks' decision (bench_certificates.py, and
bench_nodes.py through nodes_world.py). Call it after django.setup(), in a
database holding the catalogue and dossiers' small_world().
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from thidua.units.models import OrgUnit

ISSUED_ON = dt.date(2026, 11, 20)


def issued_decision(
    issuer: OrgUnit, *, count: int, number: int = 1, register: bool = True
) -> int:
    """The issuer's decision giving its Bằng khen to `count` collectives, issued;
    its id. Texts follow the issuer's name ("Tỉnh …").

    register=False marks it issued without decision_issue, which prices and
    registers each item in Python (15 minutes for 10,000 on a loaded machine):
    for a benchmark of the certificates alone.
    """
    from thidua.commendations.models import AwardType
    from thidua.dossiers import services
    from thidua.dossiers.models import Decision, DecisionItem
    from thidua.dossiers.tests.factories import user

    name = issuer.name
    award = AwardType.objects.get(code="BK_TINH")
    decision = Decision.objects.create(
        issuer=issuer,
        issuer_name=f"ỦY BAN NHÂN DÂN {name.upper()}",
        authority=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {name.upper()}",
        year=ISSUED_ON.year,
        summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        grounds="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        reason=f"xuất sắc trong phong trào thi đua năm {ISSUED_ON.year}",
        signature_capacity="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    )
    DecisionItem.objects.bulk_create(
        DecisionItem(
            decision=decision,
            position=i,
            kind="collective",
            unit=issuer,
            name=f"Tập thể số {i} {name[:1].lower()}{name[1:]}",
            position_text=name,
            award_type=award,
        )
        for i in range(1, count + 1)
    )
    signer = user("lanhdao")
    if register:
        services.decision_issue(
            decision=decision,
            number=number,
            date=ISSUED_ON,
            signer_name=signer.full_name,
            by=signer,
        )
    else:
        Decision.objects.filter(pk=decision.pk).update(
            status=Decision.Status.ISSUED,
            number=number,
            date=ISSUED_ON,
            signer_name=signer.full_name,
        )
    return decision.pk
