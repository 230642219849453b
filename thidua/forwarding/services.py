"""The chain upward: package a proposal the organisation cannot decide, send it,
record the level above's decision, which enters the registry (research sheet §4)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from thidua.accounts.models import User
from thidua.commendations import law
from thidua.commendations.models import AwardRecord
from thidua.core import audit
from thidua.dossiers.models import Dossier, Nominee
from thidua.lib.files import private_storage, token_name
from thidua.organisation.selectors import proposal_symbol

from . import deadlines, package
from .models import Forwarding
from .workdays import add_working_days


def forwardable(dossier: Dossier) -> list[Nominee]:
    """Nominees the council passed whose award only a higher level decides: above
    the commune for a commune's own dossier, the State's for the organisation's."""
    return list(
        dossier.nominees.filter(
            council_results__passed=True,
            award_type__level__in=law.forwarded_levels(dossier.decider_id is not None),
        )
        .exclude(forwardings__status__in=["prepared", "sent", "decided"])
        .select_related("award_type")
        .distinct()
        .order_by("pk")
    )


def _number(number: str) -> str:
    """The tờ trình's number alone ("45"); its symbol comes from the settings."""
    number = number.strip()
    if number and not re.fullmatch(r"\d{1,6}", number):
        raise ValidationError(
            {
                "number": "Số tờ trình chỉ gồm chữ số (ví dụ 45); ký hiệu "
                "(TTr-UBND …) ghi ở ô riêng."
            }
        )
    return number


def _symbol(symbol: str) -> str:
    symbol = symbol.strip()
    if len(symbol) > 32 or (symbol and not re.fullmatch(r"TTr(-[\w.]+){0,3}", symbol)):
        raise ValidationError(
            {"symbol": "Ký hiệu tờ trình có dạng TTr-UBND, TTr-BTC …"}
        )
    return symbol


def _lock(forwarding: Forwarding) -> Forwarding:
    return Forwarding.objects.select_for_update().get(pk=forwarding.pk)


@transaction.atomic
def forwarding_prepare(
    *, dossier: Dossier, nominees: list[Nominee], by: User | None, number: str = ""
) -> Forwarding:
    # DECIDED: the organisation already decided the dossier's other nominees
    if dossier.status not in (Dossier.Status.APPROVED, Dossier.Status.DECIDED):
        raise ValidationError(
            {"dossier": "Chỉ trình cấp trên hồ sơ đã được Hội đồng thông qua."}
        )
    allowed = {n.pk for n in forwardable(dossier)}
    chosen = [n for n in nominees if n.pk in allowed]
    if not chosen or len(chosen) != len(nominees):
        raise ValidationError(
            {
                "nominees": "Chọn các trường hợp Hội đồng đã thông qua thuộc thẩm quyền "
                "của cấp trên và chưa được trình."
            }
        )
    bodies = (
        {package.province_authority()}
        if dossier.decider_id
        else {n.award_type.deciding_authority for n in chosen}
    )
    if len(bodies) > 1:
        raise ValidationError(
            {
                "nominees": "Mỗi tờ trình gửi một cấp quyết định: tách thành nhiều tờ trình."
            }
        )
    with audit.acting_as(by):
        forwarding = Forwarding.objects.create(
            dossier=dossier,
            upper_body=bodies.pop(),
            number=_number(number),
            symbol=proposal_symbol(dossier.decider),
        )
        forwarding.nominees.set(chosen)
        _repackage(forwarding)
        audit.record_event(forwarding, f"Lập hồ sơ trình: {len(chosen)} trường hợp")
    return forwarding


def _repackage(forwarding: Forwarding) -> None:
    # personal data and council votes: private storage, served after access checks
    data, manifest = package.build_package(forwarding)
    storage = private_storage()
    name = storage.save(
        token_name("forwarding", f"ho-so-trinh-{forwarding.pk}.zip"), ContentFile(data)
    )
    if forwarding.package and forwarding.package != name:
        storage.delete(forwarding.package)
    forwarding.package = name
    forwarding.manifest = manifest
    forwarding.save(update_fields=["package", "manifest", "updated_at"])


