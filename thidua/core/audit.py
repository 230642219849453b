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

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import AuditedModel, AuditEntry

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "audit_actor", default=None
)
_message: contextvars.ContextVar[str] = contextvars.ContextVar("audit_msg", default="")


# The account fields worth a trail: privileges and identity, never the password
# hash or last_login (logins are events of their own).
USER_FIELDS = (
    "username",
    "full_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
)


@contextlib.contextmanager
def acting_as(user: Any, message: str = "") -> Iterator[None]:
    """Attribute audit entries written inside the block to `user`.

    `user=None` keeps the actor already set (the request's user, or a command's
    `--by`), so a service called with no `by` is still attributed."""
    actor = user if getattr(user, "pk", None) else _actor.get()
    token = _actor.set(actor)
    mtoken = _message.set(message or _message.get())
    try:
        yield
    finally:
        _actor.reset(token)
        _message.reset(mtoken)


def current_actor() -> Any:
    return _actor.get()


def current_message() -> str:
    return _message.get()


def _is_user(model: type[models.Model]) -> bool:
    return model._meta.label == settings.AUTH_USER_MODEL


def _tracked(model: type[models.Model]) -> bool:
    return issubclass(model, AuditedModel) or _is_user(model)


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
    private = getattr(instance, "audit_private", ())
    derived = getattr(instance, "audit_derived", ())
    user = _is_user(type(instance))
    for field in instance._meta.concrete_fields:
        if field.name in ("created_at", "updated_at", "search_text", *derived):
            continue
        if field.name in private or (user and field.name not in USER_FIELDS):
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
    found = entry(instance, action, before=before, after=after, message=message)
    found.save()
    return found


def entry(
    instance: models.Model,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEntry:
    """The audit row `record` writes, not saved yet (bulk writes insert theirs at once)."""
    meta = instance._meta
    return AuditEntry(
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
    if raw or not _tracked(sender) or instance._state.adding:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old else None  # type: ignore[attr-defined]


@receiver(post_save)
def _after_save(
    sender: type, instance: models.Model, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw or not _tracked(sender):
        return
    after = snapshot(instance)
    if created:
        record(instance, AuditEntry.Action.CREATE, after=after)
        return
    before = getattr(instance, "_audit_before", None)
    if before != after:
        record(instance, AuditEntry.Action.UPDATE, before=before, after=after)


def _after_delete(sender: type, instance: models.Model, **kw: Any) -> None:
    record(instance, AuditEntry.Action.DELETE, before=snapshot(instance))


def connect_deletes() -> None:
    """The delete trail listens to the audited models only (CoreConfig.ready, when
    every model is loaded): a listener for all models makes Django read each row
    of any queryset delete to signal it, unaudited purges included."""
    for model in apps.get_models():
        if _tracked(model):
            post_delete.connect(
                _after_delete, sender=model, dispatch_uid="audit-delete"
            )


def _m2m_field(
    sender: type[models.Model], instance: models.Model, reverse: bool
) -> str:
    model = instance._meta.model
    for field in model._meta.get_fields():
        through = getattr(getattr(field, "remote_field", None), "through", None)
        if field.many_to_many and through is sender:
            return field.name
    return sender._meta.model_name or "m2m"


@receiver(m2m_changed)
def _m2m(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kw: Any,
) -> None:
    """Membership, agendas, groups and permissions: the set before and after."""
    owners: list[models.Model] = []
    if _tracked(type(instance)):
        owners = [instance]
    elif reverse and _tracked(model) and pk_set:
        owners = list(model._base_manager.filter(pk__in=pk_set))
    for owner in owners:
        name = _m2m_field(sender, owner, reverse)
        related = getattr(owner, name, None)
        if related is None:
            continue
        current = sorted(related.values_list("pk", flat=True))
        if action.startswith("pre_"):
            owner.__dict__.setdefault("_audit_m2m", {})[name] = current
        elif action.startswith("post_"):
            before = owner.__dict__.get("_audit_m2m", {}).pop(name, None)
            if before is not None and before != current:
                record(
                    owner,
                    AuditEntry.Action.UPDATE,
                    before={name: before},
                    after={name: current},
                )


def _account_event(
    user: Any, message: str, *, username: str = "", by_user: bool = True
) -> None:
    AuditEntry.objects.create(
        actor=user if by_user and getattr(user, "pk", None) else None,
        action=AuditEntry.Action.EVENT,
        app_label="accounts",
        model="user",
        object_id=str(getattr(user, "pk", "") or ""),
        object_repr=(str(user) if user else username)[:255],
        message=message,
    )


@receiver(user_logged_in)
def _logged_in(sender: type, request: Any, user: Any, **kw: Any) -> None:
    _account_event(user, "Đăng nhập")


@receiver(user_logged_out)
def _logged_out(sender: type, request: Any, user: Any, **kw: Any) -> None:
    if user is not None:
        _account_event(user, "Đăng xuất")


@receiver(user_login_failed)
def _login_failed(sender: type, credentials: dict[str, Any], **kw: Any) -> None:
    """Only the name typed is kept (never the password, never the raw IP)."""
    from django.contrib.auth import get_user_model

    username = str(credentials.get("username", ""))[:150]
    user = get_user_model()._base_manager.filter(username=username).first()
    _account_event(user, "Đăng nhập không thành công", username=username, by_user=False)
