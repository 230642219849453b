"""Every write of the dossier path: dossier → review → disclosure → council →
decision → registry → certificates. Callers check access first (selectors.py);
services check the state and record the audit event."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts.access import descendant_ids
from thidua.accounts.models import User
from thidua.commendations.models import AwardType
from thidua.core import audit
from thidua.lib.formats import number
from thidua.lib.text import fold
from thidua.people.models import Person
from thidua.units.models import OrgUnit
from thidua.units.selectors import lineage_ids

from . import documents, imports
from .models import (
    ISSUED_MESSAGE,
    BallotChoice,
    BallotReceipt,
    Certificate,
    CertificateRun,
    CouncilResult,
    CouncilSession,
    Decision,
    DecisionItem,
    Disclosure,
    Dossier,
    DossierDocument,
    Nominee,
    PublicFeedback,
)

Status = Dossier.Status
DocKind = DossierDocument.Kind
# Law 2022 Art. 84: an initiative confirmation is required for these titles
INITIATIVE_TITLES = {"CSTDCS", "CSTD_TINH", "CSTD_TQ"}
# [U] old provincial practice (domain-tdkt.md §4.5); editable per session
DEFAULT_THRESHOLDS = {"CSTD_TQ": 90, "BK_TTG": 80, "BK_TINH": 80}
DEFAULT_DISCLOSURE_DAYS = 10


def _locked(model: type, pk: int) -> Any:
    return model._default_manager.select_for_update().get(pk=pk)


def _require_status(dossier: Dossier, *allowed: str, action: str) -> None:
    if dossier.status not in allowed:
        labels = ", ".join(str(Status(s).label) for s in allowed)
        raise ValidationError(
            f"Không thể {action}: hồ sơ đang ở trạng thái “{dossier.get_status_display()}” "
            f"(cần: {labels})."
        )


# -- eligibility ---------------------------------------------------------------


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


def dossier_create(
    *,
    unit: OrgUnit,
    type: str,
    year: int,
    title: str,
    movement: str = "",
    by: User | None,
) -> Dossier:
    if type not in Dossier.Type.values:
        raise ValidationError({"type": "Loại hình khen thưởng không hợp lệ."})
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
            created_by=by if by and by.pk else None,
        )
    return dossier


def dossier_update(*, dossier: Dossier, by: User | None, **fields: Any) -> Dossier:
    _require_status(dossier, *Dossier.EDITABLE, action="sửa hồ sơ")
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
    _require_status(dossier, *Dossier.EDITABLE, action="thêm người được đề nghị")
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


def nominee_remove(*, nominee: Nominee, by: User | None) -> None:
    _require_status(nominee.dossier, *Dossier.EDITABLE, action="bỏ người được đề nghị")
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
    _require_status(dossier, *Dossier.EDITABLE, action="nhập danh sách")
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
    _require_status(dossier, *Dossier.EDITABLE, action="đính kèm tài liệu")
    if kind not in DocKind.values:
        raise ValidationError({"kind": "Loại tài liệu không hợp lệ."})
    if not data:
        raise ValidationError({"file": "Tệp rỗng."})
    with audit.acting_as(by):
        doc = DossierDocument(dossier=dossier, kind=kind, note=note)
        doc.file.save(filename, ContentFile(data), save=False)
        doc.save()
    return doc


def document_remove(*, document: DossierDocument, by: User | None) -> None:
    _require_status(document.dossier, *Dossier.EDITABLE, action="xóa tài liệu")
    with audit.acting_as(by):
        document.file.delete(save=False)
        document.delete()


def required_documents(dossier: Dossier) -> list[str]:
    """Law 2022 Art. 84: tờ trình, báo cáo thành tích, biên bản bình xét, plus the
    initiative confirmation when a CSTĐ title is proposed."""
    kinds = [DocKind.PROPOSAL, DocKind.ACHIEVEMENT_REPORT, DocKind.REVIEW_MINUTES]
    codes = set(dossier.nominees.values_list("award_type__code", flat=True))
    if codes & INITIATIVE_TITLES:
        kinds.append(DocKind.INITIATIVE_CONFIRMATION)
    return [str(k) for k in kinds]


def missing_documents(dossier: Dossier) -> list[str]:
    present = set(dossier.documents.values_list("kind", flat=True))
    return [k for k in required_documents(dossier) if k not in present]


@transaction.atomic
def dossier_submit(*, dossier: Dossier, by: User | None) -> Dossier:
    dossier = _locked(Dossier, dossier.pk)
    _require_status(dossier, *Dossier.EDITABLE, action="gửi hồ sơ")
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


# -- review ----------------------------------------------------------------------


def nominee_review(
    *, nominee: Nominee, status: str, comment: str = "", by: User | None
) -> Nominee:
    nominee.dossier = Dossier.objects.get(pk=nominee.dossier_id)
    _require_status(nominee.dossier, Status.SUBMITTED, action="thẩm định")
    if status not in Nominee.Review.values or status == Nominee.Review.PENDING:
        raise ValidationError({"status": "Kết quả thẩm định không hợp lệ."})
    if status != Nominee.Review.ACCEPTED and not comment.strip():
        raise ValidationError(
            {"comment": "Cần ghi ý kiến khi trả lại hoặc không đồng ý."}
        )
    nominee.review_status = status
    nominee.review_comment = comment.strip()
    with audit.acting_as(by):
        nominee.save()
    return nominee


@transaction.atomic
def dossier_return(*, dossier: Dossier, comment: str, by: User | None) -> Dossier:
    """Send the dossier back to its unit with the office's comments."""
    dossier = _locked(Dossier, dossier.pk)
    _require_status(dossier, Status.SUBMITTED, action="trả lại hồ sơ")
    flagged = dossier.nominees.filter(review_status=Nominee.Review.RETURNED).exists()
    if not comment.strip() and not flagged:
        raise ValidationError(
            {"comment": "Ghi ý kiến hoặc đánh dấu người cần bổ sung trước khi trả lại."}
        )
    dossier.status = Status.RETURNED
    dossier.review_comment = comment.strip()
    with audit.acting_as(by):
        dossier.save()
        audit.record_event(dossier, f"Trả lại hồ sơ: {comment.strip()[:200]}")
    return dossier


