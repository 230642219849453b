from django.db import migrations, models


def split_numbers(apps, schema_editor):
    """ "45/TTr-UBND" typed whole before: number 45, symbol TTr-UBND."""
    Forwarding = apps.get_model("forwarding", "Forwarding")
    for row in Forwarding.objects.filter(number__contains="/"):
        row.number, _, row.symbol = row.number.partition("/")
        row.save(update_fields=["number", "symbol"])


class Migration(migrations.Migration):
    dependencies = [
        ("forwarding", "0003_step_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="forwarding",
            name="symbol",
            field=models.CharField(
                blank=True,
                help_text="TTr-UBND … theo thông tin tổ chức, hoặc của Ủy ban nhân dân xã.",
                max_length=32,
                verbose_name="ký hiệu tờ trình",
            ),
        ),
        migrations.RunPython(split_numbers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="forwarding",
            name="number",
            field=models.CharField(blank=True, max_length=16, verbose_name="số tờ trình"),
        ),
    ]
