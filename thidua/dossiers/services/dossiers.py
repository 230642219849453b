"""Preparing a dossier: nominees checked by the eligibility engine, imports,
documents, submission (Law 2022 Art. 84)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.commendations import law
from thidua.commendations.models import AwardType
from thidua.core import audit
from thidua.lib import uploads
from thidua.lib.formats import long_date
from thidua.lib.text import fold
from thidua.people.models import Person
from thidua.units.models import OrgUnit
from thidua.units.selectors import descendant_ids, lineage_ids, successors

from .. import imports
from ..models import (
    Dossier,
    DossierDocument,
    Nominee,
)
from ._common import DocKind, Status, locked, require_status


def _verdict_dict(verdict: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(verdict):
        return dataclasses.asdict(verdict)  # type: ignore[arg-type]
    if isinstance(verdict, dict):
        return verdict
    return {
        k: getattr(verdict, k, None)
        for k in ("code", "eligible", "basis", "satisfied", "missing", "to_confirm")
    }


def check_eligibility(
    *,
    kind: str,
    award_type: AwardType,
    year: int,
    person: Person | None = None,
    unit: OrgUnit | None = None,
) -> tuple[bool | None, dict[str, Any]]:
    """The engine's verdict for one nominee: (eligible, snapshot).

    None means the engine has no computable criteria for this award and
    recipient (households, forms judged by people): the council decides.
    """
    from thidua.commendations import services as commendations

    if kind == "individual" and person is not None:
        verdicts = commendations.evaluate_person(person, year)
    elif kind == "collective" and unit is not None:
        verdicts = commendations.evaluate_collective(unit, year)
    else:
        verdicts = []
    for verdict in verdicts:
        data = _verdict_dict(verdict)
        if data.get("code") == award_type.code:
            snapshot = {k: v for k, v in data.items() if _jsonable(v)}
            snapshot["checked_at"] = timezone.now().isoformat(timespec="seconds")
            return bool(data.get("eligible")), snapshot
    return None, {
        "code": award_type.code,
        "note": "Không có tiêu chí tính được cho trường hợp này; Hội đồng xem xét.",
        "checked_at": timezone.now().isoformat(timespec="seconds"),
    }


def _jsonable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | list | dict | type(None))


# -- dossier -------------------------------------------------------------------


def _ended_message(unit: OrgUnit, day: dt.date) -> str:
    if unit.valid_from and day < unit.valid_from:
        return f"{unit.name} chỉ hoạt động từ ngày {unit.valid_from:%d/%m/%Y}: chưa lập được hồ sơ."
    heirs = [u.name for u in successors(unit) if u.is_valid_on(day)]
    ended = unit.valid_to + dt.timedelta(days=1) if unit.valid_to else day
    return (
        f"{unit.name} đã chấm dứt hoạt động từ ngày {ended:%d/%m/%Y} (sắp xếp đơn vị "
        "hành chính): không lập hồ sơ mới cho đơn vị này. "
        + (
            f"Hãy lập hồ sơ cho đơn vị kế thừa: {', '.join(heirs)}."
            if heirs
            else "Hãy lập hồ sơ cho đơn vị đang hoạt động mà bạn phụ trách."
        )
    )


def dossier_create(
    *,
    unit: OrgUnit,
    type: str,
    year: int,
    title: str,
    movement: str = "",
    by: User | None,
    simplified: bool = False,
    on: dt.date | None = None,
    decider: OrgUnit | None = None,
) -> Dossier:
    """A new draft; `on` is the day it is made (today unless a history is recorded).
    `decider`: the commune whose chair decides (its own awards), None for the
    organisation."""
    day = on or timezone.localdate()
    if not unit.is_valid_on(day):
        raise ValidationError({"unit": _ended_message(unit, day)})
    if decider is not None and (
        decider.kind not in OrgUnit.COMMUNE_LEVEL
        or unit.pk not in descendant_ids([decider.pk])
    ):
        raise ValidationError(
            {
                "decider": f"{decider.name} chỉ xét, quyết định khen thưởng cho "
                "chính xã, phường đó và các thôn, cơ quan, đơn vị thuộc xã."
            }
        )
    if type not in Dossier.Type.values:
        raise ValidationError({"type": "Loại hình khen thưởng không hợp lệ."})
    if simplified:
        law.dossier_documents(type, simplified, set())  # refuses all but ad hoc
    if not 1945 <= year <= 2100:
        raise ValidationError({"year": "Năm thành tích không hợp lệ."})
    if type == Dossier.Type.THEMATIC and not movement.strip():
        raise ValidationError(
            {"movement": "Khen thưởng chuyên đề cần ghi tên phong trào, chuyên đề."}
        )
    with audit.acting_as(by):
        dossier = Dossier.objects.create(
            unit=unit,
            type=type,
            year=year,
            title=title.strip() or f"Đề nghị khen thưởng năm {year}",
            movement=movement.strip(),
            simplified=simplified,
            created_by=by if by and by.pk else None,
            decider=decider,
        )
    return dossier


def dossier_update(*, dossier: Dossier, by: User | None, **fields: Any) -> Dossier:
    require_status(dossier, *Dossier.EDITABLE, action="sửa hồ sơ")
    for name in ("title", "movement", "year", "type"):
        if name in fields:
            setattr(dossier, name, fields[name])
    with audit.acting_as(by):
        dossier.save()
    return dossier


def nominee_add(
    *,
    dossier: Dossier,
    kind: str,
    award_type: AwardType,
    by: User | None,
    person: Person | None = None,
    unit: OrgUnit | None = None,
    household: str = "",
    position: str = "",
    achievement: str = "",
    justification: str = "",
) -> Nominee:
    """Add a nominee, checked by the eligibility engine.

    Raises ValidationError when the dossier is not editable, the award does not
    apply to the recipient, or an ineligible nominee has no justification.
    """
    require_status(dossier, *Dossier.EDITABLE, action="thêm người được đề nghị")
    if kind not in award_type.recipient_kinds:
        raise ValidationError(
            {"award_type": f"“{award_type.name}” không xét tặng cho đối tượng này."}
        )
    if kind == "individual" and person is None:
        raise ValidationError({"person": "Chọn cá nhân được đề nghị."})
    if kind == "collective" and unit is None:
        raise ValidationError({"unit": "Chọn tập thể được đề nghị."})
    if kind == "household" and not household.strip():
        raise ValidationError({"household": "Ghi tên hộ gia đình."})
    recipient = {"person": person, "unit": unit, "household": household.strip()}
    duplicate = dossier.nominees.filter(award_type=award_type, kind=kind)
    if kind == "individual":
        duplicate = duplicate.filter(person=person)
    elif kind == "collective":
        duplicate = duplicate.filter(unit=unit)
    else:
        duplicate = duplicate.filter(household=household.strip())
    if duplicate.exists():
        raise ValidationError(
            {"person": "Đối tượng này đã có trong hồ sơ với cùng hình thức."}
        )
    if dossier.type == Dossier.Type.ANNUAL:
        _refuse_if_held(award_type, dossier.year, recipient)
    eligible, snapshot = check_eligibility(
        kind=kind, award_type=award_type, year=dossier.year, person=person, unit=unit
    )
    if dossier.type != Dossier.Type.ANNUAL:
        # thematic, ad hoc and contribution awards rest on a judgment of the
        # achievement, which the engine never asserts (contracts.md)
        if not achievement.strip():
            raise ValidationError(
                {
                    "achievement": "Khen thưởng chuyên đề, đột xuất, cống hiến cần tóm tắt thành tích."
                }
            )
        eligible = True if eligible else None
    if eligible is False and not justification.strip():
        missing = "; ".join(snapshot.get("missing") or [])
        raise ValidationError(
            {
                "justification": "Chưa đủ điều kiện theo quy định"
                + (f" ({missing})" if missing else "")
                + ": cần ghi giải trình lý do vẫn đề nghị."
            }
        )
    name = (
        str(person)
        if kind == "individual"
        else str(unit)
        if kind == "collective"
        else household.strip()
    )
    if kind == "individual" and not position and person is not None:
        held = person.position_on(dt.date(dossier.year, 12, 31))
        position = f"{held.title}, {held.unit}" if held else ""
    with audit.acting_as(by):
        nominee = Nominee.objects.create(
            dossier=dossier,
            kind=kind,
            name=name,
            position=position.strip(),
            award_type=award_type,
            achievement=achievement.strip(),
            eligible=eligible,
            eligibility=snapshot,
            justification=justification.strip(),
            **recipient,
        )
    return nominee


def _refuse_if_held(
    award_type: AwardType, year: int, recipient: dict[str, Any]
) -> None:
    """An award the registry already holds for this year's achievement is not
    proposed again, whatever the justification (one achievement, one award)."""
    from thidua.commendations.selectors import award_held

    held = award_held(
        award_type=award_type,
        year=year,
        person=recipient["person"],
        collective=recipient["unit"],
        household_name=recipient["household"],
    )
    if held is None:
        return
    decision = ""
    if held.decision_number:
        decision = f" (Quyết định số {held.decision_number}"
        if held.decision_date:
            decision += f" {long_date(held.decision_date)}"
        decision += ")"
    raise ValidationError(
        {
            "award_type": f"Đã được tặng “{award_type.name}” cho thành tích năm "
            f"{year}{decision}: không đề nghị lại."
        }
    )


def nominee_remove(*, nominee: Nominee, by: User | None) -> None:
    require_status(nominee.dossier, *Dossier.EDITABLE, action="bỏ người được đề nghị")
    with audit.acting_as(by):
        nominee.delete()


def nominee_suggestions(
    *, dossier: Dossier, award_type: AwardType, limit: int = 200
) -> list[dict[str, Any]]:
    """Who in the dossier's unit the engine finds eligible for `award_type`."""
    from thidua.commendations import services as commendations

    unit_ids = descendant_ids([dossier.unit_id])
    taken = set(
        dossier.nominees.filter(award_type=award_type).values_list(
            "person_id", "unit_id"
        )
    )
    found: list[dict[str, Any]] = []
    if award_type.for_individual:
        people = Person.objects.in_units(
            unit_ids, on=dt.date(dossier.year, 12, 31)
        ).vn_ordered()
        for person in people[:limit]:
            if (person.pk, None) in taken:
                continue
            for verdict in map(
                _verdict_dict, commendations.evaluate_person(person, dossier.year)
            ):
                if verdict.get("code") == award_type.code and verdict.get("eligible"):
                    found.append(
                        {
                            "kind": "individual",
                            "id": person.pk,
                            "name": person.full_name,
                            "basis": verdict.get("basis", ""),
                            "satisfied": verdict.get("satisfied") or [],
                        }
                    )
    if award_type.for_collective:
        units = OrgUnit.objects.filter(id__in=unit_ids).order_by("name")
        for unit in units[:limit]:
            if (None, unit.pk) in taken:
                continue
            for verdict in map(
                _verdict_dict, commendations.evaluate_collective(unit, dossier.year)
            ):
                if verdict.get("code") == award_type.code and verdict.get("eligible"):
                    found.append(
                        {
                            "kind": "collective",
                            "id": unit.pk,
                            "name": unit.name,
                            "basis": verdict.get("basis", ""),
                            "satisfied": verdict.get("satisfied") or [],
                        }
                    )
    return found


