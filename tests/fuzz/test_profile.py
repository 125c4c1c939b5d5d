"""Plain `pytest` is reproducible: the property tests start from a fixed seed."""
import os

import pytest
from hypothesis import settings


def test_plain_pytest_runs_the_fixed_seed_profile():
    if os.environ.get("HYPOTHESIS_PROFILE"):
        pytest.skip(f"HYPOTHESIS_PROFILE={os.environ['HYPOTHESIS_PROFILE']} was asked for")
    assert settings.default.derandomize
