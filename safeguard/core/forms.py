"""Form pieces that follow the GOV.UK Design System's patterns."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.utils import pretty_name
from django.utils import timezone


class DateInputWidget(forms.MultiWidget):
    """Three boxes — day, month, year — as the Design System's date input."""

    template_name = "forms/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            "month": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            "year": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-4"}
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """A date from three boxes with the Design System's error messages."""

    widget = DateInputWidget

    def __init__(self, *, past_only: bool = False, future_only: bool = False, **kwargs: Any) -> None:
        self.past_only = past_only
        self.future_only = future_only
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        label = plain_label(str(self.label or "Date")) or "Date"
        if not data_list or not any(part and str(part).strip() for part in data_list):
            if self.required:
                message = self.error_messages.get("required")
                if is_django_default(message):
                    message = f"Enter {_in_sentence(label)}" if _label_kind(label) == "noun" else "Enter the date"
                raise ValidationError(str(message), code="required")
            return None
        # "Date of birth must be a real date"; a question ("When was it shared?") cannot lead a sentence.
        label = label if _label_kind(label) == "noun" else "The date"
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{label} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{label} must be a real date, in numbers")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            value = dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a 20-digit day overflows rather than being out of range
            raise ValidationError(f"{label} must be a real date") from None
        today = timezone.localdate()
        if self.past_only and value > today:
            raise ValidationError(f"{label} must be today or in the past")
        if self.future_only and value < today:
            raise ValidationError(f"{label} must be today or in the future")
        if value.year < 1900:
            raise ValidationError(f"{label} must be after 1900")
        # Nothing here is dated so far ahead, and a year like 9999 overflows date arithmetic.
        if value.year >= 2100:
            raise ValidationError(f"{label} must be before 2100")
        return value

    def clean(self, value: Any) -> Any:
        # MultiValueField reports its sub-fields' "required" errors one by one;
        # compress() gives one clear message instead.
        if not isinstance(value, list | tuple):
            value = DateInputWidget().decompress(value)
        return self.compress(list(value))


