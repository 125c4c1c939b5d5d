"""Evaluating an expression at a point in high precision, each shared subexpression once.

Backpropagation claims nest σ inside σ inside σ; their trees repeat the same subtrees
many times, and `xreplace(...).evalf()` walks every repetition. This evaluator walks the
tree with a cache keyed by node, in mpmath at a fixed working precision (callers add
guard digits and re-check a suspicious value at higher precision). Unknown node types
fall back to SymPy's evalf on that node alone. Nothing is compiled or exec'd.
"""
from __future__ import annotations

import mpmath
import sympy as sp

from ..notation import ByValue, Sigmoid
from sympy.core.relational import Relational


class Undefined(ArithmeticError):
    """The expression has no real value at the point (log of a negative, 1/0 …)."""


def _sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def _relation(rel, args):
    a, b = args
    return {sp.StrictLessThan: a < b, sp.LessThan: a <= b, sp.StrictGreaterThan: a > b,
            sp.GreaterThan: a >= b, sp.Equality: a == b, sp.Unequality: a != b}[rel]


def _log(x):
    if x <= 0:
        raise Undefined("log of a non-positive number")
    return mpmath.log(x)


def _pow(b, e):
    if b == 0 and e < 0:
        raise Undefined("division by zero")
    if b < 0 and not mpmath.isint(e):
        raise Undefined("fractional power of a negative number")
    return mpmath.power(b, e)


def _heaviside(x, *_):
    """The step function; at 0 it has no value here (SymPy's 1/2 is a convention, and the
    derivative of max(0, x) it usually stands for does not exist there)."""
    if x == 0:
        raise Undefined("the step function at 0")
    return mpmath.mpf(1) if x > 0 else mpmath.mpf(0)


def _pole_at_zero(f, name):
    def value(x):
        if x == 0:
            raise Undefined(f"{name} at 0")
        return f(x)
    return value


def _on_unit_interval(f, name):
    def value(x):
        if abs(x) > 1:
            raise Undefined(f"{name} outside [-1, 1]")
        return f(x)
    return value


_FUNCS = {
    sp.exp: mpmath.exp, sp.log: _log, sp.tanh: mpmath.tanh, sp.sinh: mpmath.sinh,
    sp.cosh: mpmath.cosh, sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.Abs: abs,
    sp.sign: mpmath.sign, sp.Heaviside: _heaviside, sp.tan: mpmath.tan,
    sp.cot: _pole_at_zero(mpmath.cot, "cot"), sp.coth: _pole_at_zero(mpmath.coth, "coth"),
    sp.atan: mpmath.atan, sp.acot: mpmath.acot, sp.erf: mpmath.erf, sp.erfc: mpmath.erfc,
    sp.asin: _on_unit_interval(mpmath.asin, "arcsin"),
    sp.acos: _on_unit_interval(mpmath.acos, "arccos"),
}


def _mp(v):
    if isinstance(v, mpmath.mpf):
        return v
    if isinstance(v, sp.Float):
        return mpmath.mpf(v._mpf_)
    r = sp.Rational(v)
    return mpmath.mpf(r.p) / r.q


