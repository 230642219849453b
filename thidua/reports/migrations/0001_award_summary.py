"""Issue 14: the statistics page counts a national registry from a summary.

On PostgreSQL, the award summary is a materialized view (one row per year, unit,
collective, form, level and kind of holder, with the counts the shares need), and
triggers leave a row in reports_awardsummarychange for every change it does not
include yet (docs/decisions/0014-award-summary.md). SQLite gets the change table
only: the statistics count the registry there."""

from typing import Any

import django.db.models.functions.datetime
from django.db import migrations, models

# the shares' groups (reports/selectors.py: WORKER, FARMER, DIRECT_LABOUR, women,
# Kinh as `ethnicity__iexact`): a test compares the view with the registry's count
SUMMARY = """
CREATE MATERIALIZED VIEW reports_awardsummary AS
SELECT min(a.id) AS id, a.year, a.unit_id, a.collective_id, a.award_type_id,
       a.level, a.holder_kind,
       count(*) AS n,
       count(*) FILTER (WHERE p.target_group = 'cong_nhan') AS workers,
       count(*) FILTER (WHERE p.target_group = 'nong_dan') AS farmers,
       count(*) FILTER (WHERE p.target_group IN ('cong_nhan', 'nong_dan', 'nguoi_lao_dong'))
           AS direct,
       count(*) FILTER (WHERE c.kind = 'enterprise') AS enterprises,
       count(*) FILTER (WHERE p.gender = 'female') AS women,
       count(*) FILTER (WHERE UPPER(p.ethnicity::text) = UPPER('kinh')) AS kinh
FROM commendations_awardrecord a
LEFT JOIN people_person p ON p.id = a.person_id
LEFT JOIN units_orgunit c ON c.id = a.collective_id
WHERE a.revoked_on IS NULL
GROUP BY a.year, a.unit_id, a.collective_id, a.award_type_id, a.level, a.holder_kind
"""
# what changes a row of the view: any award written or removed; a person's gender,
# group or ethnicity; a unit's kind
CHANGED = """
CREATE FUNCTION reports_awardsummary_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO reports_awardsummarychange DEFAULT VALUES;
    RETURN NULL;
END
$$
"""
AWARD = "commendations_awardrecord"
TRIGGERS = [
    ("reports_summary_award", AWARD, "INSERT OR DELETE OR TRUNCATE", "STATEMENT", ""),
    ("reports_summary_award_upd", AWARD, "UPDATE", "ROW", " OR ".join(
        [f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in (
            "year", "unit_id", "collective_id", "person_id", "award_type_id", "level",
            "holder_kind",
        )] + ["(OLD.revoked_on IS NULL) <> (NEW.revoked_on IS NULL)"]
    )),
    ("reports_summary_person", "people_person", "UPDATE", "ROW",
     "OLD.gender IS DISTINCT FROM NEW.gender"
     " OR OLD.target_group IS DISTINCT FROM NEW.target_group"
     " OR UPPER(OLD.ethnicity::text) IS DISTINCT FROM UPPER(NEW.ethnicity::text)"),
    ("reports_summary_unit", "units_orgunit", "UPDATE", "ROW",
     "OLD.kind IS DISTINCT FROM NEW.kind"),
]  # fmt: skip


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SUMMARY)
        # REFRESH ... CONCURRENTLY needs a unique index; the others serve a unit's report
        cursor.execute(
            "CREATE UNIQUE INDEX reports_awardsummary_id ON reports_awardsummary (id)"
        )
        cursor.execute(
            "CREATE INDEX reports_awardsummary_unit ON reports_awardsummary (unit_id)"
        )
        cursor.execute(
            "CREATE INDEX reports_awardsummary_coll ON reports_awardsummary (collective_id)"
            " WHERE collective_id IS NOT NULL"
        )
        cursor.execute(CHANGED)
        for name, table, events, each, when in TRIGGERS:
            condition = f" WHEN ({when})" if when else ""
            cursor.execute(
                f"CREATE TRIGGER {name} AFTER {events} ON {table} FOR EACH {each}"
                f"{condition} EXECUTE FUNCTION reports_awardsummary_changed()"
            )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, table, *_ in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS reports_awardsummary_changed()")
        cursor.execute("DROP MATERIALIZED VIEW IF EXISTS reports_awardsummary")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("commendations", "0005_registry_list_order"),
        ("people", "0002_search_trigram"),
        ("units", "0003_commune_bloc_level"),
    ]

    operations = [
        migrations.CreateModel(
            name="AwardSummary",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("year", models.PositiveSmallIntegerField()),
                ("level", models.CharField(max_length=8)),
                ("holder_kind", models.CharField(max_length=12)),
                ("n", models.BigIntegerField()),
                ("workers", models.BigIntegerField()),
                ("farmers", models.BigIntegerField()),
                ("direct", models.BigIntegerField()),
                ("enterprises", models.BigIntegerField()),
                ("women", models.BigIntegerField()),
                ("kinh", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "tổng hợp khen thưởng",
                "verbose_name_plural": "tổng hợp khen thưởng",
                "db_table": "reports_awardsummary",
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="AwardSummaryChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now()
                    ),
                ),
            ],
            options={
                "verbose_name": "thay đổi chưa tổng hợp",
                "verbose_name_plural": "thay đổi chưa tổng hợp",
            },
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
