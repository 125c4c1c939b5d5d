"""Admissible points, concrete n, and high-precision evaluation.

Refutation and the cross-check both need the same thing: pick a concrete n and concrete
indices that honour the index hypotheses (k ≠ j), expand the claim there (sums become
finite, derivatives are taken directly, independently of the symbolic-sum machinery),
pick values that honour the assumptions and hypotheses (0 < a < 1, Σ y = 1), and evaluate
both sides with exact rational inputs to many digits. Nothing here is ever exec'd.
"""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.core.relational import Relational

from . import exprs as exprs_
from ..notation import over_members
from .context import Context, evaluate_derivatives
from .evaluation import Undefined, evaluate_mp
from .intervals import Interval, bounds_from, enclose

_EDGES = [0, 1, -1, 2, -2, 5, -5, 12, -12, 40, -40]


@dataclass
class Instance:
    """The claim at one concrete n and one choice of indices."""
    assignment: dict                 # dimension/index symbol -> integer
    exprs: list                      # the concrete expressions to evaluate
    constraints: list                # concrete hypotheses on values
    variables: list
    bounds: dict = field(default_factory=dict)   # variable -> Interval


def name(var) -> str:
    """A readable name for a variable in a counterexample: z_2, W_1,3."""
    if isinstance(var, sp.Indexed):
        return f"{var.base}_" + ",".join(str(i) for i in var.indices)
    return str(var)


def index_only(h, ctx) -> bool:
    """A hypothesis on indices alone (k ≠ j, k ≠ y_i with the label y_i an index)."""
    if not isinstance(h, sp.Basic):
        return False
    labels = {x: sp.Dummy() for x in h.atoms(sp.Indexed) if x in ctx.indices}
    names = h.xreplace(labels).free_symbols
    return bool(names) and all(s in ctx.indices or s in ctx.dims or s in labels.values()
                               for s in names)


def instances(ctx: Context, exprs, rng: random.Random, dims_values=(1, 2, 3, 4, 5),
              per_dims=3, atoms: bool = False):
    """Concrete versions of exprs: for each n, a few index choices satisfying the index
    hypotheses (a choice where two free indices coincide and one where they differ)."""
    dim_syms = sorted(ctx.dims, key=str)
    dim_choices = ([dict(zip(dim_syms, combo)) for combo in
                    itertools.product(*[[v for v in dims_values if v >= ctx.dims[d]]
                                        for d in dim_syms])] if dim_syms else [{}])
    rng.shuffle(dim_choices)
    dim_choices = dim_choices[:4]
    idx_rel = [h for h in ctx.hypotheses if index_only(h, ctx)]
    free = set()
    for e in exprs + idx_rel:
        free |= exprs_.free_symbols(ctx.unfold(e))
    # every free integer symbol is an index: one without a declared range still gets
    # integer values (1 … the largest dimension), never a random real
    used = sorted((i for i in free if i in ctx.indices or (
        isinstance(i, sp.Symbol) and i.is_integer and i not in ctx.dims)), key=str)
    value_hyps = [h for h in ctx.hypotheses if not index_only(h, ctx)]
    # (unfolded only where the claim names an entry by a number: a_2, w_{21})
    numbered = dim_syms and any(i.is_Integer for e in exprs if isinstance(e, sp.Basic)
                                for x in e.atoms(sp.Indexed) for i in x.indices)
    # (or by an index shifted by a sum's: g_{j-k} beside Σ_i g_i, a convolution)
    shifted = dim_syms and any(i.is_Add and i.free_symbols for e in exprs
                               if isinstance(e, sp.Basic) for x in e.atoms(sp.Indexed)
                               for i in x.indices)
    unfolded = [u for u in (ctx.unfold(e) for e in exprs) if isinstance(u, sp.Basic)] \
        if numbered or shifted else []
    for dims in dim_choices:
        if _entry_outside(unfolded, dims):
            continue
        seen = set()
        # an index without a declared range stays within every dimension in play, so
        # that it can never point outside a vector it indexes
        top = min([int(v) for v in dims.values()] or [3])
        for _ in range(per_dims * 8):
            assignment = dict(dims)
            for i in used:
                bound = ctx.indices.get(i, top)
                hi = bound.xreplace(dims) if isinstance(bound, sp.Basic) else bound
                lo = ctx.start(i)
                if not getattr(hi, "is_Integer", isinstance(hi, int)) or int(hi) < int(lo):
                    break
                assignment[i] = sp.Integer(rng.randint(int(lo), int(hi)))
            else:
                key = tuple(sorted((str(k), int(v)) for k, v in assignment.items()))
                if key in seen or not all(bool(h.xreplace(assignment)) for h in idx_rel) \
                        or shifted and _entry_outside(unfolded, assignment, written_out=True):
                    continue
                seen.add(key)
                inst = _instantiate(ctx, exprs, value_hyps, assignment, atoms and rng)
                if inst is not None:
                    yield inst
                if len(seen) >= per_dims:
                    break


