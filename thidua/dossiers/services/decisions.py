"""Award decisions, their correction (amend, revoke) and the registry they feed.

An issued decision never changes (models.py refuses); a correction is a new
decision that points at the one it amends or revokes (Law 2022 ch. VII)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.commendations import law
from thidua.commendations.models import AwardType
from thidua.core import audit
from thidua.lib.files import private_storage, token_name
from thidua.lib.formats import number
from thidua.organisation.models import Organisation, Signer
from thidua.organisation.selectors import (
    is_root,
    organisation_on,
    place_of,
    signers_for,
)
from thidua.units.models import OrgUnit

from .. import documents
from ..models import (
    ISSUED_MESSAGE,
    Decision,
    DecisionItem,
    Dossier,
    Nominee,
)
from ._common import Status, locked, require_status


def default_grounds(organisation: Organisation, issuer: OrgUnit, day: dt.date) -> str:
    """The "Căn cứ" lines: the law on the issuer's own powers, the TĐKT law and the
    decree of the rule set in force on `day` (commendations.law), the proposer."""
    if organisation.kind == Organisation.Kind.MINISTRY and is_root(
        issuer, organisation
    ):
        powers = (
            "Căn cứ Nghị định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức "
            f"của {organisation.name};"
        )
    else:
        powers = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
    proposer = organisation.proposer if is_root(issuer, organisation) else ""
    lines = [powers, *law.decision_grounds(day)]
    if proposer:
        lines.append(f"Theo đề nghị của {proposer}.")
    return "\n".join(lines)


def _issuer_code(award_type: AwardType, issuer: OrgUnit) -> str | None:
    if not law.takes_issuer(award_type.code):
        return None
    if issuer.kind in OrgUnit.COMMUNE_LEVEL:
        return "xa"
    return "so" if issuer.kind == OrgUnit.Kind.AGENCY else "don_vi"


# Which issuer may sign an award of a given level (Law 2022, Art. 78-80).
ISSUER_KINDS = {
    "tinh": (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.MINISTRY),
    "huyen": OrgUnit.DISTRICT_LEVEL,
    "xa": OrgUnit.COMMUNE_LEVEL,
}


def _check_issuer(issuer: OrgUnit, awards: set[AwardType]) -> None:
    wrong = sorted(
        a.name
        for a in awards
        if a.level in ISSUER_KINDS and issuer.kind not in ISSUER_KINDS[a.level]
    )
    if wrong:
        raise ValidationError(
            {
                "issuer": f"{issuer.name} không có thẩm quyền quyết định: "
                + ", ".join(wrong)
                + "."
            }
        )


def _price(item: DecisionItem, issuer: OrgUnit, day: dt.date) -> None:
    from thidua.commendations.money import reward_amount

    try:
        result = reward_amount(
            item.award_type.code, item.kind, day, _issuer_code(item.award_type, issuer)
        )
    except ValidationError:
        # no money rule for this award (e.g. a catalogue entry without a coefficient)
        item.amount, item.coefficient, item.amount_basis = (
            0,
            None,
            "Không có mức thưởng",
        )
        return
    item.amount = int(result.amount)
    item.coefficient = Decimal(str(result.coefficient))
    item.amount_basis = str(result.basis)[:255]


@transaction.atomic
def decision_draft(
    *,
    issuer: OrgUnit,
    dossiers: Sequence[Dossier],
    summary: str,
    by: User | None,
    authority: str = "",
    reason: str = "",
    grounds: str = "",
    symbol: str = "",
    signature_capacity: str = "CHỦ TỊCH",
    year: int | None = None,
) -> Decision:
    """Draft an award decision listing every nominee the council passed whose award
    the deciding level decides (the others go up through thidua.forwarding)."""
    if not dossiers:
        raise ValidationError({"dossiers": "Chọn hồ sơ đã được Hội đồng thông qua."})
    for dossier in dossiers:
        require_status(dossier, Status.APPROVED, action="dự thảo quyết định")
        if dossier.decider_id is not None and dossier.decider_id != issuer.pk:
            # a commune's own awards: its chair decides, no one else
            raise ValidationError(
                {"issuer": f"Hồ sơ “{dossier.title}” do {dossier.decider} quyết định."}
            )
    types = {d.type for d in dossiers}
    passed = (
        Nominee.objects.filter(
            dossier__in=dossiers,
            council_results__passed=True,
            decision_items__isnull=True,
        )
        .exclude(
            award_type__level__in=law.forwarded_levels(
                any(d.decider_id for d in dossiers)
            )
        )
        .select_related("award_type")
        .order_by("award_type__sort_order", "dossier_id", "pk")
        .distinct()
    )
    if not passed.exists():
        raise ValidationError("Không có trường hợp nào được Hội đồng thông qua.")
    _check_issuer(issuer, {n.award_type for n in passed})
    today = timezone.localdate()
    organisation = organisation_on(today)
    own = is_root(issuer, organisation)
    issuer_name = organisation.issuing_body if own else _issuer_name(issuer)
    with audit.acting_as(by):
        decision = Decision.objects.create(
            kind=Decision.Kind.AWARD,
            type=types.pop() if len(types) == 1 else "",
            issuer=issuer,
            issuer_name=issuer_name,
            authority=authority
            or (organisation.authority if own else f"CHỦ TỊCH {issuer_name}"),
            symbol=symbol or (organisation.decision_symbol if own else "QĐ-UBND"),
            place=place_of(issuer, organisation),
            year=year or today.year,
            summary=summary.strip() or "Về việc khen thưởng",
            grounds=grounds or default_grounds(organisation, issuer, today),
            reason=reason.strip(),
            signature_capacity=signature_capacity,
        )
        decision.dossiers.set(dossiers)
        for position, nominee in enumerate(passed, start=1):
            item = DecisionItem(
                decision=decision,
                position=position,
                nominee=nominee,
                kind=nominee.kind,
                person=nominee.person,
                unit=nominee.unit,
                name=nominee.name,
                position_text=nominee.position,
                award_type=nominee.award_type,
            )
            _price(item, issuer, today)
            item.save()
        audit.record_event(decision, f"Dự thảo quyết định, {position} trường hợp")
    return decision


def _issuer_name(issuer: OrgUnit) -> str:
    return (
        f"ỦY BAN NHÂN DÂN {issuer.name}".upper()
        if issuer.kind
        in (
            OrgUnit.Kind.PROVINCE,
            *OrgUnit.DISTRICT_LEVEL,
            *OrgUnit.COMMUNE_LEVEL,
        )
        else issuer.name.upper()
    )


EDITABLE_DECISION_FIELDS = (
    "summary",
    "grounds",
    "reason",
    "authority",
    "symbol",
    "signature_capacity",
    "year",
)


def decision_update(*, decision: Decision, by: User | None, **fields: Any) -> Decision:
    if decision.is_issued:
        raise ValidationError(str(ISSUED_MESSAGE))
    for name, value in fields.items():
        if name not in EDITABLE_DECISION_FIELDS:
            raise ValidationError({name: "Không sửa được trường này."})
        setattr(decision, name, value)
    with audit.acting_as(by):
        decision.save()
    return decision


@dataclasses.dataclass(frozen=True)
class Amendment:
    """What replaces one item of an issued decision; fields left None stay as they were."""

    item: DecisionItem
    name: str | None = None
    position_text: str | None = None
    award_type: AwardType | None = None


def _check_current(item: DecisionItem, target: Decision) -> None:
    """The item belongs to the target and no issued decision has corrected it yet."""
    if item.decision_id != target.pk:
        raise ValidationError({"items": f"“{item.name}” không thuộc quyết định này."})
    later = item.correction()
    if later is not None:
        verb = "hủy bỏ" if later.revokes_id else "sửa đổi"
        raise ValidationError(
            {
                "items": f"Khen thưởng của “{item.name}” đã được {verb} bởi Quyết định "
                f"số {later.decision.reference}; hãy sửa đổi, hủy bỏ theo quyết định đó."
            }
        )


def _replacement(
    amendment: Amendment, position: int, decision: Decision
) -> DecisionItem:
    """The amending item: the original's data with the corrected fields, priced as
    the difference against what the original paid (never paid twice)."""
    original = amendment.item
    name = (amendment.name if amendment.name is not None else original.name).strip()
    award_type = amendment.award_type or original.award_type
    position_text = (
        amendment.position_text
        if amendment.position_text is not None
        else original.position_text
    ).strip()
    if not name:
        raise ValidationError({"name": f"Ghi tên thay cho “{original.name}”."})
    if original.kind not in award_type.recipient_kinds:
        raise ValidationError(
            {"award_type": f"“{award_type.name}” không xét tặng cho “{name}”."}
        )
    if (name, position_text, award_type.pk) == (
        original.name,
        original.position_text,
        original.award_type_id,
    ):
        raise ValidationError(
            {"items": f"Nội dung sửa đổi của “{original.name}” không khác bản gốc."}
        )
    item = DecisionItem(
        decision=decision,
        position=position,
        nominee=original.nominee,
        kind=original.kind,
        person=original.person,
        unit=original.unit,
        name=name,
        position_text=position_text,
        award_type=award_type,
        replaces=original,
    )
    target = original.decision
    _price(item, target.issuer, target.date or timezone.localdate())
    paid = original.amount
    item.amount, item.recover_amount = (
        max(item.amount - paid, 0),
        max(paid - item.amount, 0),
    )
    if item.amount:
        item.amount_basis = f"Chênh lệch so với mức đã thưởng {number(paid, 0)} đồng"
    return item


@transaction.atomic
def decision_draft_correction(
    *,
    target: Decision,
    kind: str,
    reason: str,
    by: User | None,
    revoke: Sequence[tuple[DecisionItem, int]] = (),
    amend: Sequence[Amendment] = (),
    summary: str = "",
) -> Decision:
    """A new decision that amends or revokes items of an issued one (Law 2022 ch. VII).

    `revoke` lists (item of the target, money to recover in đồng); `amend` lists
    Amendment(item, corrected fields). The target never changes: on issue the
    registry follows the new decision and the target shows "đã được sửa đổi bởi …".
    """
    if not target.is_issued:
        raise ValidationError(
            "Chỉ sửa đổi, hủy bỏ quyết định đã ban hành; dự thảo thì sửa trực tiếp."
        )
    if kind not in (Decision.Kind.AMEND, Decision.Kind.REVOKE):
        raise ValidationError({"kind": "Loại quyết định không hợp lệ."})
    if not reason.strip():
        raise ValidationError({"reason": "Ghi lý do sửa đổi, hủy bỏ."})
    if kind == Decision.Kind.REVOKE and not revoke:
        raise ValidationError({"items": "Chọn khen thưởng cần hủy bỏ."})
    if kind == Decision.Kind.AMEND and not amend:
        raise ValidationError(
            {"items": "Chọn người, tập thể cần sửa đổi và ghi nội dung mới."}
        )
    picked = [item for item, _ in revoke] + [a.item for a in amend]
    if len({item.pk for item in picked}) != len(picked):
        raise ValidationError({"items": "Mỗi người, tập thể chỉ chọn một lần."})
    for item in picked:
        _check_current(item, target)
    for item, recover in revoke:
        if not 0 <= recover <= item.amount:
            raise ValidationError(
                {
                    "recover_amount": f"Số tiền thu hồi của “{item.name}” phải từ 0 đến {item.amount}."
                }
            )
    verb = "hủy bỏ khen thưởng" if kind == Decision.Kind.REVOKE else "sửa đổi"
    with audit.acting_as(by):
        decision = Decision.objects.create(
            kind=kind,
            type=target.type,
            issuer=target.issuer,
            issuer_name=target.issuer_name,
            authority=target.authority,
            symbol=target.symbol,
            place=target.place,
            year=timezone.localdate().year,
            summary=summary or f"Về việc {verb} tại Quyết định số {target.reference}",
            grounds=target.grounds,
            reason=reason.strip(),
            signature_capacity=target.signature_capacity,
            target=target,
        )
        # the same dossiers: whoever sees the original decision sees its correction
        decision.dossiers.set(target.dossiers.all())
        if kind == Decision.Kind.REVOKE:
            for position, (item, recover) in enumerate(revoke, start=1):
                DecisionItem.objects.create(
                    decision=decision,
                    position=position,
                    kind=item.kind,
                    person=item.person,
                    unit=item.unit,
                    name=item.name,
                    position_text=item.position_text,
                    award_type=item.award_type,
                    revokes=item,
                    recover_amount=recover,
                )
        else:
            for position, amendment in enumerate(amend, start=1):
                _replacement(amendment, position, decision).save()
        audit.record_event(decision, f"Dự thảo quyết định {verb}")
    return decision


def _registry_add(
    item: DecisionItem, decision: Decision, *, amends: Decision | None = None
) -> None:
    """Enter an awarded (or amended) item in the registry. An amended award keeps
    the original decision's date and cites both numbers."""
    from thidua.commendations import services as commendations

    nominee = item.nominee
    dossier = nominee.dossier if nominee else None
    branch = (nominee.eligibility.get("branch") if nominee else "") or ""
    reference = decision.reference
    if amends is not None:
        reference = f"{amends.reference}, sửa đổi bởi {decision.reference}"
    commendations.award_record_create(
        award_type=item.award_type,
        year=dossier.year if dossier else decision.year,
        person=item.person if item.kind == "individual" else None,
        collective=item.unit if item.kind == "collective" else None,
        household_name=item.name if item.kind == "household" else "",
        unit=dossier.unit if dossier and item.kind != "collective" else None,
        issuer=_issuer_code(item.award_type, decision.issuer) or "",
        branch=branch if branch in ("htxs", "initiative") else "",
        decision_number=reference[:64],
        decision_date=amends.date if amends is not None else decision.date,
        decision_issuer=decision.issuer_name,
        source_decision_id=decision.pk,
        commendation_kind=law.commendation_kind(dossier.type)
        if dossier
        else "cong_trang",
    )


