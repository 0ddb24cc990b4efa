"""The project's URL x role matrix, run over this app's URLs only (quick to run while the rest grows)."""

from __future__ import annotations

from safeguard.core.tests import test_url_matrix as matrix

from . import url_samples


class PerformanceUrlMatrixTestCase(matrix.UrlMatrixTestCase):
    def setUp(self) -> None:
        self.samples = url_samples.samples(self.world)
        self.routes = [r for r in matrix.all_routes() if r.name.startswith("performance:")]