@transaction.atomic
def dossier_accept(*, dossier: Dossier, by: User | None) -> Dossier:
    """Finish the review: every nominee accepted or refused, at least one accepted."""
    dossier = _locked(Dossier, dossier.pk)
    _require_status(dossier, Status.SUBMITTED, action="kết thúc thẩm định")
    reviews = set(dossier.nominees.values_list("review_status", flat=True))
    if reviews & {Nominee.Review.PENDING, Nominee.Review.RETURNED}:
        raise ValidationError(
            "Còn người chưa thẩm định hoặc đang yêu cầu bổ sung; hãy thẩm định hết "
            "hoặc trả lại hồ sơ."
        )
    accepted = Nominee.Review.ACCEPTED in reviews
    dossier.status = Status.ACCEPTED if accepted else Status.REJECTED
    with audit.acting_as(by):
        dossier.save()
        audit.record_event(
            dossier,
            "Thẩm định xong, đồng ý trình Hội đồng"
            if accepted
            else "Thẩm định xong, không có ai đủ điều kiện",
        )
    return dossier


# -- disclosure ----------------------------------------------------------------


@transaction.atomic
def disclosure_open(
    *,
    dossier: Dossier,
    days: int = DEFAULT_DISCLOSURE_DAYS,
    starts_on: dt.date | None = None,
    by: User | None,
) -> Disclosure:
    dossier = _locked(Dossier, dossier.pk)
    _require_status(dossier, Status.ACCEPTED, action="công khai")
    if not 1 <= days <= 90:
        raise ValidationError({"days": "Số ngày công khai phải từ 1 đến 90."})
    start = starts_on or timezone.localdate()
    with audit.acting_as(by):
        Disclosure.objects.filter(dossier=dossier).delete()
        disclosure = Disclosure.objects.create(
            dossier=dossier,
            starts_on=start,
            ends_on=start + dt.timedelta(days=days - 1),
            days=days,
        )
        dossier.status = Status.UNDER_DISCLOSURE
        dossier.save()
        audit.record_event(dossier, f"Công khai trên cổng thông tin {days} ngày")
    return disclosure


