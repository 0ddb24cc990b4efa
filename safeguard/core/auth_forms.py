from __future__ import annotations

from django import forms

from safeguard.core.forms import GovukForm


class SignInForm(GovukForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(GovukForm):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the security code", "min_length": "The security code is 6 digits"},
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The security code must contain only numbers")
        return token


class BackupCodeForm(GovukForm):
    backup_code = forms.CharField(
        label="Backup code",
        help_text="One of the codes you were given when you set up your authenticator app. Each works once.",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter a backup code"},
    )

    def clean_backup_code(self) -> str:
        # Codes are shown in lower case in groups; accept them typed any way.
        code = "".join(self.cleaned_data["backup_code"].split()).replace("-", "").lower()
        if len(code) != 8 or not code.isalnum():
            raise forms.ValidationError("A backup code is 8 letters and numbers, like abcd 2345")
        return code
