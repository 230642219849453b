from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "thidua.people"
    label = "people"
    verbose_name = "Cá nhân"
