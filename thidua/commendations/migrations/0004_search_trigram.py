"""Issue 14: the awards registry's holder search through a pg_trgm index on the
folded holder name (thidua/lib/trigram.py); nothing on SQLite."""

from django.db import migrations

from thidua.lib.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("commendations", "0003_commendation_kinds")]

    operations = [
        trigram_indexes(
            (
                "commendations_award_search_trgm",
                "commendations_awardrecord",
                "search_text",
            )
        ),
    ]
