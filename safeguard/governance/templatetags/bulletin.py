"""Rendering bulletin text: paragraphs and [words](https://…) links, everything else escaped."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from safeguard.governance.rules import Run, paragraphs_of

register = template.Library()


def _run_html(run: Run, link_class: str) -> SafeString:
    if run.url:
        return format_html('<a class="{}" href="{}">{}</a>', link_class, run.url, run.text)
    return format_html("{}", run.text)


@register.simple_tag
def bulletin_text(text: str, paragraph_class: str = "govuk-body", link_class: str = "govuk-link") -> SafeString:
    return format_html_join(
        "",
        '<p class="{}">{}</p>',
        (
            (paragraph_class, SafeString("".join(_run_html(run, link_class) for run in runs)))
            for runs in paragraphs_of(text or "")
        ),
    )
