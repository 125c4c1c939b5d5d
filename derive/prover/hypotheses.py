"""Using hypotheses soundly: as symbol assumptions, as substitutions, as index cases.

- `refine_symbols`: x > 0 on a plain symbol becomes a symbol that *is* positive, so SymPy's
  assumption-guarded rewrites (Max(0, x) = x, log expansion) may fire.
- `substitutions`: an equality such as Σ_j y_j = 1 becomes the rewrite atom(Σ y) → 1.
- `index_cases`: a Kronecker δ_ij between free indices splits the proof into i = j and
  i ≠ j (only the case the hypotheses allow, when they say which); `equal_indices` puts
  a hypothesis i = j in where no δ says it.
"""
from __future__ import annotations

import sympy as sp

from ..claim import tex
from . import exprs
from .context import Context
from .sums import Atoms, normalize

_SIGN = {
    sp.StrictGreaterThan: "positive", sp.GreaterThan: "nonnegative",
    sp.StrictLessThan: "negative", sp.LessThan: "nonpositive", sp.Unequality: "nonzero",
}


def refinement(ctx: Context) -> tuple[dict, list]:
    """(symbol -> the same symbol carrying the sign the hypotheses give it, hypotheses used).
    Only `symbol op 0` hypotheses are used this way."""
    replace, used = {}, []
    for h in ctx.hypotheses:
        kind = _SIGN.get(type(h))
        if kind is None:
            continue
        sym, other = (h.lhs, h.rhs) if isinstance(h.lhs, (sp.Symbol, sp.Indexed)) \
            else (h.rhs, h.lhs)
        if isinstance(sym, sp.Indexed) and h not in ctx.local \
                and all(i in ctx.indices for i in sym.indices):
            sym = sym.base          # x_j > 0 for every j: the vector x is positive
        if not isinstance(sym, (sp.Symbol, sp.IndexedBase)) or other != 0 \
                or sym in ctx.indices:
            continue
        if (sym is h.rhs or getattr(h.rhs, "base", None) is sym) and kind in _FLIP:
            kind = _FLIP[kind]
        current = replace.get(sym, sym)
        assumptions = {k: v for k, v in current.assumptions0.items()
                       if k in ("real", "integer", "positive", "nonnegative", "negative",
                                "nonpositive", "nonzero") and v}
        assumptions.update({kind: True, "real": True})
        replace[sym] = (sp.IndexedBase(sym.label, **assumptions)
                        if isinstance(sym, sp.IndexedBase) else sp.Symbol(sym.name, **assumptions))
        used.append(h)
    return replace, used


_FLIP = {"positive": "negative", "nonnegative": "nonpositive",
         "negative": "positive", "nonpositive": "nonnegative"}


def refine_symbols(expr, ctx: Context):
    """(expr with its symbols refined by the hypotheses, the hypotheses used)."""
    replace, used = refinement(ctx)
    if not replace or not isinstance(expr, sp.Basic):
        return expr, []
    return expr.xreplace(replace), used


def substitutions(ctx: Context, atoms: Atoms) -> list[tuple]:
    """[(lhs atom, rhs, hypothesis)] for equality hypotheses whose one side normalizes to
    a single symbol or sum."""
    out = []
    for h in ctx.hypotheses:
        if not isinstance(h, sp.Equality):
            continue
        for side, other in ((h.lhs, h.rhs), (h.rhs, h.lhs)):
            if isinstance(side, sp.Symbol) and side in ctx.indices:
                continue
            norm = normalize(ctx.expand(side), ctx)
            if isinstance(norm, (sp.Sum, sp.Symbol, sp.Indexed)):
                target = atoms.atomize(norm)
                value = atoms.atomize(normalize(ctx.expand(other), ctx))
                if not value.has(target):
                    out.append((target, value, h))
                    break
    return out


def substitute(expr, ctx: Context, atoms: Atoms):
    """expr with the equality hypotheses (Σ y = 1) put in; (expr, the ones used)."""
    used = []
    for target, value, h in substitutions(ctx, atoms):
        if exprs.has(expr, target):
            expr = exprs.xreplace(expr, {target: value})
            used.append(h)
    return expr, used


def reduced_powers(expr, ctx: Context):
    """y_i² = 1 (y_i ∈ {−1, +1}), r² = r: a power of a quantity that a polynomial fact in it
    alone fixes, reduced modulo that fact (y_i³ = y_i); (expr, the facts used). A fact on
    y_j for every j holds for y_k too."""
    used = []
    for h in ctx.hypotheses:
        if not isinstance(h, sp.Equality) or not isinstance(expr, sp.Basic):
            continue
        fact = h.lhs - h.rhs
        quantities = fact.atoms(sp.Indexed) or {a for a in fact.free_symbols
                                                 if a not in ctx.indices}
        if len(quantities) != 1:
            continue
        (q,) = quantities
        try:
            poly = sp.Poly(fact, q)
        except sp.PolynomialError:
            continue
        if poly.degree() < 2 or not all(c.is_number for c in poly.all_coeffs()):
            continue

        def fits(b, q=q):
            if isinstance(q, sp.Symbol):
                return b == q
            return isinstance(b, sp.Indexed) and b.base == q.base and (
                b.indices == q.indices or h not in ctx.local and all(
                    isinstance(i, sp.Symbol) and i.is_integer for i in q.indices))
        found = {p for p in expr.atoms(sp.Pow) if p.exp.is_Integer
                 and p.exp >= poly.degree() and fits(p.base)}
        if found:
            expr = expr.xreplace({p: sp.rem(q ** p.exp, poly.as_expr(), q).xreplace({q: p.base})
                                  for p in found})
            used.append(h)
    return expr, used


