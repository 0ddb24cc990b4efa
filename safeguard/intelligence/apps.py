from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "safeguard.intelligence"
    label = "intelligence"
    verbose_name = "Soft intelligence"