def _registry_records(original: DecisionItem) -> Any:
    """The live registry entries that an issued item created."""
    from thidua.commendations.models import AwardRecord

    records = AwardRecord.objects.filter(
        source_decision_id=original.decision_id,
        award_type=original.award_type,
        revoked_on__isnull=True,
    )
    if original.kind == "individual":
        return records.filter(person=original.person)
    if original.kind == "collective":
        return records.filter(collective=original.unit)
    return records.filter(household_name=original.name)


def _registry_revoke(item: DecisionItem, decision: Decision) -> None:
    from thidua.commendations import services as commendations

    assert item.revokes is not None
    for record in _registry_records(item.revokes):
        commendations.award_record_revoke(
            record=record,
            revoked_on=decision.date,  # type: ignore[arg-type]
            decision=f"Quyết định số {decision.reference}",
            reason=decision.reason,
        )


def _registry_replace(item: DecisionItem, decision: Decision) -> None:
    """The amended entry leaves the registry (dated, explained) and the corrected
    one takes its place, so eligibility never counts the award twice."""
    from thidua.commendations import services as commendations

    original = item.replaces
    assert original is not None
    for record in _registry_records(original):
        commendations.award_record_revoke(record=record, revoked_on=decision.date)  # type: ignore[arg-type]
        audit.record_event(
            record, f"Thay bằng nội dung sửa đổi tại Quyết định số {decision.reference}"
        )
    _registry_add(item, decision, amends=original.decision)


