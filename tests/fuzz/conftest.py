"""Hypothesis profiles for the property tests.

`make test` runs the "ci" profile: derandomised (the same examples every run, so a failure is
reproducible and the suite's time is steady) and with no example database left in the checkout.
`HYPOTHESIS_PROFILE=explore` draws fresh random examples, ten times as many, for a longer hunt.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("explore", deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Examples per test in the "ci" profile: cheap stages get many, the spaCy stages few.
CHEAP = 200 if os.environ.get("HYPOTHESIS_PROFILE") != "explore" else 2000
PARSED = 20 if os.environ.get("HYPOTHESIS_PROFILE") != "explore" else 200
