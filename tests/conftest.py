import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The shared samples beside the checkout, when they are there (a fresh clone has none: the
# tests that need them are skipped with the reason). DERIVE_SHARED points elsewhere, or at
# a missing folder to see what a fresh clone sees.
SHARED = pathlib.Path(os.environ.get("DERIVE_SHARED") or ROOT.parent / "shared")


@pytest.fixture(scope="session")
def catalogue():
    from lemmas import catalogue
    return catalogue()


# The property tests run with a fixed seed (the "ci" profile), by hand as in CI, so a red
# run is always a reproducible bug; exploration with fresh random inputs is asked for:
# HYPOTHESIS_PROFILE=explore pytest.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")


def batch_options(**fields):
    """BatchOptions with the catalogue handed in, as the CLI hands it (claims for
    --assignment, the named contexts a file's front matter may ask for)."""
    from derive.batch.runner import BatchOptions
    from derive.check import named_contexts
    from lemmas import catalogue
    return BatchOptions(claims=catalogue(), contexts=named_contexts(), **fields)
