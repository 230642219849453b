from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def world(db: Any, settings: Any, tmp_path: Any) -> Any:
    """A small world (province, Tân Uyên and a commune, a few people, one account per
    role) with the award catalogue; media in tmp. Much faster than demo_world."""
    from thidua.commendations.catalogue import load_catalogue

    from .factories import small_world

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SITE_URL = "https://thidua.laichau.example"
    load_catalogue()
    return small_world()
