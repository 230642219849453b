import datetime as dt

import pytest

from thidua.accounts.models import User
from thidua.core.tests.world import demo_world, shared_world  # noqa: F401
from thidua.units.models import OrgUnit


@pytest.fixture
def login(client, demo_world):  # noqa: F811
    """login("tinh") → the test client signed in as that demo account."""

    def sign_in(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return sign_in


@pytest.fixture
def tinh(login):
    return login("tinh")


def unit(code: str, valid_from: dt.date | None = None) -> OrgUnit:
    """The unit with `code` that starts on `valid_from` (None: the pre-2025 row)."""
    return OrgUnit.objects.get(code=code, valid_from=valid_from)
