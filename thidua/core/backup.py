"""Backup and restore of one instance: the database and the media files.

A backup is a directory holding the database (`pg_dump` custom format on
PostgreSQL, an online copy through SQLite's backup API), `media.tar.gz`, and
`manifest.json` with checksums, so a restore refuses a damaged or partial set.
The procedure around it (stop the services, restore, migrate, start) is in
docs/deploy/backup.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(conn: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    s = conn.settings_dict
    args = ["-h", s["HOST"] or "localhost", "-p", str(s["PORT"] or 5432)]
    args += ["-U", s["USER"] or "postgres", "-d", s["NAME"]]
    env = {**os.environ, "PGPASSWORD": s["PASSWORD"] or ""}
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {done.stderr.strip()[:2000]}")


def _dump_database(conn: BaseDatabaseWrapper, target: Path) -> None:
    if conn.vendor == "postgresql":
        args, env = _pg_env(conn)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "-f", str(target), *args], env
        )
    elif conn.vendor == "sqlite":
        conn.ensure_connection()
        with sqlite3.connect(target) as copy:
            conn.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {conn.vendor}.")


def _load_database(conn: BaseDatabaseWrapper, source: Path) -> None:
    if conn.vendor == "postgresql":
        conn.close()  # pg_restore --clean drops tables: no open transaction may hold them
        args, env = _pg_env(conn)
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--exit-on-error", *args, str(source)],
            env,
        )  # fmt: skip
    else:
        conn.ensure_connection()
        with sqlite3.connect(source) as saved:
            saved.backup(conn.connection)
        saved.close()


def backup(directory: Path, *, using: str = "default") -> Path:
    """Write a new backup under `directory`; returns its own folder."""
    conn = connections[using]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = Path(directory) / f"thidua-{stamp}"
    target.mkdir(parents=True)
    database = target / DUMP.get(conn.vendor, "database")
    _dump_database(conn, database)
    media_root = Path(settings.MEDIA_ROOT)
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
        # the private files (decisions, minutes, certificates, dossier documents)
        if private_root.exists():
            archive.add(private_root, arcname="private")
    migrations = MigrationRecorder(conn).applied_migrations()
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "vendor": conn.vendor,
        "latest_migrations": sorted(f"{app}.{name}" for app, name in migrations),
        "files": {p.name: _sha256(p) for p in (database, target / MEDIA)},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return target


def read_manifest(source: Path) -> dict[str, Any]:
    path = Path(source) / MANIFEST
    if not path.exists():
        raise BackupError(f"{source} không phải một bản sao lưu (thiếu {MANIFEST}).")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        file = Path(source) / name
        if not file.exists() or _sha256(file) != digest:
            raise BackupError(f"Tệp {name} của bản sao lưu bị thiếu hoặc hỏng.")
    return manifest


def restore(source: Path, *, using: str = "default") -> dict[str, Any]:
    """Replace the database and the media with a backup (checked first)."""
    conn = connections[using]
    manifest = read_manifest(source)
    if manifest["vendor"] != conn.vendor:
        raise BackupError(
            f"Bản sao lưu của {manifest['vendor']} không khôi phục được vào {conn.vendor}."
        )
    media_root = Path(settings.MEDIA_ROOT)
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    private_root.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(dir=media_root.parent) as scratch,
        tempfile.TemporaryDirectory(dir=private_root.parent) as private_scratch,
    ):
        with tarfile.open(Path(source) / MEDIA, "r:gz") as archive:
            archive.extractall(scratch, filter="data")
        restored_private = Path(scratch) / "private"
        has_private = restored_private.exists()
        if has_private:  # onto the private root's own file system before the swap
            shutil.move(restored_private, Path(private_scratch) / "private")
        # page copy (SQLite) or tables re-created before their triggers (pg_restore):
        # the guards of core/dbguards.py are not in the way
        _load_database(conn, Path(source) / DUMP[conn.vendor])
        _swap(media_root, Path(scratch) / "media", Path(scratch) / "replaced")
        if has_private:  # a backup from before the private storage leaves it as is
            _swap(
                private_root,
                Path(private_scratch) / "private",
                Path(private_scratch) / "replaced",
            )
    return manifest


def _swap(root: Path, restored: Path, old: Path) -> None:
    """Put `restored` in place of `root`; the replaced tree goes to `old`."""
    if root.exists():
        root.rename(old)
    if restored.exists():
        restored.rename(root)
    else:
        root.mkdir()
