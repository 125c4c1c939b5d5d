"""Helpers for the batch tests: a small course of submissions, results without timings."""
import json
import shutil

import pytest

from tests.conftest import ROOT

HOMEWORK = ROOT / "examples" / "homework"

XENT = r"""---
context: softmax
---
# The gradient of cross-entropy

$$
\frac{\partial C}{\partial z_i}
= -\sum_{j=1}^{n} y_j \left(\delta_{ij} - a_i\right)
= -y_i + a_i \sum_{j=1}^{n} y_j
= a_i - y_i
$$
"""


# Fixed, so that new example files do not slow these tests down.
EXAMPLES = ["graph-add-mul.md", "softmax-cases.md", "chain-across-blocks.md", "bce-bias-slip.md",
            "mse-slowdown.md", "backprop-labels.md", "kl-gibbs.md", "hostile.md"]
# What depends on the run: timings, and slip diagnoses (searched until the step's deadline).
RUN_DEPENDENT = {"seconds", "diagnosis"}


def timeless(obj):
    """A result without what depends on the run (timings, diagnoses under a deadline)."""
    if isinstance(obj, dict):
        return {k: timeless(v) for k, v in obj.items() if k not in RUN_DEPENDENT}
    if isinstance(obj, list):
        return [timeless(v) for v in obj]
    return obj


def read_results(path):
    return {o["file"]: timeless(o) for o in map(json.loads, path.read_text().splitlines())}


@pytest.fixture
def course(tmp_path):
    """A folder of submissions: the example homework, each twice, in two sub-folders."""
    root = tmp_path / "course"
    for sub in ("a", "b"):
        (root / sub).mkdir(parents=True)
        for name in EXAMPLES:
            shutil.copy(HOMEWORK / name, root / sub / name)
    return root
