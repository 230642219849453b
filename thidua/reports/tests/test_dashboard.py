import pytest

from thidua.dossiers import services
from thidua.dossiers.tests.factories import (
    YEAR,
    attach_all,
    nominate,
    people,
    tan_uyen,
    user,
)
from thidua.reports.dashboard import tasks_for


@pytest.fixture
def world(db, settings, tmp_path):
    from thidua.commendations.catalogue import load_catalogue
    from thidua.dossiers.tests.factories import small_world

    settings.MEDIA_ROOT = tmp_path / "media"
    load_catalogue()
    return small_world()


def _labels(username):
    return {t.label: t.count for t in tasks_for(user(username))}


def test_each_role_sees_its_own_waiting_work(world):
    dossier = services.dossier_create(
        unit=tan_uyen(),
        type="annual",
        year=YEAR,
        title="Đề nghị năm 2024",
        by=user("tanuyen"),
    )
    assert _labels("tanuyen") == {"Hồ sơ khen thưởng đang soạn": 1}
    assert _labels("sinho") == {}  # another district's officer sees nothing of it

    nominate(dossier, people(1))
    attach_all(dossier, user("tanuyen"))
    services.dossier_submit(dossier=dossier, by=user("tanuyen"))
    assert _labels("tinh")["Hồ sơ đề nghị chờ thẩm định"] == 1
    assert _labels("tanuyen") == {}

    services.dossier_return(
        dossier=dossier, comment="Bổ sung biên bản", by=user("tinh")
    )
    assert _labels("tanuyen") == {"Hồ sơ khen thưởng bị trả lại, cần bổ sung": 1}
    assert "Hồ sơ đề nghị chờ thẩm định" not in _labels("tinh")
    assert _labels("lanhdao") == {}


def test_admin_home_shows_the_panel(world, client):
    client.force_login(user("tinh"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Việc cần làm" in response.content.decode()
    assert "Không có việc nào đang chờ bạn." in response.content.decode()
