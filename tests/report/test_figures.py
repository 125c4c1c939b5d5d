"""The figures' data come from the exported kernels and agree with the lemmas."""
import math

import pytest

from derive.kernels.export import load
from lemmas import figure_data
from tests.conftest import ROOT

DATA = figure_data()


@pytest.fixture(scope="module")
def kernels():
    return load(ROOT / "reports" / "kernels.py")


def test_learning_slowdown_curves_end_where_the_lecture_says(kernels):
    from derive.report.figures import slowdown
    runs = slowdown(kernels, **DATA["slowdown"])
    final = {key: outputs[-1] for key, (outputs, _) in runs.items()}
    assert abs(final["quadratic", ("3/5", "9/10")] - 0.09) < 0.005
    assert abs(final["quadratic", ("2", "2")] - 0.20) < 0.005
    for start in (("3/5", "9/10"), ("2", "2")):
        assert abs(final["cross-entropy", start] - 0.012) < 0.0005
    # the (2, 2) start barely moves at first with the quadratic cost: saturation
    outputs, _ = runs["quadratic", ("2", "2")]
    assert outputs[0] - outputs[30] < 0.02 < outputs[0] - outputs[-1]


def test_cross_entropy_curve_has_its_minimum_at_one_half(kernels):
    from derive.report.figures import xent_curve
    curve = xent_curve(kernels, **DATA["xent-table"])
    x, c = curve["argmin"]
    y = (1 / 2, 1 / 3, 1 / 6)
    assert abs(x - 0.5) < 2e-3
    assert abs(c + sum(v * math.log(v) for v in y)) < 1e-5
    for q, stated in curve["table"]:
        k = min(range(len(curve["a1"])), key=lambda n: abs(curve["a1"][n] - q))
        assert abs(curve["C"][k] - stated) < 0.01
