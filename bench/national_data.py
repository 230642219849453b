"""A national data set on PostgreSQL, written with COPY (no ORM saves).

Units from data/vn-units-2025-lineage.csv (34 provinces, 3,321 communes of 1 July
2025, the 10,604 units they were formed from, their districts and old provinces,
one lineage event per new commune), about 60 agencies per province, then people
in steps (`grow(to=N)`): each with a position, 10 years of ratings, titles and
awards, and per province and year dossiers with nominees, a decision and its
items. Columns not given here take the model field's default, so the set follows
the schema as migrations change it.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import random
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

from thidua.lib.text import fold, person_sort_string

YEARS = range(2016, 2026)
AGENCIES_PER_PROVINCE = 60
DOSSIERS_PER_PROVINCE_YEAR = 500
REORG = dt.date(2025, 7, 1)
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lò Giàng Tòng Sùng".split()
MIDDLE = "Văn Thị Hữu Đức Minh Thanh Ngọc Quang Thu Hồng Xuân Bảo Kim".split()
GIVEN = (
    "An Bình Cường Dũng Giang Hà Hải Hạnh Hoa Hùng Hương Khánh Lan Linh Long Mai "
    "Minh Nam Ngọc Phương Quân Sơn Tâm Thảo Thắng Trang Tuấn Việt Yến Đạt Ánh Ơn"
).split()
AGENCY_NAMES = [
    "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường", "Sở Công Thương", "Sở Tư pháp", "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch", "Thanh tra tỉnh", "Văn phòng UBND tỉnh",
]  # fmt: skip


def _value(field: models.Field, now: dt.datetime) -> Any:
    if isinstance(field, models.DateTimeField) and (
        field.auto_now or field.auto_now_add
    ):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} needs a value")


def copy(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """COPY `rows` into the model's table; missing columns take the field default,
    and a missing auto id is left to the database."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    pk = model._meta.pk
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f is pk and isinstance(f, models.AutoField) and f.attname not in first)
    ]
    names = [f'"{f.column}"' for f in fields]
    attnames = [f.attname for f in fields]
    now = timezone.now()
    defaults = {}
    for f in fields:
        try:
            defaults[f.attname] = _value(f, now)
        except ValueError:
            defaults[f.attname] = _REQUIRED
    jsons = {f.attname for f in fields if isinstance(f, models.JSONField)}
    count = 0
    table = model._meta.db_table
    with connection.cursor() as cursor:
        # the generated set is consistent by construction; the database's guards
        # (core/dbguards.py) refuse items of an issued decision, which COPY writes
        # after the decision itself
        cursor.execute("SET session_replication_role = replica")
        raw = cursor.cursor  # psycopg's own cursor: COPY
        with raw.copy(f'COPY "{table}" ({", ".join(names)}) FROM STDIN') as out:
            for row in itertools.chain([first], iterator):
                values = []
                for name in attnames:
                    value = row.get(name, defaults[name])
                    if value is _REQUIRED:
                        raise ValueError(f"{table}.{name} needs a value")
                    if name in jsons and value is not None:
                        value = Jsonb(value)
                    values.append(value)
                out.write_row(values)
                count += 1
        cursor.execute("RESET session_replication_role")
    return count


_REQUIRED = object()


def next_id(model: type[models.Model]) -> int:
    agg = model.objects.aggregate(m=models.Max("pk"))["m"]
    return (agg or 0) + 1


def reset_sequences(*models_: type[models.Model]) -> None:
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
            )


