"""No form that asks for a person's name or date of birth sends them in the URL."""

from __future__ import annotations

import re
from pathlib import Path

import safeguard

PERSONAL_FIELDS = re.compile(r"\{%\s*field\s+\w*form\.(name|date_of_birth|given_name|family_name)\b")


def test_no_form_sends_a_name_or_date_of_birth_in_the_query_string() -> None:
    offenders = []
    for template in Path(safeguard.__file__).parent.rglob("templates/**/*.html"):
        text = template.read_text()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S):
            opening = form[: form.index(">") + 1]
            if 'method="post"' not in opening.lower() and PERSONAL_FIELDS.search(form):
                offenders.append(f"{template.relative_to(Path(safeguard.__file__).parent)}: {opening}")
    assert offenders == []
