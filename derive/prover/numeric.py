"""Numeric truth for every kind of relation: the cross-check and the counterexample search.

`spot_check` evaluates a relation at admissible points in high precision and returns the
first point where it fails. The cross-check of a proved part calls it with ≥ 20 random
points at 50 digits; refutation calls it with edge points too, and re-checks a failing
point at higher precision before it is reported.
"""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import sympy as sp

from ..claim import (Approx, Compare, Computation, Equals, Limit, MatrixEquals, Minimum, Relation,
                     ZeroIff)
from . import matrices
from .context import Context
from .sampling import differ, evaluate, instances, readable, sample_point

_AGREE = 1e-30          # relative difference under which two 50-digit values agree
# an integral left unevaluated is computed by quadrature, good to about 1e-15 where a bound
# is infinite: a smaller difference is no evidence either way
_QUADRATURE = 1e-12
MAX_INSTANCES = 3       # concrete (n, indices) choices per check


@dataclass
class SpotReport:
    points: int = 0
    max_error: float = 0.0
    failure: dict | None = None
    dims: tuple = ()
    undefined: int = 0


def compare_values(op, left, right, strict_tol):
    d = left - right
    scale = max(abs(left), abs(right), 1)
    tol = strict_tol * scale
    return {"<": d < -tol, "<=": d <= tol, ">": d > tol, ">=": d >= -tol}[op]


def _sides(rel: Relation, ctx: Context):
    """(expressions to evaluate, a test on their values returning (ok, error))."""
    if isinstance(rel, Equals):
        def test(v):
            err = differ(v[0], v[1])
            return err <= _AGREE, err
        return [rel.lhs, rel.rhs], test
    if isinstance(rel, Compare):
        return [rel.lhs, rel.rhs], lambda v: (compare_values(rel.op, v[0], v[1], 0.0), 0.0)
    if isinstance(rel, Minimum):
        at_min = rel.objective.xreplace(dict(rel.at))

        def test(v):
            err = differ(v[2], v[1])
            return err <= _AGREE and compare_values(">=", v[0], v[1], _AGREE), err
        return [rel.objective, rel.value, at_min], test
    if isinstance(rel, ZeroIff):
        equal = rel.expr.xreplace(dict(rel.equal))
        gap = sum(_squared_gap(a, b, ctx) for a, b in rel.equal)

        def test(v):
            # where the condition holds expr must vanish, and only there
            zero = abs(v[0]) <= _AGREE
            return abs(v[1]) <= _AGREE and zero == (abs(v[2]) <= _AGREE), float(abs(v[1]))
        return [rel.expr, equal, gap], test
    raise TypeError(f"no spot check for {type(rel).__name__}")


def spot_check(rel: Relation, ctx: Context, rng: random.Random, points: int = 20,
               dps: int = 50, edge: bool = False, atoms: bool = False) -> SpotReport:
    """`atoms`: values of functions defined nowhere as numbers of their own (to confirm a
    proof that took them as atoms; `sampling._values_of_unknown_functions`)."""
    if isinstance(rel, Approx):
        return _approx(rel, ctx, dps)
    if isinstance(rel, Limit):
        return _limit(rel, ctx, dps)
    if isinstance(rel, MatrixEquals):
        compared, worst, failure = matrices.spot(rel.lhs, rel.rhs, rel.declared(), rng,
                                                 max(points // 4, 3), dps)
        return SpotReport(compared, worst, failure)
    exprs, test = _sides(rel, ctx)
    report = SpotReport()
    insts = list(itertools.islice(instances(ctx, exprs, rng, atoms=atoms), MAX_INSTANCES))
    if not insts:
        return report
    dims = set()
    for attempt in range(points * 3):
        if report.points >= points:
            break
        inst = insts[attempt % len(insts)]
        point = sample_point(inst, rng, edge=edge)
        if point is None:
            report.undefined += 1
            continue
        values = [evaluate(e, point, dps) for e in inst.exprs]
        if any(v is None for v in values):
            report.undefined += 1
            continue
        ok, err = test(values)
        if not ok and err <= _QUADRATURE and any(isinstance(e, sp.Basic) and e.has(sp.Integral)
                                                 for e in inst.exprs):
            ok = True
        report.points += 1
        report.max_error = max(report.max_error, err)
        dims |= {int(v) for k, v in inst.assignment.items() if k in ctx.dims}
        if not ok:
            again = [evaluate(e, point, dps + 30) for e in inst.exprs]
            if all(v is not None for v in again) and not test(again)[0]:
                used = set().union(*[_names_in(e) for e in inst.exprs])
                report.failure = readable({k: v for k, v in point.items() if k in used},
                                          inst.assignment)
                report.failure.update({("lhs", "rhs")[i]: float(v) if not isinstance(v, list)
                                       else [float(x) for x in v]
                                       for i, v in enumerate(again[:2])})
                break
    report.dims = tuple(sorted(dims))
    return report


def approx_value(rel: Approx, ctx: Context, dps: int):
    """The quantity an Approx relation is about, to `dps` digits (None if undefined)."""
    if isinstance(rel.expr, Computation):
        return evaluate(rel.expr.fn(), {}, dps)
    return evaluate(ctx.expand(rel.expr), {}, dps)


def _squared_gap(a, b, ctx: Context):
    """Σ (a − b)²: zero exactly when a = b (entrywise for vectors)."""
    if isinstance(a, sp.IndexedBase):
        k = sp.Dummy("k", integer=True, positive=True)
        dim = next(iter(ctx.dims))
        return sp.Sum((a[k] - b[k]) ** 2, (k, 1, dim))
    return (a - b) ** 2


def _names_in(e) -> set:
    if isinstance(e, sp.MatrixBase):
        return set().union(*[_names_in(x) for x in e])
    return (e.free_symbols | e.atoms(sp.Indexed)) if isinstance(e, sp.Basic) else set()


def _approx(rel: Approx, ctx: Context, dps: int) -> SpotReport:
    value = approx_value(rel, ctx, dps)
    report = SpotReport(points=1)
    if value is None:
        report.undefined = 1
        return report
    err = abs(value - rel.stated)
    report.max_error = float(err)
    if err > rel.tolerance:
        report.failure = {rel.label or "value": float(value), "stated": float(rel.stated)}
    return report


def _limit(rel: Limit, ctx: Context, dps: int) -> SpotReport:
    """Evaluate at points approaching the limit: the distance to the value must shrink."""
    report = SpotReport()
    expr = ctx.expand(rel.expr)
    sides = {"+": [1], "-": [-1], "+-": [1, -1]}[rel.direction]
    for sign in sides:
        errors = []
        for k in (4, 8, 16):
            if rel.point in (sp.oo, -sp.oo):
                x = (1 if rel.point == sp.oo else -1) * sp.Integer(10) ** (k // 2)
            else:
                x = rel.point + sign * sp.Rational(1, 10 ** k)
            v = evaluate(expr, {rel.var: x}, dps)
            if v is None:
                report.undefined += 1
                continue
            errors.append(abs(v - rel.value))
            report.points += 1
        if errors:
            report.max_error = max(report.max_error, float(errors[-1]))
            if errors[-1] > sp.Float("1e-3") or errors[-1] > errors[0]:
                report.failure = {"approach": str(rel.point), "error": float(errors[-1])}
    return report
