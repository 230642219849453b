from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def max_length(model: type[models.Model], name: str) -> int:
    """The declared max_length of a text field, for messages before saving."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} has no max_length")
    return field.max_length


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        abstract = True


_M = TypeVar("_M", bound=models.Model)


class AuditedQuerySet(models.QuerySet[_M]):
    """Bulk writes, which send no save signals, are audited row by row too (the
    audit rows in one insert)."""

    def update(self, **kwargs: Any) -> int:
        from . import audit

        before = {obj.pk: audit.snapshot(obj) for obj in self}
        count = super().update(**kwargs)
        changed = self.model._default_manager.filter(pk__in=before)
        # the rows are named in the audit (str(obj)): what the caller joined to
        # name them is joined again, rather than one query per row and relation
        changed.query.select_related = self.query.select_related
        message = audit.current_message() or "Cập nhật hàng loạt"
        AuditEntry.objects.bulk_create(
            audit.entry(
                obj,
                AuditEntry.Action.UPDATE,
                before=before[obj.pk],
                after=after,
                message=message,
            )
            for obj in changed
            if (after := audit.snapshot(obj)) != before[obj.pk]
        )
        return count

    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        from . import audit

        created = super().bulk_create(objs, *args, **kwargs)
        AuditEntry.objects.bulk_create(
            audit.entry(obj, AuditEntry.Action.CREATE, after=audit.snapshot(obj))
            for obj in created
            if obj.pk is not None  # ignore_conflicts leaves skipped rows without one
        )
        return created

    def bulk_update(
        self, objs: Iterable[_M], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        from . import audit

        objs = list(objs)
        if not objs:
            return 0
        before = {
            obj.pk: audit.snapshot(obj)
            for obj in self.model._base_manager.filter(pk__in=[o.pk for o in objs])
        }
        # Django's bulk_update runs update(), which would audit again and read
        # each row's names anew: a plain queryset, the objects at hand named here
        plain: models.QuerySet[_M] = models.QuerySet(self.model, using=self.db)
        count = plain.bulk_update(objs, fields, batch_size=batch_size)
        AuditEntry.objects.bulk_create(
            audit.entry(obj, AuditEntry.Action.UPDATE, before=old, after=after)
            for obj in objs
            if (after := audit.snapshot(obj)) != (old := before.get(obj.pk))
        )
        return count


class AuditedModel(TimeStampedModel):
    """Every create, update and delete of a subclass is written to AuditEntry.

    The signal handlers live in core/audit.py, bulk writes go through
    AuditedQuerySet; the actor comes from the request (middleware) or from
    `audit.acting_as(user)` in services and commands. Fields named in
    `audit_private` (contact details of citizens) are never copied.
    """

    audit_private: tuple[str, ...] = ()
    # copies of other data (e.g. a type's rank) kept for indexes: not audited,
    # the audit has the data they come from
    audit_derived: tuple[str, ...] = ()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")
        EVENT = "event", _("Sự kiện")

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("hành động"), max_length=8, choices=Action)
    app_label = models.CharField(max_length=64)
    model = models.CharField(_("loại dữ liệu"), max_length=64)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    message = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        indexes = [
            # the audit trail of one object, newest first
            models.Index(
                fields=["app_label", "model", "object_id", "-at"],
                name="core_audit_object_idx",
            ),
            # the trail filtered by action, newest first: updates, deletions and
            # events are a few among millions of creations, which the list would
            # otherwise read all of (48 ms for 231,000 entries, growing with them)
            models.Index(fields=["action", "-at", "-id"], name="core_audit_action_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"
        )

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [
            (k, before.get(k), after.get(k))
            for k in keys
            if before.get(k) != after.get(k)
        ]


class FormSubmission(models.Model):
    """A one-time form token as the server first answered it (thidua/core/once.py).

    A repeat of the same POST (double click, the browser resending after a lost
    connection) finds this row and gets the same answer instead of acting again.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    path = models.CharField(max_length=255)
    # sha256 of the posted fields and files: a resend carries the same body
    fingerprint = models.CharField(max_length=64)
    location = models.CharField(max_length=2000)
    messages = models.JSONField(default=list)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("biểu mẫu đã gửi")
        verbose_name_plural = _("biểu mẫu đã gửi")

    def __str__(self) -> str:
        return f"{self.path} {self.at:%Y-%m-%d %H:%M}"
