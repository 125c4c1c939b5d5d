"""Interval arithmetic with open and closed ends: the sign analysis behind inequalities.

`enclose(expr, bounds)` returns an interval that surely contains every value of expr when
each variable lies in its bounds (from assumptions and hypotheses such as 0 < a_j < 1).
It is conservative: an unknown operation gives (−∞, ∞), never a wrong sign.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

oo = sp.oo


@dataclass(frozen=True)
class Interval:
    lo: sp.Expr
    hi: sp.Expr
    lo_open: bool = True
    hi_open: bool = True

    def positive(self) -> bool:
        return bool(self.lo > 0) or (self.lo == 0 and self.lo_open)

    def nonnegative(self) -> bool:
        return bool(self.lo >= 0)

    def negative(self) -> bool:
        return bool(self.hi < 0) or (self.hi == 0 and self.hi_open)

    def nonpositive(self) -> bool:
        return bool(self.hi <= 0)

    def contains_zero(self) -> bool:
        return not (self.positive() or self.negative())

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi,
                        self.lo_open or other.lo_open, self.hi_open or other.hi_open)

    def __neg__(self) -> "Interval":
        return Interval(-self.hi, -self.lo, self.hi_open, self.lo_open)

    def __mul__(self, other: "Interval") -> "Interval":
        cands = []
        for x, xo in ((self.lo, self.lo_open), (self.hi, self.hi_open)):
            for y, yo in ((other.lo, other.lo_open), (other.hi, other.hi_open)):
                if (x == 0 and not xo) or (y == 0 and not yo):
                    cands.append((sp.S.Zero, False))    # an attained zero
                elif x == 0 or y == 0:
                    cands.append((sp.S.Zero, True))     # approached, not attained
                else:
                    cands.append((x * y, xo or yo))
        return _hull(cands)

    def reciprocal(self) -> "Interval":
        if self.contains_zero():
            return FULL
        def inv(x):
            return sp.S.Zero if x in (oo, -oo) else 1 / x
        lo_open = self.hi_open or self.hi in (oo, -oo)
        hi_open = self.lo_open or self.lo in (oo, -oo)
        if self.lo == 0:
            return Interval(inv(self.hi), oo, lo_open, True)
        if self.hi == 0:
            return Interval(-oo, inv(self.lo), True, hi_open)
        return Interval(inv(self.hi), inv(self.lo), lo_open, hi_open)

    def monotone(self, f, increasing=True) -> "Interval":
        lo, hi = f(self.lo), f(self.hi)
        if increasing:
            return Interval(lo, hi, self.lo_open, self.hi_open)
        return Interval(hi, lo, self.hi_open, self.lo_open)


FULL = Interval(-oo, oo)


def _hull(cands) -> Interval:
    lo = min((c for c, _ in cands), key=_key)
    hi = max((c for c, _ in cands), key=_key)
    lo_open = all(o for c, o in cands if c == lo)
    hi_open = all(o for c, o in cands if c == hi)
    return Interval(lo, hi, lo_open, hi_open)


def _key(x):
    return float("inf") if x == oo else float("-inf") if x == -oo else float(x)


def point(x) -> Interval:
    return Interval(x, x, False, False)


def from_assumptions(sym) -> Interval:
    if sym.is_integer and sym.is_positive:
        return Interval(sp.S.One, oo, False, True)
    if sym.is_positive:
        return Interval(sp.S.Zero, oo, True, True)
    if sym.is_nonnegative:
        return Interval(sp.S.Zero, oo, False, True)
    if sym.is_negative:
        return Interval(-oo, sp.S.Zero, True, True)
    if sym.is_nonpositive:
        return Interval(-oo, sp.S.Zero, True, False)
    return FULL


def _meet(a: Interval, b: Interval) -> Interval:
    lo, lo_open = (a.lo, a.lo_open) if _key(a.lo) > _key(b.lo) else \
        (b.lo, b.lo_open) if _key(b.lo) > _key(a.lo) else (a.lo, a.lo_open or b.lo_open)
    hi, hi_open = (a.hi, a.hi_open) if _key(a.hi) < _key(b.hi) else \
        (b.hi, b.hi_open) if _key(b.hi) < _key(a.hi) else (a.hi, a.hi_open or b.hi_open)
    return Interval(lo, hi, lo_open, hi_open)


def bounds_from(hypotheses, index_symbols) -> dict:
    """Bounds keyed by a symbol, or by an IndexedBase when the hypothesis is about x_j
    for every index j (0 < a_j < 1)."""
    out: dict = {}
    for h in hypotheses:
        if not isinstance(h, (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan,
                              sp.GreaterThan)):
            continue
        small, big = (h.lhs, h.rhs) if isinstance(h, (sp.StrictLessThan, sp.LessThan)) \
            else (h.rhs, h.lhs)
        strict = isinstance(h, (sp.StrictLessThan, sp.StrictGreaterThan))
        for var, other, upper in ((small, big, True), (big, small, False)):
            if not other.is_number:
                continue
            if not isinstance(var, (sp.Symbol, sp.Indexed)):
                continue
            key = var
            if isinstance(var, sp.Indexed) and all(i in index_symbols for i in var.indices):
                key = var.base
            new = Interval(-oo, other, True, strict) if upper else Interval(other, oo, strict, True)
            out[key] = _meet(out.get(key, FULL), new)
    return out


def enclose(expr, bounds: dict) -> Interval:
    if expr.is_number:
        if expr.is_real is False or expr.has(sp.zoo, sp.nan):
            return FULL
        if expr in (oo, -oo):
            return FULL
        return point(expr)
    if isinstance(expr, sp.Symbol):
        return _meet(from_assumptions(expr), bounds.get(expr, FULL))
    if isinstance(expr, sp.Indexed):
        own = bounds.get(expr, bounds.get(expr.base, FULL))
        return _meet(from_assumptions(expr), own)
    if expr.is_Add:
        out = point(sp.S.Zero)
        for a in expr.args:
            out = out + enclose(a, bounds)
        return out
    if expr.is_Mul:
        out = point(sp.S.One)
        for a in expr.args:
            out = out * enclose(a, bounds)
        return out
    if expr.is_Pow:
        return _pow(expr, bounds)
    if isinstance(expr, sp.exp):
        return enclose(expr.args[0], bounds).monotone(
            lambda x: sp.S.Zero if x == -oo else oo if x == oo else sp.exp(x))
    if isinstance(expr, sp.log):
        inner = enclose(expr.args[0], bounds)
        if not inner.nonnegative():
            return FULL
        return inner.monotone(lambda x: -oo if x == 0 else oo if x == oo else sp.log(x))
    if isinstance(expr, (sp.Heaviside, sp.KroneckerDelta)):
        return Interval(sp.S.Zero, sp.S.One, False, False)
    if isinstance(expr, sp.Sum):
        return _sum(expr, bounds)
    return FULL


def _pow(expr, bounds) -> Interval:
    base = enclose(expr.base, bounds)
    e = expr.exp
    if e.is_Integer:
        k = int(e)
        if k == 0:
            return point(sp.S.One)
        if k < 0:
            return _pow(sp.Pow(expr.base, -k, evaluate=False), bounds).reciprocal()
        if k % 2 == 1 or base.nonnegative():
            return base.monotone(lambda x: x if x in (oo, -oo) else x ** k)
        if base.nonpositive():
            return (-base).monotone(lambda x: x if x in (oo, -oo) else x ** k)
        top = max(_key(base.lo) ** 2, _key(base.hi) ** 2)
        return Interval(sp.S.Zero, oo if top == float("inf") else sp.Max(base.lo ** k, base.hi ** k),
                        False, True)
    if e.is_real and base.nonnegative():
        if e.is_positive:
            return base.monotone(lambda x: oo if x == oo else x ** e)
        if e.is_negative and base.positive():
            return base.monotone(lambda x: sp.S.Zero if x == oo else oo if x == 0 else x ** e,
                                 increasing=False)
    if base.positive():
        return Interval(sp.S.Zero, oo, True, True)
    return FULL


def _sum(expr: sp.Sum, bounds) -> Interval:
    body = enclose(expr.function, bounds)
    full = all(enclose(hi - lo, bounds).nonnegative() for _k, lo, hi in expr.limits)
    if body.positive() and full:
        return Interval(sp.S.Zero, oo, True, True)
    if body.positive():
        return Interval(sp.S.Zero, oo, False, True)        # an empty sum is 0
    if body.nonnegative():
        return Interval(sp.S.Zero, oo, False, True)
    if body.negative():
        return Interval(-oo, sp.S.Zero, True, not full)     # an empty sum is 0
    if body.nonpositive():
        return Interval(-oo, sp.S.Zero, True, False)
    return FULL
