"""Registry edit screens (Wagtail admin): list, create, edit, delete for each kind of entry.

One small spec per kind says which model, form, service and columns it uses; the
views stay generic and thin. Who sees what comes from access.registry_* (built
on units/access.py and people/access.py): 404 out of sight, 403 visible but not the user's to change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thidua.accounts.roles import AuthedRequest
from thidua.core.backoffice import forbidden_is_403
from thidua.core.keyset import estimated_count, keyset_paginate
from thidua.core.once import submit_once
from thidua.lib.formats import long_date
from thidua.lib.ids import id_in
from thidua.lib.text import fold
from thidua.people.models import Person
from thidua.units.access import can_edit_any_unit, sees_units
from thidua.units.models import OrgUnit
from thidua.units.selectors import descendant_ids

from . import forms, services
from .access import (
    registry_entry_for_editing,
    registry_entry_for_user,
    registry_list_for_user,
)
from .models import (
    AdvancedModel,
    AnnualRating,
    AwardRecord,
    AwardType,
    DisciplinaryRecord,
    Initiative,
    Level,
    Rating,
    Scope,
)


def _holder(obj: Any) -> str:
    return str(obj.person or obj.collective or "")


def _decision(r: AwardRecord) -> str:
    parts = [r.decision_number]
    if r.decision_date:
        parts.append(f"{r.decision_date:%d/%m/%Y}")
    parts.append(r.decision_issuer)
    return ", ".join(p for p in parts if p)


def _award_status(r: AwardRecord) -> str:
    if r.revoked_on:
        return f"Đã hủy từ {r.revoked_on:%d/%m/%Y}"
    return "Theo quyết định trong hệ thống" if r.source_decision_id else ""


@dataclass(frozen=True)
class Spec:
    slug: str
    title: str  # the tab and page title
    noun: str  # "khen thưởng" in "Thêm khen thưởng"
    model: type[Any]
    form: type[forms.EntryForm]
    save: Callable[[Any, Any], Any]  # (form, instance) -> saved instance
    year_field: str
    of_type: Callable[[str], Q]  # the type filter
    types: Callable[[], list[tuple[str, Any]]]
    search: Callable[[str], Q]
    by_person: str
    related: tuple[str, ...]
    order: tuple[str, ...]
    headers: tuple[str, ...]
    row: Callable[[Any], list[Any]]


def _by_name(*paths: str) -> Callable[[str], Q]:
    def build(folded: str) -> Q:
        q = Q()
        for path in paths:
            q |= Q(**{f"{path}__contains": folded})
        return q

    return build


def _field_is(field: str) -> Callable[[str], Q]:
    return lambda value: Q(**{field: value})


def _award_of_type(code: str) -> Q:
    """Awards of one form, by its rank too: the list's index is (year, rank, name),
    so the page is read in order within the form's rank (at 2M people, 0.5 s
    sorting a year's forms by name otherwise)."""
    award_type = AwardType.objects.filter(code=code).first()
    if award_type is None:
        return Q(pk__in=[])
    return Q(award_type=award_type, award_rank=award_type.rank)


NAMED_CAP = 500  # people of one name past which the list's own order is faster


def _rated_named(folded: str) -> Q:
    """Ratings of the people and collectives so named. A person has ten: for a
    name few people bear, their ids (the people's trigram index), then their
    ratings' ids (the holder indexes) answer several times faster than a trigram
    scan of ten times as many ratings (bench/RESULTS.md, national).

    Past about √(all ratings) ids, PostgreSQL reads the list's index in its order
    rather than fetch the rows by id (measured: 2,620 of 20 million by id, 5,100
    in order and 40 times slower); so the ids serve up to ¾ of that, and a
    commoner name, for which reading the list in order fills the page soon
    enough, goes by the ratings' own folded name."""
    fallback = Q(search_text__contains=folded)
    people = Person.objects.filter(search_text__contains=folded)
    ids = list(people.values_list("pk", flat=True)[: NAMED_CAP + 1])
    total = estimated_count(AnnualRating.objects.all())
    if len(ids) > NAMED_CAP or total is None:  # SQLite: a province's few ratings
        return fallback
    units = OrgUnit.objects.filter(search_text__contains=folded)
    held = id_in("person_id", ids) | id_in(
        "collective_id", list(units.values_list("pk", flat=True))
    )
    rated = list(AnnualRating.objects.filter(held).values_list("pk", flat=True))
    return id_in("pk", rated) if len(rated) <= 0.75 * total**0.5 else fallback


