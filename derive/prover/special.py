"""Strategies for limits, minima, stated values, and "= 0 exactly when"."""
from __future__ import annotations

import sympy as sp

from ..claim import Approx, Compare, Equals, Limit, MatrixEquals, Minimum, ZeroIff, tex
from ..sandbox import Timeout
from . import matrices
from .context import Context
from .equality import STRATEGIES as EQUALITY
from .inequality import STRATEGIES as INEQUALITY, reduce_sums, tangent_bound
from .intervals import enclose
from .result import PROVED, REFUTED, Outcome, Step
from .rewrite import is_zero
from .numeric import approx_value


def sympy_limit(rel: Limit, ctx: Context):
    """SymPy's Gruntz limit, on both sides where the direction is two-sided."""
    expr = ctx.expand(rel.expr)
    dirs = ["+", "-"] if rel.direction == "+-" and rel.point not in (sp.oo, -sp.oo) \
        else ["+" if rel.direction == "+-" else rel.direction]
    steps = [Step(expr, "the expression, definitions expanded")]
    for d in dirs:
        value = sp.limit(expr, rel.var, rel.point, d)
        if is_zero(value - rel.value) is None:
            return None
        arrow = "" if rel.point in (sp.oo, -sp.oo) else f"^{{{d}}}"
        steps.append(Step(f"\\lim_{{{tex(rel.var)} \\to {tex(rel.point)}{arrow}}}"
                          f" = {tex(value)}", "Gruntz algorithm (sympy.limit)"))
    return Outcome(PROVED, "limit (Gruntz)", steps)


def exact_value(rel: Approx, ctx: Context):
    """Evaluate the quantity to 60 digits and compare with the stated rounded value."""
    value = approx_value(rel, ctx, 60)
    if value is None:
        return None
    shown = sp.Float(value, 15)
    step = Step(f"{rel.name_latex()} = {tex(shown)}", "evaluated to 60 digits")
    if abs(value - rel.stated) <= rel.tolerance:
        return Outcome(PROVED, "exact evaluation", [step,
                       Step(f"|{tex(shown)} - {tex(rel.stated)}| \\le {tex(rel.tolerance)}",
                            "within the "
                            "rounding of the stated value")])
    return Outcome(REFUTED, "exact evaluation", [step],
                   counterexample={"value": float(value), "stated": float(rel.stated)})


def _prove_with(strategies, rel, ctx):
    for _, strategy in strategies:
        try:
            out = strategy(rel, ctx)
        except Timeout:
            raise
        except Exception:
            out = None
        if out is not None and out.status == PROVED:
            return out
    return None


def _admissible(at, ctx: Context) -> bool:
    """The claimed minimiser must itself satisfy every hypothesis (or one implies it)."""
    from .sums import normalize
    def key(h):
        return type(h), normalize(ctx.expand(h.lhs - h.rhs), ctx)
    known = {key(h) for h in ctx.hypotheses if isinstance(h, sp.core.relational.Relational)}
    for h in ctx.hypotheses:
        moved = h.xreplace(dict(at))
        if moved == h or moved is sp.true:
            continue
        if moved is sp.false or not isinstance(moved, sp.core.relational.Relational) \
                or key(moved) not in known:
            return False
    return True


def minimum_by_inequality(rel: Minimum, ctx: Context):
    """objective ≥ objective(at) for every admissible point, and objective(at) = value."""
    if not _admissible(rel.at, ctx):
        return None
    at_min = rel.objective.xreplace(dict(rel.at))
    above = _prove_with(INEQUALITY, Compare(rel.objective, ">=", at_min), ctx)
    if above is None:
        return None
    value = _prove_with(EQUALITY, Equals(at_min, rel.value), ctx)
    if value is None:
        return None
    steps = above.steps + [Step(sp.Eq(at_min, rel.value, evaluate=False),
                                f"value at the minimum ({value.method})")]
    return Outcome(PROVED, f"minimum via {above.method}", steps, hypotheses=above.hypotheses)


def minimum_convex_1d(rel: Minimum, ctx: Context):
    """One variable on an interval: f'(x*) = 0 and f'' ≥ 0 there make x* the minimum."""
    if len(rel.at) != 1:
        return None
    (x, x_star), = rel.at
    if not _admissible(rel.at, ctx):
        return None
    f = ctx.expand(rel.objective)
    bounds = ctx.bounds()
    d1 = sp.diff(f, x)
    if is_zero(d1.xreplace({x: x_star})) is None:
        return None
    d2 = sp.diff(d1, x)
    if not enclose(d2, bounds).nonnegative() and not enclose(sp.together(d2), bounds).nonnegative():
        return None
    value = f.xreplace({x: x_star})
    if is_zero(value - ctx.expand(rel.value)) is None:
        return None
    steps = [Step(sp.Eq(sp.Derivative(rel.objective, x), d1, evaluate=False), "first derivative"),
             Step(f"f'({tex(x_star)}) = 0", "stationary point"),
             Step(f"{tex(d2)} \\ge 0", "convex on the domain (interval arithmetic)"),
             Step(sp.Eq(rel.objective.xreplace({x: x_star}), rel.value, evaluate=False),
                  "value at the minimum")]
    return Outcome(PROVED, "stationary point of a convex function", steps)


