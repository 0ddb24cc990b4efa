"""Each agency's own identity provider, and the mark that it confirmed multi-factor authentication."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_otp.models import Device

from safeguard.intelligence.fields import EncryptedTextField
from safeguard.partnership.models import User


class AgencySignOn(models.Model):
    """One agency's OpenID Connect provider, e.g. its own Microsoft Entra ID tenant.

    A council, an NHS trust and a police force each run their own directory, so each agency
    brings its own issuer and client; staff of that agency sign in through it, nobody else does.
    """

    agency = models.OneToOneField("partnership.Agency", on_delete=models.CASCADE, related_name="sign_on")
    # Part of the redirect URI registered with the provider, so it never changes once set.
    provider_id = models.SlugField(max_length=80, unique=True)
    issuer = models.URLField(max_length=300, help_text="The issuer URL; its discovery document is read from it")
    client_id = models.CharField(max_length=200)
    # Encrypted at rest under SAFEGUARD_FIELD_KEY like soft intelligence: a database copy does not leak it.
    client_secret = EncryptedTextField()
    is_enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency__name"]

    def __str__(self) -> str:
        return f"Single sign-on for {self.agency}"


class IdentityProviderMFA(Device):
    """Stands in django-otp for multi-factor authentication done at the agency's identity provider.

    A session signed in through a provider that said it used MFA is logged in with this device, so
    ``is_verified()`` is true wherever the second factor is checked, with no separate flag to forget.
    It checks no code of its own: it is only ever used right after such a sign-in.
    """

    # Declared again only to name no reverse accessor: nothing reads a user's devices through it,
    # and the type checker cannot resolve one on a model from the untyped django-otp.
    user: models.ForeignKey[User, User] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The user that this device belongs to.",
    )

    def verify_token(self, token: object) -> bool:
        return False
