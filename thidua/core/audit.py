"""Automatic audit trail for every AuditedModel subclass.

Values before an update are read in pre_save (one extra query per audited
save); that cost is accepted because the brief requires before/after values
for every change to scores, nominations and decisions.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import uuid
from collections.abc import Iterator
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import AuditedModel, AuditEntry

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "audit_actor", default=None
)
_message: contextvars.ContextVar[str] = contextvars.ContextVar("audit_msg", default="")


@contextlib.contextmanager
def acting_as(user: Any, message: str = "") -> Iterator[None]:
    """Attribute audit entries written inside the block to `user`."""
    token = _actor.set(user if getattr(user, "pk", None) else None)
    mtoken = _message.set(message)
    try:
        yield
    finally:
        _actor.reset(token)
        _message.reset(mtoken)


def current_actor() -> Any:
    return _actor.get()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    if isinstance(value, FieldFile):  # .url would raise on an empty file
        return value.name or None
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in ("created_at", "updated_at", "search_text"):
            continue
        data[field.attname] = _jsonable(getattr(instance, field.attname))
    return data


def record(
    instance: models.Model,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEntry:
    meta = instance._meta
    return AuditEntry.objects.create(
        actor=_actor.get(),
        action=action,
        app_label=meta.app_label,
        model=meta.model_name or "",
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
        message=(message or _message.get())[:255],
    )


def record_event(instance: models.Model, message: str) -> AuditEntry:
    """A workflow step (submit, return, issue...) that is not a plain field change."""
    return record(instance, AuditEntry.Action.EVENT, message=message)


@receiver(pre_save)
def _remember_before(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kw: Any
) -> None:
    if raw or not isinstance(instance, AuditedModel) or instance._state.adding:
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old else None  # type: ignore[attr-defined]


@receiver(post_save)
def _after_save(
    sender: type, instance: models.Model, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw or not isinstance(instance, AuditedModel):
        return
    after = snapshot(instance)
    if created:
        record(instance, AuditEntry.Action.CREATE, after=after)
        return
    before = getattr(instance, "_audit_before", None)
    if before != after:
        record(instance, AuditEntry.Action.UPDATE, before=before, after=after)


@receiver(post_delete)
def _after_delete(sender: type, instance: models.Model, **kw: Any) -> None:
    if isinstance(instance, AuditedModel):
        record(instance, AuditEntry.Action.DELETE, before=snapshot(instance))
