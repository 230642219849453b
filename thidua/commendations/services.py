"""Writes to the registry, and the engine applied to stored histories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.core import audit
from thidua.lib.text import fold
from thidua.people.models import Person
from thidua.units.models import OrgUnit

from . import law, selectors
from .eligibility import (
    STATUS_CODES,
    RuleBook,
    Verdict,
    evaluate,
    statuses,
)
from .models import (
    AdvancedModel,
    AnnualRating,
    AwardRecord,
    AwardRule,
    AwardType,
    DisciplinaryRecord,
    Initiative,
    RecipientKind,
    RuleSet,
    RuleValue,
)
from .quotas import QuotaCheck, check_quotas

YEAR_MIN = 1945


def _book(year: int) -> RuleBook:
    book = selectors.book_for_year(year)
    if book is None:
        raise ValidationError(
            {"year": f"Không có bộ quy tắc nào áp dụng cho năm {year}."}
        )
    return book


def evaluate_person(person: Person, year: int) -> list[Verdict]:
    return evaluate(selectors.person_history(person, year), year, _book(year))


def evaluate_collective(unit: OrgUnit, year: int) -> list[Verdict]:
    return evaluate(selectors.collective_history(unit, year), year, _book(year))


def evaluate_people(
    people: list[Person], year: int, book: RuleBook | None = None
) -> tuple[list[str], dict[int, Mapping[str, str]]]:
    """Batch: status per code for each person ({person_id: {code: status}}); `book`
    when the caller has already loaded the year's."""
    facts = selectors.facts_for([p.id for p in people], year)
    codes, rows = statuses(facts.values(), year, book or _book(year))
    # a unit's people share a few dozen distinct rows: one read-only mapping for
    # each, not a dict of every code per person
    named: dict[tuple[int, ...], Mapping[str, str]] = {}
    out = {}
    for pid, row in zip(facts, rows, strict=True):
        found = named.get(row)
        if found is None:
            labels = map(STATUS_CODES.__getitem__, row)
            found = named[row] = MappingProxyType(dict(zip(codes, labels, strict=True)))
        out[pid] = found
    return codes, out


def quota_checks(
    results: dict[int, Mapping[str, str]], year: int, book: RuleBook | None = None
) -> list[QuotaCheck]:
    """Province quotas on a unit's batch: who is eligible now counts as proposed."""
    proposed = [
        [code for code, status in row.items() if status == "eligible"]
        for row in results.values()
    ]
    return check_quotas(proposed, book or _book(year))


@transaction.atomic
def award_record_create(
    *,
    award_type: AwardType | str,
    year: int,
    person: Person | None = None,
    collective: OrgUnit | None = None,
    household_name: str = "",
    unit: OrgUnit | None = None,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decision_issuer: str = "",
    level: str = "",
    issuer: str = "",
    branch: str = "",
    source_decision_id: int | None = None,
    commendation_kind: str = "cong_trang",
) -> AwardRecord:
    """Enter one title or form in the registry (audited). Exactly one holder."""
    if isinstance(award_type, str):
        award_type = AwardType.objects.get(code=award_type)
    if person is not None:
        kind = RecipientKind.INDIVIDUAL
    elif collective is not None:
        kind = RecipientKind.COLLECTIVE
        unit = unit or collective
    else:
        kind = RecipientKind.HOUSEHOLD
    if (
        sum(x is not None and x != "" for x in (person, collective, household_name))
        != 1
    ):
        raise ValidationError(
            {"holder": "Cần đúng một đối tượng: cá nhân, tập thể hoặc hộ gia đình."}
        )
    if kind not in award_type.recipient_kinds:
        raise ValidationError(
            {
                "award_type": f"{award_type.name} không tặng cho {RecipientKind(kind).label.lower()}."
            }
        )
    record = AwardRecord(
        holder_kind=kind,
        person=person,
        collective=collective,
        household_name=household_name,
        unit=unit,
        award_type=award_type,
        year=year,
        branch=branch,
        issuer=issuer,
        level=level or award_type.level,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_issuer=decision_issuer,
        source_decision_id=source_decision_id,
        commendation_kind=commendation_kind,
    )
    # a decision of the dossiers app is the authority on what it grants
    if source_decision_id is None:
        _check_title_once(record)
    record.full_clean()
    record.save()
    return record


def _check_year(year: int | None, field: str = "year") -> None:
    last = dt.date.today().year
    if year is None or not YEAR_MIN <= year <= last:
        raise ValidationError({field: f"Năm phải trong khoảng {YEAR_MIN}–{last}."})


