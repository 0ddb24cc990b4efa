from django.apps import AppConfig


class DataprotectionConfig(AppConfig):
    name = "safeguard.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"
