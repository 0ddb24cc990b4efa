from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "safeguard.visits"
    label = "visits"
    verbose_name = "Joint visits"
