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
from thidua.dossiers.models import CouncilResult, CouncilSession, Dossier, Nominee
from thidua.lib.files import private_storage, token_name
from thidua.organisation.selectors import organisation_on, proposal_symbol

from . import deadlines, documents, package, selectors
from .models import Forwarding
from .selectors import relayed_ids
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


def _commune_own(source: Forwarding) -> bool:
    """A commune's own tờ trình to the province (not the province's relay of it),
    still in the province's hands."""
    return bool(
        source.dossier.decider_id
        and not source.relayed_from_id
        and source.status in selectors.IN_HAND
    )


def relay_candidates(source: Forwarding) -> list[Nominee]:
    """Nominees of a commune's tờ trình to the province that only the State decides
    (Bằng khen of the Prime Minister …), not sent on yet, voted on or not."""
    if not _commune_own(source):
        return []
    return list(
        source.nominees.filter(award_type__level__in=law.forwarded_levels(False))
        .exclude(pk__in=relayed_ids(source))
        .select_related("award_type")
        .order_by("pk")
    )


def relayable(source: Forwarding) -> list[Nominee]:
    """The relay candidates the province's council passed: only they are sent on."""
    candidates = relay_candidates(source)
    results = selectors.province_results(n.pk for n in candidates)
    return [n for n in candidates if n.pk in results and results[n.pk].passed]


def _refused_ids(source: Forwarding) -> set[int]:
    """Nominees of a commune's tờ trình the province's council did not pass."""
    results = selectors.province_results(source.nominees.values_list("pk", flat=True))
    return {pk for pk, r in results.items() if not r.passed}


def decidable(forwarding: Forwarding) -> list[Nominee]:
    """The nominees the level above decides on this tờ trình: on a commune's, the
    province decides what it neither sent on nor saw refused by its council."""
    gone = relayed_ids(forwarding)
    if _commune_own(forwarding):
        gone |= _refused_ids(forwarding)
    return list(
        forwarding.nominees.exclude(pk__in=gone)
        .select_related("award_type", "dossier")
        .order_by("pk")
    )


