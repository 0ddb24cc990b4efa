"""Template tags that render Django form fields as GOV.UK Design System markup.

Templates write the Design System's markup directly; bound form fields go through
``{% field form.name %}`` and errors through ``{% error_summary form %}``.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from safeguard.core.forms import DateInputWidget

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, DateInputWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


_WIDGET_CLASS = {
    "input": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
}


@register.simple_tag
def field(bound: forms.BoundField, *, label_size: str = "", width: str = "", heading: bool = False) -> SafeString:
    kind = _kind(bound.field.widget)
    errors = list(bound.errors)
    attrs: dict[str, Any] = {}
    described_by = []
    if bound.help_text:
        described_by.append(f"{bound.auto_id}-hint")
    if errors:
        described_by.append(f"{bound.auto_id}-error")
    if described_by and kind not in {"radios", "checkboxes", "date"}:
        attrs["aria-describedby"] = " ".join(described_by)
    css = _WIDGET_CLASS.get(kind, "")
    if errors and kind in {"input", "select", "textarea", "file"}:
        css += f" {css}--error"
    if width and kind == "input":
        css += f" govuk-input--width-{width}" if width.isdigit() else f" govuk-!-width-{width}"
    if css:
        attrs["class"] = css.strip()
    if kind == "date":
        for sub in bound.field.widget.widgets:  # type: ignore[attr-defined]
            sub_css = sub.attrs.get("class", "").replace(" govuk-input--error", "")
            sub.attrs["class"] = sub_css + (" govuk-input--error" if errors else "")
    options = []
    if kind in {"radios", "checkboxes"}:
        options = list(bound.subwidgets)
    context = {
        "bound": bound,
        "kind": kind,
        "errors": errors,
        "widget_html": bound.as_widget(attrs=attrs) if kind not in {"radios", "checkboxes"} else "",
        "options": options,
        "described_by": " ".join(described_by),
        "label_size": label_size,
        "heading": heading,
    }
    return mark_safe(render_to_string("forms/field.html", context))  # noqa: S308 - rendered by our own template


@register.simple_tag
def error_summary(*forms_: forms.BaseForm | None) -> SafeString:
    items: list[tuple[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            items.append(("#main-content", str(error)))
        for name, errs in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            anchor = f"#{bound.auto_id}"
            # Multi-input fields are reached through their first input (MultiWidget numbers them _0, _1…).
            if isinstance(bound.field.widget, DateInputWidget | forms.RadioSelect | forms.CheckboxSelectMultiple):
                anchor = f"#{bound.auto_id}_0"
            for error in errs:
                items.append((anchor, str(error)))
    if not items:
        return mark_safe("")
    links = format_html_join("", '<li><a href="{}">{}</a></li>', items)
    return format_html(
        '<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">'
        '<h2 class="govuk-error-summary__title">There is a problem</h2>'
        '<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">{}</ul></div>'
        "</div></div>",
        links,
    )


def _has_errors(value: object) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context: template.Context) -> str:
    """'Error: ' when any form on the page has errors, so the page title tells a screen reader user first.

    Done once in ``base.html`` by looking at every form in the context, so each form page (``form_page``
    or a view's own template) gets it without remembering to ask.
    """
    return "Error: " if any(_has_errors(value) for value in context.flatten().values()) else ""


@register.filter
def tag_colour(value: str) -> str:
    """A GOV.UK tag colour for common statuses, so colour always means the same thing."""
    colours = {
        "overdue": "red",
        "red": "red",
        "high": "red",
        "unseen": "red",
        "inadequate": "red",
        "failed": "red",
        "due_soon": "orange",
        "amber": "orange",
        "medium": "orange",
        "check": "yellow",
        "requires_improvement": "yellow",
        "open": "blue",
        "planned": "blue",
        "running": "blue",
        "queued": "grey",
        "draft": "grey",
        "low": "grey",
        "done": "green",
        "green": "green",
        "seen": "green",
        "complete": "green",
        "completed": "green",
        "good": "green",
        "outstanding": "green",
        "published": "green",
        "successful": "green",
    }
    return colours.get(str(value).lower(), "grey")