def _check_title_once(record: AwardRecord) -> None:
    """A title is given once per holder and year; forms may be given many times."""
    if record.award_type.kind != AwardType.Kind.TITLE:
        return
    holder = {
        RecipientKind.INDIVIDUAL: {"person_id": record.person_id},
        RecipientKind.COLLECTIVE: {"collective_id": record.collective_id},
        RecipientKind.HOUSEHOLD: {"household_name": record.household_name},
    }[RecipientKind(record.holder_kind)]
    twin = AwardRecord.objects.filter(  # type: ignore[arg-type]
        award_type=record.award_type, year=record.year, **holder
    ).exclude(pk=record.pk)
    if twin.exists():
        raise ValidationError(
            {
                "award_type": f"{record.holder_name} đã có danh hiệu "
                f"{record.award_type.name} năm {record.year}."
            }
        )


def _refuse_if_from_decision(record: AwardRecord) -> None:
    if (
        record.pk
        and AwardRecord.objects.filter(
            pk=record.pk, source_decision_id__isnull=False
        ).exists()
    ):
        raise ValidationError(
            "Khen thưởng này do một quyết định trong hệ thống cấp: chỉ sửa, hủy "
            "bằng quyết định đính chính hoặc hủy bỏ."
        )


@transaction.atomic
def award_record_save(*, record: AwardRecord) -> AwardRecord:
    """Create or change a registry entry typed in the back office (audited).

    Entries that an issued decision created are read-only here."""
    _refuse_if_from_decision(record)
    _check_year(record.year)
    holders = {
        RecipientKind.INDIVIDUAL: record.person_id is not None,
        RecipientKind.COLLECTIVE: record.collective_id is not None,
        RecipientKind.HOUSEHOLD: bool(record.household_name.strip()),
    }
    if sum(holders.values()) != 1 or not holders.get(record.holder_kind):  # type: ignore[call-overload]
        raise ValidationError(
            {
                "holder_kind": "Cần đúng một đối tượng: cá nhân, tập thể hoặc hộ gia đình."
            }
        )
    award = record.award_type
    if record.holder_kind not in award.recipient_kinds:
        label = RecipientKind(record.holder_kind).label.lower()
        raise ValidationError({"award_type": f"{award.name} không tặng cho {label}."})
    if record.branch and not law.takes_branch(award.code):
        raise ValidationError(
            {"branch": "Điều kiện đạt chỉ ghi cho Chiến sĩ thi đua cơ sở."}
        )
    if record.issuer and not law.takes_issuer(award.code):
        raise ValidationError({"issuer": "Người ký chỉ ghi cho Giấy khen."})
    if record.holder_kind == RecipientKind.COLLECTIVE and record.unit_id is None:
        record.unit = record.collective
    if (
        record.revoked_on
        and record.decision_date
        and record.revoked_on < record.decision_date
    ):
        raise ValidationError(
            {"revoked_on": "Ngày hủy bỏ không thể trước ngày quyết định khen thưởng."}
        )
    record.level = record.level or award.level
    _check_title_once(record)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def annual_rating_save(*, rating: AnnualRating) -> AnnualRating:
    """One rating per person (or collective) and year; a second one is refused."""
    _check_year(rating.year)
    if (rating.person_id is None) == (rating.collective_id is None):
        raise ValidationError(
            {"holder_kind": "Cần đúng một đối tượng: cá nhân hoặc tập thể."}
        )
    holder = (
        {"person_id": rating.person_id}
        if rating.person_id
        else {"collective_id": rating.collective_id}  # type: ignore[dict-item]
    )
    twin = (
        AnnualRating.objects.filter(year=rating.year, **holder)
        .exclude(pk=rating.pk)
        .first()
    )
    if twin is not None:
        who = rating.person or rating.collective
        raise ValidationError(
            {
                "year": f"{who} đã có xếp loại năm {rating.year} "
                f"({twin.get_rating_display()}); hãy sửa xếp loại đó."
            }
        )
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def initiative_save(*, initiative: Initiative, persons: list[Person]) -> Initiative:
    """An initiative and its authors; author changes go to the audit trail."""
    _check_year(initiative.recognised_year, "recognised_year")
    if not persons:
        raise ValidationError({"persons": "Sáng kiến cần ít nhất một tác giả."})
    if (
        initiative.recognised_on
        and initiative.recognised_on.year != initiative.recognised_year
    ):
        raise ValidationError(
            {"recognised_on": "Ngày công nhận phải thuộc năm công nhận."}
        )
    initiative.title = " ".join(initiative.title.split())
    initiative.full_clean()
    initiative.save()
    before = set(initiative.persons.values_list("pk", flat=True))
    after = {p.pk for p in persons}
    if before != after:
        initiative.persons.set(persons)
        names = ", ".join(p.full_name for p in sorted(persons, key=lambda p: p.pk))
        audit.record_event(initiative, f"Tác giả: {names}")
    return initiative


