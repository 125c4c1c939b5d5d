"""The memoized high-precision evaluator agrees with SymPy's evalf."""
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derive.notation import Sigmoid, sigma
from derive.prover.evaluation import Undefined, evaluate_mp

x, y = sp.symbols("x y", real=True)
leaves = st.sampled_from([x, y, sp.Integer(2), sp.Rational(1, 3), sp.Integer(-1)])
exprs = st.recursive(leaves, lambda c: st.one_of(
    st.builds(sp.Add, c, c), st.builds(sp.Mul, c, c), st.builds(sp.exp, c),
    st.builds(lambda a: sp.log(1 + a ** 2), c), st.builds(Sigmoid, c),
    st.builds(sp.tanh, c), st.builds(lambda a, b: sp.Max(a, b), c, c)), max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(exprs, st.integers(-40, 40), st.integers(-40, 40))
def test_agrees_with_evalf(expr, px, py):
    point = {x: sp.Rational(px, 7), y: sp.Rational(py, 5)}
    try:
        mine = evaluate_mp(expr, point, 40)
    except Undefined:
        return
    written_out = expr.replace(lambda e: isinstance(e, Sigmoid), lambda e: sigma(e.args[0]))
    ref = written_out.xreplace(point).evalf(40)
    assert abs(mine - ref) <= sp.Float("1e-30") * max(1, abs(ref))


def test_undefined_points_are_reported():
    import pytest
    with pytest.raises(Undefined):
        evaluate_mp(sp.log(x), {x: sp.Integer(-1)}, 30)


@pytest.mark.parametrize("f, exact", [
    (sp.asinh(x), 1 / sp.sqrt(1 + x ** 2)),          # through SymPy's evalf
    (sp.erf(x), 2 / sp.sqrt(sp.pi) * sp.exp(-x ** 2)),
])
def test_a_derivative_is_differenced_at_the_working_precision(f, exact):
    # rounded to the step's digits, x ± h of the differencing were one number: every
    # derivative 0, and a true step refuted
    got = evaluate_mp(sp.Derivative(f, x), {x: sp.Rational(1, 2)}, 30)
    assert abs(got - evaluate_mp(exact, {x: sp.Rational(1, 2)}, 30)) < 1e-20