SPECS = {
    spec.slug: spec
    for spec in (
        Spec(
            slug="awards",
            title="Danh hiệu, khen thưởng",
            noun="khen thưởng",
            model=AwardRecord,
            form=forms.AwardRecordForm,
            save=lambda form, obj: services.award_record_save(record=obj),
            year_field="year",
            of_type=_award_of_type,
            types=lambda: list(AwardType.objects.values_list("code", "name")),
            search=_by_name("search_text"),
            by_person="person_id",
            related=("award_type", "person", "collective", "unit"),
            order=("-year", "-award_rank", "search_text"),
            headers=("Đối tượng", "Danh hiệu, hình thức", "Năm", "Đơn vị", "Quyết định", "Tình trạng"),
            row=lambda r: [r.holder_name, r.award_type.name, r.year, r.unit or "", _decision(r), _award_status(r)],
        ),
        Spec(
            slug="ratings",
            title="Xếp loại hằng năm",
            noun="xếp loại",
            model=AnnualRating,
            form=forms.AnnualRatingForm,
            save=lambda form, obj: services.annual_rating_save(rating=obj),
            year_field="year",
            of_type=_field_is("rating"),
            types=lambda: list(Rating.choices),
            search=_rated_named,
            by_person="person_id",
            related=("person", "collective", "unit"),
            order=("-year", "search_text"),
            headers=("Cá nhân, tập thể", "Năm", "Xếp loại", "Đơn vị đánh giá"),
            row=lambda r: [_holder(r), r.year, r.get_rating_display(), r.unit or ""],
        ),
        Spec(
            slug="initiatives",
            title="Sáng kiến",
            noun="sáng kiến",
            model=Initiative,
            form=forms.InitiativeForm,
            save=lambda form, obj: services.initiative_save(
                initiative=obj, persons=form.cleaned_data["authors"]
            ),
            year_field="recognised_year",
            of_type=_field_is("scope"),
            types=lambda: list(Scope.choices),
            search=lambda folded: Q(
                pk__in=Initiative.objects.filter(
                    persons__search_text__contains=folded
                ).values("pk")
            ),
            by_person="persons",
            related=("unit",),
            order=("-recognised_year", "title"),
            headers=("Tên sáng kiến, đề tài", "Tác giả", "Phạm vi", "Năm công nhận", "Cơ quan công nhận"),
            row=lambda r: [
                r.title,
                ", ".join(p.full_name for p in r.persons.all()),
                r.get_scope_display(),
                r.recognised_year,
                r.recognising_body,
            ],
        ),
        Spec(
            slug="models",
            title="Điển hình tiên tiến",
            noun="điển hình tiên tiến",
            model=AdvancedModel,
            form=forms.AdvancedModelForm,
            save=lambda form, obj: services.advanced_model_save(model=obj),
            year_field="year",
            of_type=_field_is("level"),
            types=lambda: list(Level.choices),
            search=_by_name("person__search_text", "collective__search_text"),
            by_person="person_id",
            related=("person", "collective"),
            order=("-year", "title"),
            headers=("Mô hình, điển hình", "Cá nhân, tập thể", "Năm", "Cấp", "Cơ quan ghi nhận"),
            row=lambda r: [r.title, _holder(r), r.year, r.get_level_display(), r.recognised_by],
        ),
        Spec(
            slug="discipline",
            title="Kỷ luật",
            noun="kỷ luật",
            model=DisciplinaryRecord,
            form=forms.DisciplinaryRecordForm,
            save=lambda form, obj: services.disciplinary_record_save(record=obj),
            year_field="year",
            of_type=_field_is("severity"),
            types=lambda: list(DisciplinaryRecord.Severity.choices),
            search=_by_name("person__search_text"),
            by_person="person_id",
            related=("person", "unit"),
            order=("-year", "person__sort_name"),
            headers=("Cá nhân", "Năm", "Hình thức", "Đơn vị", "Quyết định"),
            row=lambda r: [
                r.person,
                r.year,
                r.get_severity_display(),
                r.unit or "",
                ", ".join(
                    p
                    for p in (r.decision_number, r.decision_date and long_date(r.decision_date))
                    if p
                ),
            ],
        ),
    )
}  # fmt: skip


def _spec(kind: str) -> Spec:
    try:
        return SPECS[kind]
    except KeyError as exc:
        raise Http404 from exc


def _tabs(current: str) -> list[tuple[str, str, bool]]:
    return [
        (
            reverse("commendations:registry-list", args=[s.slug]),
            s.title,
            s.slug == current,
        )
        for s in SPECS.values()
    ]


