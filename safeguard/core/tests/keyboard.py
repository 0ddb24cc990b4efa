"""Driving a page with the keyboard alone, for the keyboard-only browser tests (WCAG 2.1.1).

Only Tab, arrow keys, Space, Enter and typing: the helpers read which element has focus to know where they
are, as a keyboard user reads the focus indicator, but never click.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

FOCUSED = """([selector, text]) => {
  const e = document.activeElement;
  return !!e && e.matches(selector) && (!text || (e.innerText || e.value || '').includes(text) || (e.textContent || '').includes(text));
}"""


def tab_to(page: Any, selector: str, text: str = "", *, limit: int = 200) -> None:
    """Press Tab until the focused element matches ``selector`` (and contains ``text``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, [selector, text]):
            return
    pytest.fail(f"Tab never reached {selector} {text!r} on {page.url}")


def type_into(page: Any, selector: str, value: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(value)


def type_date(page: Any, name: str, day: dt.date) -> None:
    """The Design System's three date boxes, day, month and year."""
    type_into(page, f"#id_{name}_0", str(day.day))
    type_into(page, f"#id_{name}_1", str(day.month))
    type_into(page, f"#id_{name}_2", str(day.year))


def press_enter_and_wait(page: Any) -> None:
    """Enter on a link or a submit button: wait for the next page before reading its focus."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose_radio(page: Any, name: str, value: str) -> None:
    """Tab into the radio group, then arrow down to the option (arrows select in a radio group)."""
    tab_to(page, f"input[type=radio][name={name}]")
    for _ in range(30):
        if page.evaluate("(v) => document.activeElement.value === v", value):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"No option {value} in {name}")


def tick(page: Any, selector: str) -> None:
    """Tab to a checkbox and tick it with Space."""
    tab_to(page, selector)
    if not page.evaluate("() => document.activeElement.checked"):
        page.keyboard.press("Space")


def choose_option(page: Any, selector: str, text: str) -> None:
    """Tab to a select and move through its options with the arrow keys until the one containing ``text``."""
    tab_to(page, selector)
    chosen = "() => { const e = document.activeElement; return e.options[e.selectedIndex].text; }"
    for _ in range(60):
        if text in page.evaluate(chosen):
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"No option {text!r} in {selector} on {page.url}")


def choose_file(page: Any, selector: str, path: Path) -> None:
    """Tab to a file input and open the file chooser with Space, as a keyboard user does."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tab_to(page, selector)
    for attempt in range(2):
        try:
            # Once on a loaded machine, the first Space opened no chooser: a user would press it again.
            with page.expect_file_chooser(timeout=20000) as chooser:
                page.keyboard.press("Space")
        except PlaywrightTimeout:
            if attempt or not page.evaluate(FOCUSED, [selector, ""]):
                raise
            continue
        chooser.value.set_files(str(path))
        return
