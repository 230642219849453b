from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "thidua.organisation"
    label = "organisation"
    verbose_name = "Tổ chức sử dụng hệ thống"
