"""Issue 11 finding 11: citizens' contact details leave the audit trail, then
the database itself refuses changes to issued decisions, their items and the
audit trail (core/dbguards.py; per-vendor SQL for PostgreSQL and SQLite)."""

from django.db import migrations


def forget_contacts(apps, schema_editor):
    Entry = apps.get_model("core", "AuditEntry")
    for entry in Entry.objects.filter(app_label="dossiers", model="publicfeedback"):
        before = {k: v for k, v in (entry.before or {}).items() if k != "contact"}
        after = {k: v for k, v in (entry.after or {}).items() if k != "contact"}
        Entry.objects.filter(pk=entry.pk).update(
            before=before if entry.before is not None else None,
            after=after if entry.after is not None else None,
        )


def install(apps, schema_editor):
    from thidua.core import dbguards

    dbguards.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from thidua.core import dbguards

    with schema_editor.connection.cursor() as cursor:
        for name, table, *_ in dbguards.GUARDS:
            on = f" ON {table}" if schema_editor.connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS thidua_guard_{name}{on}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("dossiers", "0007_ballot_counts"),
    ]

    operations = [
        migrations.RunPython(forget_contacts, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
