"""Strategies for lhs = rhs. Each takes (relation, context) and returns an Outcome, or
None when it does not apply or does not succeed."""
from __future__ import annotations

import itertools

import sympy as sp

from ..claim import Equals, tex
from ..notation import logs_of_products
from . import exprs
from .cases import sign_cases
from .context import Context
from .hypotheses import apply, equal_indices, index_cases, refine_symbols
from .result import PROVED, Outcome, Step
from .rewrite import is_zero, matrix_zero
from .sampling import concrete, expand_finite, index_only
from .sums import Atoms, canonical, normalize

CONCRETE_N = (1, 2, 3, 4, 5)


def difference(rel: Equals, ctx: Context):
    lhs, rhs = ctx.expand(rel.lhs), ctx.expand(rel.rhs)
    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        return lhs, rhs, sp.Matrix(lhs) - sp.Matrix(rhs)
    return lhs, rhs, lhs - rhs


def _expanded_step(lhs, rhs) -> Step:
    """The first line of an equality proof: both sides with definitions expanded."""
    shown = "both sides as matrices" if isinstance(lhs, sp.MatrixBase) \
        else sp.Eq(lhs, rhs, evaluate=False)
    return Step(shown, "definitions expanded, derivatives taken")


def rewriting(rel: Equals, ctx: Context):
    """Expand definitions, evaluate derivatives, and rewrite the difference to 0."""
    lhs, rhs, diff = difference(rel, ctx)
    if exprs.has(diff, sp.Sum) and _written_out(diff):
        diff = expand_finite(diff)          # Σ_{k=1}^{2} x_k w_k: x_1 w_1 + x_2 w_2
    if exprs.has(diff, sp.Sum):
        return None
    method, used = matrix_zero(diff), []
    if method is None:
        refined, used = apply(diff, ctx, Atoms(ctx.dims))
        method = matrix_zero(refined) if used else None
    if method is None:
        return None
    steps = [_expanded_step(lhs, rhs),
             Step(sp.S.Zero, f"lhs − rhs reduces to 0 by {method}")]
    hyp = [tex(h) for h in used]
    if hyp:
        steps[-1].why += " under " + ", ".join(hyp)
    return Outcome(PROVED, method, steps, hypotheses=hyp)


FEW_TERMS = 64          # a sum or product with number bounds and so many terms, written out


def _written_out(e) -> bool:
    """Whether every Σ and Π of e has number bounds, and few terms in all."""
    terms = 0
    for s in e.atoms(sp.Sum, sp.Product):
        for _, lo, hi in s.limits:
            if not (lo.is_Integer and hi.is_Integer):
                return False
            terms += max(int(hi) - int(lo) + 1, 0)
    return terms <= FEW_TERMS


def symbolic_sums(rel: Equals, ctx: Context):
    """Sums over symbolic n: normalize (linearity, δ elimination, canonical bound
    variables), split index cases, treat each remaining sum as an atom, substitute
    equality hypotheses (Σ y = 1) and rewrite to 0."""
    lhs, rhs, diff = difference(rel, ctx)
    if not exprs.has(diff, sp.Sum) and not exprs.has(diff, sp.KroneckerDelta):
        return None
    diff, same = equal_indices(diff, ctx)
    out = _term_by_term(lhs, rhs, diff, ctx) or _sums_to_zero(lhs, rhs, diff, ctx)
    if out is not None and same:
        out.hypotheses = list(dict.fromkeys([tex(h) for h in same] + out.hypotheses))
    refined, used = refine_symbols(diff, ctx)
    if out is None and used:    # signs first (p_i > 0), so that logs of products expand
        out = _sums_to_zero(lhs, rhs, refined, ctx)
        if out is not None:
            out.hypotheses = list(dict.fromkeys([tex(h) for h in used] + out.hypotheses))
    return out


def _term_by_term(lhs, rhs, diff, ctx):
    """Σ_k f_k − Σ_k g_k = Σ_k (f_k − g_k): sums over one range whose summands agree
    term by term (Σ σ(M_i) σ(−M_i) x_i x_iᵀ and Σ σ(M_i)(1 − σ(M_i)) x_i x_iᵀ), which
    expanding into sums of monomials would part into sums that no longer cancel."""
    if isinstance(diff, sp.MatrixBase):
        return None
    terms, limits = [], None
    for term in sp.Add.make_args(canonical(diff)):
        sums = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum)]
        if len(sums) != 1 or limits not in (None, sums[0].limits):
            return None
        limits = sums[0].limits
        outside = term / sums[0]
        if any(outside.has(k) for k, *_ in limits):
            return None
        terms.append(outside * sums[0].function)
    if len(terms) < 2:
        return None
    # (only the cheap rewrites: where they fail, the sums' own normal form is tried)
    summand, used = sp.Add(*terms), []
    method = is_zero(summand, quick=True)
    if method is None:          # (y_i² = 1 of labels ±1, as the hypotheses say)
        summand, used = apply(summand, ctx, Atoms(ctx.dims))
        method = is_zero(summand, quick=True) if used else None
    if method is None:
        return None
    hyp = [tex(h) for h in used]
    return Outcome(PROVED, "symbolic sums", [
        _expanded_step(lhs, rhs),
        Step(sp.S.Zero, f"sums over one range, term by term: the summands' difference "
                        f"reduces to 0 by {method}" + (f" under {', '.join(hyp)}" if hyp
                                                        else ""))], hypotheses=hyp)


