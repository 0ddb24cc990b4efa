"""Typed helpers that read settings from the environment and fail loudly.

Settings never carry secrets in code: a missing required variable stops the
process at start-up with the variable's name, rather than at the first request.
"""

from __future__ import annotations

import os


class ImproperlyConfiguredEnv(RuntimeError):
    pass


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfiguredEnv(f"Environment variable {name} is required but not set.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfiguredEnv(f"Environment variable {name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfiguredEnv(f"Environment variable {name} is required but not set.")
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfiguredEnv(f"Environment variable {name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]
