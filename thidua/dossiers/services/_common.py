"""Helpers shared by the service modules: row locks and state checks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from ..models import Dossier, DossierDocument

Status = Dossier.Status
DocKind = DossierDocument.Kind


def locked(model: type[models.Model], pk: int) -> Any:
    return model._default_manager.select_for_update().get(pk=pk)


def require_status(dossier: Dossier, *allowed: str, action: str) -> None:
    if dossier.status not in allowed:
        labels = ", ".join(str(Status(s).label) for s in allowed)
        raise ValidationError(
            f"Không thể {action}: hồ sơ đang ở trạng thái “{dossier.get_status_display()}” "
            f"(cần: {labels})."
        )
