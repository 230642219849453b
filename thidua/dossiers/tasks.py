"""Background work of the dossiers app (django-tasks; `manage.py db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from thidua.accounts.models import User
from thidua.core import audit

from .models import CertificateRun


@task()
def generate_certificates(run_id: int, by_id: int | None = None) -> int:
    """Render the certificates of one CertificateRun, attributed in the audit to the
    user who started it (`by_id`: a task carries ids, not objects); returns how many
    exist."""
    from .services import certificates_generate

    run = CertificateRun.objects.select_related("decision").get(pk=run_id)
    by = User.objects.filter(pk=by_id).first() if by_id else None
    with audit.acting_as(by):
        return certificates_generate(run=run).done
