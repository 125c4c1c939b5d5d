"""Interval enclosures are conservative: every sampled value lies inside."""
import random

import sympy as sp
from hypothesis import given, settings, strategies as st

from derive.prover.intervals import Interval, enclose

x, y = sp.symbols("x y", real=True)
BOUNDS = {x: Interval(sp.Integer(0), sp.Integer(1), True, True),
          y: Interval(sp.Integer(-2), sp.Integer(3), False, False)}

leaves = st.sampled_from([x, y, sp.Integer(1), sp.Integer(2), sp.Rational(1, 2), sp.Integer(-1)])


def _extend(children):
    return st.one_of(
        st.builds(lambda a, b: a + b, children, children),
        st.builds(lambda a, b: a * b, children, children),
        st.builds(lambda a: -a, children),
        st.builds(sp.exp, children),
        st.builds(lambda a: sp.log(1 + x + a ** 2), children),
        st.builds(lambda a: 1 / (1 + sp.exp(a)), children),
        st.builds(lambda a: a ** 2, children),
    )


exprs = st.recursive(leaves, _extend, max_leaves=6)


def _inside(value, iv: Interval) -> bool:
    """value in iv; a closed end at an irrational number is compared with 30-digit slack."""
    slack = sp.Float("1e-25") * max(1, abs(value))
    lo_ok = iv.lo == -sp.oo or (value > iv.lo.evalf(30) if iv.lo_open
                                else value >= iv.lo.evalf(30) - slack)
    hi_ok = iv.hi == sp.oo or (value < iv.hi.evalf(30) if iv.hi_open
                               else value <= iv.hi.evalf(30) + slack)
    return bool(lo_ok and hi_ok)


@settings(max_examples=150, deadline=None)
@given(exprs, st.integers(0, 10 ** 6))
def test_enclosure_contains_every_value(expr, seed):
    iv = enclose(expr, BOUNDS)
    rng = random.Random(seed)
    for _ in range(5):
        px = sp.Rational(rng.randint(1, 999), 1000)
        py = sp.Rational(rng.randint(-2000, 3000), 1000)
        value = expr.xreplace({x: px, y: py}).evalf(30)
        if value.is_real and value.is_finite:
            assert _inside(value, iv), (expr, px, py, value, iv)


def test_signs_used_by_the_catalogue():
    a, yy = sp.symbols("a y", real=True)
    bounds = {a: Interval(sp.Integer(0), sp.Integer(1)),
              yy: Interval(sp.Integer(0), sp.Integer(1), False, False)}
    bce = -(yy * sp.log(a) + (1 - yy) * sp.log(1 - a))
    assert enclose(bce, bounds).nonnegative()
    assert not enclose(sp.log(a), {a: Interval(sp.Integer(0), sp.oo)}).nonnegative()
