"""The project's URL x role matrix over this app's and the workforce app's URLs only.

The full matrix also runs every other app's URLs; this one is quick enough to run
while those apps are still being written.
"""

from __future__ import annotations

from safeguard.core.tests import test_url_matrix as matrix


class PerformanceAndWorkforceUrlMatrixTestCase(matrix.UrlMatrixTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.routes = [r for r in self.routes if r.name.split(":")[0] in {"performance", "workforce"}]
