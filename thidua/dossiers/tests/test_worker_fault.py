"""A certificate worker killed mid-batch: the next worker finishes the batch and no
certificate is made twice. Real processes: `manage.py db_worker` on a SQLite file,
the first one killed with SIGKILL while it renders."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ITEMS = 24


def issue_a_big_decision() -> None:
    """Run inside `manage.py shell`: an issued decision of ITEMS people, certificates queued."""
    from thidua.commendations.catalogue import load_catalogue
    from thidua.dossiers import services
    from thidua.people.models import Person
    from thidua.units.models import OrgUnit

    from . import factories as f

    load_catalogue()
    f.small_world()
    for i in range(ITEMS - len(f.NAMES)):
        person = Person.objects.create(
            full_name=f"Lò Văn Thử {i:02}", gender="male", birth_year=1980
        )
        person.positions.create(
            unit=f.tan_uyen(), title="Chuyên viên", start_date=dt.date(2015, 1, 1)
        )
    office = f.user("tinh")
    dossier = f.dossier_to_council(ITEMS)
    member = f.council_member("hd1")
    session = services.session_open(
        title="Phiên họp", held_on=dt.date(2025, 2, 1), dossiers=[dossier],
        members=[member], by=office,
    )  # fmt: skip
    agenda = session.agenda.values_list("pk", flat=True)
    services.ballot_cast(
        session=session, member=member, choices=dict.fromkeys(agenda, "yes")
    )
    services.session_close(session=session, by=office)
    dossier.refresh_from_db()
    decision = services.decision_draft(
        issuer=OrgUnit.objects.get(code="12"),
        dossiers=[dossier], summary="Về việc tặng Bằng khen", by=office,
    )  # fmt: skip
    decision = services.decision_issue(
        decision=decision, number=16, date=dt.date(2025, 8, 4),
        signer_name="Giàng A Páo", by=f.user("lanhdao"),
    )  # fmt: skip
    services.certificates_start(decision=decision, by=office)


def _query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql).fetchall()


def _wait(predicate, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_a_killed_worker_leaves_a_batch_the_next_one_finishes(tmp_path: Path) -> None:
    db = tmp_path / "thidua.sqlite3"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "thidua.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "TASKS_BACKEND": "django_tasks.backends.database.DatabaseBackend",
    }

    def manage(*args: str, **kw: object) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, **kw
        )  # type: ignore[call-overload]

    assert manage("migrate", "--noinput", stdout=subprocess.DEVNULL).wait(600) == 0
    setup = "from thidua.dossiers.tests.test_worker_fault import issue_a_big_decision as go; go()"
    assert manage("shell", "-c", setup).wait(600) == 0
    certificates = "SELECT count(*), count(DISTINCT item_id), count(DISTINCT code) FROM dossiers_certificate"

    first = manage(
        "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"
    )
    try:
        _wait(
            lambda: _query(db, certificates)[0][0] >= 3, 600, "the first certificates"
        )
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    made, _, _ = _query(db, certificates)[0]
    assert 3 <= made < ITEMS, "the worker must die mid-batch"
    assert _query(db, "SELECT status FROM dossiers_certificaterun") == [("running",)]

    second = manage(
        "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"
    )
    try:
        _wait(
            lambda: _query(db, "SELECT status FROM dossiers_certificaterun")[0][0] == "done",
            600, "the batch to finish",
        )  # fmt: skip
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(60)
    assert _query(db, certificates) == [(ITEMS, ITEMS, ITEMS)]
    assert _query(db, "SELECT done, total FROM dossiers_certificaterun") == [
        (ITEMS, ITEMS)
    ]
    stored = {row[0] for row in _query(db, "SELECT pdf FROM dossiers_certificate")}
    assert all(
        (tmp_path / "private" / name).read_bytes().startswith(b"%PDF")
        for name in stored
    )
    events = [
        m
        for (m,) in _query(
            db, "SELECT message FROM core_auditentry WHERE model = 'decision'"
        )
    ]
    assert any(m.startswith("Tiếp tục tạo bằng, giấy khen (đã có") for m in events)