def concrete(ctx, expr, assignment, derivatives: bool = True):
    """expr at concrete dimensions and indices: definitions unfolded, sums written out,
    derivatives taken symbolically (or left for numeric evaluation)."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: concrete(ctx, e, assignment, derivatives))
    if not isinstance(expr, sp.Basic):
        return expr
    e = expand_finite(_members_by_derivatives(ctx.settled(ctx.unfold(expr)))
                      .xreplace(assignment))
    return evaluate_derivatives(e) if derivatives else e


def _members_by_derivatives(e):
    """A sum over the members one of which a derivative is by (Σ_w |w| under ∂/∂w,
    `over_members`) as that member and the rest, before a concrete count writes the sum
    out as one over 1 … n."""
    if not isinstance(e, sp.Basic) or not e.has(sp.Derivative):
        return e
    return e.replace(lambda d: isinstance(d, sp.Derivative),
                     lambda d: sp.Derivative(over_members(d.expr, set(d.variables)),
                                             *d.variable_count))


def expand_finite(e):
    """Σ and Π with concrete bounds → a plain sum or product of its terms (much faster
    than Sum.doit)."""
    if not isinstance(e, sp.Basic) or not e.has(sp.Sum, sp.Product):
        return e

    def unroll(s):
        body = s.function
        join = sp.Add if isinstance(s, sp.Sum) else sp.Mul
        for var, lo, hi in s.limits:
            if not (lo.is_Integer and hi.is_Integer):
                return s
            body = join(*[body.xreplace({var: sp.Integer(v)})
                          for v in range(int(lo), int(hi) + 1)])
        return body
    return e.replace(lambda x: isinstance(x, (sp.Sum, sp.Product)), unroll)


def _next_members(e, dims: dict):
    """e with g_{t+1} (a count plus a number) set apart: beside Σ_{i=1}^t g_i it is the
    member after those the sum runs over — a sequence's next (an induction step), which
    exists wherever the sequence does, never an entry past the end of a vector."""
    return e.xreplace({x: sp.Dummy(str(x)) for x in e.atoms(sp.Indexed)
                       if any(i.is_Add and any((i - c).is_Integer and (i - c) > 0 for c in dims)
                              for i in x.indices)})


def _entry_outside(exprs, dims: dict, written_out: bool = False) -> bool:
    """Whether, at these dimensions, the claim names an entry past the end of a vector a
    sum runs over (a^L_2 beside Σ_{k=1}^n e^{z_k} at n = 1): no instance of it — the step
    speaks of a second entry, so n ≥ 2. `written_out`: at these indices too, with the sums
    written out (g_{j-k} for k = 0 … K−1 beside Σ_i g_i over i = 1 … n: the sum over i is
    read as running wherever g has entries, which no instance can say)."""
    runs: dict = {}
    for e in exprs:
        for s in e.xreplace(dims).atoms(sp.Sum):
            for var, lo, hi in s.limits:
                if lo.is_Integer and hi.is_Integer:
                    for x in s.function.atoms(sp.Indexed):
                        for pos, i in enumerate(x.indices):
                            if i == var:
                                runs.setdefault((x.base, pos), []).append((int(lo), int(hi)))
    if not runs:
        return False
    for e in exprs:
        e = _next_members(e, dims)
        if written_out:
            e = expand_finite(e.xreplace(dims))
        for x in e.atoms(sp.Indexed):
            for pos, i in enumerate(x.indices):
                spans = runs.get((x.base, pos))
                if spans and i.is_Integer and all(not lo <= int(i) <= hi for lo, hi in spans):
                    return True
    return False


def _instantiate(ctx, exprs, value_hyps, assignment, atoms=False):
    """`atoms`: False, or the Random that draws the stand-ins of functions defined nowhere."""
    exprs = [concrete(ctx, e, assignment, derivatives=False) for e in exprs]
    constraints = []
    for h in value_hyps:
        # a global hypothesis on y_j holds for every j, even a j the claim also uses;
        # a part's own (local) one is about the indices at hand
        free = sorted((s for s in h.free_symbols if s in ctx.indices and
                       (s not in assignment or h not in ctx.local)), key=str)
        if free:   # a hypothesis on y_j for every j
            n_of = [exprs_.as_int(ctx.indices[s], assignment) for s in free]
            general = concrete(ctx, h, {k: v for k, v in assignment.items() if k not in free})
            for combo in itertools.product(*[range(1, m + 1) for m in n_of]):
                constraints.append(general.xreplace(
                    {s: sp.Integer(v) for s, v in zip(free, combo)}))
        else:
            constraints.append(concrete(ctx, h, assignment))
    constraints = [c for c in constraints if c is not sp.true]
    if any(c is sp.false for c in constraints):
        return None
    if atoms:                 # confirming a proof that took them as atoms, never refuting
        exprs, constraints = _values_of_unknown_functions(exprs, constraints, atoms)
    variables = set()
    for e in exprs + constraints:
        variables |= _variables(e)
    variables = sorted(variables, key=sp.default_sort_key)
    inst = Instance(assignment, exprs, constraints, variables)
    table = bounds_from(constraints, set())
    inst.bounds = {v: enclose(v, table) for v in variables}
    return inst


def _values_of_unknown_functions(exprs, constraints, rng: random.Random):
    """Var(w), E[x]: the value of a function the document never defines is a number of its
    own at each point (as a symbolic proof took it, an atom), so that a fact about it
    (n Var(w) = 1) can be met. A function differentiated, or under a limit, is one smooth
    function drawn at random instead (the derivative's definition holds for each). Only to
    confirm a proof: as independent numbers, Var(x + y) and Var(x) + Var(y) differ, which
    says nothing about variances."""
    items = [e for e in exprs + constraints if isinstance(e, sp.Basic)]
    inside = {a.func: len(a.args) for e in items
              for d in e.atoms(sp.Derivative, sp.Subs, sp.Limit) for a in d.atoms(AppliedUndef)}
    values = {a: sp.Dummy(str(a), real=True) for e in items for a in e.atoms(AppliedUndef)
              if a.func not in inside}
    smooth = {f: _smooth(rng, count) for f, count in inside.items()}
    if not values and not smooth:
        return exprs, constraints

    def one(x):
        for f, g in smooth.items():
            x = x.replace(f, g)
        x = x.xreplace(values)
        taken = (sp.Derivative, sp.Subs, sp.Limit)
        return x.replace(lambda d: isinstance(d, taken), lambda d: d.doit()) if smooth else x
    put = (lambda e: one(e) if isinstance(e, sp.Basic) else
           e.applyfunc(one) if isinstance(e, sp.MatrixBase) else e)
    try:
        return [put(e) for e in exprs], [put(c) for c in constraints]
    except (ValueError, TypeError):   # a stand-in SymPy cannot put in (a Σ's own index):
        smooth = {}                   # the functions stay as they are written
        return [put(e) for e in exprs], [put(c) for c in constraints]


def _smooth(rng: random.Random, count: int) -> sp.Lambda:
    """A smooth function of `count` arguments with random rational coefficients: a
    polynomial part and a sine, so that no derivative vanishes."""
    args = sp.symbols(f"t0:{count}", real=True)

    def c():
        return sp.Rational(rng.randint(-9, 9) or 1, rng.randint(2, 7))
    body = sum((c() * t + c() * t ** 2 + c() * sp.sin(c() * t + c())) for t in args) + c()
    return sp.Lambda(args, body)


def _variables(e) -> set:
    if isinstance(e, sp.MatrixBase):
        return set().union(*[_variables(x) for x in e]) if e else set()
    if not isinstance(e, sp.Basic):
        return set()
    found = set(e.atoms(sp.Indexed))
    inside = {s for x in found for s in x.free_symbols}
    found |= {s for s in e.free_symbols if isinstance(s, sp.Symbol) and s not in inside}
    return found


def _draw(bounds: Interval, rng: random.Random, edge: bool):
    lo, hi = bounds.lo, bounds.hi
    grid = 10 ** 6

    def uniform(a, b):
        return sp.Rational(rng.randint(0, grid), grid) * (b - a) + a

    if lo.is_finite and hi.is_finite:
        if edge and rng.random() < 0.5:
            eps = sp.Rational(1, 10 ** rng.choice([2, 4, 8]))
            return (lo + eps * (hi - lo)) if rng.random() < 0.5 else (hi - eps * (hi - lo))
        return uniform(lo, hi)
    if lo.is_finite:
        if edge and rng.random() < 0.4:
            return lo + rng.choice([sp.Rational(1, 1000), sp.Integer(3), sp.Integer(30)])
        return lo + uniform(sp.Rational(1, 100), sp.Integer(4))
    if hi.is_finite:
        return hi - uniform(sp.Rational(1, 100), sp.Integer(4))
    if edge and rng.random() < 0.4:
        return sp.Integer(rng.choice(_EDGES))
    return uniform(-sp.Integer(4), sp.Integer(4))


def sample_point(inst: Instance, rng: random.Random, edge: bool = False, tries: int = 40):
    """Values for the instance's variables satisfying its constraints, or None."""
    for _ in range(tries):
        point = {v: _draw(inst.bounds[v], rng, edge) for v in inst.variables}
        point = _enforce_equalities(inst, point)
        if point is not None and all(_holds(c, point) for c in inst.constraints):
            return point
    return None


def _enforce_equalities(inst, point):
    for c in inst.constraints:
        if not isinstance(c, sp.Equality):
            continue
        expr = c.lhs - c.rhs
        terms = sp.Add.make_args(c.lhs)
        if c.rhs.is_number and all(t in point for t in terms):
            total = sum(point[t] for t in terms)
            if total == 0:
                return None
            for t in terms:                          # Σ y = c: rescale onto the simplex
                point[t] = point[t] * c.rhs / total
            continue
        moving = [v for v in inst.variables if _writes(expr, v)]
        if not moving and sp.expand(expr.xreplace(point)) == 0:
            continue                                  # holds whatever the values
        for v in reversed(moving):
            coeff = sp.diff(expr, v)
            if not coeff.has(v):
                cval = coeff.xreplace(point)
                if cval != 0:
                    point[v] = point[v] - expr.xreplace(point) / cval
                    break
        else:
            root = _root(expr, moving, point)
            if root is None:
                return None
            point[moving[-1]] = root
    return point


def _writes(expr, v) -> bool:
    """Whether expr writes the variable v: y[1] does not write a plain y (its label)."""
    if isinstance(v, sp.Indexed):
        return v in expr.atoms(sp.Indexed)
    held = {i: sp.Dummy() for i in expr.atoms(sp.Indexed)}
    return v in expr.xreplace(held).free_symbols


def _root(expr, moving, point):
    """A value of the one variable a polynomial equation in it fixes (r² = r: 0 or 1;
    y² = 1: ±1), the others at their point; None where there is none or it is not one."""
    if len(moving) != 1:
        return None
    v = moving[0]
    # (entries held as names first: a value of y must not reach the label of y[1])
    held = {i: sp.Dummy() for i in expr.atoms(sp.Indexed)}
    values = {held.get(k, k): x for k, x in point.items() if k != v
              and (k in held or not isinstance(k, sp.Indexed))}
    try:
        poly = sp.Poly(expr.xreplace(held).xreplace(values), held.get(v, v))
        if poly.degree() > 4:
            return None
        roots = [r for r in sp.real_roots(poly)]
    except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError, NotImplementedError):
        return None
    return roots[int(point[v] * 7) % len(roots)] if roots else None


