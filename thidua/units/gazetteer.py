"""Load Lai Châu's administrative units (2020 districts, 2025 communes) and their lineage.

Sources: data/laichau-communes-2025-mapping.json (MIT, see its SOURCE note) and
data/laichau-bloc-2020.json. Idempotent: running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings

from .models import LineageEvent, LineageLink, OrgUnit

DATA = Path(settings.BASE_DIR) / "data"
REFORM_DAY = dt.date(2025, 7, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)
PROVINCE_CODE = "12"

_OLD_KIND = {
    "Phường": OrgUnit.Kind.WARD,
    "Thị trấn": OrgUnit.Kind.TOWNSHIP,
    "Xã": OrgUnit.Kind.COMMUNE,
}
_NEW_KIND = {
    "phuong": OrgUnit.Kind.WARD,
    "xa": OrgUnit.Kind.COMMUNE,
    "dac_khu": OrgUnit.Kind.SPECIAL_ZONE,
}


def _kind_from_name(name: str) -> str:
    for prefix, kind in _OLD_KIND.items():
        if name.startswith(prefix + " "):
            return kind
    return OrgUnit.Kind.COMMUNE


def _upsert(code: str, valid_from: dt.date | None, **fields: object) -> OrgUnit:
    unit, _ = OrgUnit.objects.update_or_create(
        code=code, valid_from=valid_from, defaults=fields
    )
    return unit


def load_lai_chau() -> dict[str, int]:
    mapping = json.loads(
        (DATA / "laichau-communes-2025-mapping.json").read_text("utf-8")
    )
    province = _upsert(
        PROVINCE_CODE,
        None,
        name=mapping["province"]["name"],
        kind=OrgUnit.Kind.PROVINCE,
        parent=None,
        valid_to=None,
    )
    districts: dict[str, OrgUnit] = {}
    for d in mapping["old_districts"]:
        kind = (
            OrgUnit.Kind.CITY
            if d["name"].startswith("Thành phố")
            else OrgUnit.Kind.DISTRICT
        )
        districts[d["code"]] = _upsert(
            d["code"],
            None,
            name=d["name"],
            kind=kind,
            parent=province,
            valid_to=LAST_OLD_DAY,
        )

    event, _ = LineageEvent.objects.get_or_create(
        kind=LineageEvent.Kind.MERGE,
        effective_date=REFORM_DAY,
        legal_basis=mapping["legal_basis"],
        defaults={
            "note": "Sắp xếp đơn vị hành chính cấp xã; kết thúc cấp huyện từ 01/7/2025."
        },
    )
    dissolve, _ = LineageEvent.objects.get_or_create(
        kind=LineageEvent.Kind.DISSOLVE,
        effective_date=REFORM_DAY,
        legal_basis="Luật Tổ chức chính quyền địa phương 2025 (chính quyền địa phương hai cấp)",
        defaults={"note": "Đơn vị hành chính cấp huyện kết thúc hoạt động."},
    )
    for district in districts.values():
        LineageLink.objects.get_or_create(
            event=dissolve, predecessor=district, successor=None
        )

    old_count = 0
    for new in mapping["units"]:
        successor = _upsert(
            new["code"],
            REFORM_DAY,
            name=new["name"],
            kind=_NEW_KIND.get(new["kind"], OrgUnit.Kind.COMMUNE),
            parent=province,
            valid_to=None,
        )
        for p in new["predecessors"]:
            old = _upsert(
                p["old_code"],
                None,
                name=p["old_name"],
                kind=_kind_from_name(p["old_name"]),
                parent=districts[p["old_district_code"]],
                valid_to=LAST_OLD_DAY,
            )
            old_count += 1
            LineageLink.objects.get_or_create(
                event=event,
                predecessor=old,
                successor=successor,
                defaults={"full": p.get("type", "full") == "full"},
            )
    return {
        "districts": len(districts),
        "communes_2025": len(mapping["units"]),
        "communes_old": old_count,
    }


def district_by_short_name(name: str) -> OrgUnit:
    """ "Tân Uyên" or "Thành phố Lai Châu" → the pre-2025 district-level unit."""
    qs = OrgUnit.objects.filter(kind__in=OrgUnit.DISTRICT_LEVEL, valid_to=LAST_OLD_DAY)
    return qs.get(name__in=[name, f"Huyện {name}"])
