from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def percent(value: Decimal | None) -> str:
    """A rate with its sign, or a dash where there was nothing to divide by."""
    return "–" if value is None else f"{value}%"