class Ids:
    """Consecutive ids handed out before a COPY."""

    def __init__(self, model: type[models.Model]) -> None:
        self.next = next_id(model)

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def load_units(csv_path: str) -> dict[str, Any]:
    """Provinces, communes, predecessors and lineage; returns the unit index."""
    from thidua.units.models import LineageEvent, LineageLink, OrgUnit

    rows = list(csv.DictReader(open(csv_path, encoding="utf-8")))
    provinces = sorted({r["province_code"] for r in rows})
    if OrgUnit.objects.filter(kind="province").exists():  # built by an earlier run
        return {
            "index": _index_from_db(rows, provinces),
            "provinces": provinces,
            "rows": rows,
        }
    ids = Ids(OrgUnit)
    units: list[dict[str, Any]] = []
    index: dict[tuple[str, str], int] = {}

    def unit(key: tuple[str, str], **fields: Any) -> int:
        if key not in index:
            index[key] = ids.take()
            name = fields["name"]
            units.append({"id": index[key], "search_text": fold(name), **fields})
        return index[key]

    old_to = REORG - dt.timedelta(days=1)
    for r in rows:
        province = unit(("P", r["province_code"]), code=r["province_code"],
                        name=r["province_name"], kind="province", valid_from=REORG)  # fmt: skip
        unit(("C", r["unit_code"]), code=r["unit_code"], name=r["unit_name"],
             kind=_kind(r["unit_name"]), parent_id=province, valid_from=REORG)  # fmt: skip
        old_p = unit(("OP", r["old_province_code"]), code=f"{r['old_province_code']}-2024",
                     name=r["old_province_name"], kind="province", valid_to=old_to)  # fmt: skip
        district = unit(("D", r["old_district_code"]), code=r["old_district_code"],
                        name=r["old_district_name"], kind="district", parent_id=old_p,
                        valid_to=old_to)  # fmt: skip
        unit(("O", r["predecessor_code"]), code=f"{r['predecessor_code']}-2024",
             name=r["predecessor_name"], kind=_kind(r["predecessor_name"]),
             parent_id=district, valid_to=old_to)  # fmt: skip
    for code in provinces:
        for n in range(AGENCIES_PER_PROVINCE):
            name = AGENCY_NAMES[n % len(AGENCY_NAMES)] + (
                f" (đơn vị {n})" if n >= 12 else ""
            )
            unit(("A", f"{code}-{n}"), code=f"{code}-CQ{n:02d}", name=name, kind="agency",
                 parent_id=index[("P", code)], valid_from=dt.date(2010, 1, 1))  # fmt: skip
    copy(OrgUnit, units)

    events, links = [], []
    event_ids = Ids(LineageEvent)
    link_ids = Ids(LineageLink)
    by_new: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_new.setdefault(r["unit_code"], []).append(r)
    for code, preds in by_new.items():
        eid = event_ids.take()
        events.append({"id": eid, "kind": "merge", "effective_date": REORG,
                       "legal_basis": "Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã năm 2025"})  # fmt: skip
        for p in preds:
            links.append({"id": link_ids.take(), "event_id": eid,
                          "predecessor_id": index[("O", p["predecessor_code"])],
                          "successor_id": index[("C", code)], "full": p["merge_type"] == "full"})  # fmt: skip
    copy(LineageEvent, events)
    copy(LineageLink, _unique_links(links))
    reset_sequences(OrgUnit, LineageEvent, LineageLink)
    return {"index": index, "provinces": provinces, "rows": rows}


def _index_from_db(
    rows: list[dict[str, str]], provinces: list[str]
) -> dict[tuple[str, str], int]:
    from thidua.units.models import OrgUnit

    by_code = dict(OrgUnit.objects.values_list("code", "pk"))
    index = {}
    for r in rows:
        index[("P", r["province_code"])] = by_code[r["province_code"]]
        index[("C", r["unit_code"])] = by_code[r["unit_code"]]
        index[("OP", r["old_province_code"])] = by_code[
            f"{r['old_province_code']}-2024"
        ]
        index[("D", r["old_district_code"])] = by_code[r["old_district_code"]]
        index[("O", r["predecessor_code"])] = by_code[f"{r['predecessor_code']}-2024"]
    for code in provinces:
        for n in range(AGENCIES_PER_PROVINCE):
            index[("A", f"{code}-{n}")] = by_code[f"{code}-CQ{n:02d}"]
    return index