def feedback_submit(
    *,
    nominee: Nominee,
    author: str,
    contact: str,
    content: str,
    today: dt.date | None = None,
) -> PublicFeedback:
    """A citizen's comment; accepted only while the nominee is disclosed."""
    day = today or timezone.localdate()
    dossier = Dossier.objects.get(pk=nominee.dossier_id)
    disclosure = Disclosure.objects.filter(dossier=dossier).first()
    if (
        dossier.status != Status.UNDER_DISCLOSURE
        or disclosure is None
        or not disclosure.starts_on <= day <= disclosure.ends_on
        or nominee.review_status != Nominee.Review.ACCEPTED
    ):
        raise ValidationError("Thời gian lấy ý kiến đã kết thúc.")
    errors = {}
    if not author.strip():
        errors["author"] = "Vui lòng ghi họ tên."
    if len(contact.strip()) < 6:
        errors["contact"] = "Vui lòng ghi số điện thoại hoặc thư điện tử để liên hệ."
    if len(content.strip()) < 10:
        errors["content"] = "Nội dung góp ý quá ngắn."
    if errors:
        raise ValidationError(errors)
    return PublicFeedback.objects.create(
        nominee=nominee,
        author=author.strip()[:120],
        contact=contact.strip()[:120],
        content=content.strip()[:5000],
    )


def feedback_moderate(
    *, feedback: PublicFeedback, status: str, note: str = "", by: User | None
) -> PublicFeedback:
    if status not in (PublicFeedback.Status.PUBLISHED, PublicFeedback.Status.HIDDEN):
        raise ValidationError({"status": "Kết quả kiểm duyệt không hợp lệ."})
    feedback.status = status
    feedback.moderation_note = note.strip()[:255]
    with audit.acting_as(by):
        feedback.save()
    return feedback


@transaction.atomic
def disclosure_close(
    *, dossier: Dossier, by: User | None, today: dt.date | None = None
) -> Dossier:
    """End the disclosure after its last day; the dossier waits for the council."""
    dossier = _locked(Dossier, dossier.pk)
    _require_status(dossier, Status.UNDER_DISCLOSURE, action="kết thúc công khai")
    disclosure = dossier.disclosure
    day = today or timezone.localdate()
    if day <= disclosure.ends_on:
        raise ValidationError(
            f"Chưa hết thời gian công khai (đến hết ngày {disclosure.ends_on:%d/%m/%Y})."
        )
    if dossier.nominees.filter(feedback__status=PublicFeedback.Status.PENDING).exists():
        raise ValidationError("Còn ý kiến nhân dân chưa kiểm duyệt.")
    disclosure.closed_at = timezone.now()
    dossier.status = Status.AWAITING_COUNCIL
    with audit.acting_as(by):
        disclosure.save()
        dossier.save()
        audit.record_event(dossier, "Kết thúc công khai, chờ Hội đồng xét")
    return dossier


# -- council -----------------------------------------------------------------------


@transaction.atomic
def session_open(
    *,
    title: str,
    held_on: dt.date,
    dossiers: Iterable[Dossier],
    members: Iterable[User],
    by: User | None,
    thresholds: dict[str, float] | None = None,
    quorum_percent: Decimal | float | None = None,
    default_threshold: Decimal | float | None = None,
) -> CouncilSession:
    dossiers = list(dossiers)
    members = list(members)
    if not dossiers:
        raise ValidationError({"dossiers": "Chọn ít nhất một hồ sơ chờ Hội đồng xét."})
    for dossier in dossiers:
        _require_status(dossier, Status.AWAITING_COUNCIL, action="đưa ra Hội đồng")
    if not members:
        raise ValidationError({"members": "Chọn thành viên Hội đồng."})
    busy = Dossier.objects.filter(
        pk__in=[d.pk for d in dossiers],
        nominees__council_sessions__status=CouncilSession.Status.OPEN,
    )
    if busy.exists():
        raise ValidationError(
            {"dossiers": f"Hồ sơ “{busy.first()}” đang ở một phiên họp khác."}
        )
    with audit.acting_as(by):
        session = CouncilSession(
            title=title.strip() or f"Phiên họp ngày {held_on:%d/%m/%Y}",
            held_on=held_on,
            thresholds={**DEFAULT_THRESHOLDS, **(thresholds or {})},
        )
        if quorum_percent is not None:
            session.quorum_percent = Decimal(str(quorum_percent))
        if default_threshold is not None:
            session.default_threshold = Decimal(str(default_threshold))
        session.save()
        session.members.set(members)
        session.agenda.set(
            Nominee.objects.filter(
                dossier__in=dossiers, review_status=Nominee.Review.ACCEPTED
            )
        )
        audit.record_event(
            session,
            f"Mở phiên họp: {session.agenda.count()} trường hợp, {len(members)} thành viên",
        )
    return session


