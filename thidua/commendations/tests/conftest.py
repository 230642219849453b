from __future__ import annotations

from typing import Any

import pytest

from thidua.commendations.catalogue import load_catalogue, seed_book
from thidua.commendations.eligibility import RuleBook


@pytest.fixture
def catalogue(db: Any) -> None:
    load_catalogue()


@pytest.fixture(scope="session")
def book() -> RuleBook:
    """The shipped 2025 rule book (Luật TĐKT 2022 + NĐ 152/2025), no database needed;
    test_catalogue checks it equals what load_catalogue stores."""
    return seed_book()