class Evaluator:
    def __init__(self, point: dict, dps: int):
        self.values = {k: _mp(v) for k, v in point.items()}
        self.dps = dps
        self.cache: dict = {}

    def __call__(self, e):
        try:
            return self.cache[e]
        except KeyError:
            pass
        value = self._eval(e)
        self.cache[e] = value
        return value

    def _eval(self, e):
        if e in self.values:
            return self.values[e]
        if e.is_Integer:
            return mpmath.mpf(int(e))
        if e.is_Rational:
            return mpmath.mpf(e.p) / e.q
        if e.is_Float:
            return mpmath.mpf(e._mpf_)
        if e is sp.pi:
            return +mpmath.pi
        if e is sp.E:
            return +mpmath.e
        if e.is_Add:
            return mpmath.fsum(self(a) for a in e.args)
        if e.is_Mul:
            out = mpmath.mpf(1)
            for a in e.args:
                out *= self(a)
            return out
        if e.is_Pow:
            return _pow(self(e.base), self(e.exp))
        if e.func in _FUNCS:
            return _FUNCS[e.func](*[self(a) for a in e.args])
        if isinstance(e, Sigmoid):
            return _sigmoid(self(e.args[0]))
        if isinstance(e, sp.KroneckerDelta):
            i, j = (self(a) for a in e.args)
            return mpmath.mpf(1 if i == j else 0)
        if isinstance(e, sp.Max):
            return max(self(a) for a in e.args)
        if isinstance(e, sp.Min):
            return min(self(a) for a in e.args)
        if isinstance(e, sp.Derivative):
            return self._derivative(e)
        if isinstance(e, sp.Limit):
            return self._limit(e)
        if isinstance(e, ByValue):
            return self._by_value(e)
        if isinstance(e, sp.Subs):
            inner = dict(self.values)
            inner.update({v: self(p) for v, p in zip(e.variables, e.point)})
            return Evaluator(inner, self.dps)(e.expr)
        if isinstance(e, sp.Piecewise):
            for expr, cond in e.args:
                if self.truth(cond):
                    return self(expr)
            raise Undefined("no branch of a piecewise expression applies")
        return self._fallback(e)

    def _moving(self, var, expr):
        """expr as a function of var alone, every other value held: what differencing and
        extrapolation sample."""
        def f(t):
            values = dict(self.values)
            values[var] = t
            return Evaluator(values, self.dps)(expr)
        return f

    def _derivative(self, e):
        """Numerically, by mpmath's high-precision differencing: independent of SymPy's
        symbolic derivative, which is what the cross-check needs."""
        (var, count), *rest = e.variable_count
        inner = sp.Derivative(e.expr, *rest) if rest else e.expr
        if var not in self.values:
            if isinstance(var, sp.Symbol) and var not in inner.free_symbols:
                return mpmath.mpf(0)      # constant in var: differencing it gives 0 anywhere
            raise Undefined(f"no value for the variable {var}")
        f = self._moving(var, inner)
        x = self.values[var]
        if inner.has(sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.Piecewise, sp.sign):
            # at a kink the two one-sided derivatives differ: there is no derivative
            right = mpmath.diff(f, x, int(count), direction=1)
            left = mpmath.diff(f, x, int(count), direction=-1)
            if abs(right - left) > mpmath.mpf(10) ** (-self.dps // 2) * max(1, abs(right)):
                raise Undefined("not differentiable at this point")
            return (right + left) / 2
        return mpmath.diff(f, x, int(count))

    def _by_value(self, e):
        """∂f/∂g(x) numerically: f with g's occurrences replaced by a variable, differenced
        at g's value."""
        body, wrt = e.args
        u = sp.Dummy("u", real=True)
        if isinstance(wrt, sp.Pow) and isinstance(wrt.base, (sp.Symbol, sp.Indexed)) \
                and wrt.exp.is_number and wrt.exp.is_nonzero:
            # by σ²: σ moves as its root wherever it stands (ByValue.take, independently)
            root = sp.Abs(u) ** (1 / wrt.exp)
            moved = body.xreplace({wrt: u}).xreplace({wrt.base: root})
            return mpmath.diff(self._moving(u, moved), self(wrt))
        return mpmath.diff(self._moving(u, body.xreplace({wrt: u})), self(wrt))

    def _limit(self, e):
        """Numerically, by mpmath's extrapolation: independent of SymPy's symbolic limit.
        At a finite point both sides (or the one asked for) must agree; at ±∞ two
        extrapolations (in n and in 2^n) must agree, so the sampled function decides the
        limit, not a guess from one sequence."""
        body, var, point, direction = e.args
        f = self._moving(var, body)
        if point.is_finite:
            sides = {"+-": (1, -1), "+": (1,), "-": (-1,)}[str(direction)]
            values, tol = [mpmath.limit(f, self(point), direction=d) for d in sides], 2
        else:
            at = mpmath.inf if point.is_extended_positive else -mpmath.inf
            values, tol = [mpmath.limit(f, at, exp=True), mpmath.limit(f, at)], 3
        if any(abs(v - values[0]) > mpmath.mpf(10) ** (-self.dps // tol) * max(1, abs(v))
               for v in values):
            raise Undefined("the limit does not settle numerically")
        return values[0]

    def truth(self, cond) -> bool:
        if cond is sp.true:
            return True
        if cond is sp.false:
            return False
        if isinstance(cond, sp.And):
            return all(self.truth(c) for c in cond.args)
        if isinstance(cond, sp.Or):
            return any(self.truth(c) for c in cond.args)
        if isinstance(cond, sp.Not):
            return not self.truth(cond.args[0])
        if isinstance(cond, Relational):
            return bool(_relation(type(cond), [self(a) for a in cond.args]))
        raise Undefined(f"cannot decide {cond}")

    def _fallback(self, e):
        # at the working precision, which differencing raises above self.dps: rounded to
        # self.dps, x ± h would be one number and every derivative 0
        dps = max(self.dps, mpmath.mp.dps)
        point = {k: sp.Float(v, dps) for k, v in self.values.items()}
        value = e.xreplace(point).evalf(dps)
        if not value.is_number:
            raise Undefined(f"{type(e).__name__} has no numeric value here")
        re, im = value.as_real_imag()
        if im != 0 and abs(im) > 10 ** (-self.dps + 5):
            raise Undefined("complex value")
        return mpmath.mpf(sp.Float(re, dps)._mpf_)


def evaluate_mp(expr, point: dict, dps: int):
    """expr at point as an mpmath number computed with `dps` digits, or raise Undefined."""
    with mpmath.workdps(dps):
        value = Evaluator(point, dps)(expr)
        if not mpmath.isfinite(value):
            raise Undefined("not finite")
        return value
