"""Settings for the test suite: the production settings with throwaway secrets."""

import base64
import os
import secrets
import tempfile

os.environ.setdefault("SAFEGUARD_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("SAFEGUARD_FIELD_KEY", base64.urlsafe_b64encode(os.urandom(32)).decode())
os.environ.setdefault("SAFEGUARD_DEBUG", "1")
os.environ.setdefault("SAFEGUARD_VAR_DIR", tempfile.mkdtemp(prefix="safeguard-test-"))

from safeguard.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private")},  # noqa: F405
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# Each test clears the cache (conftest), including tests with no database.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests record something and look at the figure at once; the test of the cache turns it on.
SAFEGUARD_FIGURE_CACHE_SECONDS = 0

(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)  # noqa: F405
