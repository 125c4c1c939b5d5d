"""Piecewise functions decided region by region: max, min, |·|, sign, the Heaviside step
and definitions by cases, where the sign of a few expressions settles each of them.

ReLU, hinge, Huber, the quantile loss and leaky ReLU are written by cases or with max and
|·| (`\\max(\\tau u, (\\tau - 1)u) = \\frac12|u| + (\\tau - \\frac12)u`). Each max(a, b) is
(a + b + |a − b|)/2; the expressions whose sign the pieces turn on (the arguments of |·|
and sign, a case's condition e > 0) are collected; for every choice of their signs the
difference is rewritten with each piece that choice picks and must reduce to 0. Choices
the hypotheses rule out (u > 0 in a row of cases) are skipped; a boundary (e = 0) is a
single point of each region's edge, which a lecture's identity ignores and the numeric
check never samples.
"""
from __future__ import annotations

import itertools

import sympy as sp

from .rewrite import matrix_zero

MAX_SIGNS = 4            # expressions whose sign is split on: at most 2⁴ regions


def _two_way(e):
    """max(a, b) = (a + b + |a − b|)/2, min(a, b) = (a + b − |a − b|)/2."""
    def rewrite(m):
        if len(m.args) != 2:
            return m
        a, b = m.args
        half = sp.Abs(a - b) / 2
        return (a + b) / 2 + (half if isinstance(m, sp.Max) else -half)
    e = e.replace(lambda x: isinstance(x, (sp.Max, sp.Min)), rewrite)
    # |αx − x| = |x|·|α − 1|: one sign per factor
    return e.replace(lambda x: isinstance(x, sp.Abs),
                     lambda x: sp.Mul(*[sp.Abs(f) for f in sp.Mul.make_args(
                         sp.factor_terms(x.args[0]))]))


def _key(e):
    """An expression up to a positive factor: 2u and u turn on one sign."""
    coeff, rest = sp.factor_terms(sp.expand(e)).as_coeff_Mul()
    return rest, (1 if coeff > 0 else -1)


def _sided(rel) -> tuple | None:
    """(expression, sign it has) for e > 0, e ≥ 0, e < 0, e ≤ 0 (a relation a > b is
    a − b > 0); None for anything else."""
    if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)):
        return rel.lhs - rel.rhs, 1
    if isinstance(rel, (sp.StrictLessThan, sp.LessThan)):
        return rel.lhs - rel.rhs, -1
    return None


def sign_cases(diff, hypotheses=()) -> str | None:
    """The method, where diff reduces to 0 in every region its pieces define; else None."""
    if not isinstance(diff, sp.Basic) or not diff.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs,
                                                       sp.sign, sp.Heaviside):
        return None
    diff = _two_way(diff)
    if matrix_zero(diff) is not None:
        return "max and min as |·|"
    signed = [a.args[0] for a in diff.atoms(sp.Abs, sp.sign, sp.Heaviside)]
    for p in diff.atoms(sp.Piecewise):
        for _, cond in p.args:
            if cond is sp.true:
                continue
            sided = _sided(cond)
            if sided is None:
                return None
            signed.append(sided[0])
    keys = list(dict.fromkeys(_key(e)[0] for e in signed if not e.is_number))
    if not keys or len(keys) > MAX_SIGNS:
        return None
    fixed = {}
    for h in hypotheses:
        sided = _sided(h)
        if sided is not None and not sided[0].is_number:
            key, flip = _key(sided[0])
            if key in keys:
                fixed[key] = sided[1] * flip
    for signs in itertools.product((1, -1), repeat=len(keys)):
        region = dict(zip(keys, signs))
        if any(region[k] != s for k, s in fixed.items()):
            continue                                      # a region the hypotheses exclude
        if matrix_zero(_in_region(diff, region)) is None:
            return None
    return "cases by sign"


def _in_region(e, region: dict):
    """e with each piece the region picks: |x| = ±x, sign x = ±1, H(x) = 1 or 0, a case
    whose condition holds there."""
    def sign_of(x):
        if x.is_number:
            return 1 if x > 0 else -1
        key, flip = _key(x)
        return region[key] * flip

    def piece(p):
        for value, cond in p.args:
            if cond is sp.true:
                return value
            x, side = _sided(cond)
            if sign_of(x) == side:
                return value
        return sp.nan

    e = e.replace(lambda x: isinstance(x, sp.Piecewise), piece)
    e = e.replace(lambda x: isinstance(x, sp.Abs), lambda x: sign_of(x.args[0]) * x.args[0])
    e = e.replace(lambda x: isinstance(x, sp.sign), lambda x: sp.Integer(sign_of(x.args[0])))
    return e.replace(lambda x: isinstance(x, sp.Heaviside),
                     lambda x: sp.Integer(1 if sign_of(x.args[0]) > 0 else 0))
