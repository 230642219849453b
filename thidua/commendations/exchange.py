"""A person's registry carried between two Thi đua instances (a civil servant moving
province keeps their history): awards with their decisions, annual ratings and
discipline, as JSON with a named, versioned schema. Import is all-or-nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.core import audit
from thidua.people.models import Person

from .models import AnnualRating, AwardRecord, AwardType, DisciplinaryRecord

SCHEMA = "thidua.person-registry"
VERSION = 1
PERSON_FIELDS = ("full_name", "gender", "birth_year", "ethnicity", "target_group")
AWARD_FIELDS = (
    "year",
    "branch",
    "issuer",
    "level",
    "decision_number",
    "decision_issuer",
)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def export_person(person: Person, *, source: str) -> dict[str, Any]:
    awards = AwardRecord.objects.filter(person=person).select_related(
        "award_type", "unit"
    )
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "source": source,
        "person": {f: getattr(person, f) for f in PERSON_FIELDS},
        "awards": [
            {
                "code": a.award_type.code,
                "name": a.award_type.name,
                **{f: getattr(a, f) for f in AWARD_FIELDS},
                "decision_date": _day(a.decision_date),
                "revoked_on": _day(a.revoked_on),
                "unit": a.unit.name if a.unit else "",
            }
            for a in awards.order_by("year", "pk")
        ],
        "ratings": [
            {"year": r.year, "rating": r.rating, "unit": r.unit.name if r.unit else ""}
            for r in AnnualRating.objects.filter(person=person)
            .select_related("unit")
            .order_by("year")
        ],
        "discipline": [
            {
                "year": d.year,
                "severity": d.severity,
                "decision_number": d.decision_number,
                "decision_date": _day(d.decision_date),
                "reason": d.reason,
            }
            for d in DisciplinaryRecord.objects.filter(person=person).order_by("year")
        ],
    }


def _date(value: Any, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(
            f"{where}: ngày “{value}” không đúng dạng YYYY-MM-DD."
        ) from exc


def _check_header(data: Any) -> None:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ValidationError(f"Tệp không phải sổ khen thưởng cá nhân ({SCHEMA}).")
    if data.get("version") != VERSION:
        raise ValidationError(
            f"Phiên bản {data.get('version')} chưa được hỗ trợ (hệ thống đọc phiên bản {VERSION})."
        )
    for key in ("person", "awards", "ratings", "discipline"):
        if key not in data:
            raise ValidationError(f"Tệp thiếu mục “{key}”.")


@transaction.atomic
def import_person(
    data: Any, *, by: User | None, into: Person | None = None
) -> tuple[Person, int]:
    """Create the person (or add to `into`) with the history; returns (person, records added).

    Records already present (same award, year and decision number) are skipped, so
    importing the same file twice adds nothing.
    """
    _check_header(data)
    codes = {a.code: a for a in AwardType.objects.all()}
    errors = [
        f"Khen thưởng thứ {i}: mã “{a.get('code')}” không có trong danh mục."
        for i, a in enumerate(data["awards"], start=1)
        if a.get("code") not in codes
    ]
    if errors:
        raise ValidationError(errors)
    added = 0
    with audit.acting_as(by):
        person = into
        if person is None:
            fields = {f: data["person"].get(f) for f in PERSON_FIELDS}
            if not fields["full_name"]:
                raise ValidationError("Thiếu họ và tên của người được chuyển sổ.")
            person = Person(**{k: v for k, v in fields.items() if v is not None})
            person.full_clean()
            person.save()
        for i, a in enumerate(data["awards"], start=1):
            where = f"Khen thưởng thứ {i}"
            record, created = AwardRecord.objects.get_or_create(
                person=person,
                award_type=codes[a["code"]],
                year=int(a["year"]),
                decision_number=a.get("decision_number") or "",
                defaults={
                    "holder_kind": "individual",
                    "branch": a.get("branch") or "",
                    "issuer": a.get("issuer") or "",
                    "level": a.get("level") or "",
                    "decision_date": _date(a.get("decision_date"), where),
                    "decision_issuer": a.get("decision_issuer") or "",
                    "revoked_on": _date(a.get("revoked_on"), where),
                },
            )
            added += created
        for r in data["ratings"]:
            _, created = AnnualRating.objects.get_or_create(
                person=person, year=int(r["year"]), defaults={"rating": r["rating"]}
            )
            added += created
        for i, d in enumerate(data["discipline"], start=1):
            _, created = DisciplinaryRecord.objects.get_or_create(
                person=person,
                year=int(d["year"]),
                severity=d["severity"],
                decision_number=d.get("decision_number") or "",
                defaults={
                    "decision_date": _date(d.get("decision_date"), f"Kỷ luật thứ {i}"),
                    "reason": d.get("reason") or "",
                },
            )
            added += created
        audit.record_event(
            person, f"Nhận sổ khen thưởng từ {data.get('source') or 'hệ thống khác'}"
        )
    return person, added