def _sums_to_zero(lhs, rhs, diff, ctx):
    norm = normalize(diff, ctx)
    steps = [_expanded_step(lhs, rhs),
             Step(norm, "sums normalized: linearity, Σ_k δ_ik f_k = f_i, bound variables renamed")]
    used, methods = [], []
    for desc, case in index_cases(norm, ctx):
        atoms = Atoms(ctx.dims)
        atomic = atoms.atomize(case)
        method = matrix_zero(atomic)
        if method is None:
            refined, refined_used = apply(atomic, ctx, atoms)
            method = matrix_zero(refined)
            if method is None:
                return None
            used += [h for h in refined_used if h not in used]
            atomic = refined
        methods.append(method)
        label = f"case {desc}: " if desc else ""
        steps.append(Step(sp.S.Zero, f"{label}with each sum as an atom, reduces to 0 by {method}"))
    hyp = [tex(h) for h in used]
    if hyp:
        steps.append(Step(", ".join(hyp), "hypotheses used"))
    method = "symbolic sums" + (" + index cases" if len(methods) > 1 else "")
    return Outcome(PROVED, method, steps, hypotheses=hyp)


POSITIVE_LOGS = "every logarithm's argument > 0"


def log_rules(rel: Equals, ctx: Context):
    """log ab = log a + log b, log a^k = k log a, log Π = Σ log, used where every
    logarithm's argument is positive — the only points where a derivation's logarithms
    mean anything (a step's claim, `where_defined`; a lemma states its hypotheses itself).
    That domain is reported as a hypothesis, and the numeric check samples the sides
    wherever they are real, so a step true on a smaller set than that is not proved."""
    if not ctx.where_defined:
        return None
    lhs, rhs, diff = difference(rel, ctx)
    if isinstance(diff, sp.MatrixBase) or not diff.has(sp.log):
        return None
    sums = logs_of_products(diff)
    # as written first: expanding the arguments first would make log((1 − p)/p) the
    # log(1/p − 1) that no rule splits
    for forced in dict.fromkeys([sp.expand_log(sums, force=True),
                                 sp.expand_log(sp.expand(sums), force=True)]):
        # log σ written: σ > 0 where the step means anything, so √(σ²) = |σ| is σ there
        positive = {a.args[0] for a in forced.atoms(sp.log)
                    if isinstance(a.args[0], (sp.Symbol, sp.Indexed))}
        forced = forced.xreplace({sp.Abs(a): a for a in positive})
        if forced == diff:
            continue
        out = _rewritten_to_zero(lhs, rhs, forced, ctx, "log rules", Step(
            forced, "logarithms of products, quotients and powers expanded, every argument "
                    "taken positive"))
        if out is not None:
            out.hypotheses = list(dict.fromkeys(out.hypotheses + [POSITIVE_LOGS]))
            return out
    return None


def _rewritten_to_zero(lhs, rhs, diff, ctx, how: str, rewrite: Step):
    """The proof that a difference rewritten by `how` (shown as `rewrite`) is 0: by the
    sums' normal form where it has sums, else by the rewrites of `matrix_zero`."""
    if exprs.has(diff, sp.Sum) or exprs.has(diff, sp.KroneckerDelta):
        out = _sums_to_zero(lhs, rhs, equal_indices(diff, ctx)[0], ctx)
    else:
        method = matrix_zero(diff)
        out = method and Outcome(PROVED, method, [
            _expanded_step(lhs, rhs), Step(sp.S.Zero, f"lhs − rhs reduces to 0 by {method}")])
    if out is None:
        return None
    out.method = f"{how} + {out.method}"
    out.steps.insert(1, rewrite)
    return out


