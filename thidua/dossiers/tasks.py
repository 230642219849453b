"""Background work of the dossiers app (django-tasks; `manage.py db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from .models import CertificateRun


@task()
def generate_certificates(run_id: int) -> int:
    """Render the certificates of one CertificateRun; returns how many exist."""
    from .services import certificates_generate

    run = CertificateRun.objects.select_related("decision").get(pk=run_id)
    return certificates_generate(run=run).done
