from django.apps import AppConfig


class SignOnConfig(AppConfig):
    name = "safeguard.signon"
    label = "signon"
    verbose_name = "Single sign-on"
