"""Sums over a symbolic n, handled symbolically.

`normalize` brings every Σ to a normal form: the summand expanded, factors that do not
depend on the summation index pulled out (linearity), Kronecker deltas on the summation
index eliminated (Σ_k δ_ik f_k = f_i when i lies in the range), nested sums flattened
into one order, and bound variables renamed canonically so that Σ_k e^{z_k} and
Σ_j e^{z_j} are the same object. `atomize` then replaces each remaining sum by a symbol
carrying the sign it provably has, so that ordinary simplification can finish the job:
an identity that holds for every value of the atoms holds for the sums in particular.
`peel` splits one term off a sum (Σ_k f_k = f_j + Σ_{k≠j} f_k) for inequalities.
"""
from __future__ import annotations

import itertools

import sympy as sp

from ..notation import Sigmoid
from .context import Context

_MAX_PASSES = 8
_MAX_ORDERINGS = 4        # at most 4 nested bound variables are put in canonical order


def bound(depth: int) -> sp.Symbol:
    """The canonical name of the bound variable of a sum at this nesting depth."""
    return sp.Symbol(f"_k{depth}", integer=True, positive=True)


def normalize(expr, ctx: Context):
    """The normal form of `expr` with respect to its sums (see module docstring)."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: normalize(e, ctx))
    previous = None
    for _ in range(_MAX_PASSES):
        expr = _squash_deltas(_pass(expr, ctx))
        expr = canonical(expr)
        if expr == previous:
            break
        previous = expr
    return expr


def _sigmoids_of_positives(expr):
    """σ(−u) = 1 − σ(u): one form for the two ways texts write it, so that Σ σ(M_i) σ(−M_i)
    and Σ σ(M_i)(1 − σ(M_i)) split into the same sums."""
    return expr.replace(lambda e: isinstance(e, Sigmoid) and e.args[0].could_extract_minus_sign(),
                        lambda e: 1 - Sigmoid(-e.args[0]))


def _squash_deltas(expr):
    """δ^k = δ for k ≥ 1: a delta is 0 or 1."""
    return expr.replace(
        lambda e: e.is_Pow and isinstance(e.base, sp.KroneckerDelta) and e.exp.is_Integer
        and e.exp > 0, lambda e: e.base)


def _pass(expr, ctx):
    if not isinstance(expr, sp.Basic) or expr.is_Atom or not expr.has(sp.Sum):
        return expr
    if isinstance(expr, sp.Sum):
        body = _pass(expr.function, ctx.within(expr.limits))
        limits = list(expr.limits)
        # Sum(f, (i,..), (j,..)) is Σ_j Σ_i f: fold from the innermost limit out, each
        # inside the sums around it
        for at, limit in enumerate(limits):
            body = _sum(body, tuple(limit), ctx.within(limits[at + 1:]))
        return body
    return expr.func(*[_pass(a, ctx) for a in expr.args])


def _sum(body, limit, ctx):
    """Σ over one limit of an already-normalized body."""
    k, lo, hi = limit
    body = _exp_of_sums(sp.expand(_sigmoids_of_positives(body)))
    total = sp.S.Zero
    for term in sp.Add.make_args(body):
        outside, inside = [], []
        for factor in sp.Mul.make_args(_powers_split(term, k)):
            (inside if factor.has(k) else outside).append(factor)
        total += sp.Mul(*outside) * _sum_of_product(inside, k, lo, hi, ctx)
    return total


def _sum_of_product(factors, k, lo, hi, ctx):
    if not factors:
        return hi - lo + 1
    for f in factors:
        if isinstance(f, sp.KroneckerDelta) and k in f.args:
            other = f.args[0] if f.args[1] == k else f.args[1]
            if not other.has(k) and ctx.in_range(other, lo, hi):
                rest = [g for g in factors if g is not f]
                return sp.Mul(*rest).xreplace({k: other}) if rest else sp.S.One
    inner = [f for f in factors if isinstance(f, sp.Sum)]
    if len(inner) == 1 and not any(b.has(k) for lim in inner[0].limits for b in lim[1:]):
        # Σ_k A_k Σ_m B_km = Σ_k Σ_m A_k B_km: one multiple sum, put in canonical order
        others = sp.Mul(*[f for f in factors if f is not inner[0]])
        return sp.Sum(others * inner[0].function, *inner[0].limits, (k, lo, hi))
    body = sp.Mul(*factors)
    if lo.is_Integer and 1 < lo <= _MAX_SHIFT and not hi.is_Integer:
        # Σ_{k=2}^n f_k = Σ_{k=1}^n f_k − f_1: one range for every sum of the step (exact
        # in Karr's convention, which SymPy's empty and reversed sums follow)
        return sp.Sum(body, (k, 1, hi)) - sp.Add(*[body.xreplace({k: m})
                                                   for m in range(1, int(lo))])
    top, off = hi.as_coeff_Add() if hi.is_Add else (sp.S.Zero, hi)
    if top.is_Integer and -_MAX_SHIFT <= top < 0 and off.is_Symbol:
        # Σ_{k=1}^{n-1} f_k = Σ_{k=1}^n f_k − f_n
        return sp.Sum(body, (k, lo, off)) - sp.Add(*[body.xreplace({k: off - m})
                                                     for m in range(0, int(-top))])
    if top.is_Integer and 0 < top <= _MAX_SHIFT and off.is_Symbol:
        # Σ_{i=1}^{t+1} f_i = Σ_{i=1}^t f_i + f_{t+1} (an induction step's sum)
        return sp.Sum(body, (k, lo, off)) + sp.Add(*[body.xreplace({k: off + m})
                                                     for m in range(1, int(top) + 1)])
    return sp.Sum(body, (k, lo, hi))


_MAX_SHIFT = 3          # a sum starting at 2 or 3, or ending at n − 1 … n − 3, is shifted


def _powers_split(term, k):
    """β^{t+1−i} as β^{t+1}·β^{−i}: the part of an exponent free of the summation index
    makes a factor that leaves the sum (b^{u+v} = b^u b^v, as e^{(u+v) log b} is)."""
    def split(e):
        kept = [a for a in e.exp.args if a.has(k)]
        rest = [a for a in e.exp.args if not a.has(k)]
        return sp.Pow(e.base, sp.Add(*rest)) * sp.Pow(e.base, sp.Add(*kept))
    return term.replace(lambda e: e.is_Pow and e.exp.is_Add and e.exp.has(k)
                        and not e.base.has(k) and any(not a.has(k) for a in e.exp.args),
                        split)


def _exp_of_sums(expr):
    """Undo expand's e^{Σ f} → Π e^{f}: keep the exponent a sum."""
    return expr.replace(lambda e: isinstance(e, sp.Product) and isinstance(e.function, sp.exp),
                        lambda e: sp.exp(sp.Sum(e.function.args[0], *e.limits)))


