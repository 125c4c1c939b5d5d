import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def catalogue():
    from lemmas import catalogue
    return catalogue()


# CI runs the property tests with a fixed seed, so a red build always means a reproducible
# bug; by hand (HYPOTHESIS_PROFILE=explore) they roam with fresh random inputs.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "explore"))
