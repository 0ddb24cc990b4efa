from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "safeguard.reviews"
    label = "reviews"
    verbose_name = "Serious incidents and practice reviews"