def symbolic_products(rel: Equals, ctx: Context):
    """Products over a symbolic n, factor by factor: Π f_k g_k = Π f_k · Π g_k, Π c = c^n,
    Π c^{e_k} = c^{Σ e_k}; two products over one range whose factors are equal for every
    k are one product. Each product left is then an atom, as `symbolic_sums` does with
    sums: an identity in the atoms holds for the products in particular."""
    lhs, rhs, diff = difference(rel, ctx)
    if isinstance(diff, sp.MatrixBase) or not exprs.has(diff, sp.Product):
        return None
    split = diff.replace(lambda e: isinstance(e, sp.Product) and len(e.limits) == 1,
                         _split_product)
    atoms: dict = {}
    for product in sorted(split.atoms(sp.Product), key=sp.default_sort_key):
        same = next((a for a in atoms if a.limits == product.limits and sp.simplify(
            a.function - product.function) == 0), None)
        atoms[product] = atoms[same] if same is not None else sp.Dummy("P")
    return _rewritten_to_zero(lhs, rhs, split.xreplace(atoms), ctx, "symbolic products", Step(
        split, "products split factor by factor, constants and constant bases taken out; "
               "equal products made one"))


_FACTOR_INDEX = sp.Symbol("_k", integer=True, positive=True)   # one name: Π_i f_i is Π_j f_j


def _split_product(product: sp.Product):
    """Π_k over one range, split into a product of simpler ones (see symbolic_products)."""
    k, lo, hi = product.limits[0]
    out = sp.S.One
    for factor in sp.Mul.make_args(sp.powsimp(sp.expand_power_base(product.function))):
        if not factor.has(k):
            out *= factor ** (hi - lo + 1)
        elif factor.is_Pow and not factor.base.has(k):
            out *= factor.base ** sp.Sum(factor.exp, (k, lo, hi))
        elif isinstance(factor, sp.exp):                  # Π e^{x_k} = e^{Σ x_k}
            out *= sp.exp(sp.Sum(factor.args[0], (k, lo, hi)))
        else:
            out *= sp.Product(factor.xreplace({k: _FACTOR_INDEX}), (_FACTOR_INDEX, lo, hi))
    return out


def _at(fact, assign: dict):
    """A hypothesis at one choice of n and of the free indices; an index a sum of it runs
    over stays its own (w_i ≥ 0 beside Σ_i w_i = 1: i = 1 is no bound of that sum)."""
    bound = {v for s in fact.atoms(sp.Sum, sp.Product) for v in s.variables}
    return fact.subs(assign) if bound & set(assign) else fact.xreplace(assign)


def concrete_n(rel: Equals, ctx: Context):
    """The fallback for claims over n: prove for each n in CONCRETE_N and every choice of
    the free indices. Its scope says so; it is never reported as "all n"."""
    if not ctx.dims:
        return None
    idx_hyp = [h for h in ctx.hypotheses if index_only(h, ctx)]
    done = []
    for n_vals in itertools.product(*[[v for v in CONCRETE_N if v >= ctx.dims[d]]
                                      for d in sorted(ctx.dims, key=str)]):
        dims = dict(zip(sorted(ctx.dims, key=str), n_vals))
        free = sorted(ctx.indices, key=str)
        ranges = [range(1, exprs.as_int(ctx.indices[i], dims) + 1) for i in free]
        for combo in itertools.product(*ranges):
            assign = {**dims, **{i: sp.Integer(v) for i, v in zip(free, combo)}}
            if not all(bool(_at(h, assign)) for h in idx_hyp):
                continue
            sub = Context({}, {}, tuple(_at(h, assign) for h in ctx.hypotheses
                                        if not index_only(h, ctx)), dict(ctx.defs))
            lhs = concrete(ctx, rel.lhs, assign)
            rhs = concrete(ctx, rel.rhs, assign)
            out = rewriting(Equals(lhs, rhs), sub) or symbolic_sums(Equals(lhs, rhs), sub)
            if out is None:
                return None
        done.append(n_vals[0] if len(n_vals) == 1 else n_vals)
    if not done:
        return None
    scope = f"n = {done[0]}…{done[-1]} only"
    return Outcome(PROVED, "concrete n", [Step(f"checked symbolically for n in {done}",
                                              "every choice of the free indices")], scope=scope,
                   partial=True)


def _finite_values(fact, ctx: Context):
    """(name, its values) of a hypothesis Π (y − v) = 0 of one name (y ∈ {−1, +1}) with
    its distinct rational values; else None."""
    if not isinstance(fact, sp.Eq) or fact.rhs != 0:
        return None
    names = list(fact.lhs.atoms(sp.Indexed)) or [
        a for a in fact.lhs.free_symbols if not (a in ctx.indices or a.is_integer)]
    if len(names) != 1:
        return None
    try:
        poly = sp.Poly(fact.lhs, names[0])
    except sp.PolynomialError:
        return None
    roots = sp.roots(poly)
    if not 1 < poly.degree() <= 4 or sum(roots.values()) != poly.degree() \
            or len(roots) != poly.degree() or not all(r.is_Rational for r in roots):
        return None
    return names[0], sorted(roots)