@transaction.atomic
def advanced_model_save(*, model: AdvancedModel) -> AdvancedModel:
    _check_year(model.year)
    if (model.person_id is None) == (model.collective_id is None):
        raise ValidationError(
            {"holder_kind": "Cần đúng một đối tượng: cá nhân hoặc tập thể."}
        )
    model.full_clean()
    model.save()
    return model


@transaction.atomic
def disciplinary_record_save(*, record: DisciplinaryRecord) -> DisciplinaryRecord:
    _check_year(record.year)
    if record.decision_date and record.decision_date.year < record.year:
        raise ValidationError(
            {"decision_date": "Ngày quyết định kỷ luật không thể trước năm vi phạm."}
        )
    record.full_clean()
    record.save()
    return record


def holder_names_refresh(holder: Person | OrgUnit) -> int:
    """After a person or unit is renamed: the folded holder name their ratings
    and awards are sorted and searched by. A derived column (not audited, the
    rename is), so a plain UPDATE of the rows whose copy differs."""
    name = fold(str(holder))[:255]
    field = "person" if isinstance(holder, Person) else "collective"
    changed = 0
    for model in (AnnualRating, AwardRecord):
        rows = model._base_manager.filter(**{field: holder}).exclude(search_text=name)
        changed += rows.update(search_text=name)
    return changed


def award_rank_refresh(award_type: AwardType) -> int:
    """After a type's rank is changed: the copy its records are listed by."""
    rows = AwardRecord._base_manager.filter(award_type=award_type)
    return rows.exclude(award_rank=award_type.rank).update(award_rank=award_type.rank)


@transaction.atomic
def registry_delete(
    *, obj: AwardRecord | AnnualRating | Initiative | AdvancedModel | DisciplinaryRecord
) -> None:
    """Delete a registry entry (audited); decisions' awards are revoked, not deleted."""
    if isinstance(obj, AwardRecord):
        _refuse_if_from_decision(obj)
    obj.delete()


@transaction.atomic
def award_record_revoke(
    *,
    record: AwardRecord,
    revoked_on: dt.date,
    decision: str = "",
    reason: str = "",
) -> AwardRecord:
    """Law 2022 Art. 93: the award leaves the registry's live entries (and so later
    eligibility) from `revoked_on`, with the cancelling decision and why."""
    if record.revoked_on is not None:
        raise ValidationError({"revoked_on": "Khen thưởng này đã bị hủy bỏ."})
    record.revoked_on = revoked_on
    record.revocation_decision = decision.strip()[:120]
    record.revocation_reason = reason.strip()
    record.save(
        update_fields=[
            "revoked_on", "revocation_decision", "revocation_reason", "updated_at"
        ]
    )  # fmt: skip
    why = f": {record.revocation_reason}" if record.revocation_reason else ""
    audit.record_event(
        record, f"Hủy bỏ khen thưởng từ {revoked_on:%d/%m/%Y}{why}"[:255]
    )
    return record


@transaction.atomic
def rule_set_create_from(
    *, source: RuleSet, name: str, valid_from: dt.date, legal_basis: str
) -> RuleSet:
    """A new rule set for an amendment: it starts empty of values (all inherited),
    copies the articles, and closes `source` the day before."""
    if valid_from <= source.valid_from:
        raise ValidationError(
            {"valid_from": "Bộ quy tắc mới phải có hiệu lực sau bộ quy tắc cũ."}
        )
    new = RuleSet.objects.create(
        name=name, valid_from=valid_from, legal_basis=legal_basis
    )
    for rule in AwardRule.objects.filter(rule_set=source):
        AwardRule.objects.create(
            rule_set=new,
            award_type=rule.award_type,
            basis=rule.basis,
            uncertain=rule.uncertain,
            source_url=rule.source_url,
        )
    if source.valid_to is None or source.valid_to >= valid_from:
        source.valid_to = valid_from - dt.timedelta(days=1)
        source.save()
    return new


@transaction.atomic
def rule_value_set(
    *, rule_set: RuleSet, code: str | None, key: str, value: object, source: str,
    issuer: str = "", uncertain: bool = False,
) -> RuleValue:  # fmt: skip
    award = AwardType.objects.get(code=code) if code else None
    obj, _created = RuleValue.objects.update_or_create(
        rule_set=rule_set,
        award_type=award,
        key=key,
        issuer=issuer,
        defaults={"value": value, "source": source, "uncertain": uncertain},
    )
    return obj
