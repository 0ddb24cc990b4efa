"""Each page of the load test once, on its own: time, SQL queries and SQL time, and its slowest queries.

    DJANGO_SETTINGS_MODULE=safeguard.settings DATABASE_URL=... .venv/bin/python bench/page_probe.py [PATH-PART ...]

Run against the database ``bench/load-run`` builds, with the same environment, to see what a page costs
by itself (one request after a warm-up, through Django's test client, the audit write of the view
included) when the load test's figures are hard to read. Only pages whose path contains one of the
given parts, if any are given.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from safeguard.missing.selectors import episodes_for_user  # noqa: E402
from safeguard.partnership.models import User  # noqa: E402

PAGES: list[tuple[str, str, str, Any]] = [
    ("social.worker", "get", "/people/", None),
    ("social.worker", "post", "/people/", {"name": "Smith"}),
    ("social.worker", "get", "/people/{person}/", None),
    ("social.worker", "get", "/missing/", None),
    ("social.worker", "get", "/placements/", None),
    ("social.worker", "get", "/missing/episodes/{episode}/", None),
    ("social.worker", "get", "/missing/record/{person}/", None),
    ("police", "get", "/intelligence/queue/", None),
    ("police", "get", "/missing/shared-with-police/", None),
    ("analyst", "get", "/performance/", None),
    ("board", "get", "/performance/", None),
    ("analyst", "get", "/visits/unseen/", None),
    ("analyst", "get", "/data-wash/review/", None),
]


def main(only: list[str]) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    episode = episodes_for_user(User.objects.get(username="social.worker")).first()
    assert episode is not None, "the social worker sees a missing episode (load the demo first)"
    ids = {"person": episode.person_id, "episode": episode.pk}
    clients: dict[str, Client] = {}
    for username, method, template, data in PAGES:
        url = template.format(**ids)
        if only and not any(part in url for part in only):
            continue
        if username not in clients:
            clients[username] = Client(HTTP_HOST="127.0.0.1")
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]

        def call(client: Client = client, url: str = url, method: str = method, data: Any = data) -> Any:
            return client.post(url, data) if method == "post" else client.get(url)

        call()  # warm: sessions, permissions, caches
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = call()
        took = time.perf_counter() - started
        sql = sum(float(q["time"]) for q in queries.captured_queries)
        print(
            f"{username:14} {method:4} {url:32} {response.status_code} {took * 1000:6.0f} ms "
            f"{len(queries.captured_queries):3} queries  sql {sql * 1000:5.0f} ms  {len(response.content) // 1024} KB"
        )
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            if float(query["time"]) > 0.01:
                print(f"    {float(query['time']) * 1000:5.0f} ms  {query['sql'][:200]}")


if __name__ == "__main__":
    main(sys.argv[1:])
