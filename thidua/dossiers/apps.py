from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "thidua.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ đề nghị, quyết định"