def _award_by_text(text: str) -> AwardType | None:
    key = fold(text)
    for award in AwardType.objects.filter(active=True):
        if key in (fold(award.code), fold(award.name)):
            return award
    return None


def _resolve_row(dossier: Dossier, row: imports.Row, scope: set[int]) -> dict[str, Any]:
    kind = imports.kind_of(row.get("kind"))
    if kind is None:
        raise ValidationError(
            f"đối tượng “{row.get('kind')}” không hợp lệ (cá nhân, tập thể, hộ gia đình)"
        )
    name = row.get("name")
    if not name:
        raise ValidationError("thiếu họ tên hoặc tên tập thể")
    award = _award_by_text(row.get("award"))
    if award is None:
        raise ValidationError(
            f"không có hình thức khen thưởng “{row.get('award')}” trong danh mục"
        )
    spec: dict[str, Any] = {
        "kind": kind,
        "award_type": award,
        "position": row.get("position"),
        "achievement": row.get("achievement"),
        "justification": row.get("justification"),
    }
    if kind == "individual":
        people = Person.objects.filter(
            search_text=fold(name), positions__unit_id__in=scope
        ).distinct()
        if row.get("birth_year").isdigit():
            people = people.filter(birth_year=int(row.get("birth_year")))
        matches = list(people[:2])
        if not matches:
            raise ValidationError(f"không tìm thấy “{name}” trong {dossier.unit}")
        if len(matches) > 1:
            raise ValidationError(f"có nhiều người tên “{name}”, cần ghi thêm năm sinh")
        spec["person"] = matches[0]
    elif kind == "collective":
        units = list(
            OrgUnit.objects.filter(id__in=scope, search_text__startswith=fold(name))[:2]
        )
        if len(units) != 1:
            raise ValidationError(
                f"không xác định được tập thể “{name}” trong {dossier.unit}"
            )
        spec["unit"] = units[0]
    else:
        spec["household"] = name
    return spec


