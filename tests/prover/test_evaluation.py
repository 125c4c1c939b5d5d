"""The memoized high-precision evaluator agrees with SymPy's evalf."""
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
