"""Issue 14: name search over millions of people through a pg_trgm index on the
folded name (thidua/lib/trigram.py); nothing on SQLite."""

from django.db import migrations

from thidua.lib.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        trigram_indexes(("people_person_search_trgm", "people_person", "search_text")),
    ]
