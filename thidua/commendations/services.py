"""Writes to the registry, and the engine applied to stored histories."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.core import audit
from thidua.people.models import Person
from thidua.units.models import OrgUnit

from . import selectors
from .eligibility import (
    STATUS_CODES,
    QuotaCheck,
    RuleBook,
    Verdict,
    check_quotas,
    evaluate,
    facts_from_history,
    statuses,
)
from .models import AwardRecord, AwardRule, AwardType, RecipientKind, RuleSet, RuleValue


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
    people: list[Person], year: int
) -> tuple[list[str], dict[int, dict[str, str]]]:
    """Batch: status per code for each person ({person_id: {code: status}})."""
    book = _book(year)
    histories = selectors.histories_for([p.id for p in people], year)
    ids = list(histories)
    codes, rows = statuses((facts_from_history(histories[i]) for i in ids), year, book)
    return codes, {
        pid: {code: STATUS_CODES[s] for code, s in zip(codes, row, strict=True)}
        for pid, row in zip(ids, rows, strict=True)
    }


def quota_checks(results: dict[int, dict[str, str]], year: int) -> list[QuotaCheck]:
    """Province quotas on a unit's batch: who is eligible now counts as proposed."""
    proposed = [
        [code for code, status in row.items() if status == "eligible"]
        for row in results.values()
    ]
    return check_quotas(proposed, _book(year))


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
    )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def award_record_revoke(*, record: AwardRecord, revoked_on: dt.date) -> AwardRecord:
    record.revoked_on = revoked_on
    record.save(update_fields=["revoked_on", "updated_at"])
    audit.record_event(record, f"Hủy bỏ khen thưởng từ {revoked_on:%d/%m/%Y}")
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
