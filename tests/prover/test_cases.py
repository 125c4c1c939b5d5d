"""Piecewise functions decided region by region (derive.prover.cases)."""
import sympy as sp

from derive.check import check_text
from derive.prover.cases import sign_cases

x, a, u, t = sp.symbols("x alpha u tau", real=True)


def test_each_region_of_the_signs_reduces_or_none():
    relu = sp.Max(0, x)
    assert sign_cases(relu - (x + sp.Abs(x)) / 2) is not None
    assert sign_cases(relu - (x - sp.Abs(x)) / 2) is None
    leaky = sp.Piecewise((x, x >= 0), (a * x, True))
    # max(x, αx) is leaky ReLU only where α < 1: the hypothesis picks |α − 1|'s sign
    assert sign_cases(leaky - sp.Max(x, a * x), [sp.Lt(0, a), sp.Lt(a, 1)]) is not None
    assert sign_cases(leaky - sp.Max(x, a * x)) is None
    quantile = sp.Piecewise((t * u, u >= 0), ((t - 1) * u, u < 0))
    assert sign_cases(quantile - (sp.Abs(u) / 2 + (t - sp.Rational(1, 2)) * u)) is not None
    assert sign_cases(x - 1) is None                      # nothing piecewise: not this


def test_steps_with_cases_and_max_are_decided():
    doc = (r"Leaky ReLU with $0 < \alpha < 1$:" "\n\n"
           r"$$f(x) = \begin{cases} x, & x \geq 0, \\ \alpha x, & x < 0. \end{cases}$$" "\n\n"
           r"$$f(x) = \max(x, \alpha x) = \frac{(1+\alpha) x + (1 - \alpha)|x|}{2}$$" "\n\n"
           r"$$f(x) = \frac{(1+\alpha) x - (1 - \alpha)|x|}{2}$$" "\n\n"
           r"$$\max(0, x) = \frac{x + |x|}{2}$$" "\n\n" r"$$|x| = x \cdot \mathrm{sign}(x)$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == \
        ["valid", "valid", "invalid", "valid", "valid"]
