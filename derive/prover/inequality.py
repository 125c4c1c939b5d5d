"""Strategies for lhs op rhs: sign analysis, and the tangent-line bound behind Gibbs'
inequality (ln u ≤ u − 1, with equality only at u = 1)."""
from __future__ import annotations

import sympy as sp

from ..claim import Compare, tex
from .context import Context
from .hypotheses import refinement, substitute
from .intervals import Interval, enclose
from .result import PROVED, Outcome, Step
from .rewrite import is_zero
from .sums import Atoms, free_indices, normalize, peel


def gap(rel: Compare, ctx: Context):
    """(D, strict): the claim says D > 0 (strict) or D ≥ 0."""
    lhs, rhs = ctx.expand(rel.lhs), ctx.expand(rel.rhs)
    d = lhs - rhs if rel.op in (">", ">=") else rhs - lhs
    return d, rel.op in ("<", ">")


def _sign_ok(iv: Interval, strict: bool) -> bool:
    return iv.positive() if strict else iv.nonnegative()


def _forms(d):
    """Equivalent forms of d to enclose: interval arithmetic depends on the form."""
    yield "as written", d
    yield "expanded", sp.expand(d)
    together = sp.together(d)
    num, den = sp.fraction(together)
    yield "over a common denominator", (num, den)
    yield "factored", sp.factor(d)
    yield "simplified", sp.simplify(d)


def decide_sign(d, strict: bool, bounds: dict):
    """The form in which interval arithmetic (or SymPy's assumptions) shows the sign."""
    for name, form in _forms(d):
        if isinstance(form, tuple):
            num, den = form
            n_iv, d_iv = enclose(num, bounds), enclose(den, bounds)
            if d_iv.positive() and _sign_ok(n_iv, strict):
                return name, sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)
            if d_iv.negative() and _sign_ok(-n_iv, strict):
                return name, sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)
            continue
        if _sign_ok(enclose(form, bounds), strict):
            return name, form
        if (form.is_positive if strict else form.is_nonnegative):
            return name + " (SymPy assumptions)", form
    return None


def sign_analysis(rel: Compare, ctx: Context):
    """Normalize sums, peel the free index off each sum (Σ_k f_k = f_j + Σ_{k≠j} f_k),
    treat sums as atoms with their signs, and enclose the gap in an interval."""
    d, strict = gap(rel, ctx)
    d = normalize(d, ctx)
    atoms = Atoms(ctx.dims)
    for j in free_indices(d, ctx):
        d = peel(d, ctx, j, atoms)
    d = atoms.atomize(d)
    d, _ = substitute(d, ctx, atoms)
    replace, used = refinement(ctx)
    d = d.xreplace(replace)
    bounds = {replace.get(k, k): v for k, v in ctx.bounds().items()}
    for sym, s in atoms.sums.items():        # an atom is bounded as its sum is
        bounds.setdefault(sym, enclose(s.xreplace(replace), bounds))
    found = decide_sign(d, strict, bounds)
    if found is None:
        return None
    name, form = found
    sign = "> 0" if strict else r"\ge 0"
    steps = [Step(atoms.restore(d), "the gap between the sides, sums normalized"),
             Step(f"{tex(atoms.restore(form))} {sign}",
                  f"sign analysis ({name}): interval arithmetic under the hypotheses")]
    return Outcome(PROVED, "sign analysis", steps,
                   hypotheses=[tex(h) for h in ctx.hypotheses])


# --- Gibbs ----------------------------------------------------------------------------

def _merge_sums(expr):
    """c1 Σ f + c2 Σ g over the same range → Σ (c1 f + c2 g)."""
    groups: dict = {}
    rest = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(expr)):
        sums = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum)]
        if len(sums) == 1 and len(sums[0].limits) == 1:
            s = sums[0]
            coeff = term / s
            if not coeff.has(s.limits[0][0]):
                groups.setdefault(s.limits[0], []).append(coeff * s.function)
                continue
        rest += term
    merged = [sp.Sum(sp.Add(*fs), lim) for lim, fs in groups.items()]
    return rest, merged


