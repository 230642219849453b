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
        .exclude(forwardings__status__in=Forwarding.HOLDING)
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


def relayed_ids(source: Forwarding) -> set[int]:
    """Nominees of a commune's tờ trình the province sent on to the centre."""
    return set(
        Forwarding.nominees.through.objects.filter(
            forwarding__relayed_from=source
        ).values_list("nominee_id", flat=True)
    )


def relayable(source: Forwarding) -> list[Nominee]:
    """Nominees of a commune's tờ trình to the province that only the State decides
    (Bằng khen of the Prime Minister …) and the province has not sent on yet."""
    # a commune's own tờ trình, not the province's relay of it
    commune_own = source.dossier.decider_id and not source.relayed_from_id
    if not commune_own or source.status not in (
        Forwarding.Status.SENT,
        Forwarding.Status.RELAYED,
    ):
        return []
    return list(
        source.nominees.filter(award_type__level__in=law.forwarded_levels(False))
        .exclude(pk__in=relayed_ids(source))
        .select_related("award_type")
        .order_by("pk")
    )


@transaction.atomic
def forwarding_relay(
    *, source: Forwarding, nominees: list[Nominee], by: User | None
) -> Forwarding:
    """The province re-packages a commune's nominees it cannot decide into its own
    tờ trình to the centre, with the commune's documents and vote record; the
    commune's tờ trình waits for the centre when nothing is left for the province."""
    source = _lock(source)
    allowed = {n.pk for n in relayable(source)}
    if not nominees or any(n.pk not in allowed for n in nominees):
        raise ValidationError(
            {
                "nominees": "Chọn các trường hợp của tờ trình cấp xã thuộc thẩm quyền "
                "Trung ương và chưa được trình tiếp."
            }
        )
    bodies = {n.award_type.deciding_authority for n in nominees}
    if len(bodies) > 1:
        raise ValidationError(
            {
                "nominees": "Mỗi tờ trình gửi một cấp quyết định: tách thành nhiều tờ trình."
            }
        )
    with audit.acting_as(by):
        relay = Forwarding.objects.create(
            dossier=source.dossier,
            relayed_from=source,
            upper_body=bodies.pop(),
            symbol=proposal_symbol(None),
        )
        relay.nominees.set(nominees)
        _repackage(relay)
        audit.record_event(
            relay,
            f"Trình tiếp tờ trình {source.reference} của cấp xã: "
            f"{len(nominees)} trường hợp",
        )
        left = source.nominees.exclude(pk__in=relayed_ids(source)).exists()
        if source.status == Forwarding.Status.SENT and not left:
            # nothing left for the province to decide: the centre's decision closes it
            source.status = Forwarding.Status.RELAYED
            source.save()
            audit.record_event(source, f"Tỉnh trình tiếp {relay.upper_body}")
    return relay


def _close_source(relay: Forwarding, refused: list[str]) -> None:
    """The centre decided a relay: the commune's tờ trình closes once nothing of it
    waits any more, with the centre's decision when the province made none."""
    source = _lock(relay.relayed_from) if relay.relayed_from else None
    if source is None:
        return
    line = (
        f"{relay.upper_body}: Quyết định số {relay.decision_number} ngày "
        f"{relay.decision_date:%d/%m/%Y}"
        + (f", không khen thưởng: {', '.join(refused)}" if refused else "")
    )
    source.note = "\n".join(x for x in (source.note, line) if x)
    waiting = source.relays.exclude(status=Forwarding.Status.DECIDED).exists()
    if source.status == Forwarding.Status.RELAYED and not waiting:
        source.status = Forwarding.Status.DECIDED
        if not source.decision_number:
            source.decision_number = relay.decision_number
            source.decision_date = relay.decision_date
            source.decision_issuer = relay.decision_issuer
    source.save()
    audit.record_event(source, line)


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
    eligibility); the nominees it did not award are noted. On a commune's tờ trình
    the province decides only what it did not send on to the centre; the centre's
    decision on a relay closes the commune's too."""
    from thidua.commendations import services as commendations

    forwarding = _lock(forwarding)
    if forwarding.status != Forwarding.Status.SENT:
        raise ValidationError("Chỉ ghi quyết định cho hồ sơ đang chờ cấp trên.")
    if relayable(forwarding):
        raise ValidationError(
            "Trình tiếp lên Trung ương các trường hợp thuộc thẩm quyền Trung ương "
            "trước khi ghi quyết định của tỉnh."
        )
    relayed = relayed_ids(forwarding)
    errors = {}
    if not decision_number.strip():
        errors["decision_number"] = "Ghi số quyết định của cấp trên."
    if not decision_issuer.strip():
        errors["decision_issuer"] = "Ghi cấp ban hành quyết định."
    if forwarding.sent_on and decision_date < forwarding.sent_on:
        errors["decision_date"] = "Ngày quyết định trước ngày gửi tờ trình."
    members = {
        n.pk: n
        for n in forwarding.nominees.exclude(pk__in=relayed).select_related(
            "award_type", "dossier"
        )
    }
    if any(n.pk in relayed for n in awarded):
        errors["awarded"] = "Trường hợp đã trình tiếp lên Trung ương: chờ quyết định."
    elif any(n.pk not in members for n in awarded):
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
        waiting = forwarding.relays.exclude(status=Forwarding.Status.DECIDED)
        forwarding.status = (
            Forwarding.Status.RELAYED if waiting.exists() else Forwarding.Status.DECIDED
        )
        forwarding.decision_number = decision_number.strip()
        forwarding.decision_date = decision_date
        forwarding.decision_issuer = decision_issuer.strip()
        if refused:
            line = "Không được khen thưởng: " + ", ".join(refused)
            forwarding.note = "\n".join(x for x in (forwarding.note, line) if x)
        forwarding.save()
        audit.record_event(
            forwarding,
            f"Quyết định {forwarding.decision_number}: {len(records)}/{len(members)} "
            "trường hợp được khen thưởng",
        )
        _close_source(forwarding, refused)
    return records