def zero_iff_by_tangent(rel: ZeroIff, ctx: Context):
    """If expr ≥ lower by tangent lines and lower reduces to 0, then expr − lower is a sum
    of c·(ln u − 1 + 1/u) with c > 0, each ≥ 0 and 0 only at u = 1; so expr = 0 exactly
    when every u = 1. Then u = 1 must be equivalent to the stated condition."""
    bounds = ctx.bounds()
    found = tangent_bound(ctx.expand(rel.expr), ctx, bounds)
    if found is None:
        return None
    merged, lower, pairs = found
    reduced, _ = reduce_sums(lower, ctx)
    if is_zero(reduced) is None:
        return None
    equal = dict(rel.equal)
    for c, u, _limit in pairs:
        if not enclose(c, bounds).positive():
            return None
        if is_zero(u.xreplace(equal) - 1) is None:       # the condition gives u = 1
            return None
        num = sp.numer(sp.together(u - 1))
        if not any(_proportional(num, a, b) for a, b in rel.equal):   # u = 1 gives it
            return None
    steps = [Step(merged, "the expression, sums merged and logarithms combined"),
             Step(f"{tex(merged)} - \\left({tex(lower)}\\right) = "
                  r"\sum c\,(\ln u - 1 + 1/u)", "tangent line of ln; the bound reduces to 0"),
             Step(r"c > 0,\ \ln u - 1 + 1/u = 0 \iff u = 1", "strict concavity of ln"),
             Step(", ".join(f"{tex(u)} = 1" for _, u, _ in pairs) + r" \iff " +
                  ", ".join(f"{tex(a)} = {tex(b)}" for a, b in rel.equal),
                  "the equality condition")]
    return Outcome(PROVED, "equality case of Gibbs' inequality", steps,
                   hypotheses=[tex(h) for h in ctx.hypotheses])


def _proportional(num, a, b) -> bool:
    """num = (a − b)·g with g provably nonzero, where a, b may be vectors (IndexedBase)."""
    if isinstance(a, sp.IndexedBase):
        idx = [x for x in num.atoms(sp.Indexed) if x.base == a]
        if not idx:
            return False
        a, b = idx[0], sp.Indexed(b, *idx[0].indices)
    ratio = sp.cancel(num / (a - b))
    return bool(ratio.is_nonzero) or bool(ratio.is_positive) or bool(ratio.is_negative)


LEMMA_SIZES = (1, 2, 3, 4)


def matrix_algebra(rel: MatrixEquals, ctx: Context):
    """Both sides as SymPy matrix expressions of symbolic shapes, their difference 0:
    proved for every size at once."""
    if not matrices.all_shapes(rel.lhs, rel.rhs, rel.declared()):
        return None
    return Outcome(PROVED, "matrix algebra (SymPy matrix expressions)",
                   [Step(rel.latex(), "the difference of the two sides is the zero matrix, "
                         "for MatrixSymbols of symbolic shapes")], scope="all shapes")


def matrix_sizes(rel: MatrixEquals, ctx: Context):
    """Every size 1–4 of every dimension (a sample where there are many), a matrix of
    unknown entries for each name, the sides compared entry by entry: proved at those
    sizes only, or refuted at one."""
    found = matrices.decide(rel.lhs, rel.rhs, rel.declared(), sizes=LEMMA_SIZES,
                            layout=matrices.DENOMINATOR)
    if found.holds is True:
        return Outcome(PROVED, "entry by entry at concrete sizes",
                       [Step(rel.latex(), f"expanded and cancelled entry by entry at "
                             f"{found.sizes}")], scope=found.sizes)
    if found.holds is False:
        return Outcome(REFUTED, "entry by entry at concrete sizes",
                       [Step(rel.latex(), f"the sides differ at {found.sizes}")],
                       counterexample={**found.counterexample, **found.values})
    return None


STRATEGIES = {
    MatrixEquals: [("matrix algebra for all shapes", matrix_algebra),
                   ("entry by entry at sizes 1–4", matrix_sizes)],
    Limit: [("limit", sympy_limit)],
    Approx: [("exact value", exact_value)],
    Minimum: [("minimum by inequality", minimum_by_inequality),
              ("convex in one variable", minimum_convex_1d)],
    ZeroIff: [("equality case of the tangent bound", zero_iff_by_tangent)],
}
