from django.apps import AppConfig


class DatawashConfig(AppConfig):
    name = "safeguard.datawash"
    label = "datawash"
    verbose_name = "Data wash"
