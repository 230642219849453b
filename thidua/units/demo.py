"""Demo: Lai Châu's units and lineage, the 2020 bloc of districts, a 2026 commune cluster."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone

from .gazetteer import DATA, district_by_short_name, setup_province
from .models import BlocMembership, BlocYear, EmulationBloc, OrgUnit

BLOC_NAME = "Khối thi đua các huyện, thành phố"
CLUSTER_NAME = "Cụm thi đua các xã khu vực Tân Uyên – Than Uyên"
CLUSTER_FROM = 2025
# Known hosts: 2020 Tân Uyên → 2021 Nậm Nhùn (seed article); 2024 Than Uyên
# (Báo Lai Châu, review held 18/01/2025). Other years are demo values.
HOSTS = {
    2018: "Sìn Hồ",
    2019: "Phong Thổ",
    2020: "Tân Uyên",
    2021: "Nậm Nhùn",
    2022: "Mường Tè",
    2023: "Tam Đường",
    2024: "Than Uyên",
}


AGENCIES = [
    ("SNV", "Sở Nội vụ", OrgUnit.Kind.AGENCY),
    ("SGDDT", "Sở Giáo dục và Đào tạo", OrgUnit.Kind.AGENCY),
    ("SYT", "Sở Y tế", OrgUnit.Kind.AGENCY),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", OrgUnit.Kind.AGENCY),
    ("THPT-TU", "Trường THPT Tân Uyên", OrgUnit.Kind.SCHOOL),
    ("HTX-CHE", "Hợp tác xã chè Tân Uyên", OrgUnit.Kind.ENTERPRISE),
    ("CTY-TD", "Công ty Thủy điện Lai Châu", OrgUnit.Kind.ENTERPRISE),
]


PROVINCE_CODE = "12"


def load_lai_chau() -> None:
    """Lai Châu through the same path as any province (`manage.py setup_province 12`),
    with its resolution number, which the national gazetteer does not carry."""
    mapping = json.loads(
        (DATA / "laichau-communes-2025-mapping.json").read_text("utf-8")
    )
    setup_province(PROVINCE_CODE, legal_basis=mapping["legal_basis"])


def province() -> OrgUnit:
    return OrgUnit.objects.get(code=PROVINCE_CODE, valid_from=None)


def district_bloc() -> EmulationBloc:
    return EmulationBloc.objects.get(name=BLOC_NAME)


def load(stdout: Any) -> None:
    load_lai_chau()
    seed = json.loads((DATA / "laichau-bloc-2020.json").read_text("utf-8"))
    bloc, _ = EmulationBloc.objects.get_or_create(
        name=BLOC_NAME,
        defaults={"organiser": province(), "level": EmulationBloc.Level.PROVINCE},
    )
    members = [district_by_short_name(m["name"]) for m in seed["bloc"]["members"]]
    for year in range(2018, 2025):
        for unit in members:
            BlocMembership.objects.get_or_create(bloc=bloc, unit=unit, year=year)
        host = district_by_short_name(HOSTS[year])
        BlocYear.objects.update_or_create(
            bloc=bloc,
            year=year,
            defaults={
                "host": host,
                "head": host,
                "deputy": district_by_short_name(HOSTS.get(year + 1, "Tam Đường")),
            },
        )
    by2021 = BlocYear.objects.get(bloc=bloc, year=2021)
    by2021.handed_over_on = dt.date(2021, 1, 15)
    by2021.handover_note = (
        "Tân Uyên trao quyền đăng cai năm 2021 tại hội nghị tổng kết năm 2020."
    )
    by2021.save()

    cluster, _ = EmulationBloc.objects.get_or_create(
        name=CLUSTER_NAME,
        defaults={"organiser": province(), "kind": EmulationBloc.Kind.CLUSTER},
    )
    communes = OrgUnit.objects.filter(
        valid_from=dt.date(2025, 7, 1),
        name__in=[
            "Xã Tân Uyên",
            "Xã Than Uyên",
            "Xã Mường Khoa",
            "Xã Pắc Ta",
            "Xã Nậm Sỏ",
            "Xã Mường Kim",
            "Xã Mường Than",
            "Xã Khoen On",
        ],
    )
    # the cluster runs from its first year to the year the demo is loaded in
    first = communes.order_by("name").first()
    for year in range(CLUSTER_FROM, max(2026, timezone.localdate().year) + 1):
        for unit in communes:
            BlocMembership.objects.get_or_create(bloc=cluster, unit=unit, year=year)
        if first and year > CLUSTER_FROM:
            BlocYear.objects.update_or_create(
                bloc=cluster, year=year, defaults={"host": first, "head": first}
            )
    for code, name, kind in AGENCIES:
        OrgUnit.objects.update_or_create(
            code=code,
            valid_from=None,
            defaults={"name": name, "kind": kind, "parent": province()},
        )
    stdout.write(
        f"Units: {OrgUnit.objects.count()}; blocs: {EmulationBloc.objects.count()}"
    )
