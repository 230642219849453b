"""Issue 14: the ratings and awards registries listed page by page from one index.

Ratings get the holder's folded name (person or collective) as a column of their
own, awards a copy of their type's rank; both are filled here from the rows they
copy, then indexed in the lists' order, and ratings get the trigram index their
name search uses (PostgreSQL)."""

from typing import Any

from django.db import migrations, models

from thidua.lib.text import fold
from thidua.lib.trigram import trigram_indexes

PG_SQL = [
    "UPDATE commendations_annualrating r SET search_text = p.search_text"
    " FROM people_person p WHERE p.id = r.person_id",
    "UPDATE commendations_awardrecord a SET award_rank = t.rank"
    " FROM commendations_awardtype t WHERE t.id = a.award_type_id",
]
PORTABLE_SQL = [
    "UPDATE commendations_annualrating SET search_text = (SELECT search_text FROM"
    " people_person p WHERE p.id = person_id) WHERE person_id IS NOT NULL",
    "UPDATE commendations_awardrecord SET award_rank = (SELECT rank FROM"
    " commendations_awardtype t WHERE t.id = award_type_id)",
]


def fill(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        # a person's search_text is fold(full_name): the same value, no Python pass
        for sql in PG_SQL if connection.vendor == "postgresql" else PORTABLE_SQL:
            cursor.execute(sql)
    rating = apps.get_model("commendations", "AnnualRating")
    unit = apps.get_model("units", "OrgUnit")
    held = rating.objects.filter(collective__isnull=False).values("collective_id")
    for pk, name in unit.objects.filter(pk__in=held).values_list("pk", "name"):
        rating.objects.filter(collective_id=pk).update(search_text=fold(name)[:255])


class Migration(migrations.Migration):
    dependencies = [
        ("commendations", "0004_search_trigram"),
        ("people", "0002_search_trigram"),
        ("units", "0002_alter_orgunit_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="annualrating",
            name="search_text",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="awardrecord",
            name="award_rank",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="annualrating",
            index=models.Index(
                fields=["-year", "search_text", "id"],
                name="commendations_rating_list_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="awardrecord",
            index=models.Index(
                fields=["-year", "-award_rank", "search_text", "id"],
                name="commendations_award_list_idx",
            ),
        ),
        trigram_indexes(
            (
                "commendations_rating_search_trgm",
                "commendations_annualrating",
                "search_text",
            )
        ),
    ]
