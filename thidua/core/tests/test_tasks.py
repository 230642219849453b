"""Background tasks really run: django-tasks 0.11 database backend and Wagtail's own tasks.

django-tasks is pinned to 0.11.0: 0.9/0.10 raise TypeError on Python 3.11
(django-tasks#223, Wagtail#13694) and 0.12 drops the database backend.
"""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus, task
from django_tasks.backends.database.models import DBTaskResult

DB_BACKEND = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}


@task()
def add(a: int, b: int) -> int:
    return a + b


def _run_worker() -> None:
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO()
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DB_BACKEND)
def test_database_backend_task_runs_in_the_worker():
    result = add.enqueue(2, 3)
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY
    _run_worker()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCEEDED
    assert result.return_value == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DB_BACKEND)
def test_wagtail_reference_index_update_runs_as_a_task():
    from wagtail.models import Locale, Page

    # a transactional test starts from an empty database: no root page yet
    Locale.objects.get_or_create(language_code="vi")
    DBTaskResult.objects.all().delete()
    page = Page.add_root(title="Gốc", slug="goc")
    page.title = "Trang gốc"
    page.save()
    queued = DBTaskResult.objects.filter(
        task_path__endswith="update_reference_index_task"
    )
    assert queued.count() == 2
    _run_worker()
    assert set(queued.values_list("status", flat=True)) == {TaskResultStatus.SUCCEEDED}
