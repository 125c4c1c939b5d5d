"""The fuzz suite: how long it runs, a count of inputs tried, and the canary.

Plain `pytest` (and CI) runs ≥ 10^4 inputs in about a minute, from a fixed seed (the "ci"
profile of tests/conftest.py: the same inputs every run). Exploration is asked for:
`DERIVE_FUZZ=long HYPOTHESIS_PROFILE=explore pytest tests/fuzz` runs 20 times as many, with
fresh random inputs, for as long as that takes.
"""
import os
from collections import Counter

import pytest

LONG = os.environ.get("DERIVE_FUZZ") == "long"
SCALE = 20 if LONG else 1
TRIED = Counter()          # inputs tried, by test area (printed at the end of the run)


def examples(n: int) -> int:
    return n * SCALE


@pytest.fixture(scope="session")
def canary(tmp_path_factory):
    """A file that hostile input tries to create; it must never appear."""
    path = tmp_path_factory.mktemp("canary") / "derive-canary"
    yield path
    assert not path.exists(), "hostile input ran code: the canary file was created"


def pytest_terminal_summary(terminalreporter):
    if TRIED:
        total = sum(TRIED.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items()))
        terminalreporter.write_line(f"fuzz: {total} inputs tried ({detail})")
