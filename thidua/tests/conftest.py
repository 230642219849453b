"""The full demo (every app's `demo.load`), loaded once per test module.

Loaded inside a transaction rolled back when the module ends, so other modules
never see it; generated files go to a temporary MEDIA_ROOT.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from thidua.core.management.commands.load_demo import DEMO_MODULES

DEMO_USERNAMES = [
    "admin",
    "tinh",
    "khoitruong",
    "tanuyen",
    "xatanuyen",
    "hoidong",
    "bientap",
    "lanhdao",
]


@pytest.fixture(scope="module")
def full_demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[None]:
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        out = io.StringIO()
        for name in DEMO_MODULES:
            import_module(name).load(out)
        yield
        transaction.set_rollback(True)