@transaction.atomic
def forwarding_relay(
    *, source: Forwarding, nominees: list[Nominee], by: User | None
) -> Forwarding:
    """The province re-packages a commune's nominees it cannot decide, once its own
    council passed them, into its own tờ trình to the centre, with both councils'
    vote records and the commune's documents; the commune's tờ trình waits for the
    centre when nothing is left for the province."""
    source = _lock(source)
    candidates = {n.pk for n in relay_candidates(source)}
    if not nominees or any(n.pk not in candidates for n in nominees):
        raise ValidationError(
            {
                "nominees": "Chọn các trường hợp của tờ trình cấp xã thuộc thẩm quyền "
                "Trung ương và chưa được trình tiếp."
            }
        )
    passed = {n.pk for n in relayable(source)}
    unvoted = [n.name for n in nominees if n.pk not in passed]
    if unvoted:
        raise ValidationError(
            {
                "nominees": "Chưa được "
                + documents.council_name(documents.organisation(source).name)
                + " bỏ phiếu thông qua: "
                + ", ".join(unvoted)
                + ". Đưa các trường hợp này vào một phiên họp Hội đồng (Phiên họp "
                "Hội đồng → Mở phiên họp) rồi trình tiếp những trường hợp đạt."
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
        if _settle(source):
            audit.record_event(source, f"Tỉnh trình tiếp {relay.upper_body}")
    return relay


def _settle(source: Forwarding) -> bool:
    """Move a commune's tờ trình on once nothing of it waits for the province (every
    nominee sent on, refused by the province's council, or decided by the province):
    `relayed` while a relay waits for the centre, then `decided`, with the centre's
    decision when the province made none. Saves it when it moved; says so."""
    before = source.status
    if before == Forwarding.Status.SENT:
        gone = relayed_ids(source) | _refused_ids(source)
        if not source.nominees.exclude(pk__in=gone).exists():
            source.status = Forwarding.Status.RELAYED
    if source.status == Forwarding.Status.RELAYED:
        relays = source.relays.order_by("pk")
        if not relays.exclude(status=Forwarding.Status.DECIDED).exists():
            source.status = Forwarding.Status.DECIDED
            decided = relays.last()
            if decided is not None and not source.decision_number:
                source.decision_number = decided.decision_number
                source.decision_date = decided.decision_date
                source.decision_issuer = decided.decision_issuer
    if source.status == before:
        return False
    source.save()
    return True


def _note(source: Forwarding, line: str) -> None:
    """A line on the commune's tờ trình, which its officer reads, and in its trail."""
    source.note = "\n".join(x for x in (source.note, line) if x)
    source.save(update_fields=["note", "updated_at"])
    audit.record_event(source, line)


def _close_source(relay: Forwarding, refused: list[str]) -> None:
    """The centre decided a relay: the commune's tờ trình closes once nothing of it
    waits any more, with the centre's decision when the province made none."""
    source = _lock(relay.relayed_from) if relay.relayed_from else None
    if source is None:
        return
    _note(
        source,
        f"{relay.upper_body}: Quyết định số {relay.decision_number} ngày "
        f"{relay.decision_date:%d/%m/%Y}"
        + (f", không khen thưởng: {', '.join(refused)}" if refused else ""),
    )
    _settle(source)


@transaction.atomic
def province_vote_closed(
    *, session: CouncilSession, results: list[CouncilResult], by: User | None
) -> None:
    """The organisation's council voted on communes' nominees the province would
    send on (dossiers.services.session_close): each commune's tờ trình records the
    outcome, with the votes of those refused, and moves on when nothing of it waits
    for the province any more."""
    by_nominee = {r.nominee_id: r for r in results}
    sources = Forwarding.objects.filter(
        relayed_from__isnull=True,
        dossier__decider__isnull=False,
        status__in=selectors.IN_HAND,
        nominees__in=list(by_nominee),
    ).distinct()
    council = documents.council_name(organisation_on(session.held_on).name)
    with audit.acting_as(by):
        for source in sources.order_by("pk"):
            source = _lock(source)
            mine = [
                by_nominee[pk]
                for pk in source.nominees.values_list("pk", flat=True).order_by("pk")
                if pk in by_nominee
            ]
            passed = [r.nominee.name for r in mine if r.passed]
            refused = [
                f"{r.nominee.name} ({selectors.vote_text(r)})"
                for r in mine
                if not r.passed
            ]
            _note(
                source,
                f"{council} họp ngày {session.held_on:%d/%m/%Y}: "
                + "; ".join(
                    x
                    for x in (
                        "thông qua " + ", ".join(passed) if passed else "",
                        "không thông qua " + ", ".join(refused) if refused else "",
                    )
                    if x
                )
                + ".",
            )
            _settle(source)


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
    resent = forwarding.status == Forwarding.Status.RETURNED
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
        line = (
            f"{'Gửi lại' if resent else 'Gửi'} tờ trình {forwarding.reference} đến "
            f"{forwarding.upper_body}, hạn {forwarding.due_on:%d/%m/%Y}"
        )
        audit.record_event(forwarding, line)
        if resent and forwarding.relayed_from:
            # the commune follows its nominees going up again
            _note(_lock(forwarding.relayed_from), f"Tỉnh {line[0].lower()}{line[1:]}.")
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
        audit.record_event(
            forwarding, f"{forwarding.upper_body} trả lại: {forwarding.note}"
        )
        if forwarding.relayed_from:
            # the commune's tờ trình shows the return until the province sends again
            _note(
                _lock(forwarding.relayed_from),
                f"{forwarding.upper_body} trả lại Tờ trình {forwarding.reference} "
                f"của tỉnh: {forwarding.note}",
            )
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
    refused_below = _refused_ids(forwarding) if _commune_own(forwarding) else set()
    if any(n.pk not in refused_below for n in relay_candidates(forwarding)):
        raise ValidationError(
            "Các trường hợp thuộc thẩm quyền Trung ương: Hội đồng tỉnh bỏ phiếu, "
            "tỉnh trình tiếp lên Trung ương những trường hợp đạt trước khi ghi quyết "
            "định của tỉnh."
        )
    relayed = relayed_ids(forwarding)
    errors = {}
    if not decision_number.strip():
        errors["decision_number"] = "Ghi số quyết định của cấp trên."
    if not decision_issuer.strip():
        errors["decision_issuer"] = "Ghi cấp ban hành quyết định."
    if forwarding.sent_on and decision_date < forwarding.sent_on:
        errors["decision_date"] = "Ngày quyết định trước ngày gửi tờ trình."
    members = {n.pk: n for n in decidable(forwarding)}
    if any(n.pk in relayed for n in awarded):
        errors["awarded"] = "Trường hợp đã trình tiếp lên Trung ương: chờ quyết định."
    elif any(n.pk in refused_below for n in awarded):
        errors["awarded"] = "Hội đồng tỉnh không thông qua trường hợp này."
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
