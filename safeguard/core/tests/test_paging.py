"""The shared pagination keeps filters in page links and shows a window of page numbers."""

from __future__ import annotations

from django.test import RequestFactory

from safeguard.core.paging import paginate


def test_page_links_keep_the_filters_but_not_the_old_page_number() -> None:
    request = RequestFactory().get("/x/", {"status": "unseen", "page": "3", "user": "a b"})
    paged = paginate(request, list(range(500)))
    assert paged.querystring == "status=unseen&user=a+b"
    assert paged.total == 500 and paged.page.number == 3


def test_a_long_list_shows_the_first_and_last_pages_and_those_near_this_one() -> None:
    paged = paginate(RequestFactory().get("/x/", {"page": "6"}), list(range(1000)))
    assert paged.links() == [1, None, 4, 5, 6, 7, 8, None, 20]


def test_a_page_number_out_of_range_gives_the_last_page() -> None:
    paged = paginate(RequestFactory().get("/x/", {"page": "999"}), list(range(120)))
    assert paged.page.number == 3 and paged.links() == [1, 2, 3]
