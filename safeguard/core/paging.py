"""One way to page a long list: every list of people or records uses ``paginate`` and the
``core/_pagination.html`` include, so filters survive page links and the true total is always shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict

PER_PAGE = 50


@dataclass(frozen=True)
class Paged:
    """A page of a list, the query string of its filters (without ``page``) and the total that matched."""

    page: Page[Any]
    querystring: str

    @property
    def total(self) -> int:
        return self.page.paginator.count

    def __iter__(self) -> Any:
        return iter(self.page)

    def links(self) -> list[int | None]:
        """Page numbers to link to: the first, the last and two either side of this one; None is a gap."""
        number, last = self.page.number, self.page.paginator.num_pages
        shown = sorted({1, last, *range(max(1, number - 2), min(last, number + 2) + 1)})
        out: list[int | None] = []
        for n in shown:
            if out and out[-1] is not None and n - out[-1] > 1:
                out.append(None)
            out.append(n)
        return out


def filters_querystring(params: QueryDict) -> str:
    """The request's query string without its page number, ready to prefix with '?' and end with '&'."""
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()


def paginate(request: HttpRequest, items: Any, *, per_page: int = PER_PAGE) -> Paged:
    """The page the request asks for (an out-of-range or unreadable number gives the nearest page)."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return Paged(page=page, querystring=filters_querystring(request.GET))
