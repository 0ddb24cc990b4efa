from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings

from safeguard.core.forms import GovukForm


class SignOnForm(GovukForm):
    issuer = forms.URLField(
        label="Issuer URL",
        max_length=300,
        help_text="For Microsoft Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0",
        assume_scheme="https",
        error_messages={"required": "Enter the issuer URL", "invalid": "Enter the issuer as a full URL"},
    )
    client_id = forms.CharField(
        label="Client ID",
        max_length=200,
        help_text="The application (client) ID of the app registration for Safeguard",
        error_messages={"required": "Enter the client ID"},
    )
    client_secret = forms.CharField(
        label="Client secret",
        required=False,
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="Stored encrypted. Leave blank to keep the secret already saved.",
    )
    is_enabled = forms.BooleanField(label="Show the sign-in button for this agency", required=False)

    def __init__(self, *args: object, has_secret: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.has_secret = has_secret

    def clean_issuer(self) -> str:
        issuer: str = self.cleaned_data["issuer"]
        parts = urlsplit(issuer)
        # OpenID Connect requires https issuers; plain http only for a local test provider in debug.
        if parts.scheme != "https" and not (settings.DEBUG and parts.hostname in {"127.0.0.1", "localhost"}):
            raise forms.ValidationError("The issuer URL must start with https://")
        if parts.query or parts.fragment:
            raise forms.ValidationError("The issuer URL cannot have a ? query or # fragment")
        return issuer

    def clean_client_secret(self) -> str | None:
        secret: str = self.cleaned_data["client_secret"]
        if not secret and not self.has_secret:
            raise forms.ValidationError("Enter the client secret")
        return secret or None
