from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "safeguard.sharing"
    label = "sharing"
    verbose_name = "Information sharing"
