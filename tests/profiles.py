"""Hypothesis profiles: ``ci`` (CI=true) tries the full number of examples, ``dev`` a fifth.

``tests/conftest.py`` registers and loads the profile; ``HYPOTHESIS_PROFILE=ci`` asks for
the full run on a developer machine. A property test states the examples it needs in CI
through :func:`examples`, so the developer's quicker run scales with it:

    @settings(max_examples=examples(400), deadline=None)
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
DEV_SHARE = 5  # the dev profile tries a fifth of CI's examples (at least 20)


def examples(in_ci: int) -> int:
    """How many examples a property test tries under the current profile."""
    return in_ci if PROFILE == "ci" else max(20, in_ci // DEV_SHARE)


def load() -> None:
    # No deadline in either: a loaded machine makes single examples slow, which is not a bug.
    common = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
    settings.register_profile("ci", max_examples=100, print_blob=True, **common)
    settings.register_profile("dev", max_examples=examples(100), **common)
    settings.load_profile(PROFILE)
