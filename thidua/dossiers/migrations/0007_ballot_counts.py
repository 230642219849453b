"""Ballots become per-session counts (issue 11 finding 10): existing marks are
summed, then the table of individual marks, whose insertion order followed
the receipts', is dropped."""

import django.db.models.deletion
from django.db import migrations, models


def count_marks(apps, schema_editor):
    Session = apps.get_model("dossiers", "CouncilSession")
    Choice = apps.get_model("dossiers", "BallotChoice")
    Count = apps.get_model("dossiers", "BallotCount")
    for session in Session.objects.all():
        counts = {
            pk: Count(session=session, nominee_id=pk)
            for pk in session.agenda.order_by("pk").values_list("pk", flat=True)
        }
        for choice in Choice.objects.filter(session=session).only("nominee", "choice"):
            row = counts.setdefault(
                choice.nominee_id, Count(session=session, nominee_id=choice.nominee_id)
            )
            setattr(row, choice.choice, getattr(row, choice.choice) + 1)
        Count.objects.bulk_create(counts.values())


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_private_files"),
    ]

    operations = [
        migrations.CreateModel(
            name="BallotCount",
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
                    "yes",
                    models.PositiveSmallIntegerField(default=0, verbose_name="đồng ý"),
                ),
                (
                    "no",
                    models.PositiveSmallIntegerField(
                        default=0, verbose_name="không đồng ý"
                    ),
                ),
                (
                    "abstain",
                    models.PositiveSmallIntegerField(
                        default=0, verbose_name="không biểu quyết"
                    ),
                ),
                (
                    "nominee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="dossiers.nominee",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="counts",
                        to="dossiers.councilsession",
                    ),
                ),
            ],
            options={
                "verbose_name": "số phiếu",
                "verbose_name_plural": "số phiếu",
            },
        ),
        migrations.AddConstraint(
            model_name="ballotcount",
            constraint=models.UniqueConstraint(
                fields=("session", "nominee"), name="dossiers_ballotcount_unique"
            ),
        ),
        migrations.RunPython(count_marks, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="BallotChoice",
        ),
    ]
