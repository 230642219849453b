"""Shared, expensive setup of the emulation tests, loaded once per test module.

Each fixture loads inside a transaction that is rolled back when the module ends,
so other apps' tests never see this data; each test still runs in its own savepoint.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction


def _load(with_emulation: bool) -> None:
    from thidua.accounts import demo as accounts_demo
    from thidua.units import demo as units_demo

    out = io.StringIO()
    units_demo.load(out)
    accounts_demo.load(out)
    if with_emulation:
        from thidua.emulation import demo

        demo.load(out)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Lai Châu's units, the blocs and one account per role (no emulation data)."""
    with django_db_blocker.unblock(), transaction.atomic():
        _load(with_emulation=False)
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def emulation_demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The world plus the emulation demo: 2018–2024 rankings and the 2026 cluster in progress."""
    with django_db_blocker.unblock(), transaction.atomic():
        _load(with_emulation=True)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def users(db: Any) -> Any:
    from thidua.accounts.models import User

    return {u.username: u for u in User.objects.all()}
