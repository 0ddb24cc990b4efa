from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "safeguard.placements"
    label = "placements"
    verbose_name = "Placement notifications"
