"""Reads: the rule set in force, the rule book, histories from the registry, search."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse

from thidua.lib.ids import among
from thidua.lib.text import fold
from thidua.people.models import Person, Position
from thidua.units.models import BlocMembership, OrgUnit
from thidua.units.selectors import lineage_ids

from .eligibility import (
    AwardInfo,
    CollectiveFacts,
    Facts,
    Held,
    History,
    InitiativeFact,
    RuleBook,
    ValueInfo,
    bit,
)
from .models import (
    AnnualRating,
    AwardRecord,
    AwardRule,
    AwardType,
    BaseSalary,
    DisciplinaryRecord,
    Initiative,
    Rating,
    RuleSet,
    RuleValue,
    severity_rank,
)

# NĐ 152/2025 Art. 4(3) (as NĐ 98/2023 Art. 4): results of ad hoc and thematic
# awards are not grounds for a higher award of the regular (công trạng) path
NOT_GROUNDS = ("chuyen_de", "dot_xuat")


def rule_set_on(day: dt.date) -> RuleSet | None:
    """The rule set in force on `day` (the decision date, for money)."""
    return (
        RuleSet.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def rule_set_for_year(year: int) -> RuleSet | None:
    """Titles of a year are judged at the year-end review: the rule set in force on 31 Dec."""
    return rule_set_on(dt.date(year, 12, 31))


def rule_book(rule_set: RuleSet) -> RuleBook:
    """The rule set's articles and values; a value it does not restate is inherited
    from the earlier rule sets, so an amendment only needs the numbers it changes."""
    chain = list(
        RuleSet.objects.filter(valid_from__lte=rule_set.valid_from).order_by(
            "valid_from"
        )
    )
    values: dict[tuple[str, str, str], ValueInfo] = {}
    for value in (
        RuleValue.objects.filter(rule_set__in=chain)
        .select_related("award_type", "rule_set")
        .order_by("rule_set__valid_from")
    ):
        code = value.award_type.code if value.award_type else ""
        values[(code, value.key, value.issuer)] = ValueInfo(
            value=value.value,
            source=value.source,
            uncertain=value.uncertain,
            rule_set=value.rule_set.name,
            text=value.text,
        )
    bases: dict[int, AwardRule] = {}
    for rule in AwardRule.objects.filter(rule_set__in=chain).order_by(
        "rule_set__valid_from"
    ):
        bases[rule.award_type_id] = rule
    awards = {}
    for award in AwardType.objects.filter(active=True, id__in=bases):
        rule = bases[award.id]
        awards[award.code] = AwardInfo(
            code=award.code,
            name=award.name,
            kind=award.kind,
            recipients=tuple(award.recipient_kinds),
            basis=rule.basis,
            uncertain=rule.uncertain,
            basis_collective=rule.basis_collective,
            basis_household=rule.basis_household,
            rule=rule.engine_rule,
            level=award.level,
            not_retrieved=rule.not_retrieved,
            judgment=tuple(
                line.strip()
                for line in award.judgment_criteria.splitlines()
                if line.strip()
            ),
        )
    return RuleBook(
        name=rule_set.name,
        awards=awards,
        values=values,
        reviewed_until=rule_set.reviewed_until,
    )


def book_for_year(year: int) -> RuleBook | None:
    rule_set = rule_set_for_year(year)
    return rule_book(rule_set) if rule_set else None


def base_salary_on(day: dt.date) -> BaseSalary | None:
    return (
        BaseSalary.objects.filter(effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


# --- histories -----------------------------------------------------------------------


def _records(ids: list[int], year: int) -> tuple[QuerySet, ...]:
    """The registry rows a history up to `year` is made of: ratings, titles and
    forms that count as grounds, initiatives, disciplinary measures (facts_for
    reads the same rows by statements written out)."""
    return (
        AnnualRating.objects.filter(person_id__in=ids, year__lte=year),
        AwardRecord.objects.filter(
            person_id__in=ids, year__lte=year, revoked_on__isnull=True
        ).exclude(commendation_kind__in=NOT_GROUNDS),
        Initiative.persons.through.objects.filter(
            person_id__in=ids, initiative__recognised_year__lte=year
        ),
        DisciplinaryRecord.objects.filter(person_id__in=ids, year__lte=year),
    )


def histories_for(person_ids: Iterable[int], year: int) -> dict[int, History]:
    """Histories of many people up to `year` in four queries, for the explained path.

    Records hang on the Person, so a history follows its holder between units.
    """
    ids = list(person_ids)
    out = {pid: History(subject="individual") for pid in ids}
    ratings, awards, initiatives, measures = _records(ids, year)
    for pid, y, rating in ratings.values_list("person_id", "year", "rating"):
        out[pid].ratings[y] = rating
    for pid, y, code, kind, branch in awards.values_list(
        "person_id", "year", "award_type__code", "award_type__kind", "branch"
    ):
        held = Held(year=y, code=code, branch=branch)
        (out[pid].titles if kind == AwardType.Kind.TITLE else out[pid].awards).append(
            held
        )
    for pid, y, scope in initiatives.values_list(
        "person_id", "initiative__recognised_year", "initiative__scope"
    ):
        out[pid].initiatives.append(InitiativeFact(year=y, scope=scope))
    for pid, y, severity in measures.values_list("person_id", "year", "severity"):
        current = out[pid].disciplined.get(y)
        if current is None or severity_rank(severity) > severity_rank(current):
            out[pid].disciplined[y] = severity
    return out


def facts_for(person_ids: Iterable[int], year: int) -> dict[int, Facts]:
    """The same records straight into the engine's masks, for the batch path
    (services.evaluate_people): no History built, only the columns the masks read.

    The rows `_records` selects (test_registry holds the two paths together, so the
    verdicts are the same), read by statements written out: through the ORM, the
    four querysets (about 1 ms) and each id prepared for every `__in` (about 2 µs
    an id) cost about as much as reading the rows (bench/bench_eligibility.py).
    """
    ids = list(person_ids)
    out = {pid: Facts() for pid in ids}
    if not ids:
        return out
    people, params = among(ids)
    # the masks do not depend on the rows' order: no sort asked of the database;
    # rows are read one at a time (not fetchall): freed as they go, thousands of
    # them do not wake the garbage collector
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.person_id, r.year, r.rating FROM commendations_annualrating r "
            f"WHERE r.person_id {people} AND r.year <= %s",
            [*params, year],
        )
        for pid, y, rating in cursor:
            out[pid].rate(y, rating)
        # the few award types' codes apart: a join would look one up for each row
        cursor.execute("SELECT id, code FROM commendations_awardtype")
        codes = dict(cursor.fetchall())
        cursor.execute(
            "SELECT a.person_id, a.year, a.award_type_id, a.branch "
            "FROM commendations_awardrecord a "
            f"WHERE a.person_id {people} AND a.year <= %s AND a.revoked_on IS NULL "
            "AND a.commendation_kind NOT IN (%s, %s)",
            [*params, year, *NOT_GROUNDS],
        )
        for pid, y, type_id, branch in cursor:
            out[pid].hold(y, codes[type_id], branch)
        cursor.execute(
            "SELECT p.person_id, i.recognised_year, i.scope "
            "FROM commendations_initiative_persons p "
            "JOIN commendations_initiative i ON i.id = p.initiative_id "
            f"WHERE p.person_id {people} AND i.recognised_year <= %s",
            [*params, year],
        )
        for pid, y, scope in cursor:
            out[pid].initiative(y, scope)
        cursor.execute(
            "SELECT d.person_id, d.year FROM commendations_disciplinaryrecord d "
            f"WHERE d.person_id {people} AND d.year <= %s",
            [*params, year],
        )
        for pid, y in cursor:
            out[pid].disc |= bit(y)
    return out


def person_history(person: Person, year: int) -> History:
    return histories_for([person.id], year)[person.id]


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def listed(people: QuerySet[Person]) -> QuerySet[Person]:
    """People as a unit's eligibility list and its spreadsheet show them: name and
    year of birth (the engine reads only their ids). The other columns, among them
    two timestamps SQLite hands back as text to parse, cost about a seventh of the
    batch (bench/bench_eligibility.py)."""
    return people.only("full_name", "birth_year")


def member_ids(unit: OrgUnit, year: int) -> set[int]:
    """People who worked in the unit (or a predecessor it inherited) during `year`."""
    first, last = _year_bounds(year)
    return set(
        Position.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first),
            unit_id__in=lineage_ids([unit.id]),
            start_date__lte=last,
        ).values_list("person_id", flat=True)
    )


def is_bloc_leader(unit: OrgUnit, year: int) -> bool:
    """Whether the unit leads one of its emulation blocs in `year` (emulation's ranking)."""
    try:
        from thidua.emulation.selectors import bloc_leader
    except ImportError:  # the emulation app is optional for this one question
        return False
    memberships = BlocMembership.objects.filter(
        unit_id__in=lineage_ids([unit.id]), year=year
    ).select_related("bloc")
    return any(bloc_leader(m.bloc, year) == m.unit for m in memberships)


def collective_facts(unit: OrgUnit, year: int) -> CollectiveFacts:
    """The collective's rating and member counts for `year`, computed from the registry."""
    members = member_ids(unit, year)
    ratings = dict(
        AnnualRating.objects.filter(person_id__in=members, year=year).values_list(
            "person_id", "rating"
        )
    )
    titles: dict[str, set[int]] = defaultdict(set)
    for pid, code in AwardRecord.objects.filter(
        person_id__in=members,
        year=year,
        revoked_on__isnull=True,
        award_type__code__in=("LDTT", "CSTDCS"),
    ).values_list("person_id", "award_type__code"):
        titles[code].add(pid)
    disciplined = {
        pid
        for pid, severity in DisciplinaryRecord.objects.filter(
            person_id__in=members, year=year
        ).values_list("person_id", "severity")
        if severity_rank(severity) >= severity_rank("canh_cao")
    }
    own = (
        AnnualRating.objects.filter(collective_id__in=lineage_ids([unit.id]), year=year)
        .order_by(
            # the unit's own rating before a predecessor's
            "-collective__valid_from"
        )
        .values_list("rating", flat=True)
        .first()
    )
    return CollectiveFacts(
        rating=own,
        members_total=len(members),
        members_completed_tasks=sum(1 for r in ratings.values() if r != Rating.KHT),
        # a CSTĐCS is also a Lao động tiên tiến of the year
        members_ldtt=len(titles["LDTT"] | titles["CSTDCS"]),
        members_cstdcs=len(titles["CSTDCS"]),
        members_disciplined=len(disciplined),
        bloc_leader=is_bloc_leader(unit, year),
    )


def collective_history(unit: OrgUnit, year: int) -> History:
    """A collective's titles (through its lineage) and its facts for `year`."""
    history = History(subject="collective", collective=collective_facts(unit, year))
    for y, code, kind in (
        AwardRecord.objects.filter(
            collective_id__in=lineage_ids([unit.id]),
            year__lte=year,
            revoked_on__isnull=True,
        )
        .exclude(commendation_kind__in=NOT_GROUNDS)
        .values_list("year", "award_type__code", "award_type__kind")
    ):
        held = Held(year=y, code=code)
        (history.titles if kind == AwardType.Kind.TITLE else history.awards).append(
            held
        )
    for y, rating in AnnualRating.objects.filter(
        collective_id__in=lineage_ids([unit.id]), year__lte=year
    ).values_list("year", "rating"):
        history.ratings.setdefault(y, rating)
    return history


# --- registry reads ------------------------------------------------------------------


def person_records(person: Person) -> dict[str, list]:
    """Everything the registry holds on a person, for the timeline."""
    return {
        "ratings": list(person.annual_ratings.select_related("unit").order_by("year")),
        "awards": list(
            person.award_records.select_related("award_type", "unit").order_by(
                "year", "award_type__rank"
            )
        ),
        "initiatives": list(person.initiatives.order_by("recognised_year")),
        "models": list(person.advanced_models.order_by("year")),
        "discipline": list(person.disciplinary_records.order_by("year")),
    }


def timeline(person: Person) -> list[dict]:
    """Per year (oldest first): rating, titles and forms, initiatives, discipline."""
    records = person_records(person)
    years: dict[int, dict] = defaultdict(
        lambda: {
            "rating": None,
            "awards": [],
            "initiatives": [],
            "discipline": [],
            "models": [],
        }
    )
    for r in records["ratings"]:
        years[r.year]["rating"] = r
    for a in records["awards"]:
        years[a.year]["awards"].append(a)
    for i in records["initiatives"]:
        years[i.recognised_year]["initiatives"].append(i)
    for d in records["discipline"]:
        years[d.year]["discipline"].append(d)
    for m in records["models"]:
        years[m.year]["models"].append(m)
    return [{"year": y, **years[y]} for y in sorted(years)]


def holder_records(record: AwardRecord) -> QuerySet[AwardRecord]:
    """Every registry entry of the record's holder (revoked ones included), newest first."""
    if record.person_id:
        same = Q(person_id=record.person_id)
    elif record.collective_id:
        same = Q(collective_id=record.collective_id)
    else:  # households have no identity beyond their name and commune
        same = Q(
            holder_kind=record.holder_kind,
            household_name=record.household_name,
            unit_id=record.unit_id,
        )
    return (
        AwardRecord.objects.filter(same)
        .select_related("award_type", "unit", "person", "collective")
        .order_by("-year", "-award_type__rank", "pk")
    )


def awardee_search(query: str, limit: int = 20) -> list[dict]:
    """Diacritic-insensitive search of award holders for the portal.

    Keys: name, award, year, decision_number, unit, url_or_none (the public
    page of the holder's awards, reached through this record).
    """
    folded = fold(query)
    if len(folded) < 2:
        return []
    rows = (
        AwardRecord.objects.filter(
            search_text__contains=folded, revoked_on__isnull=True
        )
        .select_related("award_type", "person", "collective", "unit")
        .order_by("-year", "-award_rank", "search_text")[: max(1, min(limit, 100))]
    )
    return [
        {
            "name": r.holder_name,
            "award": r.award_type.name,
            "year": r.year,
            "decision_number": r.decision_number,
            "unit": str(r.unit or r.collective or ""),
            "url_or_none": reverse("commendations_public:awardee", args=[r.pk]),
        }
        for r in rows
    ]


def award_held(
    *,
    award_type: AwardType,
    year: int,
    person: Person | None = None,
    collective: OrgUnit | None = None,
    household_name: str = "",
) -> AwardRecord | None:
    """The registry's (unrevoked) award of `award_type` for `year` to this holder."""
    records = AwardRecord.objects.filter(
        award_type=award_type, year=year, revoked_on__isnull=True
    ).exclude(commendation_kind__in=NOT_GROUNDS)
    if person is not None:
        records = records.filter(person=person)
    elif collective is not None:
        records = records.filter(collective_id__in=lineage_ids([collective.id]))
    elif household_name:
        records = records.filter(household_name__iexact=household_name.strip())
    else:
        return None
    return records.order_by("decision_date", "pk").first()
