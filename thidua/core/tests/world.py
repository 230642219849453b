"""The demo world loaded once per test module instead of once per test.

The module's data sits in an outer transaction that is rolled back at the end;
each test runs in a savepoint inside it (pytest-django's `db`), so tests still
cannot see each other's writes. Import both fixtures in a tests/conftest.py.
"""

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def shared_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    from thidua.accounts import demo as accounts_demo
    from thidua.people import demo as people_demo
    from thidua.units import demo as units_demo

    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        units_demo.load(out)
        people_demo.load(out)
        accounts_demo.load(out)
        yield units_demo.province()
        transaction.set_rollback(True)


@pytest.fixture
def demo_world(shared_world: Any, db: Any) -> Any:
    return shared_world