def apply(expr, ctx: Context, atoms: Atoms):
    """expr under every usable hypothesis: signs on symbols, then equalities substituted.
    Returns (expr, the hypotheses that changed it)."""
    expr, used = refine_symbols(expr, ctx)
    expr, powers = reduced_powers(expr, ctx)
    used = used + powers
    expr, more = substitute(expr, ctx, atoms)
    expr, maxed = _signed_max(expr, ctx, atoms)
    return expr, used + more + maxed


def _signed_max(expr, ctx: Context, atoms: Atoms | None = None):
    """max(0, u) = u where a hypothesis says u > 0 (or ≥ 0), and 0 where u < 0 (or ≤ 0):
    the ReLU or hinge on the side of 0 the hypothesis fixes, u any expression. So too its
    derivative's step θ(u): 1 where u > 0, 0 where u < 0. A hypothesis a < b is one on
    u = a − b (and on b − a, the other way): `y_i ⟨w, x_i⟩ < 1` fixes max(0, 1 − y_i ⟨w, x_i⟩)."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Max, sp.Heaviside):
        return expr, []
    rules = []                                   # (u expanded, kind, hypothesis)
    for h in ctx.hypotheses:
        kind = _SIGN.get(type(h))
        if kind is None or kind == "nonzero":
            continue
        u = h.lhs - h.rhs
        if atoms is not None and exprs.has(u, sp.Sum):      # as the expression's sums are
            u = atoms.atomize(normalize(ctx.expand(u), ctx))
        u = sp.expand(u)
        rules += [(u, kind, h), (-u, _FLIPPED[kind], h)]
    used, found = [], {}
    for e in expr.atoms(sp.Max, sp.Heaviside):
        if isinstance(e, sp.Max):
            if len(e.args) != 2 or 0 not in e.args:
                continue
            u = e.args[1] if e.args[0] == 0 else e.args[0]
        else:
            u = e.args[0]
        for v, kind, h in rules:
            if sp.expand(u) != v:
                continue
            positive = kind in ("positive", "nonnegative")
            if isinstance(e, sp.Max):
                found[e] = u if positive else sp.S.Zero
            elif kind in ("positive", "negative"):       # θ(0) is no value of its own
                found[e] = sp.S.One if positive else sp.S.Zero
            else:
                continue
            used.append(h)
            break
    return (expr.xreplace(found), used) if found else (expr, [])


_FLIPPED = {"positive": "negative", "nonnegative": "nonpositive", "negative": "positive",
            "nonpositive": "nonnegative"}


def equal_indices(expr, ctx: Context):
    """expr with each hypothesis i = j between free indices put in (j written as i);
    (expr, the ones used). A part proved "for j = s" needs it when no δ_js is there."""
    used = []
    for h in ctx.hypotheses:
        if isinstance(h, sp.Equality) and h.lhs in ctx.indices and h.rhs in ctx.indices \
                and exprs.has(expr, h.lhs) and not _bound_inside(expr, h.lhs):
            expr = exprs.xreplace(expr, {h.lhs: h.rhs})
            used.append(h)
    return expr, used


def index_cases(expr, ctx: Context, depth: int = 0):
    """[(description, expr)] covering every admissible relation between the free indices
    that meet in a Kronecker delta. A delta whose case i = j cannot be written (an
    argument that is not an index with a known range) is not split at all: dropping its
    i = j case would "prove" δ_ij = 0."""
    if depth > 4:
        return [("", expr)]
    for d in sorted(exprs.atoms(expr, sp.KroneckerDelta), key=sp.default_sort_key):
        if any(_bound_inside(expr, s) for s in d.free_symbols):
            continue
        a, b = d.args
        equal_hyp = _has_hypothesis(ctx, sp.Equality, a, b)
        differ_hyp = _has_hypothesis(ctx, sp.Unequality, a, b)
        old, new = (b, a) if b in ctx.indices else (a, b)
        if old not in ctx.indices and not differ_hyp:
            continue                                  # no way to write the case i = j
        cases = []
        if not differ_hyp:
            same = normalize(exprs.xreplace(expr, {old: new}), ctx)
            cases += [(_join(f"{tex(a)} = {tex(b)}", desc), e)
                      for desc, e in index_cases(same, ctx, depth + 1)]
        if not equal_hyp:
            apart = exprs.xreplace(expr, {d: sp.S.Zero})
            cases += [(_join(f"{tex(a)} \\neq {tex(b)}", desc), e)
                      for desc, e in index_cases(apart, ctx, depth + 1)]
        return cases
    return [("", expr)]


def _has_hypothesis(ctx, kind, a, b) -> bool:
    return any(isinstance(h, kind) and {h.lhs, h.rhs} == {a, b} for h in ctx.hypotheses)


def _join(a, b):
    return f"{a}, {b}" if b else a


def _bound_inside(expr, sym) -> bool:
    return any(sym in [lim[0] for lim in s.limits] for s in exprs.atoms(expr, sp.Sum))
