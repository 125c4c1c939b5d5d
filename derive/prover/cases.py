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
    """An expression up to a factor: 2u, u and −u turn on one sign (y − x and x − y, as
    H(y − x) and the condition x < y write it, are one key of opposite signs)."""
    coeff, rest = sp.factor_terms(sp.expand(e)).as_coeff_Mul()
    flip = 1 if coeff > 0 else -1
    if rest.could_extract_minus_sign():
        rest, flip = -rest, -flip
    return rest, flip


def _sided(rel) -> tuple | None:
    """(expression, sign it has) for e > 0, e ≥ 0, e < 0, e ≤ 0 (a relation a > b is
    a − b > 0); None for anything else."""
    if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)):
        return rel.lhs - rel.rhs, 1
    if isinstance(rel, (sp.StrictLessThan, sp.LessThan)):
        return rel.lhs - rel.rhs, -1
    return None


def sign_cases(diff, hypotheses=()) -> str | None:
    """The method, where diff reduces to 0 in every region its pieces define; else None.
    Regions are split innermost piece first (clip(x, −δ, δ) = min(max(x, −δ), δ): the max
    is settled before the min, whose argument it is), at most MAX_SIGNS signs deep."""
    if not isinstance(diff, sp.Basic) or not diff.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs,
                                                       sp.sign, sp.Heaviside):
        return None
    diff = _two_way(diff)
    if matrix_zero(diff) is not None:
        return "max and min as |·|"
    fixed = {}
    for h in hypotheses:
        sided = _sided(h)
        if sided is not None and not sided[0].is_number:
            key, flip = _key(sided[0])
            fixed[key] = sided[1] * flip
    try:
        return "cases by sign" if _split(diff, fixed, MAX_SIGNS) else None
    except _Unsplit:
        return None


class _Unsplit(ValueError):
    """A piece whose condition is no sign of one expression (x > 0 and y > 0 at once)."""


_PIECES = (sp.Abs, sp.sign, sp.Heaviside, sp.Piecewise)


def _split(e, region: dict, depth: int) -> bool:
    """Whether e reduces to 0 in every region of the signs its innermost pieces turn on,
    the signs in `region` (the hypotheses', and those split on before) taken as given."""
    e = _in_region(e, region)
    key = _innermost(e, region)
    if key is None:
        return matrix_zero(e) is not None
    if depth == 0:
        return False

    def branch(sign: int) -> bool:
        if _empty(key, sign, region):
            return True
        settled = _settled(region, key, sign)
        return settled is None or _split(e, settled, depth - 1)
    return branch(1) and branch(-1)


def _settled(region: dict, key, sign: int) -> dict | None:
    """The region with key's sign given, and the given signs of expressions that hold a
    piece of key (|a| − δ < 0, once a > 0, is a − δ < 0); None where that leaves one of
    them a number of the wrong sign (the region has no point)."""
    given = {**region, key: sign}
    out = {}
    for k, v in given.items():
        if k.has(*_PIECES):
            k = _in_region(k, given)
            if k.is_number:
                if (k > 0) != (v > 0) or k == 0:
                    return None
                continue
            k, flip = _key(k)
            v = v * flip
        out[k] = v
    return out


def _empty(key, sign: int, region: dict) -> bool:
    """Whether sign·key > 0 contradicts the signs already given, by a sum of two of them
    (u + δ < 0 and δ − u < 0 sum to 2δ < 0, against δ > 0): a region with no point, whose
    pieces need not agree. False where no such sum shows it (the region is then split)."""
    for other, side in region.items():
        total = sp.expand(sign * key + side * other)        # > 0 in the region
        if total.is_number:
            if total <= 0:
                return True
            continue
        k, flip = _key(total)
        if k in region and region[k] * flip < 0:
            return True
    return False


def _factors(x) -> tuple:
    """(the sign of x's numeric factor, the factors whose signs settle x's)."""
    coeff, rest = sp.factor_terms(sp.expand(x)).as_coeff_Mul()
    return (1 if coeff > 0 else -1), [f for f in sp.Mul.make_args(rest) if not f.is_number]


def _innermost(e, region: dict):
    """The key of a factor, with no piece inside it and no sign in `region`, of what a
    piece of e turns on (the argument of |·|, sign or H, a case's condition: z(1 − α)
    turns on z and on 1 − α); None where e has no pieces left."""
    found = []
    for p in e.atoms(*_PIECES):
        if isinstance(p, sp.Piecewise):
            for _, cond in p.args:
                if cond is sp.true:
                    continue
                sided = _sided(cond)
                if sided is None:
                    raise _Unsplit(cond)
                found.append(sided[0])
        else:
            found.append(p.args[0])
    for x in found:
        if x.is_number or x.has(*_PIECES):
            continue
        for f in _factors(x)[1]:
            key, _ = _key(f)
            if key not in region:
                return key
    if any(not x.is_number for x in found):
        raise _Unsplit(found[0])
    return None


def _in_region(e, region: dict):
    """e with each piece the region picks: |x| = ±x, sign x = ±1, H(x) = 1 or 0, a case
    whose condition holds there — where the region gives the sign of each factor of x."""
    def sign_of(x):
        if x.is_number:
            return 1 if x > 0 else -1 if x < 0 else None
        key, flip = _key(x)
        if key in region:
            return region[key] * flip
        if x.has(*_PIECES):
            return None
        sign, factors = _factors(x)
        for f in factors:
            key, flip = _key(f)
            if key not in region:
                return None
            sign *= region[key] * flip
        return sign if len(factors) > 1 else None

    def piece(p):
        for n, (value, cond) in enumerate(p.args):
            if cond is sp.true:
                return value
            sided = _sided(cond)
            if sided is None:           # (a condition of no one sign: left to `_innermost`)
                return sp.Piecewise(*p.args[n:])
            x, side = sided
            sign = sign_of(x)
            if sign is None:            # (a case not settled in this region: kept)
                return sp.Piecewise(*p.args[n:])
            if sign == side:
                return value
        return sp.nan

    def settled(x):
        return sign_of(x) is not None

    e = e.replace(lambda x: isinstance(x, sp.Piecewise), piece)
    e = e.replace(lambda x: isinstance(x, sp.Abs) and settled(x.args[0]),
                  lambda x: sign_of(x.args[0]) * x.args[0])
    e = e.replace(lambda x: isinstance(x, sp.sign) and settled(x.args[0]),
                  lambda x: sp.Integer(sign_of(x.args[0])))
    return e.replace(lambda x: isinstance(x, sp.Heaviside) and settled(x.args[0]),
                     lambda x: sp.Integer(1 if sign_of(x.args[0]) > 0 else 0))