@transaction.atomic
def forwarding_send(
    *,
    forwarding: Forwarding,
    number: str,
    sent_on: dt.date,
    by: User | None,
    symbol: str = "",
    signature_capacity: str = "",
    signer_name: str = "",
) -> Forwarding:
    """Sent on `sent_on` as number/symbol (blank symbol: the package's, from the
    settings); the signer block as signed (blank: the head signer in force)."""
    forwarding = _lock(forwarding)
    if forwarding.status not in (
        Forwarding.Status.PREPARED,
        Forwarding.Status.RETURNED,
    ):
        raise ValidationError("Hồ sơ đã gửi cấp trên.")
    if not number.strip():
        raise ValidationError({"number": "Ghi số tờ trình."})
    number, symbol = _number(number), _symbol(symbol)
    with audit.acting_as(by):
        forwarding.number = number
        forwarding.symbol = symbol or forwarding.symbol
        forwarding.signature_capacity = signature_capacity.strip()
        forwarding.signer_name = signer_name.strip()
        forwarding.sent_on = sent_on
        forwarding.due_on = add_working_days(sent_on, deadlines.forwarding_days())
        forwarding.status = Forwarding.Status.SENT
        forwarding.save()
        _repackage(forwarding)  # the sent package carries the number and date
        audit.record_event(
            forwarding,
            f"Gửi tờ trình {forwarding.reference} đến {forwarding.upper_body}, "
            f"hạn {forwarding.due_on:%d/%m/%Y}",
        )
    return forwarding


@transaction.atomic
def forwarding_return(
    *, forwarding: Forwarding, reason: str, by: User | None
) -> Forwarding:
    forwarding = _lock(forwarding)
    if forwarding.status != Forwarding.Status.SENT:
        raise ValidationError("Chỉ hồ sơ đang chờ cấp trên mới bị trả lại.")
    if not reason.strip():
        raise ValidationError({"reason": "Ghi lý do cấp trên trả lại."})
    with audit.acting_as(by):
        forwarding.status = Forwarding.Status.RETURNED
        forwarding.note = reason.strip()
        forwarding.save()
    return forwarding


@transaction.atomic
def forwarding_record_decision(
    *,
    forwarding: Forwarding,
    decision_number: str,
    decision_date: dt.date,
    decision_issuer: str,
    awarded: list[Nominee],
    by: User | None,
) -> list[AwardRecord]:
    """The level above decided: its awards enter the registry (and so next year's
    eligibility); the nominees it did not award are noted."""
    from thidua.commendations import services as commendations

    forwarding = _lock(forwarding)
    if forwarding.status != Forwarding.Status.SENT:
        raise ValidationError("Chỉ ghi quyết định cho hồ sơ đang chờ cấp trên.")
    errors = {}
    if not decision_number.strip():
        errors["decision_number"] = "Ghi số quyết định của cấp trên."
    if not decision_issuer.strip():
        errors["decision_issuer"] = "Ghi cấp ban hành quyết định."
    if forwarding.sent_on and decision_date < forwarding.sent_on:
        errors["decision_date"] = "Ngày quyết định trước ngày gửi tờ trình."
    members = {
        n.pk: n for n in forwarding.nominees.select_related("award_type", "dossier")
    }
    if any(n.pk not in members for n in awarded):
        errors["awarded"] = "Chỉ chọn các trường hợp trong tờ trình này."
    if errors:
        raise ValidationError(errors)
    records = []
    with audit.acting_as(by):
        for nominee in awarded:
            records.append(
                commendations.award_record_create(
                    award_type=nominee.award_type,
                    year=nominee.dossier.year,
                    person=nominee.person,
                    collective=nominee.unit if nominee.kind == "collective" else None,
                    household_name=nominee.household,
                    unit=nominee.dossier.unit if nominee.kind != "collective" else None,
                    decision_number=decision_number.strip(),
                    decision_date=decision_date,
                    decision_issuer=decision_issuer.strip(),
                    level=nominee.award_type.level,
                    commendation_kind=law.commendation_kind(nominee.dossier.type),
                )
            )
        refused = [
            n.name for pk, n in members.items() if pk not in {a.pk for a in awarded}
        ]
        forwarding.status = Forwarding.Status.DECIDED
        forwarding.decision_number = decision_number.strip()
        forwarding.decision_date = decision_date
        forwarding.decision_issuer = decision_issuer.strip()
        if refused:
            forwarding.note = "Không được khen thưởng: " + ", ".join(refused)
        forwarding.save()
        audit.record_event(
            forwarding,
            f"Quyết định {forwarding.decision_number}: {len(records)}/{len(members)} "
            "trường hợp được khen thưởng",
        )
    return records
