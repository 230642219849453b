"""Backup and restore round-trip a populated instance: database, media and the
private files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from thidua.core import dbguards
from thidua.dossiers.models import Certificate, Decision
from thidua.people.models import Person

from .test_amendment import _issued

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _state() -> tuple[dict[str, list[tuple]], dict[str, str]]:
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(
            connection.introspection.django_table_names(only_existing=True)
        ):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(cursor.fetchall(), key=repr)
    files = {
        f"{kind}/{p.relative_to(root)}": hashlib.sha256(p.read_bytes()).hexdigest()
        for kind, root in (
            ("media", Path(settings.MEDIA_ROOT)),
            ("private", Path(settings.PRIVATE_MEDIA_ROOT)),
        )
        for p in root.rglob("*") if p.is_file()
    }  # fmt: skip
    return tables, files


def test_backup_then_restore_gives_back_the_same_instance(world, tmp_path) -> None:
    decision = _issued(world)
    from thidua.dossiers import services

    services.certificates_generate(
        run=services.certificates_start(decision=decision, by=None)
    )
    assert Certificate.objects.filter(item__decision=decision).count() == 2
    before = _state()
    assert len(before[1]) >= 3  # the decision's .docx and two certificates

    call_command("backup", str(tmp_path / "backups"))
    (saved,) = (tmp_path / "backups").iterdir()
    assert {p.name for p in saved.iterdir()} >= {"manifest.json", "media.tar.gz"}

    # life goes on after the backup: a new person, a lost file, a stray file
    Person.objects.create(full_name="Lò Văn Mới", gender="male", birth_year=1990)
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    next(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf")).unlink()
    (media / "la.txt").write_text("tệp lạ")
    assert _state() != before

    call_command("restore", str(saved), "--no-input")
    assert _state() == before
    assert dbguards.installed() == {f"thidua_guard_{g[0]}" for g in dbguards.GUARDS}
    assert Decision.objects.get(pk=decision.pk).is_issued

    # a damaged backup is refused before anything is touched
    (saved / "media.tar.gz").write_bytes(b"hong")
    with pytest.raises(CommandError, match="bị thiếu hoặc hỏng"):
        call_command("restore", str(saved), "--no-input")
    assert _state() == before