def _combine_logs(expr, bounds):
    """c·ln x − c·ln y → c·ln(x/y), for positive x, y: terms with the same weight
    share one logarithm (the weights stay outside, unlike sympy.logcombine)."""
    groups: dict = {}
    rest = sp.S.Zero
    for term in sp.Add.make_args(expr):
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        if len(logs) != 1 or not enclose(logs[0].args[0], bounds).positive():
            rest += term
            continue
        c = term / logs[0]
        sign = -1 if c.could_extract_minus_sign() else 1
        groups.setdefault(sign * c, []).append((sign, logs[0].args[0]))
    for c, parts in groups.items():
        rest += c * sp.log(sp.Mul(*[x ** sgn for sgn, x in parts]))
    return rest


def _tangent(summand, bounds):
    """Bound each c·log(u) in summand from below: ln u ≥ 1 − 1/u when c ≥ 0,
    ln u ≤ u − 1 when c ≤ 0. Returns (lower bound, [(c, u)]) or None."""
    summand = _combine_logs(sp.expand(summand), bounds)
    lower = sp.S.Zero
    used = []
    for term in sp.Add.make_args(summand):
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        if len(logs) != 1:
            lower += term
            continue
        u = logs[0].args[0]
        c = term / logs[0]
        if not enclose(u, bounds).positive():
            return None
        c_iv = enclose(c, bounds)
        if c_iv.nonnegative():
            lower += c * (1 - 1 / u)
        elif c_iv.nonpositive():
            lower += c * (u - 1)
        else:
            return None
        used.append((c, u))
    return (lower, used) if used else None


def tangent_bound(d, ctx: Context, bounds):
    """d ≥ d' by the tangent line of ln at 1, term by term (inside sums too)."""
    d = normalize(d, ctx)
    rest, merged = _merge_sums(d)
    lower, pairs = sp.S.Zero, []
    for s in merged:
        found = _tangent(s.function, bounds)
        if found is None:
            return None
        lower += sp.Sum(found[0], *s.limits)
        pairs += [(c, u, s.limits[0]) for c, u in found[1]]
    found = _tangent(rest, bounds) if rest != 0 else (sp.S.Zero, [])
    if found is None:
        return None
    lower += found[0]
    pairs += [(c, u, None) for c, u in found[1]]
    return (sp.Add(*merged) + rest, lower, pairs) if pairs else None


def reduce_sums(expr, ctx):
    """expr with its sums normalized and atomized and the equality hypotheses put in
    (Σ q − Σ p becomes 1 − 1); returns (expr, the atoms to restore it with)."""
    atoms = Atoms(ctx.dims)
    e, _ = substitute(atoms.atomize(normalize(expr, ctx)), ctx, atoms)
    return e, atoms


def gibbs(rel: Compare, ctx: Context):
    """Gibbs' inequality route: bound every weighted logarithm by its tangent line; the
    bound must reduce to something whose sign is known (typically Σ q − Σ p = 0)."""
    d, strict = gap(rel, ctx)
    if strict:
        return None
    bounds = ctx.bounds()
    found = tangent_bound(d, ctx, bounds)
    if found is None:
        return None
    merged, lower, _ = found
    reduced, atoms = reduce_sums(lower, ctx)
    if is_zero(reduced) is None and not enclose(reduced, bounds).nonnegative():
        return None
    steps = [Step(merged, "the gap, sums merged and logarithms combined"),
             Step(f"{tex(merged)} \\ge {tex(lower)}",
                  r"tangent line of the logarithm: \ln u \le u - 1"),
             Step(f"{tex(lower)} = {tex(atoms.restore(reduced))} \\ge 0",
                  "sums normalized, hypotheses substituted")]
    return Outcome(PROVED, "Gibbs' inequality (tangent line of ln)", steps,
                   hypotheses=[tex(h) for h in ctx.hypotheses])


STRATEGIES = [("sign analysis", sign_analysis), ("Gibbs", gibbs)]