@transaction.atomic
def ballot_cast(
    *, session: CouncilSession, member: User, choices: dict[int, str]
) -> BallotReceipt:
    """Record one member's secret ballot covering the whole agenda.

    Who voted goes to BallotReceipt (audited); the marks go to BallotChoice with
    no reference to the member. Refused outside an open session, for a
    non-member, for a second ballot, or when a mark is missing or invalid.
    """
    session = _locked(CouncilSession, session.pk)
    if session.status != CouncilSession.Status.OPEN:
        raise ValidationError("Phiên họp không mở: không thể bỏ phiếu.")
    if not session.members.filter(pk=member.pk).exists():
        raise ValidationError("Bạn không phải thành viên của phiên họp này.")
    if session.receipts.filter(member=member).exists():
        raise ValidationError(
            "Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu."
        )
    agenda = set(session.agenda.values_list("pk", flat=True))
    marks = {int(k): v for k, v in choices.items()}
    if set(marks) != agenda:
        raise ValidationError(
            {"choices": "Phiếu phải biểu quyết đủ mọi trường hợp trong danh sách."}
        )
    if any(v not in BallotChoice.Choice.values for v in marks.values()):
        raise ValidationError({"choices": "Lựa chọn không hợp lệ."})
    try:
        with audit.acting_as(member):
            receipt = BallotReceipt.objects.create(session=session, member=member)
    except IntegrityError as exc:  # a concurrent second ballot
        raise ValidationError("Bạn đã bỏ phiếu trong phiên họp này.") from exc
    BallotChoice.objects.bulk_create(
        BallotChoice(session=session, nominee_id=pk, choice=choice)
        for pk, choice in marks.items()
    )
    return receipt


def threshold_for(session: CouncilSession, code: str) -> Decimal:
    value = (session.thresholds or {}).get(code)
    return Decimal(str(value)) if value is not None else session.default_threshold


def session_tally(session: CouncilSession) -> dict[int, dict[str, int]]:
    tally: dict[int, dict[str, int]] = {
        pk: {"yes": 0, "no": 0, "abstain": 0}
        for pk in session.agenda.values_list("pk", flat=True)
    }
    for nominee_id, choice in session.choices.values_list("nominee_id", "choice"):
        tally[nominee_id][choice] += 1
    return tally


@transaction.atomic
def session_close(*, session: CouncilSession, by: User | None) -> list[CouncilResult]:
    """Count the ballots, store results and minutes, move the dossiers on."""
    session = _locked(CouncilSession, session.pk)
    if session.status != CouncilSession.Status.OPEN:
        raise ValidationError("Phiên họp đã kết thúc.")
    members = session.members.count()
    present = session.receipts.count()
    if members == 0 or Decimal(100 * present) / members < session.quorum_percent:
        raise ValidationError(
            f"Chưa đủ số thành viên bỏ phiếu: {present}/{members}, cần tối thiểu "
            f"{number(session.quorum_percent)}%."
        )
    tally = session_tally(session)
    results = []
    with audit.acting_as(by):
        for nominee in session.agenda.select_related("award_type"):
            counts = tally[nominee.pk]
            percent = (Decimal(100 * counts["yes"]) / members).quantize(Decimal("0.01"))
            threshold = threshold_for(session, nominee.award_type.code)
            results.append(
                CouncilResult.objects.create(
                    session=session,
                    nominee=nominee,
                    members=members,
                    percent=percent,
                    threshold=threshold,
                    passed=percent >= threshold,
                    **counts,
                )
            )
        session.status = CouncilSession.Status.CLOSED
        session.closed_at = timezone.now()
        session.minutes = default_storage.save(
            f"dossiers/minutes/bien-ban-phien-hop-{session.pk}.docx",
            ContentFile(documents.minutes_docx(session)),
        )
        session.save()
        passed_dossiers = {r.nominee.dossier_id for r in results if r.passed}
        for dossier in Dossier.objects.filter(
            pk__in={r.nominee.dossier_id for r in results}
        ):
            dossier.status = (
                Status.APPROVED if dossier.pk in passed_dossiers else Status.REJECTED
            )
            dossier.save()
            audit.record_event(dossier, f"Hội đồng biểu quyết tại “{session.title}”")
        audit.record_event(
            session,
            f"Kết thúc phiên họp: {present}/{members} phiếu, "
            f"{sum(r.passed for r in results)}/{len(results)} trường hợp đạt",
        )
    return results