def canonical(expr, depth: int = 0):
    """Rename bound variables by nesting depth; order the limits of a multiple sum."""
    if not isinstance(expr, sp.Basic) or expr.is_Atom or not expr.has(sp.Sum):
        return expr
    if isinstance(expr, sp.Sum):
        return _canonical_sum(expr, depth)
    return expr.func(*[canonical(a, depth) for a in expr.args])


def _canonical_sum(s: sp.Sum, depth: int):
    body, limits = s.function, list(s.limits)
    # flatten Σ_k Σ_m … into one body with a list of limits
    while isinstance(body, sp.Sum):
        limits = list(body.limits) + limits
        body = body.function
    independent = all(not any(b.has(other[0]) for b in lim[1:])
                      for lim in limits for other in limits)
    orders = (itertools.permutations(limits) if independent and len(limits) <= _MAX_ORDERINGS
              else [tuple(limits)])
    best = None
    for order in orders:
        # order[0] is the outermost sum
        names = {lim[0]: bound(depth + pos) for pos, lim in enumerate(order)}
        inner = canonical(body.xreplace(names), depth + len(order))
        candidate = inner
        for lim in reversed(order):
            candidate = sp.Sum(candidate, (names[lim[0]], lim[1].xreplace(names),
                                           lim[2].xreplace(names)))
        key = sp.srepr(candidate)
        if best is None or key < best[0]:
            best = (key, candidate)
    return best[1]


# --- atoms -----------------------------------------------------------------------------

def nonempty(s: sp.Sum, dims: dict) -> bool:
    """Whether every range of the sum surely has a term (Σ_{k=2}^{n} may be empty)."""
    shifted = {d: sp.Dummy(nonnegative=True, integer=True) + least for d, least in dims.items()}
    for _k, lo, hi in s.limits:
        gap = (hi - lo).xreplace(shifted)
        if not (gap.is_nonnegative or (lo == 1 and hi.is_integer and hi.is_positive)):
            return False
    return True


class Atoms:
    """Sums replaced by symbols, with the sign each sum provably has."""

    def __init__(self, dims: dict | None = None):
        self.dims = dict(dims or {})
        self.symbols: dict = {}     # Sum -> Symbol
        self.sums: dict = {}        # Symbol -> Sum

    def atomize(self, expr):
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(self.atomize)
        if not isinstance(expr, sp.Basic) or not expr.has(sp.Sum):
            return expr
        if isinstance(expr, sp.Sum):
            return self.symbol_for(expr)
        return expr.func(*[self.atomize(a) for a in expr.args])

    def symbol_for(self, s: sp.Sum, positive=None, name=None) -> sp.Symbol:
        if s in self.symbols:
            return self.symbols[s]
        full = nonempty(s, self.dims)
        if positive is None:
            positive = bool(s.function.is_positive) and full
        nonneg = bool(s.function.is_nonnegative)
        assumptions = ({"positive": True} if positive
                       else {"nonnegative": True} if nonneg
                       else {"real": True} if s.function.is_real else {})
        sym = sp.Symbol(name or f"Σ{len(self.symbols) + 1}", **assumptions)
        self.symbols[s] = sym
        self.sums[sym] = s
        return sym

    def restore(self, expr):
        return expr.xreplace(self.sums) if isinstance(expr, sp.Basic) else expr


def peel(expr, ctx: Context, j, atoms: Atoms):
    """Σ_k f_k = f_j + R_j, R_j an atom for Σ_{k≠j} f_k (positive when every f_k is and
    the range has at least two elements)."""
    def split(s):
        (k, lo, hi), = s.limits
        if not ctx.in_range(j, lo, hi):
            return s
        least = ctx.min_value(hi)
        rest = sp.Sum(s.function * (1 - sp.KroneckerDelta(k, j)), (k, lo, hi))
        positive = bool(s.function.is_positive) and least is not None and least >= 2
        r = atoms.symbol_for(rest, positive=positive, name=f"R{len(atoms.symbols) + 1}")
        return s.function.xreplace({k: j}) + r
    return expr.replace(lambda e: isinstance(e, sp.Sum) and len(e.limits) == 1
                        and not e.function.has(sp.Sum), split)


def free_indices(expr, ctx: Context) -> list:
    found = expr.free_symbols if isinstance(expr, sp.Basic) else set()
    return sorted((i for i in ctx.indices if i in found), key=str)
