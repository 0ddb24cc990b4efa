"""Every error names its field in GOV.UK style, in every form of the project (issue 19).

The forms are found by walking the project's modules, so a form added tomorrow is checked tomorrow.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms

import safeguard
from safeguard.core.forms import DateInputField, GovukForm, SafeTextField, is_django_default

# Modules that define forms: each app's forms and views, and the core's sign-in and page helpers.
FORM_MODULES = ("forms", "views", "auth_forms", "pages")


def _import_form_modules() -> None:
    for module in pkgutil.walk_packages(safeguard.__path__, "safeguard."):
        parts = module.name.split(".")
        if "tests" in parts or "migrations" in parts or "engine" in parts:
            continue
        if parts[-1] in FORM_MODULES:
            importlib.import_module(module.name)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_forms() -> list[type[forms.BaseForm]]:
    _import_form_modules()
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("safeguard.") and ".tests." not in cls.__module__ and cls is not GovukForm
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _codes_to_check(field: forms.Field) -> set[str]:
    """The errors this field can actually raise: those must name it."""
    codes = {"required"} if field.required else set()
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        codes.add("invalid_choice")
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField | forms.EmailField):
        codes.add("invalid")
    if isinstance(field, forms.URLField | forms.SlugField | forms.DateField | forms.TimeField | DateInputField):
        codes.add("invalid")
    if isinstance(field, forms.FileField):
        codes |= {"invalid", "missing", "empty"}
    if isinstance(field, forms.CharField) and field.max_length is not None:
        codes.add("max_length")
    if isinstance(field, forms.CharField) and field.min_length is not None:
        codes.add("min_length")
    if getattr(field, "max_value", None) is not None:
        codes.add("max_value")
    if getattr(field, "min_value", None) is not None:
        codes.add("min_value")
    if getattr(field, "max_digits", None) is not None:
        codes |= {"max_digits", "max_whole_digits"}
    if getattr(field, "decimal_places", None) is not None:
        codes.add("max_decimal_places")
    return codes


def _default_messages_left(fields: dict[str, forms.Field], where: str) -> list[str]:
    left = []
    for name, field in fields.items():
        for code in sorted(_codes_to_check(field)):
            if is_django_default(field.error_messages.get(code)):
                left.append(f"{where}.{name}: {code} is Django's {field.error_messages.get(code)!r}")
        for validator in field.validators:
            code = getattr(validator, "code", None)
            message = getattr(validator, "message", None)
            if message is None:
                continue  # several messages, one per code (DecimalValidator): checked by code above
            if is_django_default(message) and (code is None or is_django_default(field.error_messages.get(code))):
                left.append(f"{where}.{name}: validator {type(validator).__name__} says {message!r}")
    return left


def test_every_form_of_the_project_is_a_govuk_form() -> None:
    classes = project_forms()
    assert len(classes) > 80  # the walk found the apps' forms
    assert [f"{c.__module__}.{c.__name__}" for c in classes if not issubclass(c, GovukForm)] == []


def test_no_form_field_keeps_a_django_default_message_for_required_invalid_or_too_long() -> None:
    left: list[str] = []
    for cls in project_forms():
        left += _default_messages_left(cls.base_fields, f"{cls.__module__}.{cls.__name__}")
    assert left == []


@pytest.mark.django_db
def test_fields_a_form_adds_when_it_is_made_are_worded_too(world: Any) -> None:
    """Querysets, choices and whole fields are often set in a form's __init__; those are checked by making them."""
    left: list[str] = []
    made = 0
    for cls in project_forms():
        try:
            form = cls(data={})
        except TypeError:
            continue  # needs the request's user or records: covered by its base fields above
        form.is_valid()
        made += 1
        left += _default_messages_left(form.fields, f"{cls.__module__}.{cls.__name__}()")
        left += [f"{cls.__name__}: {m}" for m in _error_texts(form) if is_django_default(m)]
    assert made > 40
    assert left == []


def _error_texts(form: forms.BaseForm) -> list[str]:
    return [str(message) for messages in form.errors.values() for message in messages]


def test_a_person_form_left_empty_or_too_long_says_which_field_in_govuk_words() -> None:
    from safeguard.people.forms import PersonForm

    empty = PersonForm(data={})
    assert not empty.is_valid()
    assert empty.errors["given_name"] == ["Enter the first name"]
    assert empty.errors["family_name"] == ["Enter the last name"]
    assert empty.errors["sex"] == ["Select the sex"]
    assert empty.errors["kind"] == ["Select whether this is a child or an adult"]

    too_long = PersonForm(
        data={
            "given_name": "A" * 101,
            "family_name": "Hartley",
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "2012",
            "sex": "tampered",
        }
    )
    assert not too_long.is_valid()
    assert too_long.errors["given_name"] == ["First name must be 100 characters or fewer"]
    assert too_long.errors["date_of_birth"] == ["Date of birth must be a real date"]
    assert too_long.errors["sex"] == ["Select the sex from the list"]


def test_a_field_relabelled_or_added_in_init_is_worded_from_its_label() -> None:
    class Example(GovukForm):
        name = SafeTextField(label="Name", max_length=5)
        count = forms.IntegerField(label="Number of children", min_value=1)
        answer = forms.CharField(label="Was consent sought?", max_length=3)
        reason = forms.CharField(label="Why it changed", max_length=3, error_messages={"required": "Say why"})

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.fields["name"].label = "Name of the place"
            self.fields["agency"] = forms.ChoiceField(label="Agency", choices=[("a", "A")])

    form = Example(data={"name": "Darlington", "count": "0", "answer": "Yes, it was", "reason": "long"})
    assert not form.is_valid()
    assert form.errors == {
        "name": ["Name of the place must be 5 characters or fewer"],
        "count": ["Number of children must be 1 or more"],
        "answer": ["The answer to ‘Was consent sought?’ must be 3 characters or fewer"],
        "reason": ["Say why in 3 characters or fewer"],
        "agency": ["Select the agency"],
    }
    assert Example(data={"count": "two"}).errors["count"] == ["Number of children must be a whole number"]


def test_a_message_a_form_sets_itself_is_kept() -> None:
    class Example(GovukForm):
        title = SafeTextField(
            label="Title", max_length=5, error_messages={"required": "Enter the title of the session"}
        )

    assert Example(data={}).errors == {"title": ["Enter the title of the session"]}


@pytest.mark.django_db
def test_every_postcode_entered_in_a_form_is_checked_as_a_uk_postcode(world: Any) -> None:
    checked = []
    for cls in project_forms():
        names = [name for name in cls.base_fields if "postcode" in name]
        if not names:
            continue
        for name in names:
            wrong = cls(data={name: "DL99 ZZZZ"})
            wrong.is_valid()
            assert any("postcode" in m.lower() for m in wrong.errors.get(name, [])), f"{cls.__name__}.{name}"
            right = cls(data={name: "dl3 7ab"})
            right.is_valid()
            assert name not in right.errors, f"{cls.__name__}.{name}: {right.errors.get(name)}"
            checked.append(f"{cls.__name__}.{name}")
    # The person index (also used by "add the child") and the intelligence forms take postcodes.
    assert {"PersonForm.postcode", "SubmissionForm.postcode", "PlaceForm.postcode"} <= set(checked)