@transaction.atomic
def nominees_import(
    *, dossier: Dossier, filename: str, data: bytes, by: User | None
) -> list[Nominee]:
    """Add every row of a .xlsx or .docx nominee list, or none of them.

    Raises ValidationError({"file": [...]}) with one Vietnamese message per bad row.
    """
    require_status(dossier, *Dossier.EDITABLE, action="nhập danh sách")
    rows = imports.read_nominee_file(filename, data)
    scope = lineage_ids(descendant_ids([dossier.unit_id]))
    errors: list[str] = []
    created: list[Nominee] = []
    for row in rows:
        try:
            with transaction.atomic():
                spec = _resolve_row(dossier, row, scope)
                created.append(nominee_add(dossier=dossier, by=by, **spec))
        except ValidationError as exc:
            errors.extend(f"Dòng {row.line}: {m}" for m in exc.messages)
    if errors:
        transaction.set_rollback(True)
        raise ValidationError({"file": errors})
    with audit.acting_as(by):
        audit.record_event(
            dossier, f"Nhập {len(created)} người, tập thể từ tệp {filename}"
        )
    return created


def document_attach(
    *,
    dossier: Dossier,
    kind: str,
    filename: str,
    data: bytes,
    note: str = "",
    by: User | None,
) -> DossierDocument:
    require_status(dossier, *Dossier.EDITABLE, action="đính kèm tài liệu")
    if kind not in DocKind.values:
        raise ValidationError({"kind": "Loại tài liệu không hợp lệ."})
    try:
        _, extension, _ = uploads.check_document(data)
    except uploads.UploadRefused as exc:
        raise ValidationError({"file": exc.messages}) from exc
    # the stored name ends as the content is, whatever the sender called it
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "tai-lieu"
    with audit.acting_as(by):
        doc = DossierDocument(dossier=dossier, kind=kind, note=note)
        doc.file.save(f"{stem}.{extension}", ContentFile(data), save=False)
        doc.save()
    return doc


