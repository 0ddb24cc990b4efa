"""A second synthetic agency-extract generator, written independently of ``safeguard.synth.extracts``.

It writes the same files in the same formats (five agency extracts in the canonical columns, ``truth.csv``,
``cohort_truth.csv``, ``manifest.json``) from its own world: its own name frequencies, household structure
and corruption model. It exists to test the data wash on extracts it was not built around, so it must never
be used to tune the engine. See README.md.

One deliberate difference from the first generator: the register's ``last_seen_date`` is the EHE officer's
last visit (a sighting, empty for many children), and the date of registration is in ``registered_on``.
"""

from .generate import RATES, SOURCES, cutoff_for, generate

__all__ = ["RATES", "SOURCES", "cutoff_for", "generate"]