def _holds(c, point) -> bool:
    try:
        value = c.xreplace(point)
        if value in (sp.true, sp.false):
            return bool(value)
        if isinstance(value, Relational):
            return bool(value.func(value.lhs.evalf(30), value.rhs.evalf(30)))
    except (TypeError, ValueError):
        return False
    return False


def evaluate(expr, point, dps: int = 50):
    """expr at point to `dps` digits (20 guard digits): a real Float, or None where it is
    undefined (lists for matrices)."""
    if isinstance(expr, sp.MatrixBase):
        vals = [evaluate(x, point, dps) for x in expr]
        return None if any(v is None for v in vals) else vals
    try:
        value = evaluate_mp(expr, point, dps + 20) if isinstance(expr, sp.Basic) \
            else expr
        return sp.Float(value, dps)
    except (Undefined, ZeroDivisionError, OverflowError, ValueError, TypeError):
        return None


def differ(a, b) -> float:
    """The relative difference of two evaluated sides (lists for matrices)."""
    if isinstance(a, list):
        return max(differ(x, y) for x, y in zip(a, b)) if a else 0.0
    scale = max(abs(a), abs(b), sp.Integer(1))
    return float(abs(a - b) / scale)


def readable(point: dict, assignment: dict | None = None) -> dict:
    out = {str(k): int(v) for k, v in (assignment or {}).items()}
    out.update({name(k): float(v) for k, v in point.items()})
    return out