def _signer(decision: Decision, name: str, day: dt.date) -> Signer | None:
    """The issuer's signer in force on `day` named `name`. When the settings list the
    issuer's signers (a commune's its own chair and vice-chairs), one of them signs;
    with none listed yet, the name as typed."""
    signers = list(signers_for(decision.issuer, day))
    if not signers:
        return None
    for signer in signers:
        if signer.full_name == name:
            return signer
    raise ValidationError(
        {
            "signer_name": f"{name} không có trong danh sách người ký của "
            f"{decision.issuer} ngày {day:%d/%m/%Y}: "
            + ", ".join(s.full_name for s in signers)
            + "."
        }
    )


@transaction.atomic
def decision_issue(
    *,
    decision: Decision,
    number: int,
    date: dt.date,
    signer_name: str,
    by: User | None,
) -> Decision:
    """Number, date and sign a draft; after this the decision never changes.

    Award items are priced again on the decision date and enter the registry;
    a revoking decision marks the revoked records; an amending one replaces them. A number already used by the
    same issuer in the same year is refused.
    """
    decision = locked(Decision, decision.pk)
    if decision.is_issued:
        raise ValidationError(str(ISSUED_MESSAGE))
    errors = {}
    if not number or number < 1:
        errors["number"] = "Số quyết định phải là số nguyên dương."
    if not signer_name.strip():
        errors["signer_name"] = "Ghi họ tên người ký."
    if date is None:
        errors["date"] = "Ghi ngày ký."
    if errors:
        raise ValidationError(errors)
    signer = _signer(decision, signer_name.strip(), date)
    reused = Decision.objects.filter(
        issuer=decision.issuer, year=date.year, number=number
    ).exclude(pk=decision.pk)
    if reused.exists():
        raise ValidationError(
            {
                "number": f"Số {number} năm {date.year} của {decision.issuer_name} đã dùng "  # type: ignore[union-attr]
                f"cho “{reused.first().summary}”."
            }
        )
    if not decision.items.exists():
        raise ValidationError("Quyết định chưa có người, tập thể nào.")
    items = list(
        decision.items.select_related(
            "award_type", "nominee__dossier", "revokes", "replaces__decision"
        )
    )
    with audit.acting_as(by):
        if decision.kind == Decision.Kind.AWARD:
            for item in items:
                _price(item, decision.issuer, date)
                item.save()
        decision.number = number
        decision.year = date.year
        decision.date = date
        decision.signer_name = signer_name.strip()
        if signer is not None:  # signs as the settings say, whatever the draft typed
            decision.signature_capacity = signer.capacity_text
        decision.signed_by = by if by and by.pk else None
        decision.document = private_storage().save(
            token_name("dossiers/decisions", f"quyet-dinh-{number}-{date.year}.docx"),
            ContentFile(documents.decision_docx(decision)),
        )
        decision.status = Decision.Status.ISSUED
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError as exc:  # a concurrent issue took the number
            raise ValidationError(
                {"number": f"Số {number} năm {date.year} đã được dùng."}
            ) from exc
        for item in items:
            if decision.kind == Decision.Kind.REVOKE:
                _registry_revoke(item, decision)
            elif decision.kind == Decision.Kind.AMEND:
                _registry_replace(item, decision)
            else:
                _registry_add(item, decision)
        for dossier in decision.dossiers.all():
            if dossier.status != Status.DECIDED:
                dossier.status = Status.DECIDED
                dossier.save()
            audit.record_event(dossier, f"Có Quyết định số {decision.reference}")
        audit.record_event(
            decision,
            f"Ban hành Quyết định số {decision.reference} ngày {date:%d/%m/%Y}, "
            f"người ký {decision.signer_name}",
        )
    return decision
