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


def test_an_expression_and_its_negative_turn_on_one_sign():
    # ∂max(x, y)/∂y is H(y − x); the indicator writes its condition as x < y
    y = sp.Symbol("y", real=True)
    step = sp.Heaviside(y - x) - sp.Piecewise((1, sp.Lt(x, y)), (0, True))
    assert sign_cases(step) is not None
    assert sign_cases(sp.Heaviside(y - x) - sp.Piecewise((1, sp.Lt(y, x)), (0, True))) is None
    gates = (r"$$f(x,y) = \max(x, y) \quad \frac{\partial f}{\partial y} = \mathbb{1}(y > x)$$")
    assert [s.verdict for s in check_text(gates, timeout=10).steps()] == ["valid"]
    slipped = gates.replace(r"\mathbb{1}(y > x)", r"\mathbb{1}(x > y)")
    assert [s.verdict for s in check_text(slipped, timeout=10).steps()] == ["invalid"]


def test_nested_pieces_split_innermost_first():
    # clip(u, −δ, δ) = min(max(u, −δ), δ): odd where δ > 0, not otherwise
    d = sp.Symbol("delta", real=True)
    clip = lambda v: sp.Min(sp.Max(v, -d), d)                  # noqa: E731
    assert sign_cases(-clip(-u) - clip(u), [sp.Gt(d, 0)]) is not None
    assert sign_cases(-clip(-u) - clip(u)) is None
    assert sign_cases(clip(-u) - clip(u), [sp.Gt(d, 0)]) is None


HUBER = (r"Let $a = y - \hat{y}$ be the residual and $\delta > 0$ a threshold." "\n\n"
         r"$$L_\delta(a) = \begin{cases} \frac{1}{2} a^2, & |a| \le \delta, \\ \delta \left( |a| "
         r"- \frac{1}{2}\delta \right), & |a| > \delta. \end{cases}$$" "\n\n"
         r"$$L_\delta'(a) = \begin{cases} a, & |a| \le \delta, \\ \delta \operatorname{sign}(a),"
         r" & |a| > \delta \end{cases} = \operatorname{clip}(a, -\delta, \delta)$$" "\n\n"
         r"$$-\operatorname{clip}(y - \hat{y}, -\delta, \delta) = \operatorname{clip}(\hat{y} - y, "
         r"-\delta, \delta)$$" "\n")


def test_the_huber_derivative_is_decided_by_its_cases_and_clip():
    # a row's case |a| ≤ δ is about what a stands for (y − ŷ); clip is min(max(·))
    verdicts = [s.verdict for s in check_text(HUBER, timeout=10).steps()]
    assert verdicts[:2] == ["valid", "valid"] and verdicts[-1] == "valid"
    slipped = HUBER.replace(r"\delta \operatorname{sign}(a),", r"\operatorname{sign}(a),")
    assert [s.verdict for s in check_text(slipped, timeout=10).steps()][1] == "invalid"
