"""The project's URL x role matrix, run for this app's URLs only (fast, and independent of other apps' progress)."""

from __future__ import annotations

from safeguard.core.tests import test_url_matrix as matrix


class SharingUrlMatrixTestCase(matrix.UrlMatrixTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.routes = [r for r in self.routes if r.name.startswith("sharing:")]