def _unique_links(links: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    seen = set()
    for link in links:
        key = (link["event_id"], link["predecessor_id"], link["successor_id"])
        if key not in seen:
            seen.add(key)
            yield link


def _kind(name: str) -> str:
    head = name.split(" ", 1)[0]
    return {"Phường": "ward", "Thị": "township", "Đặc": "special_zone"}.get(
        head, "commune"
    )


def workplaces(units: dict[str, Any]) -> dict[str, list[int]]:
    """Per province: the current communes and agencies people work in."""
    index = units["index"]
    out: dict[str, list[int]] = {p: [] for p in units["provinces"]}
    for (kind, key), uid in index.items():
        if kind == "C":
            continue
        if kind == "A":
            out[key.split("-")[0]].append(uid)
    for r in units["rows"]:
        uid = index[("C", r["unit_code"])]
        if uid not in out[r["province_code"]]:
            out[r["province_code"]].append(uid)
    return out


def predecessors(units: dict[str, Any]) -> dict[int, int]:
    """New commune id → one predecessor id (where its people worked before 2025)."""
    index = units["index"]
    return {
        index[("C", r["unit_code"])]: index[("O", r["predecessor_code"])]
        for r in units["rows"]
    }


NAMES: list[tuple[str, str, str]] = []


def _names() -> list[tuple[str, str, str]]:
    if not NAMES:
        for f in FAMILY:
            for m in MIDDLE:
                for g in GIVEN:
                    full = f"{f} {m} {g}"
                    NAMES.append((full, person_sort_string(full), fold(full)))
    return NAMES


def grow(units: dict[str, Any], to: int, seed: int = 2025) -> dict[str, int]:
    """Add people until there are `to`, each with a post, ratings and awards.

    COPY runs with the triggers off (replica role): the award summary does not
    count these awards until `reports.services.award_summary_rebuild()` runs."""
    from thidua.commendations.models import AnnualRating, AwardRecord, AwardType
    from thidua.people.models import Person, Position

    have = Person.objects.count()
    if to <= have:
        return {}
    rng = random.Random(seed + have)
    names = _names()
    places = workplaces(units)
    before = predecessors(units)
    provinces = units["provinces"]
    types = dict(AwardType.objects.values_list("code", "pk"))
    ldtt, cstdcs, bk = types["LDTT"], types["CSTDCS"], types["BK_TINH"]
    rank = dict(
        AwardType.objects.values_list("pk", "rank")
    )  # AwardRecord.save()'s copy
    first = next_id(Person)
    people = range(first, first + to - have)
    home: dict[int, int] = {}
    named: dict[int, tuple[str, str, str]] = {}
    for pid in people:
        province = provinces[pid % len(provinces)]
        home[pid] = rng.choice(places[province])
        named[pid] = names[rng.randrange(len(names))]

    def persons() -> Iterator[dict[str, Any]]:
        for pid in people:
            full, sort, folded = named[pid]
            yield {"id": pid, "full_name": full, "sort_name": sort, "search_text": folded,
                   "gender": "female" if " Thị " in full else "male",
                   "birth_year": rng.randint(1962, 2000)}  # fmt: skip

    pos, rating_ids, award_ids = Ids(Position), Ids(AnnualRating), Ids(AwardRecord)

    def positions() -> Iterator[dict[str, Any]]:
        for pid in people:
            unit = home[pid]
            old = before.get(unit)
            if old:  # worked in the predecessor commune until the 2025 merge
                yield {"id": pos.take(), "person_id": pid, "unit_id": old,
                       "title": "Công chức", "start_date": dt.date(2012, 1, 1),
                       "end_date": REORG - dt.timedelta(days=1)}  # fmt: skip
            yield {"id": pos.take(), "person_id": pid, "unit_id": unit,
                   "title": "Chuyên viên", "start_date": REORG if old else dt.date(2012, 1, 1)}  # fmt: skip

    def ratings() -> Iterator[dict[str, Any]]:
        ids = rating_ids
        for pid in people:
            for year in YEARS:
                r = rng.random()
                grade = "HTXS" if r < 0.15 else "HTT" if r < 0.85 else "HT"
                yield {"id": ids.take(), "person_id": pid, "unit_id": home[pid],
                       "year": year, "rating": grade, "search_text": named[pid][2]}  # fmt: skip

    def awards() -> Iterator[dict[str, Any]]:
        ids = award_ids
        for pid in people:
            full = named[pid][2]
            for year in YEARS:
                if rng.random() < 0.12:
                    code = cstdcs if rng.random() < 0.2 else ldtt
                    yield {"id": ids.take(), "person_id": pid, "unit_id": home[pid],
                           "award_type_id": code, "award_rank": rank[code],
                           "year": year, "search_text": full,
                           "level": "xa", "decision_number": f"{rng.randint(1, 999)}/QĐ-UBND",
                           "decision_date": dt.date(year + 1, 3, 15),
                           "branch": "initiative" if code == cstdcs else ""}  # fmt: skip
            if rng.random() < 0.05:
                yield {"id": ids.take(), "person_id": pid, "unit_id": home[pid],
                       "award_type_id": bk, "award_rank": rank[bk],
                       "year": 2024, "search_text": full,
                       "level": "tinh", "decision_number": "1020/QĐ-UBND",
                       "decision_date": dt.date(2025, 2, 10)}  # fmt: skip

    counts = {
        "people": copy(Person, persons()),
        "positions": copy(Position, positions()),
        "ratings": copy(AnnualRating, ratings()),
        "awards": copy(AwardRecord, awards()),
    }
    reset_sequences(Person, Position, AnnualRating, AwardRecord)
    return counts


def dossiers(
    units: dict[str, Any], years: range = YEARS, seed: int = 84
) -> dict[str, int]:
    """Per province and year: dossiers of 5 nominees from its agencies and communes,
    one issued decision per 50 dossiers with an item (and certificate) per nominee,
    and the audit entries the workflow leaves."""
    from thidua.commendations.models import AwardType
    from thidua.core.models import AuditEntry
    from thidua.dossiers.models import (
        Certificate,
        Decision,
        DecisionItem,
        Dossier,
        Nominee,
    )
    from thidua.people.models import Position

    rng = random.Random(seed)
    index = units["index"]
    places = workplaces(units)
    ldtt = AwardType.objects.get(code="LDTT").pk
    staff: dict[int, list[tuple[int, str]]] = {}
    for pid, unit_id, name in (
        Position.objects.filter(end_date__isnull=True)
        .values_list("person_id", "unit_id", "person__full_name")
        .iterator(chunk_size=20000)
    ):
        bucket = staff.setdefault(unit_id, [])
        if len(bucket) < 40:
            bucket.append((pid, name))
    d_ids, n_ids, q_ids, i_ids, c_ids, a_ids = (
        Ids(m)
        for m in (Dossier, Nominee, Decision, DecisionItem, Certificate, AuditEntry)
    )
    dossier_rows, nominee_rows, decision_rows, item_rows, cert_rows, links, audit = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    now = timezone.now()
    for province in units["provinces"]:
        issuer = index[("P", province)]
        with_staff = [u for u in places[province] if staff.get(u)]
        for year in years:
            decision = None
            for n in range(DOSSIERS_PER_PROVINCE_YEAR):
                unit = rng.choice(with_staff)
                did = d_ids.take()
                decided = year < years[-1] or n < 400
                dossier_rows.append({"id": did, "unit_id": unit, "type": "annual", "year": year,
                    "title": f"Đề nghị khen thưởng tổng kết năm {year}",
                    "status": "decided" if decided else rng.choice(["draft", "submitted", "accepted"]),
                    "submitted_at": None if not decided else now})  # fmt: skip
                if dossier_rows[-1]["status"] == "draft":
                    dossier_rows[-1]["submitted_at"] = None
                elif dossier_rows[-1]["submitted_at"] is None:
                    dossier_rows[-1]["submitted_at"] = now
                if decided and n % 50 == 0:
                    decision = q_ids.take()
                    decision_rows.append({"id": decision, "issuer_id": issuer, "issuer_name": "UBND tỉnh",
                        "authority": "Chủ tịch UBND tỉnh", "year": year + 1, "number": 1000 + n // 50 + (year - 2000) * 100,
                        "date": dt.date(year + 1, 2, 1), "summary": f"Về việc khen thưởng năm {year}",
                        "grounds": "Luật Thi đua, khen thưởng ngày 15/6/2022", "signer_name": "Nguyễn Văn A",
                        "status": "issued", "type": "annual"})  # fmt: skip
                    position = 0
                if decided:
                    links.append((decision, did))
                for who, name in rng.sample(staff[unit], min(5, len(staff[unit]))):
                    nid = n_ids.take()
                    nominee_rows.append({"id": nid, "dossier_id": did, "kind": "individual", "person_id": who,
                        "name": name, "award_type_id": ldtt, "eligible": True,
                        "review_status": "accepted" if decided else "pending"})  # fmt: skip
                    audit.append({"id": a_ids.take(), "at": now - dt.timedelta(minutes=len(audit)), "action": "create", "app_label": "dossiers", "model": "nominee",
                                  "object_id": str(nid), "object_repr": name[:255]})  # fmt: skip
                    if decided:
                        position += 1
                        iid = i_ids.take()
                        item_rows.append({"id": iid, "decision_id": decision, "position": position,
                            "nominee_id": nid, "kind": "individual", "person_id": who, "name": name,
                            "award_type_id": ldtt, "amount": 710000})  # fmt: skip
                        cert_rows.append({"id": c_ids.take(), "item_id": iid,
                                          "code": f"{iid:08X}", "pdf": "", "generated_at": now})  # fmt: skip
    counts = {
        "dossiers": copy(Dossier, dossier_rows),
        "nominees": copy(Nominee, nominee_rows),
        "decisions": copy(Decision, decision_rows),
        "decision items": copy(DecisionItem, item_rows),
        "certificates": copy(Certificate, cert_rows),
        "audit entries": copy(AuditEntry, audit),
    }
    through = Decision.dossiers.through
    copy(through, ({"decision_id": q, "dossier_id": d} for q, d in links if q))
    reset_sequences(Dossier, Nominee, Decision, DecisionItem, Certificate, AuditEntry)
    return counts


def has_dossiers() -> bool:
    from thidua.dossiers.models import Dossier

    return Dossier.objects.exists()
