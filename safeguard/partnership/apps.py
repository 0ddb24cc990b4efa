from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "safeguard.partnership"
    label = "partnership"
    verbose_name = "Partnership"