def _filtered(request: AuthedRequest, spec: Spec, form: Any) -> QuerySet[Any]:
    data = form.cleaned_data if form.is_valid() else {}
    within = descendant_ids(data["unit"]) if data.get("unit") else None
    qs = registry_list_for_user(request.user, spec.model, within)
    if data.get("q") and len(fold(data["q"])) >= 2:
        qs = qs.filter(spec.search(fold(data["q"])))
    if data.get("year"):
        qs = qs.filter(**{spec.year_field: data["year"]})
    if data.get("type"):
        qs = qs.filter(spec.of_type(data["type"]))
    if data.get("person"):
        qs = qs.filter(**{spec.by_person: data["person"]})
    qs = qs.select_related(*spec.related).order_by(*spec.order)
    if spec.model is Initiative:
        qs = qs.prefetch_related("persons")
    return qs


@forbidden_is_403
def registry_list(request: AuthedRequest, kind: str) -> HttpResponse:
    spec = _spec(kind)
    if not sees_units(request.user):
        raise PermissionDenied
    form = forms.RegistryFilterForm(
        request.GET or None, user=request.user, types=spec.types()
    )
    context = keyset_paginate(request, _filtered(request, spec, form))
    context.update(
        spec=spec,
        form=form,
        tabs=_tabs(kind),
        rows=[(obj, spec.row(obj)) for obj in context["page_obj"]],
        can_add=can_edit_any_unit(request.user),
        page_title="Sổ khen thưởng",
        page_subtitle=spec.title,
        header_icon="list-ul",
    )
    return render(request, "commendations/registry_list.html", context)


def _add_service_errors(form: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    aliases = {"person": "person_ref", "persons": "authors", "holder": "holder_kind"}
    for field, problems in exc.message_dict.items():
        name = aliases.get(field, field)
        form.add_error(name if name in form.fields else None, problems)


def _edit(
    request: AuthedRequest, spec: Spec, obj: Any, initial: dict[str, Any] | None = None
) -> HttpResponse:
    form = spec.form(
        request.POST or None, instance=obj, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        try:
            saved = spec.save(form, entry)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu {spec.noun}: {saved}.")
            return redirect("commendations:registry-list", spec.slug)
    adding = obj.pk is None
    return render(
        request,
        "commendations/registry_form.html",
        {
            "spec": spec,
            "form": form,
            "entry": None if adding else obj,
            "page_title": f"Thêm {spec.noun}" if adding else f"Sửa {spec.noun}",
            "page_subtitle": "" if adding else str(obj),
            "header_icon": "edit",
        },
    )


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def registry_create(request: AuthedRequest, kind: str) -> HttpResponse:
    spec = _spec(kind)
    if not can_edit_any_unit(request.user):
        raise PermissionDenied
    # from a person's page the form starts with them
    person = request.GET.get("person", "")
    field = "authors" if "authors" in spec.form.base_fields else "person_ref"
    initial = {field: person} if person.isdigit() else None
    return _edit(request, spec, spec.model(), initial)


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def registry_edit(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    spec = _spec(kind)
    if spec.model is AwardRecord:
        record = registry_entry_for_user(request.user, AwardRecord, pk)
        if record.source_decision_id:
            # an issued decision's award: shown, changed only by another decision
            if request.method == "POST":
                raise PermissionDenied
            return render(
                request,
                "commendations/registry_readonly.html",
                {
                    "spec": spec,
                    "record": record,
                    "page_title": "Khen thưởng theo quyết định",
                    "page_subtitle": str(record),
                    "header_icon": "lock",
                },
            )
    obj = registry_entry_for_editing(request.user, spec.model, pk)
    return _edit(request, spec, obj)


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def registry_delete(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    spec = _spec(kind)
    obj = registry_entry_for_editing(request.user, spec.model, pk)
    if isinstance(obj, AwardRecord) and obj.source_decision_id:
        raise PermissionDenied
    if request.method == "POST":
        label = str(obj)
        services.registry_delete(obj=obj)
        messages.success(request, f"Đã xóa {spec.noun}: {label}.")
        return redirect("commendations:registry-list", spec.slug)
    return render(
        request,
        "commendations/registry_delete.html",
        {
            "spec": spec,
            "entry": obj,
            "page_title": f"Xóa {spec.noun}",
            "page_subtitle": str(obj),
            "header_icon": "bin",
        },
    )
