"""The project's URL x role matrix over this app's and the workforce app's URLs only.

The full matrix also runs every other app's URLs; this one is quick enough to run
while those apps are still being written.
"""

from __future__ import annotations

from safeguard.core.tests import test_url_matrix as matrix
from safeguard.workforce.tests import url_samples as workforce_samples

from . import url_samples


class PerformanceAndWorkforceUrlMatrixTestCase(matrix.UrlMatrixTestCase):
    def setUp(self) -> None:
        self.samples = {**url_samples.samples(self.world), **workforce_samples.samples(self.world)}
        self.routes = [r for r in matrix.all_routes() if r.name.split(":")[0] in {"performance", "workforce"}]