def finite_values(rel: Equals, ctx: Context):
    """A name that takes a few values (y_i ∈ {−1, +1}: (y_i − 1)(y_i + 1) = 0): the claim
    at each value, by rewriting — [y_i = +1] and σ(−y_i z) are then plain expressions."""
    for fact in ctx.hypotheses:
        found = _finite_values(fact, ctx)
        if found is None:
            continue
        name, values = found
        lhs, rhs, _ = difference(rel, ctx)
        if not any(isinstance(e, sp.Basic) and e.has(name) for e in (lhs, rhs)):
            continue
        bound = {v for e in (lhs, rhs) if isinstance(e, sp.Basic)
                 for x in e.atoms(sp.Sum, sp.Product) for v in x.variables}
        if isinstance(name, sp.Indexed) and bound & set(name.indices):
            return None     # Σ_i y_i …: one value for every y_i at once would prove nothing
        others = tuple(h for h in ctx.hypotheses if h is not fact)
        for value in values:
            at = Context(dict(ctx.indices), dict(ctx.dims),
                         tuple(h.xreplace({name: value}) for h in others), {},
                         starts=dict(ctx.starts))
            if rewriting(Equals(lhs.xreplace({name: value}), rhs.xreplace({name: value})),
                         at) is None:
                return None
        shown = ", ".join(tex(v) for v in values)
        return Outcome(PROVED, "cases of the values", [
            _expanded_step(lhs, rhs),
            Step(sp.S.Zero, f"at each value ${tex(name)} \\in \\{{{shown}\\}}$ the "
                            "difference reduces to 0")], hypotheses=[tex(fact)])
    return None


def by_cases(rel: Equals, ctx: Context):
    """max, |·|, sign and definitions by cases, region by region (derive.prover.cases)."""
    lhs, rhs, diff = difference(rel, ctx)
    if isinstance(diff, sp.MatrixBase) or exprs.has(diff, sp.Sum):
        return None
    # (a row's case |a| ≤ δ with a = y − ŷ defined: the case of what a stands for)
    facts = [ctx.expand(h) if isinstance(h, sp.core.relational.Relational) else h
             for h in ctx.hypotheses]
    method = sign_cases(diff, facts)
    if method is None:
        return None
    return Outcome(PROVED, method, [_expanded_step(lhs, rhs), Step(
        sp.S.Zero, "in every region the signs of the pieces' arguments define, the "
                   "difference reduces to 0")])


def closed_forms(rel: Equals, ctx: Context):
    """Sums SymPy writes in closed form (Σ_{m=0}^{t−1} β^m = (1 − β^t)/(1 − β), Σ_k k):
    the difference with each summed, then rewritten to 0. A closed form that SymPy gives
    by cases keeps the general one (β ≠ 1): the step means its sides where defined."""
    lhs, rhs, diff = difference(rel, ctx)
    if isinstance(diff, sp.MatrixBase) or not diff.has(sp.Sum):
        return None
    summed = diff.replace(lambda e: isinstance(e, sp.Sum), lambda e: e.doit())
    if summed.has(sp.Sum):
        return None
    special = [c for p in summed.atoms(sp.Piecewise) for _, c in p.args[:-1]]
    summed = summed.replace(
        lambda e: isinstance(e, sp.Piecewise) and all(
            isinstance(c, sp.Eq) for _, c in e.args[:-1]) and e.args[-1][1] == sp.true,
        lambda e: e.args[-1][0])
    method = matrix_zero(summed)
    if method is None:
        return None
    for c in special:       # (β = 1: the step holds there too, or is undefined there)
        # (β = 1, 1/β_1 = 1: of one name, a symbol or an entry)
        entries = c.atoms(sp.Indexed) if isinstance(c, sp.Eq) else set()
        names = entries | {x for x in c.free_symbols
                           if not any(x in e.free_symbols for e in entries)}
        if not isinstance(c, sp.Eq) or len(names) != 1:
            return None
        (name,) = names
        try:
            points = sp.solve(c, name)
            values = [sp.simplify(diff.subs(name, v).doit()) for v in points]
        except Exception:
            return None
        if not points or not all(at == 0 or at.has(sp.zoo, sp.nan, sp.oo, -sp.oo)
                                 for at in values):
            return None
    return Outcome(PROVED, "closed-form sums", [
        _expanded_step(lhs, rhs),
        Step(sp.S.Zero, f"each sum in closed form (where its general case holds), the "
                        f"difference reduces to 0 by {method}")])


STRATEGIES = [("rewriting", rewriting), ("values", finite_values),
              ("symbolic sums", symbolic_sums), ("closed forms", closed_forms),
              ("log rules", log_rules), ("symbolic products", symbolic_products),
              ("cases", by_cases), ("concrete n", concrete_n)]