class SafeTextField(forms.CharField):
    """Text that refuses control characters, which no person types and some exports misread."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if isinstance(value, str) and any(ord(c) < 32 and c not in "\r\n\t" for c in value):
            raise ValidationError(f"{self.label or 'This field'} contains characters that cannot be used")
        return value


# The two fields written most often, made one way: a question answered by radios, and a text area.
# ``message`` is the "required" message when the label does not make a good sentence ("Select the
# outcome"); without it GovukForm words one from the label.


def _with_message(kwargs: dict[str, Any], message: str) -> dict[str, Any]:
    if message:
        kwargs["error_messages"] = {"required": message, **kwargs.get("error_messages", {})}
    return kwargs


def radios(label: str, choices: Any, *, message: str = "", **kwargs: Any) -> forms.ChoiceField:
    """One of ``choices`` (a code list's ``choices``), chosen with the Design System's radios."""
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **_with_message(kwargs, message))


def long_text(label: str, *, rows: int, message: str = "", **kwargs: Any) -> SafeTextField:
    """Text in a box of ``rows`` lines (the Design System's textarea), refusing control characters."""
    widget = forms.Textarea(attrs={"rows": rows})
    return SafeTextField(label=label, widget=widget, **_with_message(kwargs, message))


def parse_time(value: str, label: str) -> dt.time:
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", value or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise forms.ValidationError(f"{label} must be a time in 24-hour format, like 09:30 or 14:00")
    return dt.time(int(match.group(1)), int(match.group(2)))


def aware(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time in the service's time zone (Europe/London), whatever the season."""
    return timezone.make_aware(dt.datetime.combine(day, time))


# Django's own messages ("This field is required.", "Enter a valid date.", "Ensure this value has at most 100
# characters (it has 120).") name no field; the error summary then lists several identical lines nobody can act
# on. Every form in the service derives from GovukForm, which words each message still at Django's default from
# the field's label, as the GOV.UK Design System does; a message a form sets itself is kept.

_LEADING_WORDS = ("the ", "a ", "an ", "your ", "their ", "its ", "his ", "her ", "this ", "any ", "each ", "all ")
_INDIRECT_QUESTION = ("who ", "whose ", "what ", "when ", "where ", "why ", "how ", "which ", "whether ")
_DIRECT_QUESTION = ("is ", "are ", "was ", "were ", "do ", "does ", "did ", "has ", "have ", "can ", "if ", "for ")
# Limits Django fills into a message: a percent sign from a label must be doubled in these, and only these.
_WITH_PARAMS = frozenset(
    {"max_length", "min_length", "max_value", "min_value", "step_size", "invalid_choice", "invalid_pk_value"}
    | {"max_digits", "max_decimal_places", "max_whole_digits"}
)


def _django_default_messages() -> frozenset[str]:
    """Every message text Django's form fields and validators give by default.

    Plural-aware ones ("Ensure this value has at most %(limit_value)d characters") read as "" until
    filled in, so "" is among them: no message of ours is empty.
    """
    from django.core import validators
    from django.forms import fields, models

    texts: set[str] = {""}
    for module in (fields, models):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.Field):
                for klass in value.__mro__:
                    texts.update(str(m) for m in vars(klass).get("default_error_messages", {}).values())
    for value in vars(validators).values():
        message = getattr(value, "message", None)
        if message is not None and not callable(message):
            texts.add(str(message))
    texts.update(str(m) for m in validators.DecimalValidator.messages.values())
    return frozenset(texts)


DJANGO_DEFAULT_MESSAGES = _django_default_messages()


def is_django_default(message: Any) -> bool:
    return message is None or str(message) in DJANGO_DEFAULT_MESSAGES


def plain_label(label: str) -> str:
    """The label as words in a sentence: no "(optional …)" or "(if any)", no trailing colon."""
    text = re.sub(r"\s*\((optional|if any)[^)]*\)\s*$", "", str(label).strip(), flags=re.IGNORECASE)
    text = re.sub(r",\s*if (known|different|any)$", "", text, flags=re.IGNORECASE)
    return text.rstrip(" :")


def _label_kind(label: str) -> str:
    """``noun`` ("Date of birth"), ``indirect`` ("How often the group meets") or ``direct`` ("Was consent sought?").

    A noun goes into "Enter the …" and "… must be"; an indirect question goes after "Enter" but not before
    "must be"; a direct question or an instruction is quoted.
    """
    lower = label.lower()
    if label.endswith("?") or ":" in label or lower.startswith((*_DIRECT_QUESTION, "describe ", "say ")):
        return "direct"
    return "indirect" if lower.startswith(_INDIRECT_QUESTION) else "noun"


def _in_sentence(label: str) -> str:
    """``Date of birth`` → ``the date of birth``; an acronym (``NHS number``) keeps its capitals."""
    words = label
    if not (len(words) > 1 and words[1].isupper()):
        words = words[0].lower() + words[1:]
    return words if words.lower().startswith(_LEADING_WORDS) else f"the {words}"


@dataclass(frozen=True)
class _Naming:
    """How a field's messages name it: ``noun`` after a verb, ``subject`` at the start of a sentence."""

    label: str
    noun: str
    subject: str
    question: bool
    # The form's own "required" message, when it set one: the other messages that ask again reuse it.
    own_required: str | None


def _naming(name: str, field: forms.Field) -> _Naming:
    label = plain_label(str(field.label or pretty_name(name))) or pretty_name(name)
    kind = _label_kind(label)
    question = kind != "noun"
    noun = {
        "noun": _in_sentence(label) if kind == "noun" else "",
        "indirect": label[0].lower() + label[1:],
        "direct": f"an answer to ‘{label}’",
    }[kind]
    own_required = field.error_messages.get("required")
    if is_django_default(own_required) or own_required == getattr(field, "_govuk_derived", {}).get("required"):
        own_required = None
    return _Naming(
        label=label,
        noun=noun,
        subject=f"The answer to ‘{label}’" if question else label,
        question=question,
        own_required=str(own_required) if own_required else None,
    )


def _asking_messages(field: forms.Field, n: _Naming) -> dict[str, str]:
    """What to say when the field is left empty, or (for files, choices and dates) answered in a way it cannot take."""
    out: dict[str, str] = {}
    if isinstance(field, forms.FileField):
        out["required"] = out["missing"] = f"Select {n.noun}"
        out["invalid"] = n.own_required or out["required"]
        out["empty"] = "The selected file is empty"
        out["max_length"] = "The selected file's name must be %(max)d characters or fewer"
        out["contradiction"] = f"Either select {n.noun} or remove it, not both"
        if isinstance(field, forms.ImageField):
            out["invalid_image"] = "The selected file must be a photo in JPEG or PNG format"
    elif isinstance(field, forms.BooleanField):
        out["required"] = f"Select ‘{n.label}’ to continue"
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        out["required"] = f"Select {n.noun}"
        # Only a changed or out-of-date page sends a choice that is not offered: ask again, in the form's words.
        again = n.own_required or f"Select {n.noun} from the list"  # noqa: S608 (words, not SQL)
        out["invalid_choice"] = out["invalid_list"] = out["invalid_pk_value"] = again
    elif isinstance(field, DateInputField):
        # As DateInputField.compress words them: a question label cannot lead "… must be a real date".
        out["required"] = out["incomplete"] = f"Enter {n.noun}" if not n.question else "Enter the date"
        out["invalid"] = f"{n.label if not n.question else 'The date'} must be a real date"
    else:
        out["required"] = f"Enter {n.noun}"
    return out


# What to say when a typed value cannot be read, by kind of field: the first kind that matches speaks.
_FORMAT_MESSAGES: tuple[tuple[type[forms.Field] | tuple[type[forms.Field], ...], dict[str, str]], ...] = (
    (forms.EmailField, {"invalid": "Enter {noun} in the correct format, like name@example.com"}),
    (forms.URLField, {"invalid": "Enter {noun} as a full web address, like https://www.example.org"}),
    (
        (forms.DecimalField, forms.FloatField),
        {
            "invalid": "{subject} must be a number",
            "max_digits": "{subject} must have %(max)s digits or fewer",
            "max_decimal_places": "{subject} must have %(max)s decimal places or fewer",
            "max_whole_digits": "{subject} must have %(max)s digits or fewer before the decimal point",
        },
    ),
    (forms.IntegerField, {"invalid": "{subject} must be a whole number"}),
    (forms.DateTimeField, {"invalid": "{subject} must be a real date and time"}),
    (forms.DateField, {"invalid": "{subject} must be a real date"}),
    (forms.TimeField, {"invalid": "{subject} must be a real time"}),
    (forms.SlugField, {"invalid": "{subject} must contain only letters, numbers, underscores or hyphens"}),
)

# What to say when a value is outside the field's limits, by kind of field: every kind that matches speaks.
_LIMIT_MESSAGES: tuple[tuple[type[forms.Field] | tuple[type[forms.Field], ...], dict[str, str]], ...] = (
    (
        forms.CharField,
        {
            "null_characters_not_allowed": "{subject} contains characters that cannot be used",
            "max_length": "{subject} must be %(limit_value)d characters or fewer",
            "min_length": "{subject} must be %(limit_value)d characters or more",
        },
    ),
    (
        (forms.IntegerField, forms.DecimalField, forms.FloatField),
        {
            "max_value": "{subject} must be %(limit_value)s or less",
            "min_value": "{subject} must be %(limit_value)s or more",
            "step_size": "{subject} must be a multiple of %(limit_value)s",
        },
    ),
)


def _derived_messages(name: str, field: forms.Field) -> dict[str, str]:
    """GOV.UK wording for each error a field of this kind can raise, naming the field by its label."""
    n = _naming(name, field)
    out = _asking_messages(field, n)
    words = {"noun": n.noun, "subject": n.subject}
    for kinds, templates in _FORMAT_MESSAGES:
        if isinstance(field, kinds):
            out.update({code: template.format(**words) for code, template in templates.items()})
            break
    for kinds, templates in _LIMIT_MESSAGES:
        if isinstance(field, kinds):
            out.update({code: template.format(**words) for code, template in templates.items()})
    asked = n.own_required or out["required"]
    instruction = asked.startswith(("Enter ", "Say ")) and ":" not in asked and "‘" not in asked
    if isinstance(field, forms.CharField) and n.question and instruction:
        # "Say why it changed in 500 characters or fewer" reads better than quoting a question back.
        out["max_length"] = f"{asked} in %(limit_value)d characters or fewer"
        out["min_length"] = f"{asked} in %(limit_value)d characters or more"
    for code in _WITH_PARAMS & out.keys():
        out[code] = re.sub(r"%(?!\((limit_value|max|value|pk)\))", "%%", out[code])
    return out


def govuk_messages(name: str, field: forms.Field) -> None:
    """Word ``field``'s messages in GOV.UK style where they are still Django's defaults.

    A message the form set itself is kept; one derived before from an older label (a form's ``__init__``
    may relabel a field) is derived again.
    """
    derived_before: dict[str, str] = getattr(field, "_govuk_derived", {})
    derived = _derived_messages(name, field)
    for code, message in derived.items():
        current = field.error_messages.get(code)
        if is_django_default(current) or current == derived_before.get(code):
            field.error_messages[code] = message
    field._govuk_derived = derived  # type: ignore[attr-defined]


class _GovukFormMetaclass(DeclarativeFieldsMetaclass):
    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> type:
        new_class = super().__new__(mcs, name, bases, attrs)
        for field_name, field in new_class.base_fields.items():  # type: ignore[attr-defined]
            govuk_messages(field_name, field)
        return new_class


class GovukForm(forms.Form, metaclass=_GovukFormMetaclass):
    """The base of every form: errors name their field in GOV.UK style (see ``govuk_messages``)."""

    def full_clean(self) -> None:
        # Fields added or relabelled in a form's __init__ are worded here, just before they are checked.
        for field_name, field in self.fields.items():
            govuk_messages(field_name, field)
        super().full_clean()