def document_remove(*, document: DossierDocument, by: User | None) -> None:
    require_status(document.dossier, *Dossier.EDITABLE, action="xóa tài liệu")
    with audit.acting_as(by):
        document.file.delete(save=False)
        document.delete()


def required_documents(dossier: Dossier) -> list[str]:
    """Law 2022 Art. 84: tờ trình, báo cáo thành tích, biên bản bình xét, plus the
    initiative confirmation when a CSTĐ title is proposed."""
    codes = set(dossier.nominees.values_list("award_type__code", flat=True))
    return law.dossier_documents(dossier.type, dossier.simplified, codes)


def missing_documents(dossier: Dossier) -> list[str]:
    present = set(dossier.documents.values_list("kind", flat=True))
    return [k for k in required_documents(dossier) if k not in present]


@transaction.atomic
def dossier_submit(*, dossier: Dossier, by: User | None) -> Dossier:
    dossier = locked(Dossier, dossier.pk)
    require_status(dossier, *Dossier.EDITABLE, action="gửi hồ sơ")
    if not dossier.nominees.exists():
        raise ValidationError("Hồ sơ chưa có người, tập thể nào được đề nghị.")
    missing = missing_documents(dossier)
    if missing:
        labels = ", ".join(str(DocKind(k).label) for k in missing)
        raise ValidationError({"documents": f"Hồ sơ còn thiếu: {labels}."})
    unjustified = dossier.nominees.filter(eligible=False, justification="")
    if unjustified.exists():
        raise ValidationError(
            {"justification": "Có người chưa đủ điều kiện mà chưa có giải trình."}
        )
    resubmitted = dossier.status == Status.RETURNED
    dossier.status = Status.SUBMITTED
    dossier.submitted_at = timezone.now()
    with audit.acting_as(by):
        dossier.save()
        # returned nominees go back into the office's queue
        for nominee in dossier.nominees.filter(review_status=Nominee.Review.RETURNED):
            nominee.review_status = Nominee.Review.PENDING
            nominee.save()
        audit.record_event(
            dossier, "Gửi lại hồ sơ đã bổ sung" if resubmitted else "Gửi hồ sơ đề nghị"
        )
    return dossier
