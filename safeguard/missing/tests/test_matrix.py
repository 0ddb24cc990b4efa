"""The project's URL x role matrix, run for this app's URLs only (quick to run while working)."""

from __future__ import annotations

from safeguard.core.tests import test_url_matrix as matrix
from safeguard.missing.tests import url_samples


class MissingUrlMatrixTestCase(matrix.UrlMatrixTestCase):
    def setUp(self) -> None:
        self._clients = {}
        self.samples = url_samples.samples(self.world)
        self.routes = [route for route in matrix.all_routes() if route.name.startswith("missing:")]
