from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Func, IntegerField, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import AuditedModel, AuditEntry

RECENT_ENTRIES = 5_000


def count_of(related: QuerySet[Any]) -> Coalesce:
    """COUNT(*) of a correlated queryset as an annotation. Unlike Count() over a
    join, it needs no GROUP BY of the outer query, so a list's COUNT and its page
    stay cheap on millions of rows."""
    counted = related.order_by().annotate(
        n=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Coalesce(Subquery(counted.values("n")[:1]), 0)


def audit_entries(
    *,
    model: str = "",
    actor_id: int | None = None,
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    obj: str = "",
) -> QuerySet[AuditEntry]:
    """The audit trail, newest first; `model` is "app_label.model", `obj` an id or
    part of the object's name. Dates are local days (Asia/Ho_Chi_Minh)."""
    qs = AuditEntry.objects.select_related("actor")
    if model:
        app_label, _, name = model.partition(".")
        qs = qs.filter(app_label=app_label, model=name)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    if action:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    if obj.strip():
        qs = qs.filter(Q(object_id=obj.strip()) | Q(object_repr__icontains=obj.strip()))
    return qs.order_by("-at", "-pk")


def audited_models() -> list[tuple[str, str]]:
    """("app_label.model", verbose name) for every audited model, and for what else
    the recent trail holds: a DISTINCT over a national trail reads millions of rows."""
    pairs: set[tuple[str, str]] = {
        (m._meta.app_label, m._meta.model_name or "")
        for m in apps.get_models()
        if issubclass(m, AuditedModel)
    }
    recent = AuditEntry.objects.order_by("-pk").values_list("app_label", "model")
    pairs |= set(recent[:RECENT_ENTRIES])
    choices = []
    for app_label, name in pairs:
        try:
            label = str(apps.get_model(app_label, name)._meta.verbose_name)
        except LookupError:
            label = name
        choices.append((f"{app_label}.{name}", label.capitalize()))
    return sorted(choices, key=lambda c: c[1])


def entry_changes(entry: AuditEntry) -> list[dict[str, Any]]:
    """Changed fields with their human label: [{"field", "before", "after"}]."""
    try:
        meta = apps.get_model(entry.app_label, entry.model)._meta
    except LookupError:
        meta = None
    rows = []
    for attname, before, after in entry.changes:
        label, choices = attname, {}
        if meta is not None:
            try:
                field_name = attname[:-3] if attname.endswith("_id") else attname
                field = meta.get_field(field_name)
                label = str(field.verbose_name)
                # "draft" → "Dự thảo": stored values are shown as their labels
                if getattr(field, "choices", None):
                    choices = {str(k): str(v) for k, v in field.flatchoices}
            except FieldDoesNotExist:
                pass
        rows.append(
            {
                "field": label,
                "before": choices.get(str(before), before),
                "after": choices.get(str(after), after),
            }
        )
    return rows
