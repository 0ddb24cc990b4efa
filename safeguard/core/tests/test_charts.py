"""Every chart comes from safeguard.core.charts: SVG with a title and no inline style, PNG from matplotlib."""

from __future__ import annotations

from django.template import Context, Template

from safeguard.core.charts import (
    RED,
    Bar,
    bar_chart,
    bar_chart_png,
    column_chart,
    line_chart,
    line_chart_png,
    sparkline,
)


def test_every_svg_chart_is_an_image_with_a_title_and_no_inline_style() -> None:
    charts = [
        bar_chart("Rates", [Bar("Health", 3.2, "3.2%"), Bar("Police", None, "no return")], threshold=10, unit="%"),
        column_chart("Episodes", [Bar("Jan 2026", 2), Bar("Feb 2026", 0)]),
        line_chart("Not seen", [("1 Jan", 5.0), ("8 Jan", 3.0)], second=[0.0, 1.0]),
        sparkline([1, None, 2, 3], title="Trend"),
    ]
    for chart in charts:
        assert chart.startswith("<svg") and 'role="img"' in chart and "<title" in chart
        assert "style=" not in chart and "<script" not in chart


def test_labels_are_escaped_and_templates_insert_the_svg_as_it_is() -> None:
    chart = bar_chart("<b>Rates</b>", [Bar("A & <B>", 1)])
    assert "&lt;b&gt;Rates&lt;/b&gt;" in chart and "A &amp; &lt;B&gt;" in chart
    assert Template("{{ chart }}").render(Context({"chart": chart})) == chart


def test_a_bar_without_a_value_shows_its_words_and_no_bar() -> None:
    chart = bar_chart("Themes", [Bar("Leeds", None, "fewer than 3")])
    assert "fewer than 3" in chart and "<rect" not in chart


def test_a_line_chart_with_no_points_says_so() -> None:
    assert "no figures yet" in line_chart("Not seen", [])


def test_word_charts_are_png_images_drawn_headless() -> None:
    png = bar_chart_png(
        "Vacancies", [Bar("Health", 12.5, "12.5%", RED), Bar("Police", None, "no return")], threshold=10
    )
    assert png.startswith(b"\x89PNG")
    assert line_chart_png("Re-referrals", ["Apr", "May", "Jun"], [20, None, 19], target=20).startswith(b"\x89PNG")
    assert line_chart_png("Nothing yet", [], []).startswith(b"\x89PNG")