# -- decisions -------------------------------------------------------------------------


DEFAULT_GROUNDS = "\n".join(
    [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
        "chi tiết một số điều của Luật Thi đua, khen thưởng;",
        "Theo đề nghị của Giám đốc Sở Nội vụ.",
    ]
)


def _issuer_code(award_type: AwardType, issuer: OrgUnit) -> str | None:
    if award_type.code != "GK":
        return None
    if issuer.kind in OrgUnit.COMMUNE_LEVEL:
        return "xa"
    return "so" if issuer.kind == OrgUnit.Kind.AGENCY else "don_vi"


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
    grounds: str = DEFAULT_GROUNDS,
    symbol: str = "QĐ-UBND",
    signature_capacity: str = "CHỦ TỊCH",
    year: int | None = None,
) -> Decision:
    """Draft an award decision listing every nominee the council passed."""
    if not dossiers:
        raise ValidationError({"dossiers": "Chọn hồ sơ đã được Hội đồng thông qua."})
    for dossier in dossiers:
        _require_status(dossier, Status.APPROVED, action="dự thảo quyết định")
    types = {d.type for d in dossiers}
    passed = (
        Nominee.objects.filter(
            dossier__in=dossiers,
            council_results__passed=True,
            decision_items__isnull=True,
        )
        .select_related("award_type")
        .order_by("award_type__sort_order", "dossier_id", "pk")
        .distinct()
    )
    if not passed.exists():
        raise ValidationError("Không có trường hợp nào được Hội đồng thông qua.")
    today = timezone.localdate()
    with audit.acting_as(by):
        decision = Decision.objects.create(
            kind=Decision.Kind.AWARD,
            type=types.pop() if len(types) == 1 else "",
            issuer=issuer,
            issuer_name=_issuer_name(issuer),
            authority=authority or f"CHỦ TỊCH {_issuer_name(issuer)}",
            symbol=symbol,
            year=year or today.year,
            summary=summary.strip() or "Về việc khen thưởng",
            grounds=grounds,
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


@transaction.atomic
def decision_draft_correction(
    *,
    target: Decision,
    kind: str,
    reason: str,
    by: User | None,
    revoke: Sequence[tuple[DecisionItem, int]] = (),
    summary: str = "",
) -> Decision:
    """A new decision that amends or revokes an issued one (Law 2022 ch. VII).

    `revoke` lists (item of the target, money to recover in đồng).
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
    for item, recover in revoke:
        if item.decision_id != target.pk:
            raise ValidationError(
                {"items": f"“{item.name}” không thuộc quyết định này."}
            )
        if not 0 <= recover <= item.amount:
            raise ValidationError(
                {
                    "recover_amount": f"Số tiền thu hồi của “{item.name}” phải từ 0 đến {item.amount}."
                }
            )
        if item.revocations.filter(decision__status=Decision.Status.ISSUED).exists():
            raise ValidationError(
                {"items": f"Khen thưởng của “{item.name}” đã bị hủy."}
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
            year=timezone.localdate().year,
            summary=summary or f"Về việc {verb} tại Quyết định số {target.reference}",
            grounds=target.grounds,
            reason=reason.strip(),
            signature_capacity=target.signature_capacity,
            target=target,
        )
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
        audit.record_event(decision, f"Dự thảo quyết định {verb}")
    return decision


def _registry_add(item: DecisionItem, decision: Decision) -> None:
    from thidua.commendations import services as commendations

    nominee = item.nominee
    dossier = nominee.dossier if nominee else None
    branch = (nominee.eligibility.get("branch") if nominee else "") or ""
    commendations.award_record_create(
        award_type=item.award_type,
        year=dossier.year if dossier else decision.year,
        person=item.person if item.kind == "individual" else None,
        collective=item.unit if item.kind == "collective" else None,
        household_name=item.name if item.kind == "household" else "",
        unit=dossier.unit if dossier and item.kind != "collective" else None,
        issuer=_issuer_code(item.award_type, decision.issuer) or "",
        branch=branch if branch in ("htxs", "initiative") else "",
        decision_number=decision.reference,
        decision_date=decision.date,
        decision_issuer=decision.issuer_name,
        source_decision_id=decision.pk,
    )


def _registry_revoke(item: DecisionItem, decision: Decision) -> None:
    from thidua.commendations import services as commendations
    from thidua.commendations.models import AwardRecord

    original = item.revokes
    assert original is not None
    records = AwardRecord.objects.filter(
        source_decision_id=original.decision_id,
        award_type=original.award_type,
        revoked_on__isnull=True,
    )
    if original.kind == "individual":
        records = records.filter(person=original.person)
    elif original.kind == "collective":
        records = records.filter(collective=original.unit)
    else:
        records = records.filter(household_name=original.name)
    for record in records:
        commendations.award_record_revoke(record=record, revoked_on=decision.date)


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
    a revoking decision marks the revoked records. A number already used by the
    same issuer in the same year is refused.
    """
    decision = _locked(Decision, decision.pk)
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
    reused = Decision.objects.filter(
        issuer=decision.issuer, year=date.year, number=number
    ).exclude(pk=decision.pk)
    if reused.exists():
        raise ValidationError(
            {
                "number": f"Số {number} năm {date.year} của {decision.issuer_name} đã dùng "
                f"cho “{reused.first().summary}”."
            }
        )
    if not decision.items.exists() and decision.kind != Decision.Kind.AMEND:
        raise ValidationError("Quyết định chưa có người, tập thể nào.")
    items = list(
        decision.items.select_related("award_type", "nominee__dossier", "revokes")
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
        decision.signed_by = by if by and by.pk else None
        decision.document = default_storage.save(
            f"dossiers/decisions/quyet-dinh-{number}-{date.year}.docx",
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
            elif decision.kind == Decision.Kind.AWARD:
                _registry_add(item, decision)
        for dossier in decision.dossiers.all():
            dossier.status = Status.DECIDED
            dossier.save()
            audit.record_event(dossier, f"Có Quyết định số {decision.reference}")
        audit.record_event(
            decision,
            f"Ban hành Quyết định số {decision.reference} ngày {date:%d/%m/%Y}, "
            f"người ký {decision.signer_name}",
        )
    return decision


# -- certificates -------------------------------------------------------------------


def certificates_start(*, decision: Decision, by: User | None) -> CertificateRun:
    """Queue the background generation of a decision's certificates."""
    from .tasks import generate_certificates

    if not decision.is_issued or decision.kind != Decision.Kind.AWARD:
        raise ValidationError(
            "Chỉ in bằng, giấy khen cho quyết định khen thưởng đã ban hành."
        )
    active = decision.certificate_runs.filter(
        status__in=[CertificateRun.Status.QUEUED, CertificateRun.Status.RUNNING]
    ).first()
    if active:
        return active
    with audit.acting_as(by):
        run = CertificateRun.objects.create(
            decision=decision, total=decision.items.count()
        )
        audit.record_event(decision, "Bắt đầu tạo bằng, giấy khen")
    # with the database backend the task row commits together with the run
    generate_certificates.enqueue(run.pk)
    return run


def certificates_generate(*, run: CertificateRun) -> CertificateRun:
    """Render every missing certificate of the run's decision (idempotent)."""
    from .certificates import CertificateRenderer

    CertificateRun.objects.filter(pk=run.pk).update(
        status=CertificateRun.Status.RUNNING
    )
    renderer = CertificateRenderer()
    items = (
        DecisionItem.objects.filter(decision=run.decision_id)
        .select_related("award_type", "decision", "certificate")
        .order_by("position")
    )
    done = 0
    try:
        for item in items:
            certificate = getattr(item, "certificate", None)
            if certificate is None or not certificate.pdf:
                certificate = certificate or Certificate(item=item)
                certificate.item = item
                certificate.pdf.save(
                    f"{certificate.code}.pdf",
                    ContentFile(renderer.render(certificate)),
                    save=False,
                )
                certificate.generated_at = timezone.now()
                certificate.save()
            done += 1
            if done % 10 == 0 or done == run.total:
                CertificateRun.objects.filter(pk=run.pk).update(done=done)
    except Exception as exc:  # the run records any failure for the admin
        CertificateRun.objects.filter(pk=run.pk).update(
            status=CertificateRun.Status.FAILED, error=str(exc)[:2000], done=done
        )
        raise
    CertificateRun.objects.filter(pk=run.pk).update(
        status=CertificateRun.Status.DONE, done=done, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def certificate_count(decision: Decision) -> int:
    return Certificate.objects.filter(item__decision=decision).exclude(pdf="").count()
